"""Looked-after children: Sefton's own (some with a change of placement, some placed for
adoption), those whose care has ended (home, or special guardianship with a grandmother),
care leavers, unaccompanied asylum-seeking children, and children looked after by another
authority and placed here. Each is a legal status row with its placement, the child's moves
into and out of care, the carers and the council's parental responsibility."""

from datetime import timedelta

from thinkfamily.demo.generator.chance import Weighted, clip
from thinkfamily.demo.generator.dates import add_years, age_on, in_years
from thinkfamily.demo.generator.households import gran_household, splice
from thinkfamily.demo.generator.names import BRITISH, UASC_ORIGINS, surname
from thinkfamily.demo.generator.placements import (
    FOSTER_IN_SEFTON,
    OUT_OF_AREA_SHARE,
    foster_home,
    pick_placement,
    place,
)
from thinkfamily.demo.generator.statuses import candidates, cp_history
from thinkfamily.people.models import LegalStatus, LegalStatusEntry, ParentalResponsibility, Relationship, Sex

T = Relationship.Type
Basis = ParentalResponsibility.Basis
START, END = LegalStatusEntry.Change.START, LegalStatusEntry.Change.END
F, M = Sex.FEMALE, Sex.MALE
LAC_AGE_BANDS = Weighted([((0, 4), 20), ((5, 9), 20), ((10, 15), 39), ((16, 17), 21)])
CARE_ORDER_NOTE = "Care order (section 31)"
SECTION_20_NOTE = "Accommodated under section 20"


def assign_looked_after(b, target) -> None:
    """Children of the generated families looked after now, in the age bands of the SSDA903 return."""
    rng = b.rng
    bands = {band: candidates(b, band[0], band[1]) for band in LAC_AGE_BANDS.values}
    done = 0
    while done < target:
        band = LAC_AGE_BANDS.pick(rng)
        pool = bands[band]
        if not pool:
            if not any(bands.values()):
                return
            continue
        _look_after(b, pool.pop())
        done += 1
        b.counters["looked_after"] += 1


def _look_after(b, child) -> None:
    rng, anchor = b.rng, b.anchor
    b.taken.add(child.id)
    dob = child.date_of_birth
    age_days = (anchor - dob).days
    spell = int(min(30 + rng.expovariate(1 / 900), age_days - 1, 16 * 365))
    start = anchor - timedelta(days=spell)
    if start - dob < timedelta(days=10):
        start = dob + timedelta(days=rng.randrange(0, 10))
    cp_history(b, child, start)
    age = age_on(dob, anchor)
    care_order = rng.random() < 0.75
    adoption = age < 5 and rng.random() < 0.2 and (anchor - start).days > 200
    placement, out = (FOSTER_IN_SEFTON, False) if adoption else pick_placement(b, age)
    basis_note = CARE_ORDER_NOTE if care_order or adoption else SECTION_20_NOTE
    # A second placement for some.
    moved = None
    if not adoption and placement != "Placed with parents" and (anchor - start).days > 400 and \
            rng.random() < 0.25:
        moved = start + timedelta(days=rng.randrange(120, (anchor - start).days - 30))
    out = place(b, child, start, placement, out, moved)
    b.event(child, LegalStatus.LOOKED_AFTER, START, start, placement=placement, placing=b.council,
            out_of_area=out, notes=basis_note)
    if moved:
        _change_placement(b, child, age, moved, placement, out, basis_note)
    if adoption:
        _place_for_adoption(b, child, start)
    if care_order or adoption:
        b.pr(child, org=b.council, basis=Basis.CARE_ORDER, start=start)
    b.lac_current[child.id] = start


def _change_placement(b, child, age, moved, placement, out, basis_note) -> None:
    """A change of placement: the old spell ends and a new one starts the same day."""
    placement2, out2 = pick_placement(b, age)
    if placement2 == "Placed with parents":
        placement2, out2 = FOSTER_IN_SEFTON, False
    out2 = place(b, child, moved, placement2, out2)
    b.event(child, LegalStatus.LOOKED_AFTER, END, moved, placement=placement, placing=b.council,
            out_of_area=out, notes="Change of placement")
    b.event(child, LegalStatus.LOOKED_AFTER, START, moved, placement=placement2, placing=b.council,
            out_of_area=out2, notes=basis_note)


