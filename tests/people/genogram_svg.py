"""Reading a genogram's SVG as a practitioner reads the drawing: each person's node and where
it is, the lines between people and their corners, the top edge of a symbol, how wide a label
is, how large its text is on a phone; and that no two labels of a row overlap."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(genogram):
    root = ET.fromstring(str(genogram.svg()))
    nodes = {g.get("data-person-id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "genogram-person"}
    return root, nodes


def y_of(node):
    return float(re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", node.get("transform")).group(2))


def x_of(node):
    return float(re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", node.get("transform")).group(1))


def lines(root, cls):
    return [el for el in root.iter(f"{SVG}path") if cls in el.get("class", "").split()]


def couple_classes(root):
    return {frozenset(el.get("data-people").split()): el.get("class").split() for el in lines(root, "genogram-couple")}


def points(path):
    """The corners of a path drawn with M, H, V and L commands."""
    here, out = None, []
    for cmd, a, b in re.findall(r"([MHVL])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", path.get("d")):
        if cmd in "ML":
            here = (float(a), float(b))
        elif cmd == "H":
            here = (float(a), here[1])
        else:
            here = (here[0], float(a))
        out.append(here)
    return out


def top_of(node, x=None):
    """y of the top edge of the outermost symbol (the double outline for the subject), at ``x``
    (by default straight above the centre)."""
    dx = 0 if x is None else x - x_of(node)
    symbol = node.find(f"{SVG}*[@class='genogram-outline']")
    if symbol is None:
        symbol = node.find(f"{SVG}*[@class='genogram-symbol']")
    if symbol.tag == SVG + "rect":
        return y_of(node) + float(symbol.get("y"))
    if symbol.tag == SVG + "circle":
        return round(y_of(node) - (float(symbol.get("r")) ** 2 - dx**2) ** 0.5)
    assert dx == 0, "lines enter a triangle or diamond at its top point"
    return y_of(node) + min(float(pt.split(",")[1]) for pt in symbol.get("points").split())


def label_width(node):
    """A modest estimate of the widest line of a person's label (Arial averages about half an
    em a character), or of their row of badges."""
    widths = [len(t.text or "") * float(t.get("font-size")) * (0.55 if t.get("font-weight") else 0.5)
              for t in node.iter(f"{SVG}text") if t.get("font-size")]
    rects = [float(r.get("width")) for r in node.iter(f"{SVG}rect") if r.get("rx")]
    return max(widths + [sum(rects) + 6 * (len(rects) - 1) if rects else 0])


def rendered_font_sizes(root, container=325):
    """Font sizes as seen when the page scales the drawing into a 375px phone's column."""
    width = float(root.get("viewBox").split()[2])
    scale = min(1, container / width)
    return [float(t.get("font-size")) * scale for t in root.iter(f"{SVG}text")]


def assert_labels_clear(nodes):
    by_row = {}
    for node in nodes.values():
        by_row.setdefault(y_of(node), []).append(node)
    for row in by_row.values():
        row.sort(key=x_of)
        for a, b in zip(row, row[1:], strict=False):
            assert x_of(b) - x_of(a) >= 2 * 25 + 10, "symbols overlap"
            assert x_of(b) - x_of(a) >= (label_width(a) + label_width(b)) / 2 + 4, "labels overlap"
