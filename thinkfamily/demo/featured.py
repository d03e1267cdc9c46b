"""The hand-made families that demos and browser tests rely on. They are the same on every
seed and at every size: fixed ids (uuid5), fixed NHS numbers, fixed dates. The generator
adds them before anyone else, and never hands out their NHS numbers to anyone else.

- Liam Roberts (7): child protection plan (neglect) since 2 September 2025, previously a
  child in need. Lives with his mother Sarah, her partner Dean Walsh (his step-father) and
  his half-sister Mia Walsh (4). His father Jason moved out in February 2023 and keeps
  parental responsibility as a married father. Maternal grandparents Margaret and Peter
  Hughes; paternal grandmother Elaine Roberts. A previous address in Bootle. On the demo
  school nurse's caseload, and the demo CAMHS practitioner's since June 2026 (low mood);
  Mia is on the demo health visitor's.
- Chloe Bennett (19), pregnant, expected delivery 14 February 2027; her unborn baby has an
  unborn child protection plan (emotional abuse). On the demo midwife's caseload.
- Jade Taylor (14): looked after since 28 September 2023 under a care order, placed out of
  area with foster carers in Chorley, Lancashire. On the demo children in care nurse's
  caseload.
- Keira Molloy (17, 18 on 14 January 2027): accommodated by Sefton under section 20 from
  6 March 2023 (14) with Sefton foster carers in Southport; a care leaver (a "relevant
  child" under the Children (Leaving Care) Act 2000) since she moved to supported lodgings
  in Southport on 1 June 2026. Her mother Donna in Bootle keeps parental responsibility. On
  the demo children in care nurse's caseload, who prepares her health passport
  (``demo/lac_stories.py``).

The unborn baby has no NHS number: one is issued at birth."""

import uuid
from datetime import date

from thinkfamily.demo.area import (
    CAMHS_TEAM,
    ENHANCED_MIDWIFERY_TEAM,
    PRIMARY,
    SCHOOLS,
    SECONDARY,
)
from thinkfamily.people.models import CPCategory, LegalStatus, LegalStatusEntry, ParentalResponsibility, Relationship

FEATURED_NHS_NUMBERS = {
    "Liam Roberts": "9434765919",
    "Sarah Roberts": "9434765927",
    "Jason Roberts": "9434765935",
    "Dean Walsh": "9434765943",
    "Mia Walsh": "9434765951",
    "Margaret Hughes": "9434765978",
    "Peter Hughes": "9434765986",
    "Elaine Roberts": "9434765994",
    "Chloe Bennett": "9434766001",
    "Karen Bennett": "9434766028",
    "Kyle Murphy": "9434766036",
    "Jade Taylor": "9434766044",
    "Kelly Taylor": "9434766052",
    "Susan Clarke": "9434766060",
    "Mark Clarke": "9434766079",
    "Keira Molloy": "9434766087",
    "Donna Molloy": "9434766095",
}

_NAMESPACE = uuid.UUID("5a3c6c1e-2f0b-4d1a-9a43-7e0d5f7d0b11")
FEATURED_IDS = {name: uuid.uuid5(_NAMESPACE, name) for name in [*FEATURED_NHS_NUMBERS, "Unborn baby Bennett"]}
FEATURED_UNBORN_EDD = date(2027, 2, 14)
FEATURED_CHILDREN = 5  # Liam, Mia, Jade, Keira, Chloe (19): people of kind 'child' that the featured families add

MOTHER, FATHER = Relationship.Type.MOTHER, Relationship.Type.FATHER
START, END = LegalStatusEntry.Change.START, LegalStatusEntry.Change.END
Basis = ParentalResponsibility.Basis
WB = "White - British"


def _school_code(town: str, phase: str) -> str:
    return next(spec.code for spec in SCHOOLS if spec.town == town and spec.phase == phase)


def add_featured(b) -> None:
    """Add the featured families to a ``generator.builder.Builder`` ``b``."""
    _liam_roberts(b)
    _chloe_bennett(b)
    _jade_taylor(b)
    _keira_molloy(b)


def _person(b, name, sex, dob, **kw):
    given, family = name.split(" ", 1)
    return b.person(pid=FEATURED_IDS[name], nhs=FEATURED_NHS_NUMBERS[name], given=given, family=family, sex=sex,
                    dob=dob, ethnicity=WB, explicit=True, **kw)