def _place_for_adoption(b, child, start) -> None:
    rng = b.rng
    placed = start + timedelta(days=rng.randrange(180, min(540, (b.anchor - start).days)))
    out = rng.random() < OUT_OF_AREA_SHARE["Placed for adoption"]
    out = place(b, child, placed, "Placed for adoption", out)
    b.event(child, LegalStatus.PLACED_FOR_ADOPTION, START, placed, placement="Placed for adoption",
            placing=b.council, out_of_area=out, notes="Placement order")


def assign_looked_after_ended(b, target) -> None:
    """Children whose care has ended: home to their parents, or special guardianship with the
    grandmother who was their kinship carer."""
    rng, anchor = b.rng, b.anchor
    for child in candidates(b, 1, 17)[:target]:
        b.taken.add(child.id)
        dob = child.date_of_birth
        start = max(dob + timedelta(days=20), anchor - timedelta(days=rng.randrange(400, 6 * 365)))
        if (anchor - start).days < 120:
            continue
        end = start + timedelta(days=rng.randrange(60, min(700, (anchor - start).days - 30)))
        family = b.family_of[child.id]
        gran_home = gran_household(b, family)
        sgo = gran_home is not None and rng.random() < 0.35
        care_order = rng.random() < 0.5 or sgo
        cp_history(b, child, start, 0.5)
        placement, out = pick_placement(b, age_on(dob, start))
        if sgo:
            out = place(b, child, start, placement, out)
            _special_guardianship(b, child, family.grandmother, gran_home, end)
        else:
            out = place(b, child, start, placement, out, end)
        b.event(child, LegalStatus.LOOKED_AFTER, START, start, placement=placement, placing=b.council,
                out_of_area=out, notes=CARE_ORDER_NOTE if care_order else SECTION_20_NOTE)
        b.event(child, LegalStatus.LOOKED_AFTER, END, end, placement=placement, placing=b.council,
                out_of_area=out, notes="Special guardianship order" if sgo else "Returned home to parents")
        if care_order:
            b.pr(child, org=b.council, basis=Basis.CARE_ORDER, start=start, end=end)
        b.counters["looked_after_ended"] += 1


def _special_guardianship(b, child, gran, gran_home, on) -> None:
    """Care ends ``on`` the day the grandmother becomes the child's special guardian."""
    b.end_kinship_care(child, gran, on)  # she stays the carer, now as special guardian
    splice(b, child, gran_home, on, None, "Special guardianship with grandmother")
    b.pr(child, holder=gran, basis=Basis.SPECIAL_GUARDIANSHIP, start=on)
    b.relate(child, gran, T.CARER, on, notes="Special guardian (maternal grandmother)")


def assign_care_leavers(b, target) -> None:
    """Young people of 18 and 19 who were looked after at 16: staying put with their foster carers,
    or in their own tenancy or supported lodgings since 18."""
    rng = b.rng
    for child in candidates(b, 18, 19)[:target]:
        b.taken.add(child.id)
        dob = child.date_of_birth
        eighteen = add_years(dob, 18)
        start = add_years(dob, 16) - timedelta(days=rng.randrange(0, 6 * 365))
        cp_history(b, child, start, 0.4)
        placement, out = pick_placement(b, age_on(dob, start))
        if placement == "Placed with parents":
            placement, out = FOSTER_IN_SEFTON, False
        care_order = rng.random() < 0.75
        out = place(b, child, start, placement, out)
        staying_put = placement.startswith("Foster") and rng.random() < 0.3
        if not staying_put:
            town = b.town_pick.pick(rng)
            splice(b, child, b.household(town, flat=True), eighteen, None,
                   "Moved to own tenancy" if rng.random() < 0.6 else "Moved to supported lodgings")
        b.event(child, LegalStatus.LOOKED_AFTER, START, start, placement=placement, placing=b.council,
                out_of_area=out, notes=CARE_ORDER_NOTE if care_order else SECTION_20_NOTE)
        b.event(child, LegalStatus.LOOKED_AFTER, END, eighteen, placement=placement, placing=b.council,
                out_of_area=out, notes="Ceased to be looked after at 18")
        b.event(child, LegalStatus.CARE_LEAVER, START, eighteen,
                notes="Staying put with former foster carers" if staying_put else "")
        if care_order:
            b.pr(child, org=b.council, basis=Basis.CARE_ORDER, start=start)
        b.counters["care_leaver"] += 1


