"""What the family record says for a referral (R4.1): the other children to link, who holds
parental responsibility, and the answers the quality check reads."""

import datetime

from thinkfamily.core import clock
from thinkfamily.core.models import is_current
from thinkfamily.people.family import FamilyPicture, family_picture
from thinkfamily.people.models import Person
from thinkfamily.referrals import quality
from thinkfamily.referrals.models import Referral

REFERABLE_KINDS = {Person.Kind.CHILD, Person.Kind.UNBORN}


def _name(person: Person) -> str:
    return person.given_name or person.full_name


def linked_children_candidates(picture: FamilyPicture) -> list[Person]:
    """Children who live with the child, and the child's siblings (not adults)."""
    people = {}
    for membership in picture.household_members:
        if membership.person.kind in REFERABLE_KINDS:
            people[membership.person.pk] = membership.person
    for sibling in picture.siblings:
        if sibling.person.kind in REFERABLE_KINDS:
            people.setdefault(sibling.person.pk, sibling.person)
    return list(people.values())


def parental_responsibility_text(picture: FamilyPicture, today: datetime.date) -> str:
    rows = [row for row in picture.parental_responsibility if is_current(row, today)]
    return "\n".join(f"{row.holder_name} ({row.get_basis_display().lower()})" for row in rows)


def _age(person: Person, today: datetime.date) -> int | None:
    return person.age_in_years(today) if person.date_of_birth else None


def quality_input(referral: Referral, picture: FamilyPicture | None = None) -> quality.ReferralText:
    """The referral's answers and what the family record says, for the quality check."""
    child = referral.child
    picture = picture or family_picture(child)
    today = clock.today()
    household_children = tuple(
        quality.OtherChild(
            m.person.pk,
            f"{m.person.given_name} {m.person.family_name}".strip() if m.person.given_name else m.person.full_name,
            _age(m.person, today),
            m.person.given_name,
        )
        for m in picture.household_members
        if m.person.kind in REFERABLE_KINDS
    )
    holders = tuple(row.holder_name for row in picture.parental_responsibility if is_current(row, today))
    linked = frozenset(referral.linked_children.values_list("pk", flat=True)) if referral.pk else frozenset()
    return quality.ReferralText(
        child_given_name=_name(child),
        presenting_concern=referral.presenting_concern,
        risk_to_child=referral.risk_to_child,
        impact_on_child=referral.impact_on_child,
        voice_of_child=referral.voice_of_child,
        parental_responsibility=referral.parental_responsibility,
        other_children=referral.other_children,
        level_of_need=referral.level_of_need,
        domestic_abuse=referral.domestic_abuse,
        parental_substance_misuse=referral.parental_substance_misuse,
        parental_mental_ill_health=referral.parental_mental_ill_health,
        linked_children_ids=linked,
        household_children=household_children,
        pr_holders_on_record=holders,
        child_is_unborn=child.is_unborn,
        pronouns=quality.Pronouns.for_sex(child.sex),
    )


def check_quality(referral: Referral) -> quality.QualityReport:
    return quality.check(quality_input(referral))