def _demo_practitioner(b, role):
    return b.area.practitioners[f"{role}.demo"]


def _liam_roberts(b) -> None:
    """Liam Roberts and his family."""
    sarah = _person(b, "Sarah Roberts", "female", date(1994, 6, 21))
    jason = _person(b, "Jason Roberts", "male", date(1992, 1, 9))
    dean = _person(b, "Dean Walsh", "male", date(1990, 10, 3))
    liam = _person(b, "Liam Roberts", "male", date(2019, 3, 14))
    mia = _person(b, "Mia Walsh", "female", date(2022, 8, 19))
    margaret = _person(b, "Margaret Hughes", "female", date(1966, 2, 11))
    peter = _person(b, "Peter Hughes", "male", date(1963, 9, 27))
    elaine = _person(b, "Elaine Roberts", "female", date(1968, 12, 5))
    family = {"sarah": sarah, "jason": jason, "dean": dean, "liam": liam, "mia": mia, "margaret": margaret,
              "peter": peter, "elaine": elaine}
    moved = date(2020, 10, 16)
    _roberts_homes(b, moved, **family)
    _roberts_relationships(b, **family)
    _roberts_statuses_and_schools(b, liam, mia)
    _roberts_practices(b, **family)
    _roberts_caseloads(b, liam, mia, moved)


def _roberts_homes(b, moved, *, sarah, jason, dean, liam, mia, margaret, peter, elaine) -> None:
    home = b.fixed_household("Crosby", "14 Moorside Grove", "L23 9QX")
    previous = b.fixed_household("Bootle", "Flat 2, 88 Linacre Terrace", "L20 5DW")
    jasons = b.fixed_household("Litherland", "41 Sefton Close", "L21 7PN")
    deans = b.fixed_household("Waterloo", "Flat 5, 3 Seafield Court", "L22 1RT")
    hughes = b.fixed_household("Maghull", "6 Orchard Way", "L31 2HS")
    elaines = b.fixed_household("Bootle", "112 Stanley Street", "L20 3RB")
    b.live(sarah, previous, date(2016, 3, 1), moved)
    b.live(jason, previous, date(2016, 3, 1), moved)
    b.live(liam, previous, liam.date_of_birth, moved, "Born")
    b.live(sarah, home, moved, None, "Moved house")
    b.live(jason, home, moved, date(2023, 2, 10), "Moved house")
    b.live(liam, home, moved, None, "Moved house")
    b.live(mia, home, mia.date_of_birth, None, "Born")
    b.live(jason, jasons, date(2023, 2, 10), None, "Moved out after separation")
    b.live(dean, deans, date(2015, 1, 12), date(2023, 3, 1))
    b.live(dean, home, date(2023, 3, 1), None, "Moved in with partner")
    b.live(margaret, hughes, date(1995, 4, 1))
    b.live(peter, hughes, date(1995, 4, 1))
    b.live(elaine, elaines, date(1990, 7, 1))


def _roberts_relationships(b, *, sarah, jason, dean, liam, mia, margaret, peter, elaine) -> None:
    b.relate(liam, sarah, MOTHER, liam.date_of_birth)
    b.relate(liam, jason, FATHER, liam.date_of_birth)
    b.relate(liam, dean, Relationship.Type.STEP_PARENT, date(2023, 3, 1))
    b.relate(mia, sarah, MOTHER, mia.date_of_birth)
    b.relate(mia, dean, FATHER, mia.date_of_birth)
    b.relate(sarah, jason, Relationship.Type.PARTNER, date(2014, 5, 1), date(2021, 5, 1),
             "Married August 2017; separated 2021. Jason stayed in the family home until February 2023.")
    b.relate(sarah, dean, Relationship.Type.PARTNER, date(2021, 6, 1))
    b.relate(sarah, margaret, MOTHER, sarah.date_of_birth)
    b.relate(sarah, peter, FATHER, sarah.date_of_birth)
    b.relate(margaret, peter, Relationship.Type.PARTNER, date(1988, 6, 18), notes="Married")
    b.relate(jason, elaine, MOTHER, jason.date_of_birth)
    b.pr(liam, holder=sarah, basis=Basis.BIRTH_MOTHER, start=liam.date_of_birth)
    b.pr(liam, holder=jason, basis=Basis.MARRIED_FATHER, start=liam.date_of_birth)
    b.pr(mia, holder=sarah, basis=Basis.BIRTH_MOTHER, start=mia.date_of_birth)
    b.pr(mia, holder=dean, basis=Basis.REGISTERED_FATHER, start=mia.date_of_birth)