def make_uasc(b) -> None:
    """An unaccompanied asylum-seeking child, 14 to 17, looked after since arriving."""
    rng, anchor = b.rng, b.anchor
    ethnicity, language, boys, girls, surnames = UASC_ORIGINS[rng.randrange(len(UASC_ORIGINS))]
    sex = M if rng.random() < 0.9 else F
    age = rng.uniform(14, 17.95)
    dob = anchor - in_years(age)
    arrived = anchor - timedelta(days=rng.randrange(20, max(21, min(900, round((age - 13.5) * 365)))))
    given = rng.choice((boys if sex == M else girls).split())
    nhs = "auto" if (anchor - arrived).days > 100 or rng.random() < 0.5 else None
    child = b.person(given=given, family=rng.choice(surnames.split()), sex=sex, dob=dob, ethnicity=ethnicity,
                     language=language, interpreter=rng.random() < 0.85, nhs=nhs)
    supported = age_on(dob, arrived) >= 16 and rng.random() < 0.6
    household, carers = foster_home(b, True, "supported" if supported else "foster")
    b.live(child, household, arrived, None, "Arrived in the UK unaccompanied")
    placement = "Supported accommodation (16 and over)" if supported else FOSTER_IN_SEFTON
    b.event(child, LegalStatus.UASC, START, arrived, notes="Age assessed on arrival")
    b.event(child, LegalStatus.LOOKED_AFTER, START, arrived, placement=placement, placing=b.council,
            notes=SECTION_20_NOTE)
    for carer in carers:
        b.relate(child, carer, T.CARER, arrived, notes="Foster carer")
    b.lac_current[child.id] = arrived
    b.taken.add(child.id)


def make_placed_here(b) -> None:
    """A child looked after by another authority and placed with a foster carer in Sefton."""
    rng, anchor = b.rng, b.anchor
    low, high = LAC_AGE_BANDS.pick(rng)
    dob = anchor - timedelta(days=rng.randrange(low * 365 + 30, (high + 1) * 365 - 5))
    home_town = b.out_town_pick.pick(rng)
    authority = b.area.organisations[home_town.authority]
    family_name = surname(rng, BRITISH)
    mother_dob = dob - in_years(clip(rng.gauss(26, 5.5), 17, 42))
    mother = b.make(BRITISH, "White - British", F, mother_dob, family_name)
    child = b.make(BRITISH, "White - British", F if rng.random() < 0.47 else M, dob, family_name)
    mothers_home = b.household(home_town)
    b.live(mother, mothers_home, max(add_years(mother_dob, 18), dob - in_years(rng.uniform(0, 3))))
    placed = anchor - timedelta(days=rng.randrange(14, max(15, min((anchor - dob).days, 4 * 365))))
    b.live(child, mothers_home, dob, placed, "Born")
    household, carers = foster_home(b, True)
    b.live(child, household, placed, None, f"Placed in foster care in Sefton by {authority.name}")
    b.relate(child, mother, T.MOTHER, dob)
    b.pr(child, holder=mother, basis=Basis.BIRTH_MOTHER, start=dob)
    for carer in carers:
        b.relate(child, carer, T.CARER, placed, notes="Foster carer")
    care_order = rng.random() < 0.75
    if care_order:
        b.pr(child, org=authority, basis=Basis.CARE_ORDER, start=placed)
    b.event(child, LegalStatus.LOOKED_AFTER, START, placed, authority=authority, placing=authority,
            out_of_area=True, placement="Foster placement through an independent fostering agency",
            notes=(CARE_ORDER_NOTE if care_order else SECTION_20_NOTE) + f"; placed in Sefton by {authority.name}")
    b.lac_current[child.id] = placed
    b.taken.add(child.id)
    b.counters["placed_here"] += 1
