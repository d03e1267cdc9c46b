"""Steps every page test shares: what a page says, as a practitioner reads it, and what a form
sends for a date."""

import datetime
import html
import re

_NOT_SHOWN = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def text(page, *, tidy: bool = False) -> str:
    """The visible text of a page (a response or its HTML): scripts and styles left out, tags
    as spaces, entities decoded, whitespace collapsed. ``tidy``: no space before a comma or a
    full stop, as the sentence reads on the screen."""
    markup = page if isinstance(page, str) else page.content.decode()
    words = html.unescape(re.sub(r"\s+", " ", _TAG.sub(" ", _NOT_SHOWN.sub(" ", markup)))).strip()
    return re.sub(r" ([,.])", r"\1", words) if tidy else words


def date_fields(name: str, day: datetime.date) -> dict:
    """The three fields (day, month, year) of the date input ``name``, filled with ``day``."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def chart(page, testid: str) -> dict:
    """The chart of that test id on a page (thinkfamily/core/charts.py), as a screen reader
    meets it: whether it is an image named by its title and described by its desc, the title,
    and the figures its desc says, month by month ({"October 2026": {"sent late": 1.0}})."""
    markup = page if isinstance(page, str) else page.content.decode()
    found = re.search(rf'<svg [^>]*data-testid="{re.escape(testid)}"[^>]*>.*?</svg>', markup, re.S)
    assert found, f"no chart {testid} on the page"
    svg = found.group(0)
    opening = svg.split(">", 1)[0]
    labelled = re.search(r'aria-labelledby="([^"]+)"', opening)
    title_id, desc_id = labelled.group(1).split() if labelled else ("", "")
    title = re.search(rf'<title id="{title_id}">(.*?)</title>', svg)
    desc = re.search(rf'<desc id="{desc_id}">(.*?)</desc>', svg)
    described = html.unescape(desc.group(1)) if desc else ""
    months: dict = {}
    for month, said in re.findall(r"([A-Z][a-z]+ \d{4}): ([^;]+?)(?=;|\.(?: |$))", described):
        figures = months.setdefault(month, {})
        for part in said.split(", "):
            number = re.search(r"(-?\d+(?:\.\d+)?)%?", part)
            figures[re.sub(r"\s*-?\d+(?:\.\d+)?%?\s*", " ", part).strip()] = float(number.group(1)) if number else None
    return {
        "is_image": 'role="img"' in opening and bool(title) and bool(desc),
        "title": html.unescape(title.group(1)) if title else "",
        "desc": described,
        "months": months,
    }
