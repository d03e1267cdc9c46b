"""A genogram: three (or more) generations of a person's family drawn from the recorded
relationships, with the current households and who holds parental responsibility
(requirement R1.3; review §5.2.18 found genograms missing where family make-up was complex).

Nothing here is stored: ``build_genogram`` reads the relationship rows in three rings around
the person (a fixed number of queries), chooses who to draw and in which generation, and
``Genogram.svg()`` lays them out in rows with the standard symbols. ``text_alternative()``
says the same thing in sentences for screen-reader and print users."""

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from markupsafe import Markup, escape

from thinkfamily.core.presenters import format_age, format_date
from thinkfamily.people.models import HouseholdMembership, ParentalResponsibility, Person, Relationship, Sex

T = Relationship.Type
DESCENT = {T.MOTHER, T.FATHER, T.ADOPTIVE_PARENT}  # drawn as a solid line of descent
STEP_LIKE = {T.STEP_PARENT, T.CARER}  # a dashed line, unless the partner of the child's parent
PARENT_ROLES = {T.MOTHER: "mother", T.FATHER: "father", T.STEP_PARENT: "step-parent",
                T.ADOPTIVE_PARENT: "adoptive parent", T.CARER: "carer"}
BLUE, TEXT, SECONDARY, WHITE = "#005eb8", "#212b32", "#4c6272", "#ffffff"
FONT = "Frutiger W01, Arial, sans-serif"
# Sizes in SVG units. The drawing is as narrow as its labels allow, so that on a 375px phone a
# family three or four people wide is scaled down little and 14px text stays at 10px or more.
R = 20  # symbol half-size
NAME_SIZE, TEXT_SIZE = 15, 14  # font sizes; badges and the legend use TEXT_SIZE too
LABEL_WIDTH = 84  # labels wrap to this width where they can
LINE = 17  # label line height
BADGE_ROW = 23  # and badge row height
GAP = 12  # clear space between the labels of neighbours in a row
FAMILY_GAP = 6  # and a little more between people who are not a couple
COUPLE_MIN = 2 * R + 56  # room on a couple line for the // mark and, clear of it, the drop to the children
SNAP = 5  # a lone child this close to under the drop is joined by a straight line, not a tiny step
LEVEL = 12  # vertical distance between sibling bars that would otherwise overlap
OFFSET = 12  # how far from the top centre a second line into the same person enters
MARGIN = 8  # round the whole drawing
# Wider than this, a 375px phone (about 325px for the drawing) would shrink 14px text below
# 10px: the svg gets the class genogram-wide so that the page can keep it at its natural size
# and let it scroll sideways instead (.tf-genogram has overflow-x: auto).
WIDE = 455
COHESION = 0.25  # how strongly partners keep together against the pull of parents and children


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
    def size(self) -> int:
        return 14 if self.person.is_unborn else R

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

    def svg(self) -> Markup:
        # Every name and label is escaped as the markup is built (see _tag).
        return Markup(_Drawing(self).render())  # noqa: S704

    def text_alternative(self) -> list[str]:
        first = self.subject.given_name or self.subject.full_name
        sentences = []
        for node in self._ordered_nodes:
            facts = ", ".join(f for f in [node.role if node.pk != self.subject.pk else "", node.detail] if f)
            sentence = f"{node.person.full_name} ({facts})" if facts else node.person.full_name
            if node.pk == self.subject.pk:
                sentence += " is the person this genogram is about"
            elif node.household and node.household == self.nodes[self.subject.pk].household:
                sentence += f" lives with {first}"
            elif node.household:
                sentence += f" lives in another household (home {node.household})"
            elif not node.person.is_unborn and not node.person.date_of_death:
                sentence += ", current household not recorded"
            if node.has_pr:
                sentence += "; holds parental responsibility"
            sentences.append(sentence)
        for couple in self.couples:
            a, b = self.nodes[couple.a].person.full_name, self.nodes[couple.b].person.full_name
            sentences.append(f"{a} and {b} are {'separated' if couple.separated else 'a couple'}")
        for row in self.organisations_with_pr:
            sentences.append(f"{row.holder_organisation} holds parental responsibility ({row.get_basis_display()})")
        return sentences

    @cached_property
    def _ordered_nodes(self):
        layout = _Drawing(self).positions
        return sorted(self.nodes.values(), key=lambda n: (n.generation, layout[n.pk][0]))


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


