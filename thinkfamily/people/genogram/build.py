"""Who a genogram draws (requirement R1.3; review §5.2.18 found genograms missing where
family make-up was complex): three (or more) generations of a person's family, chosen from
the recorded relationships, with the current households and who holds parental
responsibility.

Nothing here is stored: ``build_genogram`` reads the relationship rows in three rings around
the person (a fixed number of queries) and chooses who to draw and in which generation, who
are couples and which lines of descent to draw. ``Genogram.svg()`` lays them out
(``layout``) and draws them with the standard symbols; ``text_alternative()`` says the same
thing in sentences for screen-reader and print users (``drawing``)."""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from markupsafe import Markup

from thinkfamily.core.presenters import format_age, format_date
from thinkfamily.people.genogram import drawing
from thinkfamily.people.genogram.layout import Layout
from thinkfamily.people.models import HouseholdMembership, ParentalResponsibility, Person, Relationship, Sex

T = Relationship.Type
DESCENT = {T.MOTHER, T.FATHER, T.ADOPTIVE_PARENT}  # drawn as a solid line of descent
STEP_LIKE = {T.STEP_PARENT, T.CARER}  # a dashed line, unless the partner of the child's parent
PARENT_ROLES = {T.MOTHER: "mother", T.FATHER: "father", T.STEP_PARENT: "step-parent",
                T.ADOPTIVE_PARENT: "adoptive parent", T.CARER: "carer"}


@dataclass
class Node:
    person: Person
    generation: int  # 0 = the subject's own, -1 parents, -2 grandparents, +1 children
    role: str
    side: int = 0  # -1 father's side, +1 mother's side: orders a row when nothing else does
    has_pr: bool = False
    household: str = ""  # "A" is the subject's current household

    @property
    def pk(self):
        return self.person.pk

    @property
    def sort_key(self):
        p = self.person
        return (p.date_of_birth or p.expected_delivery_date or datetime.date.max, p.full_name, str(p.pk))

    @property
    def shape(self) -> str:
        if self.person.is_unborn:
            return "triangle"
        return {Sex.MALE: "square", Sex.FEMALE: "circle"}.get(self.person.sex, "diamond")

    @property
    def detail(self) -> str:
        p = self.person
        if p.is_unborn:
            return f"EDD {format_date(p.expected_delivery_date)}"
        if p.date_of_death:
            return f"died {format_date(p.date_of_death)}"
        return format_age(p.date_of_birth)

    @property
    def short_detail(self) -> str:
        """As ``detail`` with the month abbreviated, to fit under the symbol."""
        p = self.person
        day = p.expected_delivery_date if p.is_unborn else p.date_of_death
        if day:
            return f"{'EDD' if p.is_unborn else 'died'} {day.day} {day:%b %Y}"
        return self.detail


@dataclass
class Couple:
    a: object
    b: object
    separated: bool


@dataclass
class Genogram:
    subject: Person
    nodes: dict = field(default_factory=dict)  # person id -> Node
    couples: list = field(default_factory=list)
    descents: list = field(default_factory=list)  # (parent id, child id, relationship type)
    organisations_with_pr: list = field(default_factory=list)

    @functools.cached_property
    def layout(self):
        """Where each person goes, worked out once for the drawing and its text alternative
        (both read it on the record page)."""
        return Layout(self)

    def svg(self) -> Markup:
        return drawing.svg(self)

    def text_alternative(self) -> list[str]:
        return drawing.text_alternative(self)


class _Family:
    """The relationship rows indexed both ways."""

    def __init__(self, rows):
        self.people, self.rows = {}, list(rows)
        self.parents, self.children = defaultdict(list), defaultdict(list)  # id -> [(id, type)]
        self.partners, self.other, self.other_of = defaultdict(list), defaultdict(list), defaultdict(list)
        for rel in self.rows:
            self.people[rel.person_id], self.people[rel.relative_id] = rel.person, rel.relative
            if rel.type in DESCENT | STEP_LIKE:
                self.parents[rel.person_id].append((rel.relative_id, rel.type))
                self.children[rel.relative_id].append((rel.person_id, rel.type))
            elif rel.type == T.PARTNER:
                self.partners[rel.person_id].append((rel.relative_id, rel))
                self.partners[rel.relative_id].append((rel.person_id, rel))
            else:
                self.other[rel.person_id].append((rel.relative_id, rel.type))
                self.other_of[rel.relative_id].append((rel.person_id, rel.type))

    def descent_parents(self, pid):
        return {p for p, type_ in self.parents[pid] if type_ in DESCENT}


