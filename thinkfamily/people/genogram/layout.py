"""Where a genogram's people go: rows by generation; within a row couples side by side,
children under the middle of their parents' couple line and parents over their children as
far as the rows allow; then the sibling bars and where each line enters a person. The labels
under the symbols are made here too, since their widths space the rows.

Sizes are in SVG units. The drawing is as narrow as its labels allow, so that on a 375px
phone a family three or four people wide is scaled down little and 14px text stays at 10px
or more."""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from thinkfamily.people.models import Relationship

T = Relationship.Type
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
COHESION = 0.25  # how strongly partners keep together against the pull of parents and children


def symbol_size(node) -> int:
    """Half the width of a person's symbol (an unborn child's triangle is smaller)."""
    return 14 if node.person.is_unborn else R


# Rough advance widths (in em) of Arial, to wrap and space labels without measuring a font.
_EM = {c: w for chars, w in [
    ("ijl'|", 0.23), ("ftI .,:;!/", 0.28), ("r-()[]", 0.34), ('Jcksvxyz"', 0.5), ("FTZ", 0.61),
    ("ABEKPSVXY&", 0.67), ("CDHNRUw", 0.72), ("GOQ", 0.78), ("mM", 0.83), ("W%", 0.94),
] for c in chars}


def text_width(text, size, bold=False) -> float:
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
        if lines and text_width(_join(lines[-1], word), size, bold) <= LABEL_WIDTH:
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


class Layout:
    """Rows by generation. Within a row couples are adjacent; children sit under the middle of
    their parents' couple line and parents over their children as far as the rows allow."""

    def __init__(self, genogram):
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
        left = min(px - self.half_width(pid) for pid, px in x.items())
        x = {pid: px - left + MARGIN for pid, px in x.items()}
        self._place_y(x)
        self.positions = {pid: (px, self.row_y[nodes[pid].generation]) for pid, px in x.items()}

    # Labels, and the children hanging from each parent or couple ------------------------

    def _label(self, node) -> _Label:
        lines = [("name", t) for t in _wrap(node.person.full_name, NAME_SIZE, bold=True, max_lines=3, hyphens=True)]
        if node.pk != self.g.subject.pk:
            lines += [("role", t) for t in _wrap(node.role[:1].upper() + node.role[1:], TEXT_SIZE, max_lines=3)]
        detail = node.short_detail
        if detail and text_width(detail, TEXT_SIZE) > LABEL_WIDTH and " " in detail:
            lines += [("detail", part) for part in detail.split(" ", 1)]  # "EDD", "14 Feb 2027"
        elif detail:
            lines.append(("detail", detail))
        badges = (["PR"] if node.has_pr else []) + ([f"Home {node.household}"] if node.household else [])
        rows = [badges] if badges_width(badges) <= LABEL_WIDTH else [[b] for b in badges]
        widths = [text_width(t, NAME_SIZE if kind == "name" else TEXT_SIZE, kind == "name") for kind, t in lines]
        widths += [badges_width(row) for row in rows] + [2 * (symbol_size(node) + 5)]
        return _Label(lines, [row for row in rows if row], max(widths))

    def half_width(self, pid) -> float:
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

    def drop_x(self, group, x, snap=False) -> float:
        """Where the line to the children leaves the parents: the middle of the couple line,
        or under one parent (for a lone parent, or a couple drawn apart). Once the layout is
        settled (``snap``), moved up to SNAP px to be straight over a lone child."""
        if len(group.parents) == 2 and self.adjacent(*group.parents, x):
            drop = (x[group.parents[0]] + x[group.parents[1]]) / 2
        else:
            drop = x[self.dropping_parent(group, x)]
        if snap and len(group.children) == 1:
            child = group.children[0]
            below = x[child] + self.entry_dx(child, group, x)
            if abs(below - drop) <= SNAP:
                return below
        return drop

    def dropping_parent(self, group, x):
        centre = sum(x[c] for c in group.children) / len(group.children)
        return min(group.parents, key=lambda p: (abs(x[p] - centre), str(p)))

    def adjacent(self, a, b, x) -> bool:
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
            drop = self.drop_x(group, x)
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
                              and not self.adjacent(c.a, c.b, x)]
            top = max(symbol_size(n) + (5 if n.pk == self.g.subject.pk else 0) for n in row)
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
            points = [self.drop_x(group, x, snap=True)] + [x[c] + self.entry_dx(c, group, x) for c in group.children]
            start, end = min(points) - 6, max(points) + 6
            level = next((i for i, used in enumerate(spans) if all(e < start or s > end for s, e in used)),
                         len(spans))
            if level == len(spans):
                spans.append([])
            spans[level].append((start, end))
            self.bar_y[id(group)] = bottom + 12 + level * LEVEL
        return list(self.bar_y[id(g)] for g in mine)

    def entry_dx(self, cid, group, x) -> int:
        """The first line into a person enters the top centre; a second one OFFSET to the side
        it comes from, a third OFFSET to the other side."""
        index = self.groups_of_child[cid].index(group)
        if not index:
            return 0
        toward = 1 if self.drop_x(group, x) >= x[cid] else -1
        offset = OFFSET // 2 if self.g.nodes[cid].shape == "triangle" else OFFSET
        return toward * offset * (1 if index % 2 else -1) * ((index + 1) // 2)

    def edge(self, pid, dx=0, side=False) -> float:
        """Distance from the centre to the edge of the symbol (the outer outline for the
        subject): upwards at ``dx`` from the centre, or sideways along the centre line."""
        node = self.g.nodes[pid]
        s = symbol_size(node) + (5 if pid == self.g.subject.pk else 0)
        if node.shape == "square":
            return s
        if node.shape == "circle":
            return math.sqrt(max(s * s - dx * dx, 0))
        if node.shape == "diamond":
            return s - abs(dx)
        return s / 2 if side else s - 2 * abs(dx)  # triangle, point up


def badge_width(text) -> int:
    return round(text_width(text, TEXT_SIZE, bold=True)) + 10


def badges_width(badges) -> int:
    return sum(badge_width(b) + 6 for b in badges) - 6 if badges else 0


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
