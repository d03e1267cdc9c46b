"""Hostile input, and reading a page for where to send it: the payloads an attacker, a paste
from a word processor or a confused browser sends, the forms and links of a rendered page, and
a sender that keeps every server error with the URL, the user and the payload."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import resolve
from django.urls.exceptions import Resolver404

# What an attacker, a paste from a word processor or a confused browser sends.
TEXT_PAYLOADS = [
    "\x00",
    "Jade\x00Taylor",
    "x" * 10_000,
    "²",
    "１２",
    "٣",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "9999-12",
    "31/12/9999",
    "\u202eTaylor\u202c",
    "Jade\u200bTaylor",
    "\x1b[31m\x07",
    "' OR 1=1 --",
    "\"; DROP TABLE people_person; --",
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1)",
    "%",
    "none",
    "all",
    "",
    " ",
]
DATE_PAYLOADS = [
    ("31", "12", "9999"),
    ("1", "1", "0001"),
    ("0", "0", "0000"),
    ("²", "1", "2020"),
    ("１", "１", "２０２０"),
    ("-1", "13", "2020"),
    ("99999999999999999999", "1", "2020"),
    ("29", "2", "2023"),
    ("\x00", "1", "2020"),
]
# Query parameter names the app reads somewhere (grep request.GET), tried on every page
# besides the page's own.
KNOWN_PARAMS = ["page", "period", "figure", "grade", "service", "month", "band", "outcome", "practitioner",
                "step", "show", "plan", "format", "before", "after", "nhs_number", "timeout", "next"]


class FormsAndLinks(HTMLParser):
    """The forms on a page (action, method, fields with their default values) and its links."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.links = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append(Form(attrs.get("action") or "", (attrs.get("method") or "get").lower()))
        elif tag == "option" and self._select and self.forms:
            self.forms[-1].options.setdefault(self._select, []).append(attrs.get("value", ""))
        elif not self.forms or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            self.forms[-1].add(attrs["name"], kind, attrs.get("value", "on" if kind == "checkbox" else ""),
                               checked="checked" in attrs)
        elif tag == "select":
            self._select = attrs["name"]
            self.forms[-1].add(self._select, "select", None)
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.forms[-1].add(self._textarea, "textarea", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] = ("textarea", data.strip())


DATE_PARTS = ("_0", "_1", "_2")  # the day, month and year boxes of core.forms.DateInputField


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)  # name -> (kind, default)
    options: dict = field(default_factory=dict)  # select name -> option values
    choices: dict = field(default_factory=dict)  # radio/checkbox name -> values

    def add(self, name, kind, value, checked=False):
        if kind in {"radio", "checkbox"}:
            self.choices.setdefault(name, []).append(value)
            if name not in self.fields or checked:
                self.fields[name] = (kind, value)
            return
        self.fields[name] = (kind, value)

    def baseline(self) -> dict:
        """Plausible values: what the page filled in, the first real option, a past date."""
        data = {}
        dates = self.date_fields()
        for name, (kind, value) in self.fields.items():
            if kind == "select":
                options = [o for o in self.options.get(name, []) if o]
                data[name] = options[0] if options else ""
            elif name[:-2] in dates and not value:
                data[name] = {"_0": "3", "_1": "2", "_2": "2025"}[name[-2:]]
            elif kind in {"text", "textarea", "search", "tel", "email", "number"} and not value:
                data[name] = "1" if kind == "number" else "Seen at the clinic today"
            else:
                data[name] = value
        return data

    def date_fields(self):
        return sorted({name[:-2] for name in self.fields
                       if all(name[:-2] + part in self.fields for part in DATE_PARTS)})

    def text_fields(self):
        dates = {name + part for name in self.date_fields() for part in DATE_PARTS}
        return [name for name, (kind, _) in self.fields.items()
                if kind in {"text", "textarea", "search", "tel", "email", "number"} and name not in dates]

    def choice_fields(self):
        return [name for name, (kind, _) in self.fields.items() if kind in {"select", "radio", "checkbox", "hidden"}
                and name != "csrfmiddlewaretoken"]


def parse(html: str) -> FormsAndLinks:
    parser = FormsAndLinks()
    parser.feed(html)
    return parser


def hostile_values_for(value: str) -> list[str]:
    """Mutations of one query parameter's value that fit what it looks like."""
    found = ["\x00", "²", "x" * 10_000]
    if value.isdigit() and len(value) == 4:
        found += ["9999", "0001"]
    elif value.isdigit() or value.lstrip("-").isdigit():
        found += ["１２", "-1", "99999999999999999999"]
    if len(value) == 7 and value[4] == "-":
        found += ["9999-12", "0000-00", "2026-²"]
    if len(value) == 10 and value[4] == "-":
        found += ["9999-12-31", "0001-01-01"]
    return found


class Fuzz:
    """Sends the requests and keeps every server error, naming the URL, who and the payload."""

    def __init__(self, clients):
        self.clients = clients
        self.failures = []
        self.requests = 0

    def send(self, method, url, data, who):
        self.requests += 1
        client = self.clients[who]
        try:
            response = client.get(url, data or {}) if method == "GET" else client.post(url, data or {})
        except Exception as exc:  # the test client raises what the view raised (a 500)
            self.failures.append(f"{method} {url} as {who}: {type(exc).__name__}: {str(exc)[:160]} with {short(data)}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method} {url} as {who}: {response.status_code} with {short(data)}")
        return response


def short(data):
    if not data:
        return "no data"
    return {k: (f"{v[:12]!r}...({len(v)} chars)" if isinstance(v, str) and len(v) > 40 else v)
            for k, v in data.items()}


def path_of(href: str, page_url: str) -> str | None:
    """The app path a link or form action points at (None when it leaves the app)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path or urlsplit(page_url).path
    try:
        resolve(path)
    except Resolver404:
        return None
    return path