def _gendered(person, female, male, neutral):
    return {Sex.FEMALE: female, Sex.MALE: male}.get(person.sex, neutral)


def _choose(subject, fam: _Family) -> dict:
    """Who to draw: {person id: Node}. The first role found for a person wins, so recorded
    relationships with the subject come before derived ones."""
    chosen = {}

    def add(pid, generation, role, side=0):
        if pid not in chosen:
            chosen[pid] = Node(fam.people.get(pid, subject), generation, role, side)

    sid = subject.pk
    add(sid, 0, "subject")
    for pid, type_ in fam.parents[sid]:
        role = PARENT_ROLES[type_]
        if type_ == T.STEP_PARENT:
            role = _gendered(fam.people[pid], "step-mother", "step-father", role)
        add(pid, -1, role, {T.FATHER: -1, T.MOTHER: 1}.get(type_, 0))
    for oid, type_ in fam.other[sid]:
        if type_ == T.GRANDPARENT:
            add(oid, -2, _gendered(fam.people[oid], "grandmother", "grandfather", "grandparent"))
        elif type_ in {T.SIBLING, T.HALF_SIBLING}:
            add(oid, 0, "half-sibling" if type_ == T.HALF_SIBLING else "sibling")
        else:
            add(oid, -1, "other adult")
    for oid, type_ in fam.other_of[sid]:
        if type_ in {T.SIBLING, T.HALF_SIBLING}:
            add(oid, 0, "half-sibling" if type_ == T.HALF_SIBLING else "sibling")
        elif type_ == T.GRANDPARENT:
            add(oid, 2, "grandchild")
    for oid, rel in fam.partners[sid]:
        add(oid, 0, "former partner" if rel.end_date else "partner")

    mine = fam.descent_parents(sid)
    for pid in [p for p, _ in fam.parents[sid]]:
        parent = chosen[pid]
        for gid, type_ in fam.parents[pid] if pid in mine else []:
            if type_ in DESCENT:
                side = {-1: "paternal ", 1: "maternal "}.get(parent.side, "")
                grand = _gendered(fam.people[gid], "grandmother", "grandfather", "grandparent")
                add(gid, -2, f"{side}{grand}", parent.side)
        for cid, type_ in fam.children[pid] if pid in mine else []:
            if type_ in DESCENT and cid != sid:
                # As people.family: half if they share only some of two or more recorded parents.
                half = len(mine) >= 2 and len(mine & fam.descent_parents(cid)) < len(mine)
                unborn = "unborn " if fam.people[cid].is_unborn else ""
                add(cid, 0, f"{unborn}{'half-sibling' if half else 'sibling'}")
        for oid, rel in fam.partners[pid]:
            add(oid, -1, f"{parent.role}'s {'former ' if rel.end_date else ''}partner", parent.side)
    for cid, type_ in fam.children[sid]:
        words = {T.STEP_PARENT: "stepchild", T.CARER: "child in their care"}
        add(cid, 1, words.get(type_) or _gendered(fam.people[cid], "daughter", "son", "child"))
        for gcid, gtype in fam.children[cid]:
            if gtype in DESCENT:
                add(gcid, 2, "grandchild")
    # The other parents of siblings, children and grandchildren, so each child hangs from a couple.
    for node in list(chosen.values()):
        if node.pk != sid and ("sibling" in node.role or node.generation > 0):
            for pid in fam.descent_parents(node.pk):
                name = node.person.given_name or node.person.full_name
                add(pid, node.generation - 1, f"{name}'s {_gendered(fam.people[pid], 'mother', 'father', 'parent')}")
    return chosen


def _relationships_around(ids):
    return Relationship.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)).select_related(
        "person", "relative"
    )


