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
