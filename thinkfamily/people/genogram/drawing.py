"""A genogram drawn: the SVG with the standard symbols, lines and a key for what is drawn,
and the same said in sentences (the text alternative) for screen-reader and print users.
Every name and label is escaped as the markup is built (``_tag``)."""

from markupsafe import Markup, escape

from thinkfamily.people.genogram.layout import (
    BADGE_ROW,
    LINE,
    MARGIN,
    NAME_SIZE,
    TEXT_SIZE,
    R,
    badge_width,
    badges_width,
    symbol_size,
    text_width,
)

BLUE, TEXT, SECONDARY, WHITE = "#005eb8", "#212b32", "#4c6272", "#ffffff"
FONT = "Frutiger W01, Arial, sans-serif"
# Wider than this, a 375px phone (about 325px for the drawing) would shrink 14px text below
# 10px: the svg gets the class genogram-wide so that the page can keep it at its natural size
# and let it scroll sideways instead (.tf-genogram has overflow-x: auto).
WIDE = 455


def _n(value) -> str:
    """Whole pixels, so that 2px lines drawn over each other stay crisp."""
    return str(round(value))


def _tag(name, attrs, content=None) -> str:
    attr = "".join(f' {k}="{escape(_n(v) if isinstance(v, int | float) else v)}"' for k, v in attrs.items())
    return f"<{name}{attr}/>" if content is None else f"<{name}{attr}>{content}</{name}>"


def svg(genogram) -> Markup:
    # Every name and label is escaped as the markup is built (see _tag).
    return Markup(_Drawing(genogram).render())  # noqa: S704


def text_alternative(genogram) -> list[str]:
    """The genogram in sentences, one per person (in the drawing's order: by generation, then
    left to right), one per couple and one per organisation holding parental responsibility."""
    g = genogram
    first = g.subject.given_name or g.subject.full_name
    positions = g.layout.positions
    sentences = []
    for node in sorted(g.nodes.values(), key=lambda n: (n.generation, positions[n.pk][0])):
        facts = ", ".join(f for f in [node.role if node.pk != g.subject.pk else "", node.detail] if f)
        sentence = f"{node.person.full_name} ({facts})" if facts else node.person.full_name
        if node.pk == g.subject.pk:
            sentence += " is the person this genogram is about"
        elif node.household and node.household == g.nodes[g.subject.pk].household:
            sentence += f" lives with {first}"
        elif node.household:
            sentence += f" lives in another household (home {node.household})"
        elif not node.person.is_unborn and not node.person.date_of_death:
            sentence += ", current household not recorded"
        if node.has_pr:
            sentence += "; holds parental responsibility"
        sentences.append(sentence)
    for couple in g.couples:
        a, b = g.nodes[couple.a].person.full_name, g.nodes[couple.b].person.full_name
        sentences.append(f"{a} and {b} are {'separated' if couple.separated else 'a couple'}")
    for row in g.organisations_with_pr:
        sentences.append(f"{row.holder_organisation} holds parental responsibility ({row.get_basis_display()})")
    return sentences