def build_genogram(person: Person, relationships=None, *, homes=None, parental_responsibility=None) -> Genogram:
    """The genogram around ``person`` in at most five queries, whatever the size of the family.
    ``relationships``: the rows the record has read already (people.family.RelationshipRows);
    ``homes``: the current household of everyone those rows name ({person id: household id},
    people.family.FamilyPicture.homes), and ``parental_responsibility``: the person's current
    parental responsibility rows, when the record has read them, so that none is read again."""
    rows, queried, frontier = {}, set(), {person.pk}
    for _ring in range(3):
        found = _relationships_around(frontier) if relationships is None else relationships.around(frontier)
        rows.update((rel.pk, rel) for rel in found)
        queried |= frontier
        fam = _Family(rows.values())
        chosen = _choose(person, fam)
        frontier = set(chosen) - queried
        if not frontier:
            break
    genogram = Genogram(subject=person, nodes=chosen)

    if homes is None:
        homes = dict(
            HouseholdMembership.objects.current().filter(person_id__in=chosen).values_list("person_id", "household_id")
        )
    else:
        homes = {pid: homes[pid] for pid in chosen if pid in homes}
    order = sorted(chosen.values(), key=lambda n: (n.pk != person.pk, n.generation, n.sort_key))
    letters = {}
    for node in order:
        if homes.get(node.pk):
            node.household = letters.setdefault(homes[node.pk], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(letters) % 26])
    if parental_responsibility is None:
        parental_responsibility = ParentalResponsibility.objects.current().filter(child=person).select_related(
            "holder_organisation"
        )
    for row in parental_responsibility:
        if row.holder_id in chosen:
            chosen[row.holder_id].has_pr = True
        elif row.holder_organisation_id:
            genogram.organisations_with_pr.append(row)

    genogram.couples = _couples(person, fam, chosen, homes)
    for node in chosen.values():
        for pid, type_ in fam.parents[node.pk]:
            # Step and carer lines only to or from the subject, to keep the diagram readable.
            if chosen.get(pid) and chosen[pid].generation == node.generation - 1 and (
                type_ in DESCENT or person.pk in (pid, node.pk)
            ):
                genogram.descents.append((pid, node.pk, type_))
    return genogram


def _couples(subject, fam, chosen, homes) -> list[Couple]:
    """Recorded partners, and two birth (or two adoptive) parents of the same child, are a
    couple; separated if the partnership has ended or they live in different households."""
    ended = {}  # frozenset(pair) -> True if ended, False if current
    for rel in fam.rows:
        pair = frozenset([rel.person_id, rel.relative_id])
        if rel.type == T.PARTNER and pair <= chosen.keys():
            ended[pair] = ended.get(pair, True) and bool(rel.end_date)
    pairs = set(ended)
    for cid in chosen:
        for kinds in ({T.MOTHER, T.FATHER}, {T.ADOPTIVE_PARENT}):
            ps = sorted((p for p, t in fam.parents[cid] if t in kinds and p in chosen), key=str)
            pairs.update(frozenset([a, b]) for i, a in enumerate(ps) for b in ps[i + 1 :])
    # A step-parent with no recorded partner is the partner of the parent they live with.
    mine = fam.descent_parents(subject.pk) & chosen.keys()
    for sp, type_ in fam.parents[subject.pk]:
        if type_ == T.STEP_PARENT and not any(frozenset([sp, p]) in pairs for p in mine):
            home = [p for p in mine if homes.get(p) and homes.get(p) == homes.get(sp)]
            if len(home) == 1:
                pairs.add(frozenset([sp, home[0]]))
    couples = []
    for pair in pairs:
        a, b = sorted(pair, key=lambda pid: chosen[pid].sort_key)
        if chosen[a].generation != chosen[b].generation:
            continue
        apart = homes.get(a) and homes.get(b) and homes[a] != homes[b]
        couples.append(Couple(a, b, bool(ended.get(pair) or apart)))
    return sorted(couples, key=lambda c: (chosen[c.a].generation, chosen[c.a].sort_key, chosen[c.b].sort_key))
