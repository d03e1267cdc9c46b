"""Nothing leaves the service's origin (issue 15): the NHS stylesheet is served without its
@font-face rules, whose Frutiger files are on the NHS's asset host; no stylesheet the pages
link names a URL on another origin; the CSP allows fonts from the service's own origin only."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from thinkfamily.core import static


def test_the_nhs_stylesheet_is_served_without_its_web_fonts_and_without_the_rest_lost():
    served = Path(finders.find(static.PATH)).read_text(encoding="utf-8")
    original = static._source().read_text(encoding="utf-8")
    assert "@font-face" in original and "assets.nhs.uk" in original  # what the package ships
    assert "@font-face" not in served and "assets.nhs.uk" not in served
    assert served == re.sub(r"@font-face\{[^}]*\}", "", original)  # nothing else changed


def test_no_stylesheet_the_pages_link_reaches_another_origin():
    for path in (static.PATH, "css/thinkfamily.css"):
        css = Path(finders.find(path)).read_text(encoding="utf-8")
        assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", css) == [], path


def test_fonts_may_come_from_the_services_own_origin_only():
    assert [str(source) for source in settings.SECURE_CSP["font-src"]] == ["'self'"]