def _roberts_statuses_and_schools(b, liam, mia) -> None:
    for child in (liam, mia):
        b.event(child, LegalStatus.CHILD_IN_NEED, START, date(2025, 3, 18),
                notes="Child and family assessment after a referral from school")
        b.event(child, LegalStatus.CHILD_IN_NEED, END, date(2025, 9, 2))
        b.event(child, LegalStatus.CHILD_PROTECTION_PLAN, START, date(2025, 9, 2), category=CPCategory.NEGLECT,
                notes="Initial child protection conference")
    b.enrol(liam, b.area.school(_school_code("Crosby", PRIMARY)), date(2023, 9, 4))


def _roberts_practices(b, *, sarah, jason, dean, liam, mia, margaret, peter, elaine) -> None:
    area = b.area
    bootle_strand = area.practice("Bootle Strand Surgery")
    crosby_village = area.practice("Crosby Village Surgery")
    b.register(sarah, bootle_strand, date(2016, 3, 15), date(2020, 11, 5))
    b.register(sarah, crosby_village, date(2020, 11, 5))
    b.register(jason, bootle_strand, date(2016, 3, 15), date(2020, 11, 5))
    b.register(jason, crosby_village, date(2020, 11, 5), date(2023, 3, 20))
    b.register(jason, area.practice("Litherland Town Surgery"), date(2023, 3, 20))
    b.register(liam, bootle_strand, date(2019, 4, 2), date(2020, 11, 5))
    b.register(liam, crosby_village, date(2020, 11, 5))
    b.register(mia, crosby_village, date(2022, 9, 6))
    b.register(dean, area.practice("Waterloo Marine Practice"), date(2015, 2, 2), date(2023, 4, 3))
    b.register(dean, crosby_village, date(2023, 4, 3))
    b.register(margaret, area.practice("Maghull Health Centre"), date(1995, 5, 2))
    b.register(peter, area.practice("Maghull Health Centre"), date(1995, 5, 2))
    b.register(elaine, area.practice("Derby Road Family Practice"), date(1990, 8, 1))


def _roberts_caseloads(b, liam, mia, moved) -> None:
    teams = b.area.teams
    b.on_caseload(liam, teams["Bootle health visiting team"], None, liam.date_of_birth, moved)
    b.on_caseload(liam, teams["Crosby health visiting team"], None, moved, date(2024, 3, 14))
    b.on_caseload(liam, teams["Crosby school nursing team"], _demo_practitioner(b, "sn"), date(2024, 3, 14))
    b.on_caseload(liam, teams[CAMHS_TEAM], _demo_practitioner(b, "camhs"), date(2026, 6, 1))
    b.on_caseload(mia, teams["Crosby health visiting team"], _demo_practitioner(b, "hv"), mia.date_of_birth)
    # Liam's social worker since his plan began (the demo's sw.demo): told when he is not brought.
    b.on_caseload(liam, teams["Child in need and child protection team"], _demo_practitioner(b, "sw"), date(2025, 9, 2))


