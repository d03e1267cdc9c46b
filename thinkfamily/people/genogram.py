"""A genogram: three (or more) generations of a person's family drawn from the recorded
relationships, with the current households and who holds parental responsibility
(requirement R1.3; review §5.2.18 found genograms missing where family make-up was complex).

Nothing here is stored: ``build_genogram`` reads the relationship rows in three rings around
the person (a fixed number of queries), chooses who to draw and in which generation, and
``Genogram.svg()`` lays them out in rows with the standard symbols. ``text_alternative()``
says the same thing in sentences for screen-reader and print users."""

import datetime
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from markupsafe import Markup, escape

from thinkfamily.core.presenters import format_age, format_date
from thinkfamily.people.models import HouseholdMembership, ParentalResponsibility, Person, Relationship, Sex

T = Relationship.Type
DESCENT = {T.MOTHER, T.FATHER, T.ADOPTIVE_PARENT}  # drawn as a solid line of descent
STEP_LIKE = {T.STEP_PARENT, T.CARER}  # drawn as a dashed line
PARENT_ROLES = {T.MOTHER: "mother", T.FATHER: "father", T.STEP_PARENT: "step-parent",
                T.ADOPTIVE_PARENT: "adoptive parent", T.CARER: "carer"}
BLUE, TEXT, SECONDARY, WHITE = "#005eb8", "#212b32", "#4c6272", "#ffffff"
SLOT, R, LINE, LEVEL = 170, 20, 15, 12  # node spacing, symbol half-size, label line, connector level
FONT = "Frutiger W01, Arial, sans-serif"


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
        add(pid, -1, PARENT_ROLES[type_], {T.FATHER: -1, T.MOTHER: 1}.get(type_, 0))
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


