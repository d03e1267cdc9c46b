"""Derived views of a person's family: current legal status, household, parental
responsibility, siblings and linked adults. Everything here is computed from the recorded
rows at read time, so nothing is stored twice."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from thinkfamily.core import clock
from thinkfamily.core.models import is_current
from thinkfamily.people.models import (
    HouseholdMembership,
    LegalStatus,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    Relationship,
)


def current_legal_statuses(entries) -> list[LegalStatusEntry]:
    """Fold in-force entries (oldest first) into the statuses that are current: for each
    status, the latest entry decides whether it is running."""
    latest: dict[str, LegalStatusEntry] = {}
    today = clock.today()
    for entry in sorted(entries, key=lambda e: (e.effective_date, e.recorded_at, e.pk or 0)):
        if entry.effective_date > today:
            continue
        latest[entry.status] = entry
    return [entry for entry in latest.values() if entry.change == LegalStatusEntry.Change.START]


def legal_statuses_for(people) -> dict:
    """Current legal statuses for many people in one query: {person_id: [entries]}."""
    by_person = defaultdict(list)
    ids = [p.pk for p in people]
    rows = LegalStatusEntry.objects.in_force().filter(person_id__in=ids).select_related("person")
    for entry in rows:
        by_person[entry.person_id].append(entry)
    return {pid: current_legal_statuses(by_person.get(pid, [])) for pid in ids}


def legal_status_summary(statuses: list[LegalStatusEntry]) -> str:
    if not statuses:
        return "No current legal status recorded"
    return "; ".join(entry.label for entry in statuses)


@dataclass
class Relative:
    person: Person
    relationship: str
    start_date: object = None
    end_date: object = None
    has_parental_responsibility: bool = False
    lives_with_child: bool = False
    notes: str = ""

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date > clock.today()


@dataclass
class FamilyPicture:
    person: Person
    legal_statuses: list = field(default_factory=list)
    legal_status_history: list = field(default_factory=list)
    superseded_ids: set = field(default_factory=set)
    placement_change_ids: set = field(default_factory=set)  # the end and start of each change of placement
    household_history: list = field(default_factory=list)
    current_household: object = None
    household_members: list = field(default_factory=list)
    parental_responsibility: list = field(default_factory=list)
    parents: list = field(default_factory=list)
    siblings: list = field(default_factory=list)
    linked_adults: list = field(default_factory=list)
    children: list = field(default_factory=list)
    grandparents: list = field(default_factory=list)
    school_history: list = field(default_factory=list)
    gp_history: list = field(default_factory=list)
    relationships: list = field(default_factory=list)
    # The current household of each person in the family's relationship rows (the genogram's homes).
    homes: dict = field(default_factory=dict)

    def everyone(self) -> list[Person]:
        """Every other person shown in the picture."""
        people = {m.person.pk: m.person for m in self.household_members}
        for relative in self.parents + self.siblings + self.linked_adults + self.children + self.grandparents:
            people[relative.person.pk] = relative.person
        return list(people.values())


def relationships_around(person_ids) -> list[Relationship]:
    return list(
        Relationship.objects.filter(Q(person_id__in=person_ids) | Q(relative_id__in=person_ids)).select_related(
            "person", "relative"
        )
    )


# The relationship rows within two steps of a person, whatever the size of the family, in one
# statement: the person's relatives (the first ring), their relatives (the second), and every row
# to or from any of them. Each step is an IN over an indexed column (person_id, relative_id), so
# that it reads the family's rows and never scans the table.
_FAMILY_ROWS_SQL = """
WITH first_ring(id) AS (
    SELECT id FROM {person} WHERE id = %s
    UNION SELECT relative_id FROM {rel} WHERE person_id = %s
    UNION SELECT person_id FROM {rel} WHERE relative_id = %s
), second_ring(id) AS (
    SELECT id FROM first_ring
    UNION SELECT relative_id FROM {rel} WHERE person_id IN (SELECT id FROM first_ring)
    UNION SELECT person_id FROM {rel} WHERE relative_id IN (SELECT id FROM first_ring)
)
SELECT id FROM {rel} WHERE person_id IN (SELECT id FROM second_ring)
UNION SELECT id FROM {rel} WHERE relative_id IN (SELECT id FROM second_ring)
"""


def _neighbours(rows, ids) -> set:
    return {r.relative_id for r in rows if r.person_id in ids} | {r.person_id for r in rows if r.relative_id in ids}


class RelationshipRows:
    """The relationship rows around people, each person's read once: the record's family
    picture and its genogram (people.genogram) share them, so that the rings each reads around
    the same people are not read twice. ``read_family`` reads two rings at once (what the
    family picture and the genogram need of a usual family) in one statement."""

    def __init__(self):
        self.rows: dict = {}
        self.queried: set = set()

    def read_family(self, person_id) -> None:
        """Every row to or from anyone within two steps of the person, in one query; those
        people count as read, so ``around`` them asks nothing more."""
        if person_id in self.queried:
            return
        quote = connection.ops.quote_name
        sql = _FAMILY_ROWS_SQL.format(person=quote(Person._meta.db_table), rel=quote(Relationship._meta.db_table))
        value = Person._meta.pk.get_db_prep_value(person_id, connection)
        ids = RawSQL(sql, [value, value, value])  # noqa: S611 (fixed text; the person's id is a bound parameter)
        # In the order the rows were recorded, as the rings read one by one gave them.
        found = list(Relationship.objects.filter(pk__in=ids).select_related("person", "relative").order_by("pk"))
        self.rows.update((row.pk, row) for row in found)
        first = {person_id} | _neighbours(found, {person_id})
        self.queried |= first | _neighbours(found, first)

    def of_type(self, person_id, type_) -> list[Relationship]:
        """The rows of one type to or from the person (read with ``read_family`` first)."""
        return [row for row in self.around([person_id]) if row.type == type_]

    def around(self, person_ids) -> list[Relationship]:
        """The rows to or from any of ``person_ids`` (one query for those not read yet)."""
        wanted = set(person_ids)
        new = wanted - self.queried
        if new:
            self.rows.update((row.pk, row) for row in relationships_around(list(new)))
            self.queried |= new
        return [row for row in self.rows.values() if row.person_id in wanted or row.relative_id in wanted]


def family_picture(person: Person, relationships: RelationshipRows | None = None, has_rows=None) -> FamilyPicture:
    """Everything the record page shows about a person's family, in a fixed, small
    number of queries. ``relationships``: rows shared with the record's genogram.
    ``has_rows``: which of the person's legal_status, parental_responsibility, school and gp
    rows exist (people.presenters.record_section_rows); those with none are not read."""
    today = clock.today()
    relationships = relationships or RelationshipRows()
    picture = FamilyPicture(person=person)

    def read(name, rows):
        return list(rows) if has_rows is None or has_rows.get(name, True) else []

    entries = read(
        "legal_status",
        LegalStatusEntry.objects.filter(person=person)
        .select_related("person", "responsible_authority", "placing_authority", "recorded_by", "supersedes")
        .order_by("effective_date", "recorded_at", "id"),
    )
    superseded = _superseded_ids(entries)
    in_force = [e for e in entries if e.pk not in superseded]
    picture.legal_status_history = entries
    picture.superseded_ids = superseded
    picture.placement_change_ids = placement_changes(in_force)
    picture.legal_statuses = current_legal_statuses(in_force)

    relationships.read_family(person.pk)
    memberships = household_rows(person, {person.pk} | _endpoints(relationships.rows.values()), today)
    picture.household_history = sorted(
        (m for m in memberships if m.person_id == person.pk), key=lambda m: (m.start_date, m.pk), reverse=True
    )
    current = next((m for m in picture.household_history if m.end_date is None or m.end_date > today), None)
    picture.current_household = current.household if current else None
    if current:
        # In the order they were read: by date of birth.
        picture.household_members = [
            m for m in memberships
            if m.household_id == current.household_id and m.person_id != person.pk and is_current(m, today)
        ]
    picture.homes = {m.person_id: m.household_id for m in memberships if is_current(m, today)}

    pr_rows = read(
        "parental_responsibility",
        ParentalResponsibility.objects.filter(child=person).select_related("holder", "holder_organisation"),
    )
    picture.parental_responsibility = pr_rows
    pr_holder_ids = {
        row.holder_id for row in pr_rows if row.holder_id and (row.end_date is None or row.end_date > today)
    }
    household_ids = {m.person_id for m in picture.household_members}

    # First ring: everyone directly related to the person.
    direct = relationships.around([person.pk])
    picture.relationships = direct
    parents, siblings_explicit, linked, children, grandparents = [], [], [], [], []
    for rel in direct:
        if rel.person_id == person.pk:
            other, type_ = rel.relative, rel.type
            relative = Relative(
                other,
                rel.get_type_display(),
                rel.start_date,
                rel.end_date,
                other.pk in pr_holder_ids,
                other.pk in household_ids,
                rel.notes,
            )
            if type_ in Relationship.PARENT_TYPES:
                parents.append(relative)
            elif type_ in {Relationship.Type.SIBLING, Relationship.Type.HALF_SIBLING}:
                siblings_explicit.append(relative)
            elif type_ == Relationship.Type.GRANDPARENT:
                grandparents.append(relative)
            else:
                linked.append(relative)
        else:
            other, type_ = rel.person, rel.type
            if type_ in Relationship.PARENT_TYPES:
                children.append(
                    Relative(other, "Child", rel.start_date, rel.end_date, False, other.pk in household_ids)
                )
            elif type_ in Relationship.SYMMETRIC_TYPES:
                relative = Relative(
                    other,
                    rel.get_type_display(),
                    rel.start_date,
                    rel.end_date,
                    other.pk in pr_holder_ids,
                    other.pk in household_ids,
                )
                if type_ == Relationship.Type.PARTNER:
                    linked.append(relative)
                else:
                    siblings_explicit.append(relative)
            elif type_ == Relationship.Type.GRANDPARENT:
                children.append(Relative(other, "Grandchild", rel.start_date, rel.end_date))
            else:
                children.append(Relative(other, f"{rel.get_type_display()} to", rel.start_date, rel.end_date))

    # Second ring: the parents' other children (siblings and half-siblings, derived from
    # shared parents) and the parents' own parents (grandparents).
    birth_parent_ids = {
        r.relative_id for r in direct if r.person_id == person.pk and r.type in Relationship.PARENT_TYPES
    }
    my_birth_parents = {
        r.relative_id
        for r in direct
        if r.person_id == person.pk and r.type in Relationship.BIRTH_PARENT_TYPES | {Relationship.Type.ADOPTIVE_PARENT}
    }
    siblings: dict = {}
    if birth_parent_ids:
        second = relationships.around(birth_parent_ids)
        parents_of_child: dict = defaultdict(set)
        child_people = {}
        for rel in second:
            if (
                rel.relative_id in birth_parent_ids
                and rel.type in Relationship.BIRTH_PARENT_TYPES | {Relationship.Type.ADOPTIVE_PARENT}
                and rel.person_id != person.pk
            ):
                parents_of_child[rel.person_id].add(rel.relative_id)
                child_people[rel.person_id] = rel.person
            if rel.person_id in birth_parent_ids and rel.type in Relationship.PARENT_TYPES | {
                Relationship.Type.GRANDPARENT
            }:
                parent_rel = next(p for p in parents if p.person.pk == rel.person_id)
                label = f"{rel.get_type_display()} of {parent_rel.person.given_name or parent_rel.person.full_name}"
                if rel.type in Relationship.PARENT_TYPES:
                    label = f"Grandparent ({parent_rel.relationship.lower()}'s {rel.get_type_display().lower()})"
                grandparents.append(Relative(rel.relative, label, rel.start_date, rel.end_date))
        for child_id, shared in parents_of_child.items():
            shared_birth = shared & my_birth_parents
            if not shared_birth:
                kind = "Step-sibling"
            elif len(shared_birth) >= 2:
                kind = "Sibling"
            elif len(my_birth_parents) >= 2:
                kind = "Half-sibling"
            else:
                kind = "Sibling (only one parent recorded)"
            siblings[child_id] = Relative(child_people[child_id], kind, lives_with_child=child_id in household_ids)
    for rel in siblings_explicit:
        siblings.setdefault(rel.person.pk, rel)

    # Adults in the household with no recorded relationship are linked adults too.
    known = {r.person.pk for r in parents + linked + grandparents} | set(siblings) | {c.person.pk for c in children}
    for membership in picture.household_members:
        member = membership.person
        if member.pk not in known and member.kind == Person.Kind.ADULT:
            linked.append(
                Relative(
                    member,
                    "Adult in household (relationship not recorded)",
                    membership.start_date,
                    None,
                    member.pk in pr_holder_ids,
                    True,
                )
            )

    picture.parents = parents
    picture.siblings = sorted(
        siblings.values(), key=lambda r: r.person.date_of_birth or r.person.expected_delivery_date
    )
    picture.linked_adults = linked
    picture.children = children
    picture.grandparents = _unique(grandparents)
    picture.school_history = read("school", person.school_enrolments.select_related("school").order_by("-start_date"))
    picture.gp_history = read("gp", person.gp_registrations.select_related("practice").order_by("-start_date"))
    return picture


def _endpoints(rows) -> set:
    return {r.person_id for r in rows} | {r.relative_id for r in rows}


def household_rows(person: Person, family_ids, today) -> list[HouseholdMembership]:
    """In one query, by date of birth: every household membership of the person (their
    addresses), the current members of the household they live in, and the current membership
    of each of ``family_ids`` (the genogram's homes). Each part is an IN over an indexed column,
    the parts joined by UNION (an OR of subqueries would scan the table)."""
    lives_in = HouseholdMembership.objects.filter(person_id=person.pk).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    ).values("household_id")
    parts = [
        HouseholdMembership.objects.filter(person_id=person.pk),
        HouseholdMembership.objects.current(today).filter(household_id__in=lives_in),
        HouseholdMembership.objects.current(today).filter(person_id__in=list(family_ids)),
    ]
    return list(
        HouseholdMembership.objects.filter(pk__in=union_of_ids(parts))
        .select_related("household", "person")
        .order_by("person__date_of_birth", "-start_date", "-id")
    )


def union_of_ids(querysets) -> RawSQL:
    """The primary keys of the rows of any of ``querysets`` (of one model), as one subquery
    joined by UNION: for ``filter(pk__in=...)`` where an OR of subqueries would scan a table."""
    parts, params = [], []
    for queryset in querysets:
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(sql)
        params.extend(part_params)
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611 (the ORM's own SQL, its values bound parameters)


def placement_changes(entries) -> set:
    """Ids of the looked-after end and start entries of the same day: a change of placement
    (legal_status.services.record_placement_change), not leaving care and coming back."""
    looked_after = [e for e in entries if e.status == LegalStatus.LOOKED_AFTER]
    end_days = {e.effective_date for e in looked_after if e.change == LegalStatusEntry.Change.END}
    start_days = {e.effective_date for e in looked_after if e.change == LegalStatusEntry.Change.START}
    both = end_days & start_days
    return {e.pk for e in looked_after if e.effective_date in both}


def _superseded_ids(entries) -> set:
    return {e.supersedes_id for e in entries if e.supersedes_id}


def _unique(relatives):
    seen, out = set(), []
    for rel in relatives:
        if rel.person.pk not in seen:
            seen.add(rel.person.pk)
            out.append(rel)
    return out