def _chloe_bennett(b) -> None:
    """Chloe Bennett and her unborn baby."""
    area = b.area
    karen = _person(b, "Karen Bennett", "female", date(1984, 9, 30))
    chloe = _person(b, "Chloe Bennett", "female", date(2007, 5, 8))
    kyle = _person(b, "Kyle Murphy", "male", date(2004, 1, 17))
    unborn = b.person(pid=FEATURED_IDS["Unborn baby Bennett"], nhs=None, kind="unborn", given="", family="Bennett",
                      sex="not_known", edd=FEATURED_UNBORN_EDD, ethnicity=WB, explicit=True)
    bennetts = b.fixed_household("Bootle", "9 Marsh Walk", "L20 6NQ")
    kyles = b.fixed_household("Netherton", "Flat 5, Canal View Court", "L30 1SX")
    b.live(karen, bennetts, date(2005, 6, 1))
    b.live(chloe, bennetts, chloe.date_of_birth, None, "Born")
    b.live(kyle, kyles, date(2024, 8, 1), None, "Moved into own tenancy")
    b.relate(chloe, karen, MOTHER, chloe.date_of_birth)
    b.relate(unborn, chloe, MOTHER)
    b.relate(unborn, kyle, FATHER)
    b.relate(chloe, kyle, Relationship.Type.PARTNER, date(2025, 11, 1))
    b.pr(chloe, holder=karen, basis=Basis.BIRTH_MOTHER, start=chloe.date_of_birth)
    b.event(unborn, LegalStatus.CHILD_PROTECTION_PLAN, START, date(2026, 10, 22), category=CPCategory.EMOTIONAL,
            notes="Pre-birth child protection conference: domestic abuse between the parents")
    b.enrol(chloe, area.school(_school_code("Bootle", PRIMARY)), date(2011, 9, 5), date(2018, 7, 20))
    b.enrol(chloe, area.school(_school_code("Bootle", SECONDARY)), date(2018, 9, 4), date(2023, 7, 21),
            "Transfer to secondary school")
    bootle_village = area.practice("Bootle Village Surgery")
    b.register(karen, bootle_village, date(2005, 6, 15))
    b.register(chloe, bootle_village, date(2007, 5, 21))
    b.register(kyle, area.practice("Netherton Health Centre"), date(2024, 8, 15))
    enhanced = area.teams[ENHANCED_MIDWIFERY_TEAM]
    midwife = _demo_practitioner(b, "midwife")
    b.on_caseload(chloe, enhanced, midwife, date(2026, 7, 6))
    b.on_caseload(unborn, enhanced, midwife, date(2026, 7, 6))
    # The unborn baby's social worker since the pre-birth conference (sw.demo): the midwife's
    # 'was not brought' alert reaches her home page.
    b.on_caseload(unborn, area.teams["Child in need and child protection team"], _demo_practitioner(b, "sw"),
                  date(2026, 10, 22))
    b.on_caseload(chloe, area.teams["Bootle school nursing team"], None, date(2012, 5, 8))


def _jade_taylor(b) -> None:
    """Jade Taylor, looked after and placed out of area."""
    area, council = b.area, b.area.council
    kelly = _person(b, "Kelly Taylor", "female", date(1991, 4, 2))
    jade = _person(b, "Jade Taylor", "female", date(2012, 6, 23))
    susan = _person(b, "Susan Clarke", "female", date(1969, 3, 15))
    mark = _person(b, "Mark Clarke", "male", date(1967, 11, 2))
    kellys = b.fixed_household("Netherton", "33 Glebe Crescent", "L30 8RL")
    carers = b.fixed_household("Chorley", "18 Primrose Drive", "PR7 3JG")
    placed = date(2023, 9, 28)
    b.live(kelly, kellys, date(2010, 9, 1))
    b.live(jade, kellys, jade.date_of_birth, placed, "Born")
    b.live(jade, carers, placed, None, "Placed in foster care out of area")
    b.live(susan, carers, date(1998, 5, 1))
    b.live(mark, carers, date(1998, 5, 1))
    b.relate(jade, kelly, MOTHER, jade.date_of_birth)
    b.relate(jade, susan, Relationship.Type.CARER, placed, notes="Foster carer (independent fostering agency)")
    b.relate(jade, mark, Relationship.Type.CARER, placed, notes="Foster carer (independent fostering agency)")
    b.relate(susan, mark, Relationship.Type.PARTNER, date(1994, 7, 9), notes="Married")
    b.pr(jade, holder=kelly, basis=Basis.BIRTH_MOTHER, start=jade.date_of_birth)
    b.pr(jade, org=council, basis=Basis.CARE_ORDER, start=placed)
    b.event(jade, LegalStatus.CHILD_IN_NEED, START, date(2022, 5, 10))
    b.event(jade, LegalStatus.CHILD_IN_NEED, END, date(2022, 11, 15))
    b.event(jade, LegalStatus.CHILD_PROTECTION_PLAN, START, date(2022, 11, 15), category=CPCategory.NEGLECT)
    b.event(jade, LegalStatus.CHILD_PROTECTION_PLAN, END, placed)
    b.event(jade, LegalStatus.LOOKED_AFTER, START, placed,
            placement="Foster placement through an independent fostering agency", placing=council, out_of_area=True,
            notes="Care order (section 31); placed with foster carers in Chorley, Lancashire")
    _jade_schools_and_practices(b, kelly, jade, susan, mark)
    b.on_caseload(jade, area.teams["Children in care nursing team"], _demo_practitioner(b, "cic"), placed)
    b.lac_current[jade.id] = placed


