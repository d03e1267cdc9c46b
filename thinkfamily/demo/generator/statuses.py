"""Legal statuses of children in their families: child protection and child-in-need plans
(current and ended, covering the children of a household together, with the plans that led
up to them), and elective home education."""

from datetime import date, timedelta

from thinkfamily.demo.generator.dates import age_on
from thinkfamily.people.models import CPCategory, LegalStatus, LegalStatusEntry, Person

CHILD = Person.Kind.CHILD
START, END = LegalStatusEntry.Change.START, LegalStatusEntry.Change.END
CIN, CP = LegalStatus.CHILD_IN_NEED, LegalStatus.CHILD_PROTECTION_PLAN
CP_CATEGORIES = [(CPCategory.NEGLECT, 50), (CPCategory.EMOTIONAL, 35), (CPCategory.PHYSICAL, 8),
                 (CPCategory.SEXUAL, 4)]
PRE_BIRTH_CONFERENCE = "Pre-birth child protection conference"


def candidates(b, low_age, high_age):
    """Children of generated families aged low..high (inclusive) with no status yet, in a random order."""
    found = [
        child for family in b.families for child in family.children
        if child.kind == CHILD and child.id not in b.taken
        and low_age <= age_on(child.date_of_birth, b.anchor) <= high_age
    ]
    b.rng.shuffle(found)
    return found


def cp_history(b, child, before, chance_cp=0.55, chance_cin=0.5):
    """Statuses that led up to ``before``: a child protection plan, and a child-in-need plan before that."""
    rng = b.rng
    dob = child.date_of_birth
    if rng.random() < chance_cp:
        cp_start = before - timedelta(days=rng.randrange(90, 500))
        if cp_start > dob:
            if rng.random() < chance_cin:
                cin_start = cp_start - timedelta(days=rng.randrange(30, 300))
                if cin_start > dob:
                    b.event(child, CIN, START, cin_start)
                    b.event(child, CIN, END, cp_start)
            b.event(child, CP, START, cp_start, category=b.category_pick.pick(rng))
            b.event(child, CP, END, before)


def assign_family_statuses(b, kind, target) -> None:
    """Child protection and child-in-need plans cover the children of a household together. ``kind``:
    cp, cin (current), cp_ended or cin_ended."""
    rng, anchor = b.rng, b.anchor
    families = list(b.families)
    rng.shuffle(families)
    plan = PLANS[kind]
    done = 0
    for family in families:
        if done >= target:
            break
        children = [
            c for c in family.children
            if c.kind == CHILD and c.id not in b.taken and age_on(c.date_of_birth, anchor) < 18
        ]
        if not children:
            continue
        start = _family_plan_start(b, kind)
        category = b.category_pick.pick(rng)
        before = rng.random()
        for child in children:
            b.taken.add(child.id)
            if not plan(b, child, max(start, child.date_of_birth), category, before):
                continue
            done += 1
            b.counters[kind] += 1
        if kind == "cp":
            _pre_birth_plan(b, family, start, category)


def _family_plan_start(b, kind):
    rng, anchor = b.rng, b.anchor
    if kind == "cp":
        return anchor - timedelta(days=int(min(14 + rng.expovariate(1 / 260), 900)))
    if kind == "cin":
        return anchor - timedelta(days=int(min(14 + rng.expovariate(1 / 330), 1200)))
    return anchor - timedelta(days=rng.randrange(180, 6 * 365))


def _cp_plan(b, child, begin, category, before) -> bool:
    """A current child protection plan, after a child-in-need plan for most."""
    if before < 0.6:
        cin = begin - timedelta(days=b.rng.randrange(30, 400))
        if cin > child.date_of_birth:
            b.event(child, CIN, START, cin)
            b.event(child, CIN, END, begin)
    b.event(child, CP, START, begin, category=category)
    return True


def _cin_plan(b, child, begin, category, before) -> bool:
    """A current child-in-need plan, after a child protection plan for some."""
    if before < 0.2:
        cp = begin - timedelta(days=b.rng.randrange(120, 500))
        if cp > child.date_of_birth:
            b.event(child, CP, START, cp, category=category)
            b.event(child, CP, END, begin)
    b.event(child, CIN, START, begin)
    return True


def _cp_plan_ended(b, child, begin, category, before) -> bool:
    """A child protection plan that has ended, stepped down to a child-in-need plan for most."""
    rng, anchor = b.rng, b.anchor
    end = begin + timedelta(days=rng.randrange(90, 600))
    if end > anchor - timedelta(days=14):
        return False
    b.event(child, CP, START, begin, category=category)
    b.event(child, CP, END, end)
    if before < 0.7 and end + timedelta(days=200) < anchor:
        b.event(child, CIN, START, end)
        b.event(child, CIN, END, end + timedelta(days=rng.randrange(90, 200)))
    return True


def _cin_plan_ended(b, child, begin, category, before) -> bool:
    end = begin + timedelta(days=b.rng.randrange(60, 540))
    if end > b.anchor - timedelta(days=14):
        return False
    b.event(child, CIN, START, begin)
    b.event(child, CIN, END, end)
    return True


PLANS = {"cp": _cp_plan, "cin": _cin_plan, "cp_ended": _cp_plan_ended, "cin_ended": _cin_plan_ended}


def _pre_birth_plan(b, family, start, category) -> None:
    """The family's unborn baby joins its siblings' child protection plan."""
    unborn = family.unborn
    if unborn is None or unborn.id in b.cp_unborn:
        return
    begin = max(start, unborn.expected_delivery_date - timedelta(days=150))
    if begin <= b.anchor:
        b.event(unborn, CP, START, begin, category=category, notes=PRE_BIRTH_CONFERENCE)
        b.cp_unborn.add(unborn.id)


def assign_ehe(b, target, ended) -> None:
    """Elective home education, from some time after starting school: ``target`` current, ``ended``
    ended (back to school)."""
    rng, anchor = b.rng, b.anchor
    pool = candidates(b, 5, 15)
    for i, child in enumerate(pool[: target + ended]):
        dob = child.date_of_birth
        school_start = date(dob.year + (5 if dob.month >= 9 else 4), 9, 1)
        earliest = school_start + timedelta(days=60)
        if earliest >= anchor - timedelta(days=30):
            continue
        b.taken.add(child.id)
        start = max(earliest, anchor - timedelta(days=rng.randrange(30, 1100)))
        end = None
        if i >= target:
            if (anchor - start).days < 120:
                continue
            end = start + timedelta(days=rng.randrange(60, (anchor - start).days - 30))
        b.event(child, LegalStatus.EHE, START, start, notes="Parents' decision notified by the school")
        if end:
            b.event(child, LegalStatus.EHE, END, end, notes="Returned to school")
        b.ehe[child.id] = (start, end)
        b.counters["ehe_ended" if end else "ehe"] += 1