class _Drawing:
    """The SVG of a laid-out genogram: couple lines, lines of descent, each person's symbol
    and label, and the key."""

    def __init__(self, genogram):
        self.g = genogram
        self.layout = genogram.layout

    def render(self) -> str:
        pos, g = self.layout.positions, self.g
        uid = f"genogram-{g.subject.pk}"
        right = max(px + self.layout.half_width(pid) for pid, (px, _) in pos.items())
        legend = self._legend(max(right - MARGIN, 260))
        width = max([right] + [MARGIN + w for _, w in legend]) + MARGIN
        height = self.layout.bottom + 10 + len(legend) * LINE + MARGIN
        parts = [_tag("title", {"id": f"{uid}-title"}, escape(f"Genogram for {g.subject.full_name}"))]
        parts.append(_tag("desc", {"id": f"{uid}-desc"}, escape(
            f"Family diagram of {len(g.nodes)} people across {len(self.layout.rows)} generations. "
            "A description in words follows the diagram.")))
        parts += self._couple_lines() + self._descent_lines()
        parts += [self._person(node) for node in sorted(g.nodes.values(), key=lambda n: pos[n.pk])]
        for i, (line, _) in enumerate(legend):
            parts.append(_tag("text", {"class": "genogram-legend", "x": MARGIN, "y": self.layout.bottom + 22 + i * LINE,
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
        styles = {group.style for group in self.layout.groups}
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
            if lines and text_width(f"{lines[-1]} {item}", TEXT_SIZE) <= width:
                lines[-1] += f" {item}"
                continue
            words = item.split(" ")
            lines.append(words[0])
            for word in words[1:]:
                if text_width(f"{lines[-1]} {word}", TEXT_SIZE) <= width:
                    lines[-1] += f" {word}"
                else:
                    lines.append(word)
        return [(line, text_width(line, TEXT_SIZE)) for line in lines]

    def _couple_lines(self):
        pos, parts = self.layout.positions, []
        x = {pid: px for pid, (px, _) in pos.items()}
        for c in self.g.couples:
            a, b = sorted([c.a, c.b], key=lambda p: x[p])
            (ax, y), (bx, _) = pos[a], pos[b]
            cls = "genogram-couple genogram-separated" if c.separated else "genogram-couple"
            gen = self.g.nodes[a].generation
            if c in self.layout.over[gen]:  # over the top of the people in between, clear of the top centres
                level = y - R - 14 - 8 * self.layout.over[gen].index(c)
                d = (f"M{_n(ax + 8)} {_n(y - self.layout.edge(a, 8))}V{_n(level)}"
                     f"H{_n(bx - 8)}V{_n(y - self.layout.edge(b, 8))}")
                mx, my = ax + 8 + min((bx - ax - 16) / 4, 40), level
            else:
                start, end = ax + self.layout.edge(a, side=True), bx - self.layout.edge(b, side=True)
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
        pos, parts = self.layout.positions, []
        x = {pid: px for pid, (px, _) in pos.items()}
        for group in self.layout.groups:
            parents = tuple(sorted(group.parents, key=lambda p: x[p]))
            drop_x, row_y = self.layout.drop_x(group, x, snap=True), pos[parents[0]][1]
            if len(parents) == 2 and self.layout.adjacent(*parents, x):
                drop_y = row_y
            else:
                drop_y = row_y + self.layout.labels[self.layout.dropping_parent(group, x)].bottom + 4
            bar = self.layout.bar_y[id(group)]
            for cid in group.children:
                dx = self.layout.entry_dx(cid, group, x)
                cx, cy = pos[cid][0] + dx, pos[cid][1] - self.layout.edge(cid, dx)
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
        x, y = self.layout.positions[node.pk]
        label = self.layout.labels[node.pk]
        stroke = {"fill": "none", "stroke": TEXT, "stroke-width": 2}
        parts = [_shape(node.shape, symbol_size(node), {**stroke, "fill": WHITE, "class": "genogram-symbol"})]
        if node.pk == self.g.subject.pk:
            parts.append(_shape(node.shape, symbol_size(node) + 5, {**stroke, "class": "genogram-outline"}))
        if node.person.date_of_death:
            s = symbol_size(node)
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
        widths = [badge_width(b) for b in badges]
        left, parts = -badges_width(badges) / 2, []
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


def _shape(shape, s, attrs) -> str:
    if shape == "square":
        return _tag("rect", {"x": -s, "y": -s, "width": 2 * s, "height": 2 * s, **attrs})
    if shape == "circle":
        return _tag("circle", {"cx": 0, "cy": 0, "r": s, **attrs})
    if shape == "triangle":
        return _tag("polygon", {"points": f"0,{-s} {s},{s} {-s},{s}", **attrs})
    return _tag("polygon", {"points": f"0,{-s} {s},0 0,{s} {-s},0", **attrs})
