"""A person's language and interpreter need are shown wherever the person is (issue 11 #17):
in the header every page about the person shares, and in the point-of-care lookup, page and
JSON API, in words ("Language: Polish (interpreter needed)"), and not at all when nothing is
recorded."""

import html
import re

import pytest
from django.urls import reverse

from tests.flags import scenes
from tests.flags.scenes import API, look_up, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(family, council, health_visitor):
    """Liam on a child protection plan, an ED nurse, his social worker, the MASH, a midwife and
    his GP practice (tests.flags.scenes.lookup_world)."""
    return scenes.lookup_world(family, council, health_visitor)


def header(response) -> str:
    """The words of the person header, the part every page about the person shares."""
    section = re.search(r'<section class="tf-person-header".*?</section>', response.content.decode(), re.S).group(0)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)))


def _speaks(person, language, interpreter):
    person.language, person.interpreter_needed = language, interpreter
    person.save(update_fields=["language", "interpreter_needed"])


@pytest.mark.req("R1.2")
def test_every_page_about_the_person_says_their_language_and_that_an_interpreter_is_needed(client, world):
    liam, hv = world["liam"], world["health_visitor"]
    _speaks(liam, "Polish", True)
    client.force_login(hv)
    for url in [
        reverse("people:record", args=[liam.pk]),
        reverse("chronology:person", args=[liam.pk]),
        reverse("referrals:record_concern", args=[liam.pk]),
    ]:
        assert "Language: Polish (interpreter needed)" in header(client.get(url)), url


@pytest.mark.req("R2.2")
def test_the_lookup_page_and_api_say_the_language_and_interpreter_need(client, world):
    liam, nurse = world["liam"], world["ed"]
    _speaks(liam, "Polish", True)
    assert "Language: Polish (interpreter needed)" in header(look_up(client, nurse, liam.nhs_number))
    token = make_token(nurse)
    body = client.get(API, {"nhs_number": liam.nhs_number}, headers={"authorization": f"Bearer {token}"}).json()
    assert (body["person"]["language"], body["person"]["interpreter_needed"]) == ("Polish", True)


def test_nothing_is_said_when_nothing_is_recorded_and_a_need_without_a_language_says_so(client, world):
    liam, hv = world["liam"], world["health_visitor"]
    client.force_login(hv)
    record = reverse("people:record", args=[liam.pk])
    _speaks(liam, "", False)
    assert "Language" not in header(client.get(record)) and "nterpreter" not in header(client.get(record))
    _speaks(liam, "", True)
    assert "Language: Interpreter needed (language not recorded)" in header(client.get(record))
    _speaks(liam, "English", False)
    assert "Language: English" in header(client.get(record)) and "nterpreter" not in header(client.get(record))
    token = make_token(world["ed"])
    _speaks(liam, "", False)
    body = client.get(API, {"nhs_number": liam.nhs_number}, headers={"authorization": f"Bearer {token}"}).json()
    assert (body["person"]["language"], body["person"]["interpreter_needed"]) == (None, False)
