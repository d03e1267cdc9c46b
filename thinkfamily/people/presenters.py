"""What the pages show about a person, formatted once: the header of every page about them,
search results, and the sections of the record that need a decision made for the viewer
(which flags they may end, which notes they may share, which referrals they may open), so
that the templates only present."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.casenotes.models import CaseNote
from thinkfamily.core.presenters import format_age, format_date, format_datetime
from thinkfamily.flags.models import Flag
from thinkfamily.flags.presenters import FlagSection, FlagView, banner_flags, visible_to
from thinkfamily.lac.models import HealthAssessment
from thinkfamily.organisations.models import CaseloadMembership, EpisodeOfCare
from thinkfamily.people.family import legal_status_summary, legal_statuses_for
from thinkfamily.people.models import (
    GPRegistration,
    HouseholdMembership,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    PersonRevision,
    SchoolEnrolment,
)
from thinkfamily.referrals.models import Concern, InformationRequest, Referral


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
    def shows_legal_status(self) -> bool:
        """A child's (or an unborn baby's) header always says their legal status; an adult's
        only when one is recorded (a care leaver), never "none recorded" for a grown-up."""
        return self.person.kind != Person.Kind.ADULT or bool(self.legal_status_tags)

    @property
    def age_text(self) -> str:
        if self.person.is_unborn:
            return f"Unborn: expected {format_date(self.person.expected_delivery_date)}"
        return format_age(self.person.date_of_birth)


def person_header(person: Person, viewer, *, statuses=None, flags=None) -> PersonHeader:
    """The header of a page about ``person`` as ``viewer`` sees it. A page that has already
    read them passes the person's current legal statuses (``statuses``) and the banner's flags
    as ``viewer`` may see them (``flags``: flags.presenters.banner_flags, then visible_to), so
    that nothing is read twice."""
    if statuses is None:
        statuses = legal_statuses_for([person])[person.pk]
    return PersonHeader(
        person, legal_status_summary(statuses) if statuses else "None recorded", [entry.label for entry in statuses],
        flags=visible_to(viewer, banner_flags(person)) if flags is None else flags,
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
            _search_legal_status(m.person, statuses[m.person.pk]),
            m.score,
        )
        for m in matches
    ]


def _search_legal_status(person, statuses) -> str:
    """A search result's legal status: the statuses, else "None recorded" for a child and
    "Not applicable (adult)" for an adult with none (a care leaver's is shown)."""
    if statuses:
        return legal_status_summary(statuses)
    return "Not applicable (adult)" if person.kind == person.Kind.ADULT else "None recorded"


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
    about: Person | None = None  # her unborn baby, on a pregnant woman's record


def record_referrals(viewer, person: Person, unborn=(), has_own=True) -> list[RecordReferral] | None:
    """The "Referrals to the MASH" section of a child's (or an unborn baby's) record: the
    referrals sent about them and this viewer's own drafts. On a pregnant woman's record, her
    unborn babies' referrals, naming the baby (``unborn``: the babies whose record this viewer
    may open, access.scoping); None for any other adult, whose record has no such section.
    ``has_own``: False when the page knows no referral names the person."""
    if person.kind == Person.Kind.ADULT:
        if not unborn:
            return None
        found = Referral.objects.filter(child__in=unborn).on_record_for(viewer).select_related("child")
        return [
            RecordReferral(referral, permissions.referral_party_basis(viewer, referral) is not None, referral.child)
            for referral in found
        ]
    if not has_own:
        return []
    return [
        RecordReferral(referral, permissions.referral_party_basis(viewer, referral) is not None)
        for referral in person.referrals.on_record_for(viewer)
    ]


# Which sections have rows --------------------------------------------------------------------
# The record reads each section's rows in a query of its own. Most people have nothing in most
# sections, so the record first asks, with the person's own row (the access check's query), which
# sections have any row at all (an EXISTS over the indexed column that points at the person), and
# does not read a section that has none. Each condition finds every row its section could show
# (more, never fewer), so a section read is the same as before and a section not read is empty.


def _person_column() -> str:
    quote = connection.ops.quote_name
    return f"{quote(Person._meta.db_table)}.{quote(Person._meta.pk.column)}"


def _rows_of(model, column: str, **equal) -> tuple[str, list]:
    """EXISTS a row of ``model`` whose ``column`` is the person, and whose fields in ``equal``
    have those values (None: no value): (SQL, parameters)."""
    quote, table = connection.ops.quote_name, connection.ops.quote_name(model._meta.db_table)
    where, params = [f"{table}.{quote(model._meta.get_field(column).column)} = {_person_column()}"], []
    for name, value in equal.items():
        field_ = f"{table}.{quote(model._meta.get_field(name).column)}"
        where.append(f"{field_} IS NULL" if value is None else f"{field_} = %s")
        params += [] if value is None else [value]
    # The models' own table and column names, quoted; every value is a parameter.
    return f"EXISTS(SELECT 1 FROM {table} WHERE {' AND '.join(where)})", params  # noqa: S608


def _open_follow_ups_for_unborn() -> tuple[str, list]:
    quote = connection.ops.quote_name
    followups, appointments = quote(FollowUp._meta.db_table), quote(Appointment._meta.db_table)
    appointment = quote(FollowUp._meta.get_field("appointment").column)
    for_unborn = quote(Appointment._meta.get_field("for_unborn").column)
    completed = quote(FollowUp._meta.get_field("completed_at").column)
    return (f"EXISTS(SELECT 1 FROM {followups} INNER JOIN {appointments} "  # noqa: S608
            f"ON {appointments}.{quote(Appointment._meta.pk.column)} = {followups}.{appointment} "
            f"WHERE {appointments}.{for_unborn} = {_person_column()} AND {followups}.{completed} IS NULL)", [])


def _either(*conditions) -> tuple[str, list]:
    return " OR ".join(sql for sql, _ in conditions), [p for _, params in conditions for p in params]


def record_section_rows() -> dict:
    """{section: expression}, for ``AccessScope.person(facts=...)``: whether each of the
    record's sections has any row it could show (True when it may have, False when it has none)."""
    conditions = {
        "legal_status": _rows_of(LegalStatusEntry, "person"),
        "parental_responsibility": _rows_of(ParentalResponsibility, "child"),
        "school": _rows_of(SchoolEnrolment, "person"),
        "gp": _rows_of(GPRegistration, "person"),
        "flags": _rows_of(Flag, "person"),
        "referrals": _rows_of(Referral, "child"),
        "concerns": _rows_of(Concern, "child", decision=""),  # undecided ones (Concern.objects.undecided)
        "health_assessments": _rows_of(HealthAssessment, "child"),
        "caseload": _rows_of(CaseloadMembership, "person"),
        "episodes": _rows_of(EpisodeOfCare, "person", kind=EpisodeOfCare.Kind.CARE.value),
        "appointments": _either(_rows_of(Appointment, "person"), _rows_of(Appointment, "for_unborn")),
        "follow_ups": _either(_rows_of(FollowUp, "person", completed_at=None), _open_follow_ups_for_unborn()),
        "revisions": _rows_of(PersonRevision, "person"),
        "information_requests": _rows_of(InformationRequest, "child", answered_at=None, cancelled_at=None),
        "case_notes": _rows_of(CaseNote, "person"),
    }
    return {
        name: RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 (as above: names, and parameters)
        for name, (sql, params) in conditions.items()
    }


# What matters now ---------------------------------------------------------------------------
# The card the record opens on: the person's current flags, what is due or overdue from every
# module, and who is working with them and how to reach them. Built from the sections the record
# view already gathered (each app's own presenter), so that the card and the sections below it
# always say the same thing.


@dataclass(frozen=True)
class DueItem:
    text: str
    when: str  # "Overdue by 12 days", "Decision due by 3 March 2026 at 9am"
    href: str
    overdue: bool


@dataclass(frozen=True)
class Responsible:
    name: str
    role: str
    where: str
    phone: str

    @property
    def phone_href(self) -> str:
        """A ``tel:`` link for the phone number (digits and a leading +)."""
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""


@dataclass(frozen=True)
class WhatMattersNow:
    flag_count: int
    due: list[DueItem]
    people: list[Responsible]
    nothing_due: str

    @property
    def flags_text(self) -> str:
        if not self.flag_count:
            return "No current flags"
        return f"{self.flag_count} current flag{'' if self.flag_count == 1 else 's'}"

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.due if item.overdue)


