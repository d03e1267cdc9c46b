"""Where a child in care lives: foster carers' homes (shared by several children, in or out of
the area), children's homes, supported accommodation and prospective adopters, or the maternal
grandmother's home for a kinship placement."""

from thinkfamily.demo.generator.chance import Weighted
from thinkfamily.demo.generator.dates import add_years, in_years
from thinkfamily.demo.generator.households import gran_household, splice
from thinkfamily.demo.generator.names import BRITISH, surname
from thinkfamily.people.models import Relationship, Sex

T = Relationship.Type
F, M = Sex.FEMALE, Sex.MALE
FOSTER_IN_SEFTON = "Foster placement with a Sefton foster carer"
PLACEMENTS = Weighted([
    (FOSTER_IN_SEFTON, 50),
    ("Foster placement through an independent fostering agency", 18),
    ("Kinship foster placement (family and friends carer)", 12),
    ("Children's home", 10),
    ("Placed with parents", 5),
    ("Supported accommodation (16 and over)", 5),
])
OUT_OF_AREA_SHARE = {
    FOSTER_IN_SEFTON: 0.1,
    "Foster placement through an independent fostering agency": 0.45,
    "Children's home": 0.5,
    "Supported accommodation (16 and over)": 0.2,
    "Placed for adoption": 0.3,
}


def pick_placement(b, age):
    """A placement suited to the child's age, and whether it is out of the area."""
    rng = b.rng
    while True:
        placement = PLACEMENTS.pick(rng)
        if placement.startswith("Supported") and age < 16:
            continue
        if placement == "Children's home" and age < 8:
            continue
        out = rng.random() < OUT_OF_AREA_SHARE.get(placement, 0)
        return placement, out


def place(b, child, start, placement, out_of_area, end=None) -> bool:
    """Move a child into a placement (with carers) from ``start`` until ``end``; returns whether the
    placement is outside the area."""
    family = b.family_of.get(child.id)
    household = gran_household(b, family) if placement.startswith("Kinship") else None
    if household is not None:
        gran = family.grandmother
        splice(b, child, household, start, end, "Kinship placement with grandmother", "Returned home")
        b.relate(child, gran, T.CARER, start, end, "Kinship foster carer (maternal grandmother)")
        return not household.tf_town.in_area
    if placement == "Placed with parents":
        return False
    kind = {"Children's home": "home", "Placed for adoption": "adopters"}.get(placement, "foster")
    if placement.startswith("Supported"):
        kind = "supported"
    household, carers = foster_home(b, not out_of_area, kind)
    reason = "Placed in foster care" if kind == "foster" else f"Placed: {placement.lower()}"
    if out_of_area:
        reason += " out of area"
    splice(b, child, household, start, end, reason, "Returned home from care")
    note = "Prospective adopter" if placement == "Placed for adoption" else "Foster carer"
    for carer in carers:
        b.relate(child, carer, T.CARER, start, end, note)
    return not household.tf_town.in_area


def foster_home(b, in_area=True, kind="foster"):
    """A foster carer's (or a children's home's, or supported accommodation's) household, and its carers:
    sometimes one already made that has a place left."""
    rng = b.rng
    town = b.town_pick.pick(rng) if in_area else b.out_town_pick.pick(rng)
    homes = b.foster_homes.setdefault((town.name, kind), [])
    if homes and rng.random() < 0.45:
        entry = homes[rng.randrange(len(homes))]
        if entry[2] > 0:
            entry[2] -= 1
            return entry[0], entry[1]
    if kind == "home":
        household = b.household(town, flat=False)
        name = ("Oak", "Rowan", "Beech", "Willow", "Cedar")[rng.randrange(5)]
        household.address_line_1 = f"{name} House, {household.address_line_1}"
        carers = []
    elif kind == "supported":
        household = b.household(town, flat=True)
        carers = []
    else:
        household = b.household(town, flat=False)
        carers = _foster_carers(b, household)
    homes.append([household, carers, {"foster": 2, "adopters": 0}.get(kind, 5)])
    return household, carers


def _foster_carers(b, household) -> list:
    """One carer, or a married couple, living in ``household`` for years."""
    rng, anchor = b.rng, b.anchor
    family_name = surname(rng, BRITISH)
    dob = anchor - in_years(rng.uniform(32, 64))
    carers = [b.make(BRITISH, "White - British", F, dob, family_name)]
    if rng.random() < 0.65:
        carers.append(b.make(BRITISH, "White - British", M, dob - in_years(rng.gauss(2, 3)), family_name))
        b.relate(carers[0], carers[1], T.PARTNER, add_years(dob, 24), notes="Married")
    since = max(add_years(dob, 25), anchor - in_years(rng.uniform(3, 20)))
    for carer in carers:
        b.live(carer, household, since)
    return carers
