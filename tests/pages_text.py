"""Developer text a practitioner must never read on a page, said once so that the page walk
(tests/core/test_no_developer_text.py) and the browser walk share it: timescale keys,
sign-in names, model class names, Python values, "1 working days", month names in lower case,
a comma after an empty name.

``visible_text`` reads a page as a browser shows it: inline tags join their words (a link
followed by a comma reads "outcome, 1"), block tags separate them. ``problems(text)`` lists
what was found, each with the words around it."""

import html
import re

from django.apps import apps

from thinkfamily.core.timescales import TIMESCALES

_NOT_SHOWN = re.compile(r"<(script|style|template|svg)\b[^>]*>.*?</\1>|<!--.*?-->", re.S)
_HIDDEN = re.compile(r'<([a-z0-9]+)\b[^>]*\bhidden\b[^>]*>.*?</\1>', re.S)
_INLINE = re.compile(r"</?(a|abbr|b|strong|em|i|span|small|code|time|mark|sup|sub|label|bdi|q|s|u)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"


def visible_text(page) -> str:
    """The words of a page (a response or its HTML) as a browser lays them out."""
    markup = page if isinstance(page, str) else page.content.decode()
    markup = _INLINE.sub("", _NOT_SHOWN.sub(" ", markup))
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", markup))).strip()


def _model_names() -> list[str]:
    """The project's model class names that are not English words (two humps or more:
    InformationRequest, CaseNote, SDQScore)."""
    names = {model.__name__ for model in apps.get_models() if model.__module__.startswith("thinkfamily.")}
    humps = re.compile(r"[A-Z][a-z].*[A-Z]|[A-Z]{2}[a-z]")
    return sorted(name for name in names if humps.search(name))


def patterns(usernames=()) -> dict[str, re.Pattern]:
    """What developer text looks like, by name. ``usernames``: every practitioner's sign-in
    name (the demo's end in .demo; a test cast's are listed)."""
    keys = "|".join(re.escape(key) for key in sorted(TIMESCALES, key=len, reverse=True) if "." in key)
    names = [re.escape(name) for name in sorted(set(usernames), key=len, reverse=True) if name]
    signins = r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.demo\b" + "".join(f"|\\b{name}\\b" for name in names)
    return {
        "timescale key": re.compile(rf"(?<![\w.@])(?:{keys})(?![\w@]|\.\w)"),
        "sign-in name": re.compile(rf"(?<![\w.@-])(?:{signins})(?![\w@-]|\.\w)"),
        "model name": re.compile(rf"\b(?:{'|'.join(_model_names())})\b"),
        "Python value": re.compile(r"\{'|'\}|\[\d+, \d+\]|\bTrue\b|\bFalse\b"
                                   r"|\bNone\b(?! (?:yet|recorded|named|ticked|given|known|found|has|have|is|are|of)\b)"
                                   r"(?!\.)"),
        "one, plural": re.compile(r"(?<![\d.,])1 (?:working )?(?:days|hours|months|weeks|years)\b"),
        "month in lower case": re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b"),
        "comma after nothing": re.compile(r"(?:^|\s),"),
    }


def problems(text: str, usernames=()) -> list[str]:
    """Each piece of developer text in ``text``: its kind and the words around it."""
    found = []
    for kind, pattern in patterns(usernames).items():
        for match in pattern.finditer(text):
            found.append(f"{kind}: …{text[max(0, match.start() - 50):match.end() + 30]}…")
    return found