def _appointment_items(appointments) -> list[DueItem]:
    if not appointments:
        return []
    items = [
        DueItem(f"Missed appointment to follow up: {row.kind}",
                f"{'Overdue: record' if row.overdue else 'Record'} what was done by {row.due}", row.link, row.overdue)
        for row in appointments.follow_ups
    ]
    items += [DueItem(row.what, f"{row.status}, {row.when}", "#appointments", True) for row in appointments.overdue]
    if appointments.upcoming:
        row = appointments.upcoming[0]
        items.append(DueItem(f"Next appointment: {row.what}", row.when, "#appointments", False))
    return items


def _assessment_items(health_assessments) -> list[DueItem]:
    return [
        DueItem(row.assessment.get_kind_display(), row.state, reverse("lac:assessment", args=[row.assessment.pk]),
                row.state_class == "nhsuk-tag--red")
        for row in health_assessments or []
        if not (row.assessment.completed_on or row.assessment.closed_on)
    ]


def _referral_items(referrals, concerns) -> list[DueItem]:
    items = [
        DueItem(f"Referral to the MASH{' about ' + row.about.full_name if row.about else ''}: awaiting the outcome",
                f"Sent {format_datetime(row.referral.sent_at)}",
                reverse("referrals:detail", args=[row.referral.pk]) if row.may_open else "#referrals", False)
        for row in referrals or []
        if row.referral.sent_at and not row.referral.outcome
    ]
    items += [
        DueItem(f"Concern recorded by {row.recorded_by}: decide whether to refer", f"Decision due by {row.due}",
                reverse("referrals:concern", args=[row.concern.pk]), row.overdue)
        for row in concerns or []
    ]
    return items


