"""School enrolments, from where a child lives: primary from the September after the 4th
birthday, secondary from 11 to 16 (and sixth form to 18 for some), a special school for a few;
a move of school area moves school; some other moves; elective home education takes the child
off roll."""

from datetime import date, timedelta

from thinkfamily.demo.area import PRIMARY, SECONDARY, SPECIAL
from thinkfamily.demo.generator.dates import FAR

SCHOOL_MOVE_REASONS = ["Parental preference", "Managed move", "Permanent exclusion",
                       "Parent concerned about bullying", "Moved to a school with a resourced provision"]
BACK_FROM_EHE = "Returned to school after elective home education"


def enrol_in_schools(b, person, stays) -> None:
    """``stays``: the child's stays in order of their start."""
    rng, anchor = b.rng, b.anchor
    dob = person.date_of_birth
    year = dob.year + (5 if dob.month >= 9 else 4)
    if date(year, 9, 1) > anchor:
        return
    family = b.family_of.get(person.id)
    schools = family.schools if family else {}  # the family's school for each phase and school area
    sixth_form = rng.random() < 0.55
    special = rng.random() < 0.012 and person.id not in b.ehe
    rows = []  # [school, start, end, reason]
    for phase, begins, ends in _phases(year, special=special, sixth_form=sixth_form):
        if begins > anchor:
            break
        _enrol_in_phase(b, rows, stays, schools, phase, begins, ends)
    if not rows:
        return
    if not special and rng.random() < 0.04:
        _move_for_another_reason(b, rows, stays, dob)
    if person.id in b.ehe:
        rows = _off_roll_for_home_education(rows, *b.ehe[person.id])
    for school, s, e, reason in rows:
        if s > anchor or s >= e:
            continue
        b.enrol(person, school, s, e if e <= anchor else None, reason)


def _phases(year, *, special, sixth_form) -> list:
    """(phase, first day, last day) of the child's schooling, starting school in September of ``year``."""
    if special:
        return [(SPECIAL, date(year, 9, 1), date(year + 14, 7, 22))]
    return [(PRIMARY, date(year, 9, 1), date(year + 7, 7, 22)),
            (SECONDARY, date(year + 7, 9, 1), date(year + (14 if sixth_form else 12), 7, 22))]


def _enrol_in_phase(b, rows, stays, schools, phase, begins, ends) -> None:
    """A school in each school area the child lives in during the phase (added to ``rows``)."""
    area_now = None
    for stay in stays:
        s = max(stay.start, begins)
        e = min(stay.end or FAR, ends)
        if s >= e:
            continue
        town = stay.household.tf_town
        if town.school_area == area_now:
            continue
        school = _school_for(b, schools, phase, town)
        if rows and rows[-1][2] is None:
            rows[-1][2] = s
        if area_now is None:
            reason = _first_reason(rows, s, begins)
        else:
            placement = stay.reason.startswith(("Placed", "Kinship", "Returned", "Special"))
            reason = "Moved school after a change of placement" if placement else "Moved house"
        rows.append([school, s, None, reason])
        area_now = town.school_area
    if rows and rows[-1][2] is None:
        rows[-1][2] = ends


def _first_reason(rows, start, begins) -> str:
    """Why the first school of a phase: a transfer from primary, or arriving in the area after the phase began."""
    if rows:
        return "Transfer to secondary school"
    if start > begins:
        return "Arrived in the area"
    return ""


def _school_for(b, schools, phase, town):
    """The family's school of this phase in the town's school area (its siblings' school); usually one
    in the same town."""
    key = (phase, town.school_area)
    school = schools.get(key)
    if school is None:
        rng = b.rng
        options = b.area.schools_in(town, phase)
        same_town = [org for name, org in options if name == town.name]
        pool = same_town if same_town and rng.random() < 0.8 else [org for _, org in options]
        school = pool[rng.randrange(len(pool))]
        schools[key] = school
    return school


def _move_for_another_reason(b, rows, stays, dob) -> None:
    """An occasional move of school for other reasons (a managed move, an exclusion...)."""
    rng, anchor = b.rng, b.anchor
    i = rng.randrange(len(rows))
    school, s, e, _ = rows[i]
    e_cut = min(e, anchor)
    if (e_cut - s).days <= 200:
        return
    when = s + timedelta(days=rng.randrange(90, (e_cut - s).days - 60))
    town = next(st.household.tf_town for st in reversed(stays) if st.start <= when)
    phase = PRIMARY if when.year - dob.year < 11 else SECONDARY
    options = [org for _, org in b.area.schools_in(town, phase) if org != school]
    if options:
        rows[i][2] = when
        rows.insert(i + 1, [options[rng.randrange(len(options))], when, e,
                            SCHOOL_MOVE_REASONS[rng.randrange(len(SCHOOL_MOVE_REASONS))]])


def _off_roll_for_home_education(rows, ehe_start, ehe_end) -> list:
    """Elective home education: off roll from its start; back on roll if it ended."""
    kept = [[school, s, min(e, ehe_start), reason] for school, s, e, reason in rows if s < ehe_start]
    if ehe_end:
        for school, s, e, reason in rows:
            if s < ehe_end < e:
                kept.append([school, ehe_end, e, BACK_FROM_EHE])
            elif s >= ehe_end:
                kept.append([school, s, e, reason])
    return kept
