"""What the pages show about a person, formatted once: the header of every page about them,
search results, and the sections of the record that need a decision made for the viewer
(which flags they may end, which notes they may share, which referrals they may open), so
that the templates only present."""

from dataclasses import dataclass, field

from thinkfamily.access import permissions
from thinkfamily.core.presenters import format_age, format_date
from thinkfamily.flags.presenters import FlagSection, FlagView, banner_flags, visible_to
from thinkfamily.people.family import legal_status_summary, legal_statuses_for
from thinkfamily.people.models import HouseholdMembership, Person


def language_text(person: Person) -> str:
    """The person's language and whether they need an interpreter, in words ("Polish
    (interpreter needed)"); empty when neither is recorded, or for an unborn baby."""
    if person.is_unborn:
        return ""
    language = (person.language or "").strip()
    if person.interpreter_needed:
        return f"{language} (interpreter needed)" if language else "Interpreter needed (language not recorded)"
    return language


@dataclass
class PersonHeader:
    """The header that is the same on every page about a person."""

    person: Person
    legal_status: str
    legal_status_tags: list
    # The banner's flags (flags.presenters.FlagView): the current ones this viewer may see
    # (R2.1), the same in every service.
    flags: list = field(default_factory=list)

    @property
    def language_text(self) -> str:
        return language_text(self.person)

    @property
    def age_text(self) -> str:
        if self.person.is_unborn:
            return f"Unborn: expected {format_date(self.person.expected_delivery_date)}"
        return format_age(self.person.date_of_birth)


def person_header(person: Person, viewer) -> PersonHeader:
    """The header of a page about ``person`` as ``viewer`` sees it."""
    statuses = legal_statuses_for([person])[person.pk]
    return PersonHeader(
        person, legal_status_summary(statuses), [entry.label for entry in statuses],
        flags=visible_to(viewer, banner_flags(person)),
    )


@dataclass
class SearchResult:
    person: Person
    address: str
    legal_status: str
    score: int


def search_results(matches) -> list[SearchResult]:
    """Address and current legal status for every match, in two queries whatever the count."""
    people = [m.person for m in matches]
    statuses = legal_statuses_for(people)
    addresses = {
        m.person_id: m.household.address
        for m in HouseholdMembership.objects.current().filter(person__in=people).select_related("household")
    }
    return [
        SearchResult(
            m.person,
            addresses.get(m.person.pk, "No current address recorded"),
            legal_status_summary(statuses[m.person.pk]),
            m.score,
        )
        for m in matches
    ]


# The record's sections ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordFlag:
    flag: FlagView
    may_end: bool  # this viewer may end it here (or is told that it ends with its legal status)


@dataclass(frozen=True)
class RecordFlags:
    """The record's "Flags" section: current and ended flags (history is kept)."""

    current: list[RecordFlag]
    ended: list[RecordFlag]
    may_raise: bool


def record_flags(section: FlagSection) -> RecordFlags:
    """The flags section (flags.presenters.flag_section) with each current flag's decision made:
    a viewer who manages flags ends this person's own flags of the types they may end (the
    MARAC coordinator: MARAC), not an unborn child's shown here."""

    def may_end(view: FlagView) -> bool:
        return (
            section.can_manage
            and view.about is None
            and (section.manageable_codes is None or view.flag.type.code in section.manageable_codes)
        )

    return RecordFlags(
        current=[RecordFlag(view, may_end(view)) for view in section.current],
        ended=[RecordFlag(view, False) for view in section.ended],
        may_raise=section.can_manage,
    )


@dataclass(frozen=True)
class RecordNote:
    note: object  # casenotes.models.CaseNote
    readable: bool
    shared_reason: str
    may_share: bool  # a restricted entry of the viewer's own service, which they may share


def record_notes(viewer, notes) -> list[RecordNote]:
    """The case notes section: ``notes`` as access.scoping.case_notes_for reads them for the
    viewer, each with whether the viewer may share it (a restricted entry of their own service)."""
    own_service = viewer.team.service_id if viewer.team_id else None
    return [
        RecordNote(
            v.note, v.readable, v.shared_reason,
            may_share=v.readable and v.note.restricted and own_service is not None and own_service == v.note.service_id,
        )
        for v in notes
    ]


@dataclass(frozen=True)
class RecordReferral:
    referral: object  # referrals.models.Referral
    may_open: bool  # the viewer is a party to it (access.permissions.referral_party_basis)


def record_referrals(viewer, person: Person) -> list[RecordReferral] | None:
    """The "Referrals to the MASH" section of a child's (or an unborn baby's) record: the
    referrals sent about them and this viewer's own drafts; None for an adult, whose record
    has no such section."""
    if person.kind == Person.Kind.ADULT:
        return None
    return [
        RecordReferral(referral, permissions.referral_party_basis(viewer, referral) is not None)
        for referral in person.referrals.on_record_for(viewer)
    ]