def _request_items(information_requests, now) -> list[DueItem]:
    return [
        DueItem(f"MASH information request to {r.service.name}: awaiting an answer",
                f"Answer due by {format_datetime(r.due_at)}" if r.due_at else "No deadline",
                reverse("referrals:mash_request", args=[r.pk]), bool(r.due_at and r.due_at < now))
        for r in information_requests or []
    ]


def _pregnancy_items(pregnancy) -> list[DueItem]:
    return [
        DueItem("Routine enquiry about domestic abuse", p.next_due, "#pregnancy", p.next_overdue)
        for p in pregnancy or []
        if p.next_overdue
    ]


def _responsible(care) -> list[Responsible]:
    """Who is working with the person and how to reach them: the named practitioners of the
    caseloads they are on (their own number, else their team's, else their service's), then
    the services with an open episode of care."""
    people = []
    for row in care.get("current_places", []):
        place = row["place"]
        team, holder = place.team, place.practitioner
        if holder is not None:
            name, role = holder.display_name, holder.get_role_display() if holder.role else "Named practitioner"
        else:
            name, role = team.name, "Team caseload"
        phone = (holder.phone if holder is not None else "") or team.phone or team.service.phone
        people.append(Responsible(name, role, f"{team.name}, {team.service.organisation.name}", phone))
    for row in care.get("open_episodes", []):
        service = row["episode"].service
        people.append(Responsible(service.name, "Episode of care", service.organisation.name, service.phone))
    return people


def what_matters_now(person: Person, *, flags: RecordFlags, care, now, appointments=None, health_assessments=None,
                     referrals=None, concerns=None, information_requests=None, pregnancy=None) -> WhatMattersNow:
    """The card the record opens on (issue 15), from the record's sections: ``appointments``
    (appointments.presenters.record_section), ``health_assessments`` (lac), ``referrals``
    (record_referrals), ``concerns`` (referrals.presenters.concern_rows), ``information_requests``
    (the open MASH requests about the person this viewer may open), ``pregnancy``
    (assessments.presenters.pregnancy_section) and ``care`` (caseloads.presenters.record_section).
    What is due comes overdue first."""
    due = [
        *_appointment_items(appointments), *_assessment_items(health_assessments),
        *_referral_items(referrals, concerns), *_request_items(information_requests, now),
        *_pregnancy_items(pregnancy),
    ]
    due.sort(key=lambda item: not item.overdue)
    name = person.given_name or person.full_name
    return WhatMattersNow(
        flag_count=len(flags.current), due=due, people=_responsible(care),
        nothing_due=f"Nothing is due or overdue for {name} in the services you can see.",
    )


# The record's contents and its corrections ---------------------------------------------------


def record_contents(*, health_assessments=None, pregnancy=None, appointments=None, referrals=None,
                    revisions=()) -> list[dict]:
    """The record's contents list (the NHS contents list pattern): every section present, in
    the order the page shows them, as ``{"href", "text"}``."""
    sections = [
        ("now", "What matters now", True),
        ("working-with", "Who is working with them", True),
        ("flags", "Flags", True),
        ("health-assessments", "Health assessments", health_assessments is not None),
        ("pregnancy", "Pregnancy", bool(pregnancy)),
        ("appointments", "Appointments", bool(appointments)),
        ("referrals", "Referrals to the MASH", referrals is not None),
        ("family", "Family: household, parental responsibility, relatives and genogram", True),
        ("legal-status", "Legal status", True),
        ("case-notes", "Case notes", True),
        ("history", "History: addresses, schools and GP practice", True),
        ("corrections", "Corrections to this record", bool(revisions)),
    ]
    return [{"href": f"#{anchor}", "text": text} for anchor, text, present in sections if present]


# The record's fields in words, for the list of corrections (a field's code name is never shown).
FIELD_NAMES = {
    "kind": "born or unborn",
    "nhs_number": "NHS number",
    "given_name": "given name",
    "middle_names": "middle names",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "expected_delivery_date": "expected delivery date",
    "date_of_death": "date of death",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "language": "main language",
    "interpreter_needed": "whether an interpreter is needed",
}


def field_name(code: str) -> str:
    """A field of a person's record as a practitioner says it ("date of birth", "NHS number")."""
    return FIELD_NAMES.get(code, "other details")


@dataclass(frozen=True)
class Correction:
    revision: object  # people.models.PersonRevision
    fields: str


def record_corrections(revisions) -> list[Correction]:
    """The record's corrections, each with the fields it changed in words."""
    return [Correction(r, ", ".join(field_name(code) for code in r.changes)) for r in revisions]
