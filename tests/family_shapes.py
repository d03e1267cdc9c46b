"""Families of every shape, for tests of the pages and services that are driven by the family
record (issue 11: the referral form failed for every family but the one with exactly one other
child, because the tests only ever used that one).

``family_shapes()`` is a hypothesis strategy of ``FamilyShape``; ``build(shape)`` writes the
family with the factories and returns a ``Family``: the people, and what the record should say
about them, worked out here from the shape (not by the code under test). ``NAMED_SHAPES`` are
the shapes every test runs whatever hypothesis draws: no other children, one, several,
half-siblings, an unborn sibling, a child with no recorded parents, a 16-17-year-old, an
unborn subject and an adult's record.

Run each hypothesis example inside ``rolled_back()`` so that examples do not see each other's
rows."""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from hypothesis import strategies as st

from tests.factories import HouseholdFactory, PersonFactory, live_together, relate
from thinkfamily.core import clock
from thinkfamily.people.models import ParentalResponsibility, Person

SUBJECT_AGES = {"infant": 1, "child": 8, "teenager": 16, "seventeen": 17, "adult": 19}


@dataclass(frozen=True)
class FamilyShape:
    subject: str = "child"  # infant, child, teenager (16), seventeen, adult (19) or unborn
    parents: str = "both"  # none, mother, both
    full_siblings: int = 0  # children of the same recorded parents (explicit siblings if none)
    maternal_half_siblings: int = 0  # the mother's children with a step-parent at home
    paternal_half_siblings: int = 0  # the father's children in his new home
    unborn_sibling: bool = False  # the mother is pregnant
    adult_sibling: bool = False  # a brother of 20 (not a child: never a linked child)
    unrelated_children_at_home: int = 0  # e.g. cousins in kinship care, no relationship recorded
    lives_with_parents: bool = True

    def describe(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.__dict__.items())


@dataclass
class Family:
    shape: FamilyShape
    subject: Person
    people: list[Person] = field(default_factory=list)  # everyone but the subject
    mother: Person | None = None
    father: Person | None = None
    other_children: list[Person] = field(default_factory=list)  # siblings and children at home (R4.1)
    siblings: list[Person] = field(default_factory=list)
    children_at_home: list[Person] = field(default_factory=list)  # other children in the subject's household
    pr_holders: list[Person] = field(default_factory=list)

    @property
    def everyone(self) -> list[Person]:
        return [self.subject, *self.people]


@st.composite
def family_shapes(draw) -> FamilyShape:
    parents = draw(st.sampled_from(["none", "mother", "both"]))
    subject = draw(st.sampled_from([*SUBJECT_AGES, "unborn"] if parents != "none" else list(SUBJECT_AGES)))
    return FamilyShape(
        subject=subject,
        parents=parents,
        full_siblings=draw(st.integers(0, 3)),
        maternal_half_siblings=draw(st.integers(0, 2)) if parents != "none" else 0,
        paternal_half_siblings=draw(st.integers(0, 2)) if parents == "both" else 0,
        unborn_sibling=draw(st.booleans()) if parents != "none" and subject != "unborn" else False,
        adult_sibling=draw(st.booleans()),
        unrelated_children_at_home=draw(st.integers(0, 1)),
        lives_with_parents=draw(st.booleans()) if subject != "unborn" else True,
    )


NAMED_SHAPES = [
    FamilyShape(parents="both"),  # no other children
    FamilyShape(parents="both", full_siblings=1),  # one (the shape the old tests used)
    FamilyShape(parents="both", full_siblings=3, adult_sibling=True),  # several
    FamilyShape(parents="both", maternal_half_siblings=2, paternal_half_siblings=1),  # half-siblings
    FamilyShape(parents="mother", unborn_sibling=True),  # an unborn sibling
    FamilyShape(parents="none", full_siblings=2, lives_with_parents=False),  # no recorded parents
    FamilyShape(subject="teenager", parents="mother", full_siblings=1, unrelated_children_at_home=1),
    FamilyShape(subject="seventeen", parents="both", maternal_half_siblings=1, lives_with_parents=False),
    FamilyShape(subject="unborn", parents="both", full_siblings=2),
    FamilyShape(subject="adult", parents="both", full_siblings=2),  # an adult's record
]