class _Drawing:
    """Rows by generation; within a row couples are adjacent and children sit under their
    parents, in date-of-birth order."""

    def __init__(self, genogram: Genogram):
        self.g = genogram
        self.partner_of = defaultdict(set)
        for c in genogram.couples:
            self.partner_of[c.a].add(c.b)
            self.partner_of[c.b].add(c.a)
        self.parents_of = defaultdict(list)
        for pid, cid, type_ in genogram.descents:
            if type_ in DESCENT:
                self.parents_of[cid].append(pid)
        x = self._place_rows()
        self._place_levels(x)
        left = min(x.values()) - SLOT / 2 - 10
        self.positions = {pid: (px - left, self.row_y[genogram.nodes[pid].generation]) for pid, px in x.items()}

    # Layout -------------------------------------------------------------------------------

    def _place_rows(self) -> dict:
        nodes, x = self.g.nodes, {}
        self.rows = sorted({n.generation for n in nodes.values()})
        for gen in self.rows:
            desired = {}
            for node in nodes.values():
                above = [x[p] for p in self.parents_of[node.pk] if p in x]
                if node.generation == gen and above:
                    desired[node.pk] = round(sum(above) / len(above), 1)
            units = self._units([n for n in nodes.values() if n.generation == gen], desired)
            blocks = []
            for unit, key in units:
                if blocks and key is not None and blocks[-1][1] == key:
                    blocks[-1][0].extend(unit)
                else:
                    blocks.append((list(unit), key))
            x.update(_spread(blocks))
        return x

    def _place_levels(self, x):
        """y of each row: below the labels of the row above and the levels of its lines."""
        self.row_y, self.levels, self.groups, y = {}, {}, {}, R + 30
        for row in self.rows:
            self.row_y[row] = y
            depth = max(len(self._label_lines(n)) for n in self.g.nodes.values() if n.generation == row)
            bottom = y + R + 14 + depth * LINE
            self.levels[row] = self._assign_levels(row, x, bottom)
            y = max((level for _, level in self.levels[row]), default=bottom) + 30 + R
        self.height = y - R - 20

    def _units(self, row, desired):
        """Couples chained together (A-B-C for a parent with two partners), sorted by where
        their parents are, or by family side when no parents are drawn."""
        ids = {n.pk for n in row}
        by_key = sorted(row, key=lambda n: n.sort_key)
        seen, units = set(), []
        for start in by_key:
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
            known = [desired[p] for p in chain if p in desired]
            sides = [self.g.nodes[p].side for p in chain]
            if (len(known) >= 2 and known[0] > known[-1]) or (len(known) < 2 and sides[0] > sides[-1]):
                chain.reverse()
            key = round(sum(known) / len(known), 1) if known else None
            side = sum(sides) / len(sides)
            fallback = -1e9 if side < 0 else 1e9 if side > 0 else 2e9
            units.append((chain, key, (key if key is not None else fallback, len(chain) > 1, start.sort_key)))
        units.sort(key=lambda u: u[2])
        return [(chain, key) for chain, key, _ in units]

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

    def _label_lines(self, node) -> list[tuple[str, str]]:
        lines = [("name", line) for line in textwrap.wrap(node.person.full_name, 18)[:2]]
        if node.pk != self.g.subject.pk:
            lines += [("role", line) for line in textwrap.wrap(node.role.capitalize(), 22)[:2]]
        lines.append(("detail", node.detail))
        if node.has_pr or node.household:
            lines.append(("badges", ""))
        return lines

    def _connectors(self, gen, x):
        """Lines from row ``gen`` down to the next: one per child, grouped by the parents."""
        groups = defaultdict(list)
        for pid, cid, type_ in self.g.descents:
            if self.g.nodes[pid].generation != gen:
                continue
            if type_ in DESCENT:
                pair = [p for p in self.parents_of[cid] if p in self.partner_of[pid]]
                parents = tuple(sorted([pid, pair[0]], key=lambda p: x[p])) if pair else (pid,)
                key = (parents, "descent")
            else:
                key = ((pid,), "step")
            if cid not in [c for c, _ in groups[key]]:
                groups[key].append((cid, type_))
        return groups

    def _assign_levels(self, gen, x, bottom):
        """Give each group of lines its own horizontal level where their spans overlap."""
        placed, spans = [], []  # spans[level] = [(start, end), ...]
        groups = self._connectors(gen, x)
        self.groups.update(groups)
        for key in sorted(groups, key=lambda k: (k[1] == "step", min(x[p] for p in k[0]))):
            points = [self._drop_x(key, x)] + [x[c] for c, _ in groups[key]]
            start, end = min(points) - 8, max(points) + 18
            free = (i for i, used in enumerate(spans) if all(e < start or s > end for s, e in used))
            level = next(free, len(spans))
            if level == len(spans):
                spans.append([])
            spans[level].append((start, end))
            placed.append((key, bottom + 12 + level * LEVEL))
        return placed

    def _drop_x(self, key, x):
        parents, kind = key
        if len(parents) == 2:
            return (x[parents[0]] + x[parents[1]]) / 2
        side = self._channel_side(key, x)
        # Off the midline between slots, where a child of a couple may be dropping.
        return x[parents[0]] + side * (SLOT / 2 + (10 if kind == "step" else -10))

    def _channel_side(self, key, x):
        """A lone parent's line goes down the gap beside them, towards the children, unless a
        couple line is on that side."""
        (pid,), kind = key
        children = [x[c] for c, _ in self.groups[key]]
        toward = -1 if sum(children) / len(children) < x[pid] else 1
        beside = {(1 if x[p] > x[pid] else -1) for p in self.partner_of[pid] if abs(x[p] - x[pid]) <= SLOT * 1.01}
        return toward if toward not in beside else -toward

    # Drawing ------------------------------------------------------------------------------

    def render(self) -> str:
        pos, g = self.positions, self.g
        uid = f"genogram-{g.subject.pk}"
        width = max(max(px for px, _ in pos.values()) + SLOT / 2 + 10, 560)
        legend = self._legend()
        height = self.height + len(legend) * 18 + 10
        parts = [_tag("title", {"id": f"{uid}-title"}, escape(f"Genogram for {g.subject.full_name}"))]
        parts.append(_tag("desc", {"id": f"{uid}-desc"}, escape(
            f"Family diagram of {len(g.nodes)} people across {len(self.rows)} generations. "
            "A description in words follows the diagram.")))
        parts += self._couple_lines() + self._descent_lines()
        parts += [self._person(node) for node in sorted(g.nodes.values(), key=lambda n: pos[n.pk])]
        for i, line in enumerate(legend):
            parts.append(_tag("text", {"x": 10, "y": self.height + 14 + i * 18, "font-size": 12, "fill": SECONDARY},
                              escape(line)))
        return _tag("svg", {
            "xmlns": "http://www.w3.org/2000/svg", "class": "genogram", "role": "img",
            "aria-labelledby": f"{uid}-title {uid}-desc", "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": _n(width), "height": _n(height), "font-family": FONT,
        }, "".join(parts))

    def _legend(self):
        first = self.g.subject.given_name or self.g.subject.full_name
        lines = ["Square: male. Circle: female. Diamond: sex not known. Triangle: unborn. Cross: died."]
        lines.append("Double outline: " + first + ". Dashed line: step-parent or carer. //: separated.")
        own = self.g.nodes[self.g.subject.pk].household
        badges = ["PR: holds parental responsibility for " + first + "."] if self.g.nodes and any(
            n.has_pr for n in self.g.nodes.values()) else []
        if any(n.household for n in self.g.nodes.values()):
            badges.append(f"Home {own}: {first}'s current household." if own else "Same home letter: live together.")
        return lines + ([" ".join(badges)] if badges else [])

    def _couple_lines(self):
        pos, parts = self.positions, []
        for c in self.g.couples:
            (ax, y), (bx, _) = sorted([pos[c.a], pos[c.b]])
            adjacent = bx - ax <= SLOT * 1.01
            people = f"{c.a} {c.b}"
            cls = "genogram-couple genogram-separated" if c.separated else "genogram-couple"
            if adjacent:
                d = f"M{_n(ax + R)} {_n(y)}H{_n(bx - R)}"
            else:  # over the top of the people in between
                d = f"M{_n(ax)} {_n(y - R)}V{_n(y - R - 14)}H{_n(bx)}V{_n(y - R)}"
            parts.append(_tag("path", {"class": cls, "data-people": people, "d": d, "fill": "none",
                                       "stroke": TEXT, "stroke-width": 2}))
            if c.separated:
                mx, my = ax + (bx - ax) * 0.35, y if adjacent else y - R - 14
                d = "".join(f"M{_n(mx + dx - 4)} {_n(my + 8)}L{_n(mx + dx + 4)} {_n(my - 8)}" for dx in (-4, 4))
                parts.append(_tag("path", {"class": "genogram-separation-mark", "d": d,
                                           "stroke": TEXT, "stroke-width": 2}))
        return parts

    def _descent_lines(self):
        pos, parts = self.positions, []
        x = {pid: px for pid, (px, _) in pos.items()}
        for row in self.rows:
            for (parents, kind), level in self.levels[row]:
                px, py = self._drop_x((parents, kind), x), pos[parents[0]][1]
                if len(parents) == 2:
                    start = f"M{_n(px)} {_n(py)}"
                else:
                    side = self._channel_side((parents, kind), x)
                    start = f"M{_n(x[parents[0]] + side * R)} {_n(py)}H{_n(px)}"
                for cid, type_ in self.groups[(parents, kind)]:
                    child = self.g.nodes[cid]
                    cx, cy = pos[cid]
                    cx += 10 if kind == "step" and child.shape != "triangle" else 0
                    top = cy - child.size - (5 if cid == self.g.subject.pk else 0)
                    d = f"{start}V{_n(level)}H{_n(cx)}V{_n(top)}"
                    attrs = {"class": f"genogram-{kind}", "data-parents": " ".join(map(str, parents)),
                             "data-child": str(cid), "d": d, "fill": "none", "stroke": SECONDARY, "stroke-width": 2}
                    if kind == "step" or type_ == T.ADOPTIVE_PARENT:
                        attrs["stroke-dasharray"] = "6 4"
                    parts.append(_tag("path", attrs))
        return parts

    def _person(self, node) -> str:
        x, y = self.positions[node.pk]
        is_subject = node.pk == self.g.subject.pk
        stroke = {"fill": "none", "stroke": TEXT, "stroke-width": 2}
        parts = [_shape(node.shape, node.size, {**stroke, "fill": WHITE, "class": "genogram-symbol"})]
        if is_subject:
            parts.append(_shape(node.shape, node.size + 5, {**stroke, "class": "genogram-outline"}))
        if node.person.date_of_death:
            s = node.size
            cross = f"M{-s} {-s}L{s} {s}M{s} {-s}L{-s} {s}"
            parts.append(_tag("path", {**stroke, "class": "genogram-deceased", "d": cross}))
        ty = R + 21  # the same for every symbol, so labels line up along the row
        for kind, text in self._label_lines(node):
            if kind == "badges":
                parts.append(self._badges(node, ty + 4))
            else:
                attrs = {"x": 0, "y": ty, "text-anchor": "middle", "font-size": 13 if kind == "name" else 12,
                         "fill": TEXT if kind == "name" else SECONDARY}
                if kind == "name":
                    attrs["font-weight"] = "bold"
                parts.append(_tag("text", attrs, escape(text)))
            ty += LINE
        return _tag("g", {"class": "genogram-person", "data-person-id": str(node.pk), "data-shape": node.shape,
                          "transform": f"translate({_n(x)} {_n(y)})"}, "".join(parts))

    def _badges(self, node, y) -> str:
        badges = (["PR"] if node.has_pr else []) + ([f"Home {node.household}"] if node.household else [])
        widths = [12 + 7 * len(b) for b in badges]
        left, parts = -(sum(widths) + 6 * (len(widths) - 1)) / 2, []
        for badge, w in zip(badges, widths, strict=True):
            pr = badge == "PR"
            cls = "genogram-pr" if pr else "genogram-household"
            parts.append(_tag("g", {"class": cls}, _tag("rect", {
                "x": left, "y": y - 12, "width": w, "height": 16, "rx": 3,
                "fill": BLUE if pr else WHITE, "stroke": BLUE, "stroke-width": 1}) + _tag("text", {
                "x": left + w / 2, "y": y, "text-anchor": "middle", "font-size": 11, "font-weight": "bold",
                "fill": WHITE if pr else BLUE}, escape(badge))))
            left += w + 6
        return "".join(parts)


