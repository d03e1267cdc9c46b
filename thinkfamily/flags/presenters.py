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


def flag_section(person: Person, user, access=None) -> FlagSection:
    """``access``: the user's Access to the record, when the page has it (the record page):
    whether they may raise and end flags on it."""
    condition = Q(person_id=person.pk)
    if not person.is_unborn:
        condition |= Q(person_id__in=unborn_children_of(person))
    flags = (
        Flag.objects.filter(condition)
        .select_related("type", "raised_by_organisation", "person", "ended_by", "raised_by")
        .order_by("-start_date", "-id")
    )
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