def build_genogram(person: Person) -> Genogram:
    """The genogram around ``person`` in at most five queries, whatever the size of the family."""
    rows, queried, frontier = {}, set(), {person.pk}
    for _ring in range(3):
        rows.update((rel.pk, rel) for rel in _relationships_around(frontier))
        queried |= frontier
        fam = _Family(rows.values())
        chosen = _choose(person, fam)
        frontier = set(chosen) - queried
        if not frontier:
            break
    genogram = Genogram(subject=person, nodes=chosen)

    homes = dict(
        HouseholdMembership.objects.current().filter(person_id__in=chosen).values_list("person_id", "household_id")
    )
    order = sorted(chosen.values(), key=lambda n: (n.pk != person.pk, n.generation, n.sort_key))
    letters = {}
    for node in order:
        if homes.get(node.pk):
            node.household = letters.setdefault(homes[node.pk], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(letters) % 26])
    for row in ParentalResponsibility.objects.current().filter(child=person).select_related("holder_organisation"):
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


def _n(value) -> str:
    """Whole pixels, so that 2px lines drawn over each other stay crisp."""
    return str(round(value))


def _tag(name, attrs, content=None) -> str:
    attr = "".join(f' {k}="{escape(_n(v) if isinstance(v, int | float) else v)}"' for k, v in attrs.items())
    return f"<{name}{attr}/>" if content is None else f"<{name}{attr}>{content}</{name}>"


# Rough advance widths (in em) of Arial, to wrap and space labels without measuring a font.
_EM = {c: w for chars, w in [
    ("ijl'|", 0.23), ("ftI .,:;!/", 0.28), ("r-()[]", 0.34), ('Jcksvxyz"', 0.5), ("FTZ", 0.61),
    ("ABEKPSVXY&", 0.67), ("CDHNRUw", 0.72), ("GOQ", 0.78), ("mM", 0.83), ("W%", 0.94),
] for c in chars}


def _text_width(text, size, bold=False) -> float:
    em = sum(_EM.get(c, 0.56 if ord(c) < 0x2E80 else 1.0) for c in text)
    return em * size * (1.1 if bold else 1.04)  # with a little to spare for Frutiger


def _join(left, word):
    return left + word if left.endswith("-") else f"{left} {word}"


def _wrap(text, size, bold=False, max_lines=2, hyphens=False) -> list[str]:
    """Words (and, if ``hyphens``, the parts of hyphenated names) greedily onto lines of
    LABEL_WIDTH; a word longer than that keeps its own line, and the last line takes whatever
    is left over."""
    lines = []
    for word in re.findall(r"\S+?-(?=\S)|\S+" if hyphens else r"\S+", text):
        if lines and _text_width(_join(lines[-1], word), size, bold) <= LABEL_WIDTH:
            lines[-1] = _join(lines[-1], word)
        else:
            lines.append(word)
    if len(lines) > max_lines:
        rest = lines[max_lines - 1 :]
        tail = rest[0]
        for part in rest[1:]:
            tail = _join(tail, part)
        lines = lines[: max_lines - 1] + [tail]
    return lines


@dataclass
class _Label:
    lines: list  # (kind, text): kind is name, role or detail
    badges: list  # rows of badges: [["PR", "Home A"]], or [["PR"], ["Home A"]] where one row is too wide
    width: float  # of the widest line, badge row or symbol

    @property
    def bottom(self) -> float:
        """From the centre of the symbol to the foot of the label."""
        last = R + 18 + LINE * (len(self.lines) - 1)
        return last + (LINE + 11 + BADGE_ROW * (len(self.badges) - 1) if self.badges else 5)


@dataclass
class _Group:
    """Children drawn hanging from one parent or one couple."""

    parents: tuple  # one or two person ids
    style: str  # "descent", "adoptive" or "step" (a step-parent or carer)
    children: list = field(default_factory=list)


