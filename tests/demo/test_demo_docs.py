"""docs/demo.md lists the same sign-ins as `make run` prints (manage.py demo_logins)."""

import re
from pathlib import Path

from thinkfamily.demo.area import DEMO_LOGINS, DEMO_PASSWORD

DEMO_DOC = Path(__file__).resolve().parents[2] / "docs" / "demo.md"


def test_the_demo_page_lists_every_sign_in_as_make_run_prints_it():
    text = DEMO_DOC.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \|$", text, flags=re.M))

    assert rows == {(username, role, team) for username, role, team in DEMO_LOGINS}
    assert f"`{DEMO_PASSWORD}`" in text


def test_every_demo_sign_in_is_one_person():
    usernames = [username for username, _, _ in DEMO_LOGINS]

    assert len(usernames) == len(set(usernames))
