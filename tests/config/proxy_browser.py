"""A browser behind the trust's TLS-terminating proxy, for the production check
(test_production): each request as the proxy passes it on (X-Forwarded-Proto: https, the public
Host), with the browser's cookies, Origin and Referer, and the page's links, forms and static
files read from the HTML."""

import gzip
import http.client
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

from tests.config.production_server import HOST, Server

ORIGIN = f"https://{HOST}"


@dataclass
class Response:
    method: str
    path: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Page(HTMLParser):
    """What the smoke check needs from an HTML page: its links, static files, forms and h1."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links, self.menu, self.assets, self.forms = [], [], [], []
        self.h1, self._in_h1 = "", False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if "nhsuk-header__navigation-link" in a.get("class", "") or "nhsuk-header__account-link" in a.get(
                "class", ""
            ):
                self.menu.append(a["href"])
        elif tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        elif tag in ("script", "img", "source") and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "form":
            # The header's account menu signs out with a form (a POST): part of the menu, and
            # never the page's own form.
            header = "nhsuk-header__account-form" in a.get("class", "")
            if header:
                self.menu.append(a.get("action", ""))
            method = a.get("method", "get").lower()
            self.forms.append({"action": a.get("action", ""), "method": method, "fields": {}, "header": header})
        elif tag in ("input", "button", "textarea", "select") and self.forms and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1]["fields"].setdefault(a["name"], a.get("value", ""))
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data

    def post_form(self):
        return next(form for form in self.forms if form["method"] == "post" and not form["header"])


class Browser:
    """A browser seen from gunicorn's side of the proxy: every request says it came over
    HTTPS for the public host, carries the cookies the site set (Secure ones included, as
    the browser sends them over HTTPS), and a form post carries Origin and Referer."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.set_cookie_flags: dict[str, str] = {}

    def request(self, method: str, path: str, *, form: dict | None = None, referer: str = "/",
                proxied: bool = True) -> Response:
        headers = {"Host": HOST, "User-Agent": "ThinkFamily production check", "Accept-Encoding": "gzip",
                   "X-Forwarded-For": "192.0.2.10"}
        if proxied:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN,
                        "Referer": ORIGIN + referer}
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
        finally:
            connection.close()
        if raw.headers.get("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        for header in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie(header)
            for name, morsel in jar.items():
                self.set_cookie_flags[name] = header
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(method, path, raw.status, raw.headers, content)

    def follow(self, response: Response, limit: int = 5) -> Response:
        """Follow redirects within the site, as a browser would."""
        while response.status in (301, 302, 303, 307, 308) and limit:
            location = response.headers["Location"]
            target = urlsplit(location)
            if target.netloc and target.netloc != HOST or target.scheme == "http" or target.path == "/sign-in/":
                return response  # off the site, back to plain http, or signed out: the caller reports it
            path = target.path + (f"?{target.query}" if target.query else "")
            response = self.request("GET", urljoin(response.path, path))
            limit -= 1
        return response