def _shape(shape, s, attrs) -> str:
    if shape == "square":
        return _tag("rect", {"x": -s, "y": -s, "width": 2 * s, "height": 2 * s, **attrs})
    if shape == "circle":
        return _tag("circle", {"cx": 0, "cy": 0, "r": s, **attrs})
    if shape == "triangle":
        return _tag("polygon", {"points": f"0,{-s} {s},{s} {-s},{s}", **attrs})
    return _tag("polygon", {"points": f"0,{-s} {s},0 0,{s} {-s},0", **attrs})


def _spread(blocks) -> dict:
    """x for each person: each block centred on where it wants to be, pushed apart so no two
    people are closer than SLOT. Sweeping right and sweeping left then averaging keeps the
    order and the spacing and does not favour either side."""

    def sweep(blocks, direction):
        out, cursor = {}, None
        for members, centre in blocks if direction > 0 else reversed(blocks):
            n = len(members)
            if centre is None:
                first = 0 if cursor is None else cursor + direction * SLOT
            else:
                first = centre - direction * (n - 1) / 2 * SLOT
                if cursor is not None:
                    first = max(first, cursor + SLOT) if direction > 0 else min(first, cursor - SLOT)
            ordered = members if direction > 0 else list(reversed(members))
            for i, pid in enumerate(ordered):
                out[pid] = first + direction * i * SLOT
            cursor = out[ordered[-1]]
        return out

    right, left = sweep(blocks, 1), sweep(blocks, -1)
    return {pid: (right[pid] + left[pid]) / 2 for pid in right}
