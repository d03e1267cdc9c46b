"""No template runs a query (issue 16): pages get their data from views and presenters, so that
a page's queries are the ones its view counts, none hides in a loop of the template, and a
page's query count does not grow with its rows unnoticed.

Every demo role opens its home page, each page of its menu and the featured records it may
open (the record, the chronology, who has looked at it); while Jinja renders each page, every
query on the database is caught and named with the page."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jinja2 import Template

from tests.pages_text import visible_text
from thinkfamily.access import rules
from thinkfamily.core import clock
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.home.navigation import menu_for
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.models import Person

RECORD_PAGES = ["", "chronology/", "access-history/"]


class _Request:
    def __init__(self, user):
        self.user = user


@pytest.fixture
def rendered_with_queries(monkeypatch):
    """Each render that ran a query: (template name, the SQL). Jinja's own render, after the
    context processors (which are the view's side of the page, like the header's inbox count)."""
    found: list[tuple[str, list[str]]] = []
    render = Template.render

    def counting(self, *args, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            html = render(self, *args, **kwargs)
        if captured.captured_queries:
            found.append((self.name, [query["sql"][:160] for query in captured.captured_queries]))
        return html

    monkeypatch.setattr(Template, "render", counting)
    return found


def test_no_main_page_of_any_role_runs_a_query_in_its_template(db, client, rendered_with_queries):
    call_command("seed_demo", children=20, seed=1, verbosity=0)
    problems, opened = [], 0
    for user in Practitioner.objects.filter(username__endswith=".demo").order_by("username"):
        client.force_login(user)
        urls = ["/"] + [item["href"] for item in menu_for(_Request(user))]
        may = Person.objects.filter(rules.people_q(user, clock.now()), pk__in=FEATURED_IDS.values())
        urls += [f"/people/{pk}/{page}" for pk in may.values_list("pk", flat=True)[:2] for page in RECORD_PAGES]
        for url in urls:
            rendered_with_queries.clear()
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            assert visible_text(response), url
            problems += [f"{user.username} {url}: {name} ran {len(sql)} queries, first: {sql[0]}"
                         for name, sql in rendered_with_queries]
    assert opened > 60, opened
    assert not problems, "templates ran queries:\n" + "\n".join(problems)