def _jade_schools_and_practices(b, kelly, jade, susan, mark) -> None:
    area = b.area
    b.enrol(jade, area.school(_school_code("Netherton", PRIMARY)), date(2016, 9, 5), date(2023, 7, 21))
    b.enrol(jade, area.school(_school_code("Netherton", SECONDARY)), date(2023, 9, 4), date(2023, 10, 20),
            "Transfer to secondary school")
    b.enrol(jade, area.school(_school_code("Chorley", SECONDARY)), date(2023, 10, 23), None,
            "Moved to a school near her foster placement")
    netherton = area.practice("Netherton Health Centre")
    chorley = area.practice("Chorley Market Surgery")
    b.register(kelly, netherton, date(2010, 9, 15))
    b.register(jade, netherton, date(2012, 7, 10), date(2023, 10, 16))
    b.register(jade, chorley, date(2023, 10, 16))
    b.register(susan, chorley, date(1998, 6, 1))
    b.register(mark, chorley, date(1998, 6, 1))


def _keira_molloy(b) -> None:
    """Keira Molloy, a care leaver at 17."""
    area, council = b.area, b.area.council
    donna = _person(b, "Donna Molloy", "female", date(1988, 7, 30))
    keira = _person(b, "Keira Molloy", "female", date(2009, 1, 14))
    donnas = b.fixed_household("Bootle", "21 Orrell Mount", "L20 6NS")
    foster = b.fixed_household("Southport", "8 Sandon Road", "PR8 4QD")
    lodgings = b.fixed_household("Southport", "Flat 3, 41 Hoghton Street", "PR9 0PG")
    accommodated, left_care = date(2023, 3, 6), date(2026, 6, 1)
    b.live(donna, donnas, date(2007, 4, 1))
    b.live(keira, donnas, keira.date_of_birth, accommodated, "Born")
    b.live(keira, foster, accommodated, left_care, "Placed with Sefton foster carers")
    b.live(keira, lodgings, left_care, None, "Moved to supported lodgings at 17")
    b.relate(keira, donna, MOTHER, keira.date_of_birth)
    b.pr(keira, holder=donna, basis=Basis.BIRTH_MOTHER, start=keira.date_of_birth)
    b.event(keira, LegalStatus.CHILD_IN_NEED, START, date(2022, 6, 20),
            notes="Child and family assessment after a referral from school")
    b.event(keira, LegalStatus.CHILD_IN_NEED, END, accommodated)
    b.event(keira, LegalStatus.LOOKED_AFTER, START, accommodated,
            placement="Foster placement with a Sefton foster carer", placing=council, out_of_area=False,
            notes="Accommodated under section 20, with her mother's agreement")
    b.event(keira, LegalStatus.LOOKED_AFTER, END, left_care,
            placement="Foster placement with a Sefton foster carer", placing=council, out_of_area=False,
            notes="Ceased to be looked after at 17: moved to supported lodgings")
    b.event(keira, LegalStatus.CARE_LEAVER, START, left_care,
            notes="Relevant child (Children (Leaving Care) Act 2000): supported lodgings in Southport, "
            "with a personal adviser")
    b.enrol(keira, area.school(_school_code("Bootle", PRIMARY)), date(2013, 9, 4), date(2020, 7, 17))
    b.enrol(keira, area.school(_school_code("Bootle", SECONDARY)), date(2020, 9, 3), date(2023, 3, 3),
            "Transfer to secondary school")
    b.enrol(keira, area.school(_school_code("Southport", SECONDARY)), date(2023, 3, 13), date(2025, 7, 18),
            "Moved to a school near her foster placement")
    bootle_village = area.practice("Bootle Village Surgery")
    b.register(donna, bootle_village, date(2007, 4, 16))
    b.register(keira, bootle_village, date(2009, 2, 2), date(2023, 3, 20))
    b.register(keira, area.practice("Southport Promenade Surgery"), date(2023, 3, 20))
    b.on_caseload(keira, area.teams["Bootle school nursing team"], None, date(2014, 1, 14), accommodated)
    b.on_caseload(keira, area.teams["Children in care nursing team"], _demo_practitioner(b, "cic"), accommodated)
