"""The NHS stylesheet without its web fonts (issue 15: nothing leaves the service's origin).

nhsuk-frontend's compiled stylesheet declares the Frutiger web font with ``@font-face`` rules
whose files are on the NHS's asset host. Chromium fetched them on every page even though no
element uses the font (thinkfamily.css sets the NHS font stack's fallback, Arial), and the CSP
(font-src 'self') then refused them: requests to another origin, and a page load delayed by
seconds where that host is slow or unreachable. This static files finder, listed first in
STATICFILES_FINDERS, serves ``nhsuk/nhsuk-frontend.min.css`` as the package's file with the
``@font-face`` rules taken out (written once under var/, again when the package changes), to
runserver, whitenoise and collectstatic alike."""

import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PATH = "nhsuk/nhsuk-frontend.min.css"
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


def without_font_faces(css: str) -> str:
    return _FONT_FACE.sub("", css)


def _source() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk" / "nhsuk-frontend.min.css"


def _root() -> Path:
    return Path(settings.VAR_DIR) / "static-build"


def built() -> Path | None:
    """The stylesheet without web fonts, written when missing or older than the package's."""
    source, target = _source(), _root() / PATH
    if not source.exists():
        return None  # no assets yet (make assets): the other finders say so
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, encoding="utf-8") as out:
            out.write(without_font_faces(source.read_text(encoding="utf-8")))
        os.replace(out.name, target)  # whole or not at all, whoever else is building it
    return target


class NHSStylesheetWithoutWebFontsFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        target = built() if path == PATH else None
        if target is None:
            return [] if find_all else None
        return [str(target)] if find_all else str(target)

    def list(self, ignore_patterns):
        if built() is not None:
            yield PATH, FileSystemStorage(location=_root())
