"""The one place through which views reach people and their records.

Views build an ``AccessScope`` from the request and ask it for people (scoped querysets)
or for one person (``scope.person(id)``), which returns an ``Access``: the person, the
basis on which the record was opened (recorded in the audit trail) and whether the user
may change it; or raises ``AccessRefused`` (403) or Http404. ``make test`` runs
scripts/lint_person_access.py, which fails when a view module reaches person data around
this module."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404

from thinkfamily.access import permissions, rules
from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.casenotes.models import CaseNote, CaseNoteShare
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import Service
from thinkfamily.people.models import HouseholdMembership, LegalStatusEntry, Person, Relationship


class AccessRefused(PermissionDenied):
    """No legitimate relationship and no active break-glass access. The 403 handler audits
    it (access.refusals), naming the person as ``record``."""

    def __init__(self, person):
        self.person_id = person.pk
        self.record = person
        super().__init__("You do not have a care relationship with this person.")


@dataclass(frozen=True)
class Access:
    person: Person
    can_edit: bool
    basis: str
    rule: str
    break_glass: BreakGlassAccess | None = None
    # What the page asked of the person's row as it was read (``AccessScope.person(facts=...)``).
    facts: dict = field(default_factory=dict, hash=False, compare=False)


def people_for(user, now=None, built_rules=None):
    """Everyone ``user`` may see at ``now`` (the app's clock when not given): what a request's
    ``AccessScope.people`` gives, for where there is no request (the demo guide lists what
    each demo sign-in may open). ``built_rules``: rules.rules_for(user, now), when built."""
    return Person.objects.filter(rules.people_q(user, clock.now() if now is None else now, built_rules))


class AccessScope:
    def __init__(self, request):
        self.request = request
        self.user = request.user
        self.now = clock.now()  # the clock deadlines read, so a moved clock moves access too
        self.auditor = Auditor.from_request(request)
        self._people = None
        self._rules = None

    def rules(self) -> list:
        """The rules that can give this user access (access.rules.rules_for), built once per
        scope: the record asks them of the person and again of everyone in the family."""
        if self._rules is None:
            self._rules = rules.rules_for(self.user, self.now)
        return self._rules

    def people(self):
        """Everyone this user may see. Views never use Person.objects directly. The rules are
        built once per scope (a dashboard asks for them in each of its figures) and every call
        gets its own copy of the queryset; whom they let in is decided when a query runs."""
        if not self.user.is_authenticated:
            raise PermissionDenied
        if self._people is None:
            self._people = people_for(self.user, self.now, self.rules())
        return self._people.all()

    def among(self, rows, person: str = "person"):
        """The rows of a queryset (rows that each belong to a person, through the field
        ``person``) whose person this user may see. The rules are checked for each row's person
        (an EXISTS on the person's primary key), so the cost follows the rows asked for: a
        filter ``person__in=self.people()`` would first decide access for everyone in the
        database (seconds per query at the area's 200,000 people on SQLite)."""
        return rows.filter(Exists(self.people().filter(pk=OuterRef(person))))

    def visible_ids(self, people) -> set:
        """Which of these people the user may open (one query)."""
        ids = [p.pk for p in people]
        return set(self.people().filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()

    def person(self, person_id, *, audit: bool = True, for_edit: bool = False, permission: str = "",
               facts=None) -> Access:
        """The person, if this user may open their record; ``for_edit`` also asks that the
        basis of access lets them change it, ``permission`` that they may do that action to
        it (access.permissions). A refusal raises, carrying the person (audited by the 403
        handler). ``facts``: expressions the page asks of the person's row in the same query
        (``Access.facts``), such as which of the record's sections have any rows."""
        try:
            person, rule, found = rules.person_and_basis(self.user, person_id, self.now, facts, self.rules())
        except (Person.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("No record found") from exc
        if rule is None:
            raise AccessRefused(person)  # audited where every refusal is: access.refusals
        break_glass = None
        basis = rule.description
        if rule.code == "break_glass":
            break_glass = (
                BreakGlassAccess.objects.active(self.now)
                .filter(person=person, practitioner=self.user)
                .order_by("-expires_at")
                .first()
            )
            basis = f"Break glass: {break_glass.get_reason_display()}"
        # Reading is not writing: a lookup, an attendance or break glass opens the record to
        # read only (access.permissions).
        access = Access(
            person=person,
            can_edit=permissions.may_write_on(rule.code),
            basis=basis,
            rule=rule.code,
            break_glass=break_glass,
            facts=found,
        )
        if for_edit and not access.can_edit:
            raise permissions.NotPermitted(permissions.MESSAGES["people.change_record"], record=person)
        if permission:
            permissions.require(self.user, permission, person)
        if audit:
            self.auditor.basis = basis
            self.auditor.read(person, basis=basis, detail={"path": self.request.path})
        return access

    def person_for_break_glass(self, person_id) -> Person:
        """The person a practitioner asks to break glass for. Refused to roles that never
        see people (commissioners) and to anyone who already has access."""
        if not rules.rules_for(self.user, self.now):
            raise PermissionDenied("Your role does not open personal records.")
        try:
            return Person.objects.get(pk=person_id)
        except (Person.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("No record found") from exc

    def auditor_for(self, access: Access) -> Auditor:
        """An auditor that records writes with the basis on which the record was opened."""
        return Auditor(actor=self.user, request_id=self.auditor.request_id, basis=access.basis)

    # Rows that belong to a person the user has opened.
    def relationship(self, access: Access, relationship_id) -> Relationship:
        try:
            return Relationship.objects.select_related("relative", "person").get(
                pk=relationship_id, person=access.person
            )
        except Relationship.DoesNotExist as exc:
            raise Http404("No such relationship") from exc

    def legal_status_entry(self, access: Access, entry_id) -> LegalStatusEntry:
        try:
            return LegalStatusEntry.objects.select_related("person").get(pk=entry_id, person=access.person)
        except LegalStatusEntry.DoesNotExist as exc:
            raise Http404("No such entry") from exc

    def is_superseded(self, entry: LegalStatusEntry) -> bool:
        return LegalStatusEntry.objects.filter(supersedes=entry).exists()

    def current_households(self, people):
        """Current household memberships of people the user may see (for choosing a move)."""
        visible = self.visible_ids(people)
        return HouseholdMembership.objects.current().filter(person_id__in=visible).select_related("household", "person")


@dataclass(frozen=True)
class NoteView:
    """A case note as this user may see it: its content, or only that it exists."""

    note: object
    readable: bool
    shared_reason: str = ""


def case_notes_for(scope: AccessScope, access: Access) -> list[NoteView]:
    """Restricted entries (R2.4) are readable by their own service, and by a service the
    owner shared them with; everyone else sees that they exist and whom to contact."""
    service_id = scope.user.team.service_id if scope.user.team_id else None
    # The share with the user's service (one at most: one_share_per_service) read with its note.
    shared = CaseNoteShare.objects.filter(note=OuterRef("pk"), shared_with_id=service_id)
    notes = (
        CaseNote.objects.filter(person=access.person)
        .select_related("service__organisation", "author")
        .annotate(shared_with_me=Exists(shared), shared_reason=Subquery(shared.values("reason")[:1]))
    )
    views = []
    for note in notes:
        share = service_id is not None and note.shared_with_me
        readable = (not note.restricted) or note.service_id == service_id or share
        views.append(NoteView(note, readable, note.shared_reason if share else ""))
    return views


def involvement_visible(user, *, service: str, person) -> Q:
    """R2.4, the involvement rule: that a restricted service (Service.RESTRICTED_KINDS, sexual
    health) works with a person is itself confidential, as its entries are. Its own staff may
    know it, and so may a service it has shared an entry about the person with (the share, and
    its reason, told them); nobody else, however else they reach the person's record.

    A filter for rows that name a practitioner of a service as a recipient or reader (the sent
    notifications, "who has looked at this record"): true for the rows this user may see.
    ``service`` is the lookup from the rows to that service ("recipient__team__service");
    ``person`` the person the rows are about: a Person, or an expression such as
    ``OuterRef("subject_person")``. A row is judged by the practitioner's team now."""
    own = user.team.service_id if getattr(user, "team_id", None) else None
    shared_with_mine = CaseNoteShare.objects.filter(
        note__service=OuterRef(service), note__person=person, shared_with_id=own
    )
    visible = (
        Q(**{f"{service}__isnull": True})
        | ~Q(**{f"{service}__kind__in": Service.RESTRICTED_KINDS})
        | Exists(shared_with_mine)
    )
    if own is not None:
        visible |= Q(**{service: own})
    return visible