class _Drawing:
    """Rows by generation. Within a row couples are adjacent; children sit under the middle of
    their parents' couple line and parents over their children as far as the rows allow."""

    def __init__(self, genogram: Genogram):
        self.g = genogram
        nodes = genogram.nodes
        self.partner_of = defaultdict(set)
        for c in genogram.couples:
            self.partner_of[c.a].add(c.b)
            self.partner_of[c.b].add(c.a)
        self.labels = {pid: self._label(node) for pid, node in nodes.items()}
        self.groups = self._groups()
        self.groups_of_child = defaultdict(list)  # the first is the one the child is placed under
        for group in self.groups:
            for cid in group.children:
                self.groups_of_child[cid].append(group)
        self.rows = sorted({n.generation for n in nodes.values()})
        x = self._place_x()
        left = min(px - self._half_width(pid) for pid, px in x.items())
        x = {pid: px - left + MARGIN for pid, px in x.items()}
        self._place_y(x)
        self.positions = {pid: (px, self.row_y[nodes[pid].generation]) for pid, px in x.items()}

    # What is drawn -----------------------------------------------------------------------

    def _label(self, node) -> _Label:
        lines = [("name", t) for t in _wrap(node.person.full_name, NAME_SIZE, bold=True, max_lines=3, hyphens=True)]
        if node.pk != self.g.subject.pk:
            lines += [("role", t) for t in _wrap(node.role[:1].upper() + node.role[1:], TEXT_SIZE, max_lines=3)]
        detail = node.short_detail
        if detail and _text_width(detail, TEXT_SIZE) > LABEL_WIDTH and " " in detail:
            lines += [("detail", part) for part in detail.split(" ", 1)]  # "EDD", "14 Feb 2027"
        elif detail:
            lines.append(("detail", detail))
        badges = (["PR"] if node.has_pr else []) + ([f"Home {node.household}"] if node.household else [])
        rows = [badges] if _badges_width(badges) <= LABEL_WIDTH else [[b] for b in badges]
        widths = [_text_width(t, NAME_SIZE if kind == "name" else TEXT_SIZE, kind == "name") for kind, t in lines]
        widths += [_badges_width(row) for row in rows] + [2 * (node.size + 5)]
        return _Label(lines, [row for row in rows if row], max(widths))

    def _half_width(self, pid) -> float:
        return self.labels[pid].width / 2

    def _groups(self) -> list[_Group]:
        """One group per parent or couple. A step-parent or carer who is the partner of one of
        the child's parents gets no line of their own: the couple line, the shared home and
        the label ("Step-father") say it, and the drawing stays free of crossing lines."""
        nodes, style_of = self.g.nodes, {T.ADOPTIVE_PARENT: "adoptive", T.STEP_PARENT: "step", T.CARER: "step"}
        by_child = defaultdict(lambda: defaultdict(set))
        for pid, cid, type_ in self.g.descents:
            by_child[cid][style_of.get(type_, "descent")].add(pid)
        groups = {}
        for style in ("descent", "adoptive", "step"):
            for cid in sorted(by_child, key=lambda c: nodes[c].sort_key):
                pids = sorted(by_child[cid][style], key=lambda p: nodes[p].sort_key)
                if style == "step":
                    drawn = by_child[cid]["descent"] | by_child[cid]["adoptive"]
                    pids = [p for p in pids if not self.partner_of[p] & drawn]
                while pids:
                    first = pids.pop(0)
                    mate = next((p for p in pids if p in self.partner_of[first]), None)
                    parents = (first,) if mate is None else (first, pids.pop(pids.index(mate)))
                    key = (frozenset(parents), style)
                    groups.setdefault(key, _Group(parents, style)).children.append(cid)
        return list(groups.values())

    # Across: the order within each row and x --------------------------------------------

    def _units(self, gen) -> list[list]:
        """Couples chained together (A-B-C for a parent with two partners), at first ordered
        father's side, neither, mother's side, then by date of birth."""
        row = sorted((n for n in self.g.nodes.values() if n.generation == gen), key=lambda n: n.sort_key)
        ids, seen, units = {n.pk for n in row}, set(), []
        for start in row:
            if start.pk in seen:
                continue
            component, todo = [], [start.pk]
            while todo:
                pid = todo.pop()
                if pid not in seen:
                    seen.add(pid)
                    component.append(pid)
                    todo.extend(sorted(self.partner_of[pid] & ids, key=str))
            chain = self._chain(component, ids)
            sides = [self.g.nodes[p].side for p in chain]
            if sides[0] > sides[-1]:
                chain.reverse()
            side = sum(sides) / len(sides)
            units.append((chain, (0 if side < 0 else 2 if side > 0 else 1, len(chain) > 1, start.sort_key)))
        units.sort(key=lambda u: u[1])
        return [chain for chain, _ in units]

    def _chain(self, component, ids):
        nodes = self.g.nodes
        component.sort(key=lambda p: nodes[p].sort_key)
        degree = {p: len(self.partner_of[p] & ids) for p in component}
        ends = [p for p in component if degree[p] == 1]
        if len(component) == 1 or max(degree.values()) > 2 or not ends:
            hub = max(component, key=lambda p: degree[p])
            rest = [p for p in component if p != hub]
            return rest[: len(rest) // 2] + [hub] + rest[len(rest) // 2 :]
        chain = [ends[0]]
        while len(chain) < len(component):
            chain.append(next(p for p in sorted(self.partner_of[chain[-1]] & ids, key=str) if p not in chain))
        return chain

    def _gap(self, a, b) -> int:
        """The least distance, centre to centre: labels clear of each other and, for a couple,
        of the line that drops from the middle of their couple line."""
        wa, wb = self.labels[a].width, self.labels[b].width
        couple = b in self.partner_of[a]
        need = max(max(wa, wb) + GAP, COUPLE_MIN) if couple else (wa + wb) / 2 + GAP + FAMILY_GAP
        return math.ceil(need)

    def _place_x(self) -> dict:
        """Order each row under the parents above it, then over the children below it; then
        settle x by moving each row towards its parents and children in turn."""
        self.units = {gen: self._units(gen) for gen in self.rows}
        x = {}
        for gen in self.rows:  # packed from 0, in the first-guess order
            self._arrange(gen, {}, x, reorder=False, cohesion=0)

        def sweep(rows, from_parents, from_children, reorder=False, cohesion=COHESION):
            for gen in rows:
                wishes = self._wishes(gen, x, from_parents, from_children, only_first=not cohesion)
                self._arrange(gen, wishes, x, reorder, cohesion)

        down, up = self.rows[1:], self.rows[-2::-1]
        sweep(down, True, False, reorder=True)  # children under their parents
        sweep(up, False, True, reorder=True)  # grandparents over their children
        sweep(down, True, True, reorder=True)
        for _ in range(8):
            sweep(down, True, True)
            sweep(up, True, True)
        for _ in range(6):  # then straight lines from parents to children wherever the rows allow
            sweep(up, True, True, cohesion=0)
            sweep(down, True, False, cohesion=0)
        return x

    def _drop_x(self, group, x, snap=False) -> float:
        """Where the line to the children leaves the parents: the middle of the couple line,
        or under one parent (for a lone parent, or a couple drawn apart). Once the layout is
        settled (``snap``), moved up to SNAP px to be straight over a lone child."""
        if len(group.parents) == 2 and self._adjacent(*group.parents, x):
            drop = (x[group.parents[0]] + x[group.parents[1]]) / 2
        else:
            drop = x[self._dropping_parent(group, x)]
        if snap and len(group.children) == 1:
            child = group.children[0]
            below = x[child] + self._entry_dx(child, group, x)
            if abs(below - drop) <= SNAP:
                return below
        return drop

    def _dropping_parent(self, group, x):
        centre = sum(x[c] for c in group.children) / len(group.children)
        return min(group.parents, key=lambda p: (abs(x[p] - centre), str(p)))

    def _adjacent(self, a, b, x) -> bool:
        gen, (lo, hi) = self.g.nodes[a].generation, sorted([x[a], x[b]])
        return not any(lo < x[p] < hi for p, n in self.g.nodes.items() if n.generation == gen and p in x)

    def _wishes(self, gen, x, from_parents, from_children, only_first=False) -> dict:
        """Where each person in row ``gen`` would like to be: under the drop from their parents,
        and so that the drop from them is over the middle of their children."""
        total = defaultdict(lambda: [0.0, 0.0])

        def want(pid, value, weight):
            total[pid][0] += value * weight
            total[pid][1] += weight

        for group in self.groups:
            if not all(p in x for p in group.parents) or not all(c in x for c in group.children):
                continue
            weight = 0.5 if group.style == "step" else 1.0
            drop = self._drop_x(group, x)
            if from_parents and self.g.nodes[group.children[0]].generation == gen:
                for cid in group.children:
                    if self.groups_of_child[cid][0] is group:
                        want(cid, drop, weight)
                    elif not only_first:
                        want(cid, drop, weight / 4)
            if from_children and self.g.nodes[group.parents[0]].generation == gen:
                centre = sum(x[c] for c in group.children) / len(group.children)
                for pid in group.parents:
                    want(pid, x[pid] + centre - drop, weight * len(group.children) / len(group.parents))
        return {pid: (v / w, w) for pid, (v, w) in total.items() if w}

    def _arrange(self, gen, wishes, x, reorder, cohesion=COHESION):
        """x for the row: the couple chains in order, neighbours no closer than _gap, each
        person as near as possible (least squares) to where they wish to be."""
        units = self.units[gen]
        if reorder:
            for chain in units:
                known = [wishes[p][0] for p in chain if p in wishes]
                if len(known) >= 2 and known[0] > known[-1]:
                    chain.reverse()

            def where(chain):
                wished = _mean([wishes[p] for p in chain if p in wishes])
                return wished if wished is not None else _mean([(x[p], 1) for p in chain if p in x]) or 0

            units.sort(key=where)
        order = [pid for chain in units for pid in chain]
        gaps = [self._gap(a, b) for a, b in zip(order, order[1:], strict=False)]
        starts = [sum(gaps[:i]) for i in range(len(order))]  # packed tight from 0
        targets, weights = [], []
        for i, pid in enumerate(order):
            pulls = [wishes[pid]] if pid in wishes else []
            # A weak pull to stay close to a partner: couples stretch only when they must.
            if i and order[i - 1] in self.partner_of[pid] and order[i - 1] in x:
                pulls.append((x[order[i - 1]] + gaps[i - 1], cohesion))
            if i + 1 < len(order) and order[i + 1] in self.partner_of[pid] and order[i + 1] in x:
                pulls.append((x[order[i + 1]] - gaps[i], cohesion))
            if sum(w for _, w in pulls):
                targets.append(_mean(pulls) - starts[i])
                weights.append(sum(w for _, w in pulls))
            else:  # stay put (or, the first time, packed from 0)
                targets.append(x.get(pid, starts[i]) - starts[i])
                weights.append(1e-3)
        for i, (pid, z) in enumerate(zip(order, _isotonic(targets, weights), strict=True)):
            x[pid] = round(z + starts[i])
            if i:
                x[pid] = max(x[pid], x[order[i - 1]] + gaps[i - 1])

    # Down: rows, sibling bars and where lines enter people --------------------------------

    def _place_y(self, x):
        nodes, y = self.g.nodes, MARGIN
        self.row_y, self.bar_y, self.over = {}, {}, {}
        for gen in self.rows:
            row = [n for n in nodes.values() if n.generation == gen]
            self.over[gen] = [c for c in self.g.couples if nodes[c.a].generation == gen
                              and not self._adjacent(c.a, c.b, x)]
            top = max(n.size + (5 if n.pk == self.g.subject.pk else 0) for n in row)
            if self.over[gen]:
                top = max(top, R + 14 + 8 * len(self.over[gen]))
            y += top
            self.row_y[gen] = y
            self.bottom = max(y + self.labels[n.pk].bottom for n in row)
            bars = self._assign_bars(gen, x, self.bottom)
            y = max([self.bottom, *bars]) + 18

    def _assign_bars(self, gen, x, bottom) -> list:
        """Each group's sibling bar gets its own level where the bars would overlap."""
        mine = [g for g in self.groups if self.g.nodes[g.parents[0]].generation == gen]
        spans = []  # spans[level] = [(start, end), ...]
        for group in sorted(mine, key=lambda g: (g.style == "step", min(x[p] for p in g.parents))):
            points = [self._drop_x(group, x, snap=True)] + [x[c] + self._entry_dx(c, group, x) for c in group.children]
            start, end = min(points) - 6, max(points) + 6
            level = next((i for i, used in enumerate(spans) if all(e < start or s > end for s, e in used)),
                         len(spans))
            if level == len(spans):
                spans.append([])
            spans[level].append((start, end))
            self.bar_y[id(group)] = bottom + 12 + level * LEVEL
        return list(self.bar_y[id(g)] for g in mine)

    def _entry_dx(self, cid, group, x) -> int:
        """The first line into a person enters the top centre; a second one OFFSET to the side
        it comes from, a third OFFSET to the other side."""
        index = self.groups_of_child[cid].index(group)
        if not index:
            return 0
        toward = 1 if self._drop_x(group, x) >= x[cid] else -1
        offset = OFFSET // 2 if self.g.nodes[cid].shape == "triangle" else OFFSET
        return toward * offset * (1 if index % 2 else -1) * ((index + 1) // 2)

    def _edge(self, pid, dx=0, side=False) -> float:
        """Distance from the centre to the edge of the symbol (the outer outline for the
        subject): upwards at ``dx`` from the centre, or sideways along the centre line."""
        node = self.g.nodes[pid]
        s = node.size + (5 if pid == self.g.subject.pk else 0)
        if node.shape == "square":
            return s
        if node.shape == "circle":
            return math.sqrt(max(s * s - dx * dx, 0))
        if node.shape == "diamond":
            return s - abs(dx)
        return s / 2 if side else s - 2 * abs(dx)  # triangle, point up

    # Drawing ------------------------------------------------------------------------------

    def render(self) -> str:
        pos, g = self.positions, self.g
        uid = f"genogram-{g.subject.pk}"
        right = max(px + self._half_width(pid) for pid, (px, _) in pos.items())
        legend = self._legend(max(right - MARGIN, 260))
        width = max([right] + [MARGIN + w for _, w in legend]) + MARGIN
        height = self.bottom + 10 + len(legend) * LINE + MARGIN
        parts = [_tag("title", {"id": f"{uid}-title"}, escape(f"Genogram for {g.subject.full_name}"))]
        parts.append(_tag("desc", {"id": f"{uid}-desc"}, escape(
            f"Family diagram of {len(g.nodes)} people across {len(self.rows)} generations. "
            "A description in words follows the diagram.")))
        parts += self._couple_lines() + self._descent_lines()
        parts += [self._person(node) for node in sorted(g.nodes.values(), key=lambda n: pos[n.pk])]
        for i, (line, _) in enumerate(legend):
            parts.append(_tag("text", {"class": "genogram-legend", "x": MARGIN, "y": self.bottom + 22 + i * LINE,
                                       "font-size": TEXT_SIZE, "fill": SECONDARY}, escape(line)))
        return _tag("svg", {
            "xmlns": "http://www.w3.org/2000/svg", "class": "genogram genogram-wide" if width > WIDE else "genogram",
            "role": "img",
            "aria-labelledby": f"{uid}-title {uid}-desc", "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": _n(width), "height": _n(height), "font-family": FONT,
        }, "".join(parts))

    def _legend(self, width) -> list[tuple[str, float]]:
        """The key, only for what is drawn, wrapped to the width of the drawing."""
        g, first = self.g, self.g.subject.given_name or self.g.subject.full_name
        shapes = {n.shape for n in g.nodes.values()}
        items = [f"{word}: {meaning}." for shape, word, meaning in [
            ("square", "Square", "male"), ("circle", "Circle", "female"), ("diamond", "Diamond", "sex not known"),
            ("triangle", "Triangle", "unborn")] if shape in shapes]
        if any(n.person.date_of_death for n in g.nodes.values()):
            items.append("Cross: died.")
        items.append(f"Double outline: {first}.")
        if any(c.separated for c in g.couples):
            items.append("//: separated.")
        styles = {group.style for group in self.groups}
        if "step" in styles:
            items.append("Dashed line: carer or step-parent.")
        if "adoptive" in styles:
            items.append("Dashed line from parents: adopted.")
        if any(n.has_pr for n in g.nodes.values()):
            items.append(f"PR: holds parental responsibility for {first}.")
        if any(n.household for n in g.nodes.values()):
            own = g.nodes[g.subject.pk].household
            items.append(f"Home {own}: {first}'s current household." if own else "Same home letter: live together.")
        lines = []
        for item in items:
            if lines and _text_width(f"{lines[-1]} {item}", TEXT_SIZE) <= width:
                lines[-1] += f" {item}"
                continue
            words = item.split(" ")
            lines.append(words[0])
            for word in words[1:]:
                if _text_width(f"{lines[-1]} {word}", TEXT_SIZE) <= width:
                    lines[-1] += f" {word}"
                else:
                    lines.append(word)
        return [(line, _text_width(line, TEXT_SIZE)) for line in lines]

    def _couple_lines(self):
        pos, parts = self.positions, []
        x = {pid: px for pid, (px, _) in pos.items()}
        for c in self.g.couples:
            a, b = sorted([c.a, c.b], key=lambda p: x[p])
            (ax, y), (bx, _) = pos[a], pos[b]
            cls = "genogram-couple genogram-separated" if c.separated else "genogram-couple"
            gen = self.g.nodes[a].generation
            if c in self.over[gen]:  # over the top of the people in between, clear of the top centres
                level = y - R - 14 - 8 * self.over[gen].index(c)
                d = (f"M{_n(ax + 8)} {_n(y - self._edge(a, 8))}V{_n(level)}"
                     f"H{_n(bx - 8)}V{_n(y - self._edge(b, 8))}")
                mx, my = ax + 8 + min((bx - ax - 16) / 4, 40), level
            else:
                start, end = ax + self._edge(a, side=True), bx - self._edge(b, side=True)
                d = f"M{_n(start)} {_n(y)}H{_n(end)}"
                mx, my = start + min(14, (end - start) / 4), y
            parts.append(_tag("path", {"class": cls, "data-people": f"{c.a} {c.b}", "d": d, "fill": "none",
                                       "stroke": TEXT, "stroke-width": 2}))
            if c.separated:
                d = "".join(f"M{_n(mx + dx - 4)} {_n(my + 8)}L{_n(mx + dx + 4)} {_n(my - 8)}" for dx in (-4, 4))
                parts.append(_tag("path", {"class": "genogram-separation-mark", "d": d,
                                           "stroke": TEXT, "stroke-width": 2}))
        return parts

    def _descent_lines(self):
        """Down from the middle of the couple line (or from below a lone parent's label) to the
        sibling bar, along it, and down into the top of each child."""
        pos, parts = self.positions, []
        x = {pid: px for pid, (px, _) in pos.items()}
        for group in self.groups:
            parents = tuple(sorted(group.parents, key=lambda p: x[p]))
            drop_x, row_y = self._drop_x(group, x, snap=True), pos[parents[0]][1]
            if len(parents) == 2 and self._adjacent(*parents, x):
                drop_y = row_y
            else:
                drop_y = row_y + self.labels[self._dropping_parent(group, x)].bottom + 4
            bar = self.bar_y[id(group)]
            for cid in group.children:
                dx = self._entry_dx(cid, group, x)
                cx, cy = pos[cid][0] + dx, pos[cid][1] - self._edge(cid, dx)
                if round(cx) == round(drop_x):
                    d = f"M{_n(drop_x)} {_n(drop_y)}V{_n(cy)}"
                else:
                    d = f"M{_n(drop_x)} {_n(drop_y)}V{_n(bar)}H{_n(cx)}V{_n(cy)}"
                kind = "step" if group.style == "step" else "descent"
                attrs = {"class": f"genogram-{kind}", "data-parents": " ".join(map(str, parents)),
                         "data-child": str(cid), "d": d, "fill": "none", "stroke": SECONDARY, "stroke-width": 2}
                if group.style != "descent":
                    attrs["stroke-dasharray"] = "6 4"
                parts.append(_tag("path", attrs))
        return parts

    def _person(self, node) -> str:
        x, y = self.positions[node.pk]
        label = self.labels[node.pk]
        stroke = {"fill": "none", "stroke": TEXT, "stroke-width": 2}
        parts = [_shape(node.shape, node.size, {**stroke, "fill": WHITE, "class": "genogram-symbol"})]
        if node.pk == self.g.subject.pk:
            parts.append(_shape(node.shape, node.size + 5, {**stroke, "class": "genogram-outline"}))
        if node.person.date_of_death:
            s = node.size
            cross = f"M{-s} {-s}L{s} {s}M{s} {-s}L{-s} {s}"
            parts.append(_tag("path", {**stroke, "class": "genogram-deceased", "d": cross}))
        ty = R + 18  # the same for every symbol, so labels line up along the row
        for kind, text in label.lines:
            attrs = {"x": 0, "y": ty, "text-anchor": "middle", "font-size": NAME_SIZE if kind == "name" else TEXT_SIZE,
                     "fill": TEXT if kind == "name" else SECONDARY}
            if kind == "name":
                attrs["font-weight"] = "bold"
            parts.append(_tag("text", attrs, escape(text)))
            ty += LINE
        for i, row in enumerate(label.badges):
            parts.append(self._badges(row, ty + 5 + i * BADGE_ROW))
        return _tag("g", {"class": "genogram-person", "data-person-id": str(node.pk), "data-shape": node.shape,
                          "transform": f"translate({_n(x)} {_n(y)})"}, "".join(parts))

    def _badges(self, badges, y) -> str:
        widths = [_badge_width(b) for b in badges]
        left, parts = -_badges_width(badges) / 2, []
        for badge, w in zip(badges, widths, strict=True):
            pr = badge == "PR"
            cls = "genogram-pr" if pr else "genogram-household"
            parts.append(_tag("g", {"class": cls}, _tag("rect", {
                "x": left, "y": y - 15, "width": w, "height": 20, "rx": 3,
                "fill": BLUE if pr else WHITE, "stroke": BLUE, "stroke-width": 1}) + _tag("text", {
                "x": left + w / 2, "y": y, "text-anchor": "middle", "font-size": TEXT_SIZE, "font-weight": "bold",
                "fill": WHITE if pr else BLUE}, escape(badge))))
            left += w + 6
        return "".join(parts)


def _badge_width(text) -> int:
    return round(_text_width(text, TEXT_SIZE, bold=True)) + 10


def _badges_width(badges) -> int:
    return sum(_badge_width(b) + 6 for b in badges) - 6 if badges else 0


def _mean(pairs):
    """Weighted mean of (value, weight) pairs, or None."""
    weight = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / weight if weight else None


def _isotonic(targets, weights) -> list:
    """The non-decreasing sequence nearest (weighted least squares) to ``targets``: pool
    adjacent violators."""
    blocks = []  # [value, weight, count]
    for t, w in zip(targets, weights, strict=True):
        blocks.append([t, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return [v for v, _, n in blocks for _ in range(n)]


def _shape(shape, s, attrs) -> str:
    if shape == "square":
        return _tag("rect", {"x": -s, "y": -s, "width": 2 * s, "height": 2 * s, **attrs})
    if shape == "circle":
        return _tag("circle", {"cx": 0, "cy": 0, "r": s, **attrs})
    if shape == "triangle":
        return _tag("polygon", {"points": f"0,{-s} {s},{s} {-s},{s}", **attrs})
    return _tag("polygon", {"points": f"0,{-s} {s},0 0,{s} {-s},0", **attrs})
