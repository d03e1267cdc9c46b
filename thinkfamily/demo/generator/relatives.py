"""Grandparents: recorded as the parents' own mother and father (so the family picture derives
them), living in their own home, or now and then in the family's."""

from thinkfamily.demo.generator.dates import add_years, age_on, in_years
from thinkfamily.demo.generator.households import nearby_town
from thinkfamily.demo.generator.names import adult_language, surname
from thinkfamily.people.models import ParentalResponsibility, Person, Relationship, Sex

T = Relationship.Type
Basis = ParentalResponsibility.Basis
F, M = Sex.FEMALE, Sex.MALE


def add_grandparents(b, family, parent, chances, family_name, town, young_mother):
    """The mother and father of ``parent`` (each with its chance in ``chances``), alive and recorded."""
    made = _make_grandparents(b, family, parent, chances, family_name)
    if not made:
        return
    rng = b.rng
    together = len(made) == 2 and rng.random() < 0.65
    if together:
        b.relate(made[0], made[1], T.PARTNER, add_years(parent.date_of_birth, -rng.randint(1, 8)),
                 notes="Married" if rng.random() < 0.8 else "")
    in_family_home = young_mother or (parent is family.mother and family.father is not None
                                      and not family.resident_father and rng.random() < 0.03) or (
        parent is family.mother and rng.random() < 0.02)
    _house_grandparents(b, family, made, town, together=together, in_family_home=in_family_home,
                        young_mother=young_mother)


def _make_grandparents(b, family, parent, chances, family_name) -> list:
    rng = b.rng
    names = family.names
    made = []
    for sex, chance in zip((F, M), chances, strict=True):
        if rng.random() >= chance:
            continue
        dob = parent.date_of_birth - in_years(rng.uniform(18.5, 38))
        age = age_on(dob, b.anchor)
        if age > 96 or (age > 78 and rng.random() < (age - 78) / 18):
            continue
        gran_surname = family_name if sex == M or rng.random() < 0.85 else surname(rng, names)
        gran = b.make(names, family.ethnicity, sex, dob, gran_surname, language=adult_language(rng, names))
        b.relate(parent, gran, T.MOTHER if sex == F else T.FATHER, parent.date_of_birth)
        if parent.kind == Person.Kind.CHILD:
            b.pr(parent, holder=gran, basis=Basis.BIRTH_MOTHER if sex == F else Basis.REGISTERED_FATHER,
                 start=parent.date_of_birth)
        made.append(gran)
        if parent is family.mother and sex == F:
            family.grandmother = gran
    return made


def _house_grandparents(b, family, made, town, *, together, in_family_home, young_mother) -> None:
    """The first grandparent in the family's home (when ``in_family_home``); the others in their
    own, one home for a couple."""
    rng, anchor = b.rng, b.anchor
    shared = None
    for gran in made:
        if in_family_home and gran is made[0]:
            stays = b.stays.get(family.mother.id, [])
            since = stays[-1].start if stays else anchor
            if young_mother:
                # The young mother lives in her mother's home, which the grandmother has had for years.
                since = max(add_years(gran.date_of_birth, 18), family.mother.date_of_birth - in_years(2))
            b.live(gran, family.household, since)
            continue
        if together and shared is not None:
            household = shared
        else:
            household = b.household(nearby_town(b, town, away=0.15))
            shared = household
        since = max(add_years(gran.date_of_birth, 18), anchor - in_years(rng.uniform(1, 35)))
        b.live(gran, household, since)
