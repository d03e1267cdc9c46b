"""What the pages show about flags, formatted once: the banner at the top of every page
about a person (R2.1), the record's flag history, and the point-of-care lookup (R2.2)."""

from dataclasses import dataclass

from django.db.models import Q

from thinkfamily.access import permissions
from thinkfamily.core.presenters import format_date
from thinkfamily.flags.models import Flag
from thinkfamily.flags.services import MARAC, may_raise, may_see_flag
from thinkfamily.people.models import Person, Relationship


@dataclass(frozen=True)
class FlagView:
    """One flag as a page shows it. ``about`` is set when the flag is another person's shown
    here: an unborn child's flag on the pregnant woman's record."""

    flag: Flag
    about: Person | None = None

    @property
    def label(self) -> str:
        return f"Unborn baby: {self.flag.label}" if self.about is not None else self.flag.label

    @property
    def since(self) -> str:
        return format_date(self.flag.start_date)

    @property
    def ended(self) -> str:
        return format_date(self.flag.end_date)

    @property
    def raised_by(self) -> str:
        return self.flag.raised_by_organisation.name

    @property
    def contact_name(self) -> str:
        return self.flag.contact_name

    @property
    def contact_phone(self) -> str:
        return self.flag.contact_phone

    @property
    def contact_out_of_hours_phone(self) -> str:
        return self.flag.contact_out_of_hours_phone

    @property
    def follows_legal_status(self) -> bool:
        return bool(self.flag.legal_status_entry_id or self.flag.type.from_legal_status)

    @property
    def restricted(self) -> bool:
        return self.flag.visibility == Flag.Visibility.SAFEGUARDING

    def as_json(self) -> dict:
        flag = self.flag
        return {
            "type": flag.type.code,
            "label": self.label,
            "detail": flag.detail,
            "start_date": flag.start_date.isoformat(),
            "end_date": flag.end_date.isoformat() if flag.end_date else None,
            "raised_by": self.raised_by,
            "visibility": flag.visibility,
            "contact": {
                "name": flag.contact_name,
                "phone": flag.contact_phone,
                "out_of_hours_phone": flag.contact_out_of_hours_phone,
            },
        }


YOUNG_PERSON_FROM = 16  # a child of 16 or 17 is a young person


def kind_of_person(person: Person) -> str:
    """"child", "young person", "adult" or "unborn baby": how a page speaks of this person."""
    if person.is_unborn:
        return "unborn baby"
    if person.kind == Person.Kind.ADULT:
        return "adult"
    age = person.age_in_years()
    return "young person" if age is not None and age >= YOUNG_PERSON_FROM else "child"


def told_sentences(person: Person, about_person: int, for_unborn: int) -> list[str]:
    """What the lookup page says about who was told: the person's own social care (by the
    person's kind), and an unborn baby's social care, told that its mother was seen."""
    sentences = []
    kind = kind_of_person(person)
    if about_person:
        if kind == "unborn baby":
            sentences.append("The unborn baby's social worker, or the MASH, has been told that its record "
                             "was looked up here.")
        elif kind == "adult":
            sentences.append(f"Social care has been told that {person.full_name} was seen here.")
        else:
            sentences.append(f"The {kind}'s social worker, or the MASH, has been told that the {kind} was seen here.")
    if for_unborn:
        sentences.append(f"The unborn baby's social worker, or the MASH, has been told that its mother, "
                         f"{person.full_name}, was seen here.")
    return sentences


def whose_flags_sentence(person: Person, own: list, unborn_children: list) -> str:
    """One sentence under the banner on the lookup page. ``own``: the person's own current
    flags; ``unborn_children``: (person, current_flags) pairs for each unborn child."""
    flagged = [child for child in unborn_children if child.current_flags]
    if not flagged:
        return "" if own else "No current safeguarding flags for this person."
    babies = "; ".join(
        f"{'her unborn baby' if len(flagged) == 1 else child.person.full_name}"
        f"{', due ' + format_date(child.person.expected_delivery_date) if child.person.expected_delivery_date else ''}"
        for child in flagged
    )
    if own:
        return (f"The flags that start \u201cUnborn baby\u201d are for {babies}; "
                f"the others are {person.full_name}'s own.")
    count = sum(len(child.current_flags) for child in flagged)
    flags = "The safeguarding flag above is" if count == 1 else "The safeguarding flags above are"
    return f"{flags} for {babies}, not for {person.full_name} herself."


def unborn_children_of(person):
    """The unborn children recorded against this woman (a subquery of ids)."""
    return Relationship.objects.filter(
        relative_id=person.pk, type=Relationship.Type.MOTHER, person__kind=Person.Kind.UNBORN
    ).values("person_id")


def _views(flags, person) -> list[FlagView]:
    return [FlagView(flag, None if flag.person_id == person.pk else flag.person) for flag in flags]


def banner_flags(person: Person) -> list[FlagView]:
    """The person's current flags and their unborn children's, in one query. Every viewer's
    banner comes from this list (filtered by ``visible_to``), so it is the same everywhere."""
    condition = Q(person_id=person.pk)
    if not person.is_unborn:
        condition |= Q(person_id__in=unborn_children_of(person))
    flags = (
        Flag.objects.current()
        .filter(condition)
        .select_related("type", "raised_by_organisation", "person")
        .order_by("start_date", "id")
    )
    return _views(flags, person)


def visible_to(user, views: list[FlagView]) -> list[FlagView]:
    """Flags with visibility "safeguarding" only for safeguarding leads and social care."""
    return [view for view in views if may_see_flag(user, view.flag)]


@dataclass
class FlagSection:
    """The "Flags" section of the record: current and ended flags (history is kept)."""

    current: list[FlagView]
    ended: list[FlagView]
    can_manage: bool
    # The types this user may end by hand (the MARAC coordinator: MARAC); None: every type.
    manageable_codes: frozenset | None = None


def flag_section(person: Person, user, access=None, unborn=None, has_own=True) -> FlagSection:
    """``access``: the user's Access to the record, when the page has it (the record page):
    whether they may raise and end flags on it. ``unborn``: the unborn children recorded
    against this woman, when the page has read them (an IN list, not a subquery);
    ``has_own``: False when the page knows the person has no flag of their own."""
    condition = Q(person_id=person.pk)
    if unborn is not None:
        ids = [*([person.pk] if has_own else []), *(baby.pk for baby in unborn if not person.is_unborn)]
        condition = Q(person_id__in=ids)
    elif not person.is_unborn:
        condition |= Q(person_id__in=unborn_children_of(person))
    flags = (
        Flag.objects.filter(condition)
        .select_related("type", "raised_by_organisation", "person", "ended_by", "raised_by")
        .order_by("-start_date", "-id")
    ) if has_own or unborn else []
    views = visible_to(user, _views(flags, person))
    record = access or person
    lead = permissions.may(user, "flags.raise_flag", record)
    codes = [] if lead else [code for code in [MARAC] if may_raise(user, record, code)]
    can_manage = lead or bool(codes)
    return FlagSection(
        current=[v for v in views if v.flag.is_current],
        ended=[v for v in views if v.flag.end_date is not None and not v.flag.is_current],
        can_manage=can_manage,
        manageable_codes=None if lead else frozenset(codes),
    )
