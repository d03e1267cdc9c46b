"""Pregnancies booked with maternity services: an unborn child of a mother living in the area
(related to her and to the father at home), and for some a pre-birth child protection plan."""

from datetime import timedelta

from thinkfamily.demo.generator.dates import age_on
from thinkfamily.demo.generator.statuses import CP, PRE_BIRTH_CONFERENCE, START
from thinkfamily.people.models import Person, Relationship, Sex

T = Relationship.Type


def assign_unborn(b, target) -> None:
    rng, anchor = b.rng, b.anchor
    families = list(b.families)
    rng.shuffle(families)
    for family in families:
        if len(b.unborn) >= target:
            break
        if not _may_be_pregnant(b, family):
            continue
        mother = family.mother
        edd = anchor + timedelta(days=rng.randrange(10, 200))
        father = family.partner or (family.father if family.resident_father else None)
        family_name = father.family_name if father and rng.random() < 0.5 else mother.family_name
        unborn = b.person(kind=Person.Kind.UNBORN, given="", family=family_name, sex=Sex.NOT_KNOWN, edd=edd,
                          ethnicity=family.ethnicity, nhs=None)
        b.relate(unborn, mother, T.MOTHER)
        if father is not None:
            b.relate(unborn, father, T.FATHER)
        family.unborn = unborn
        b.unborn.append(unborn)
        b.family_of[unborn.id] = family


def _may_be_pregnant(b, family) -> bool:
    """A mother living in the area now, 17 to 44, whose youngest child is not a baby."""
    mother = family.mother
    stays = b.stays.get(mother.id)
    if not stays or stays[-1].end is not None or not stays[-1].household.tf_town.in_area:
        return False
    if not 17 <= age_on(mother.date_of_birth, b.anchor) <= 44:
        return False
    return not (family.children and max(c.date_of_birth for c in family.children) > b.anchor - timedelta(days=300))


def assign_unborn_cp(b, target) -> None:
    """Pre-birth child protection plans, up to ``target`` unborn children in all."""
    rng = b.rng
    for unborn in b.unborn:
        if len(b.cp_unborn) >= target:
            break
        if unborn.id in b.cp_unborn or rng.random() < 0.5:
            continue
        begin = unborn.expected_delivery_date - timedelta(days=rng.randrange(60, 150))
        if begin > b.anchor:
            continue
        b.event(unborn, CP, START, begin, category=b.category_pick.pick(rng), notes=PRE_BIRTH_CONFERENCE)
        b.cp_unborn.add(unborn.id)