@contextlib.contextmanager
def rolled_back():
    """One hypothesis example's rows, undone at the end (pass or fail)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


_POOL = [
    "Ava", "Ben", "Cara", "Dan", "Ella", "Finn", "Gina", "Hugo", "Isla", "Jack", "Kira", "Leo", "Maya",
    "Noah", "Orla", "Pete", "Rosa", "Sam", "Tia", "Umar", "Vera", "Will", "Xena", "Yusuf", "Zara",
]


def build(shape: FamilyShape) -> Family:
    """Write the family. Households: the parents' home (the mother, the father unless the
    parents have separated, a step-parent, their children, and the subject with any cousins
    when the subject lives with them); the subject's placement when not (the subject, the
    full siblings placed together, the cousins); the father's new home after a separation
    (with his new children) and the adult sibling's."""
    today = clock.today()
    names = iter(_POOL)
    since = today - datetime.timedelta(days=200)

    def born(years: float) -> datetime.date:
        return today - datetime.timedelta(days=int(years * 365.25) + 40)

    def person(years, family_name="Shape", sex="female"):
        kind = Person.Kind.ADULT if years >= 18 else Person.Kind.CHILD
        return PersonFactory(kind=kind, given_name=next(names), family_name=family_name, sex=sex,
                             date_of_birth=born(years))

    def unborn():
        return PersonFactory(kind=Person.Kind.UNBORN, given_name="", family_name="Shape", date_of_birth=None,
                             expected_delivery_date=today + datetime.timedelta(days=70), sex="not_known")

    subject = unborn() if shape.subject == "unborn" else person(SUBJECT_AGES[shape.subject], sex="male")
    fam = Family(shape=shape, subject=subject)
    separated = shape.maternal_half_siblings > 0
    homes = {"parents": [], "placement": [], "father": [], "adult": []}
    subjects_home = "parents" if shape.lives_with_parents else "placement"
    if not subject.is_unborn:
        homes[subjects_home].append(subject)

    def add(relative, *, sibling=False, home=None):
        fam.people.append(relative)
        if home:
            homes[home].append(relative)
        if sibling:
            fam.siblings.append(relative)
        at_home = home == subjects_home and not subject.is_unborn and relative.kind != Person.Kind.ADULT
        if at_home:
            fam.children_at_home.append(relative)
        if relative.kind != Person.Kind.ADULT and (sibling or at_home):
            fam.other_children.append(relative)

    mother = father = step = None
    if shape.parents != "none":
        mother = fam.mother = person(36, sex="female")
        add(mother, home="parents")
        relate(subject, mother, "mother")
    if shape.parents == "both":
        father = fam.father = person(38, sex="male")
        add(father, home="father" if separated else "parents")
        relate(subject, father, "father")
    if not subject.is_unborn:
        for holder, basis in [(mother, "birth_mother"), (father, "registered_father")]:
            if holder is not None:
                ParentalResponsibility.objects.create(child=subject, holder=holder, basis=basis,
                                                      start_date=subject.date_of_birth)
                fam.pr_holders.append(holder)
    if separated:
        step = person(40, family_name="Step", sex="male")
        add(step, home="parents")
        if shape.lives_with_parents and not subject.is_unborn:
            relate(subject, step, "step_parent", start_date=since)

    full = [person(3 + 2 * i, sex="female" if i % 2 else "male") for i in range(shape.full_siblings)]
    if shape.adult_sibling:
        full.append(person(20, sex="male"))
    for sibling in full:
        adult = sibling.kind == Person.Kind.ADULT
        add(sibling, sibling=True, home="adult" if adult else "parents" if subject.is_unborn else subjects_home)
        for parent, type_ in [(mother, "mother"), (father, "father")]:
            if parent is not None:
                relate(sibling, parent, type_)
        if shape.parents == "none":
            relate(subject, sibling, "sibling")  # recorded directly: no parents to derive it from
    for i in range(shape.maternal_half_siblings):
        half = person(2 + i, family_name="Step")
        add(half, sibling=True, home="parents")
        relate(half, mother, "mother")
        relate(half, step, "father")
    for i in range(shape.paternal_half_siblings):
        half = person(1 + i)
        add(half, sibling=True, home="father")
        relate(half, father, "father")
    if shape.unborn_sibling:
        baby = unborn()
        add(baby, sibling=True)
        relate(baby, mother, "mother")
    for i in range(shape.unrelated_children_at_home):
        add(person(4 + i, family_name="Cousin"), home=subjects_home)
    for members in homes.values():
        if members:
            live_together(HouseholdFactory(), *members, since=since)
    return fam
