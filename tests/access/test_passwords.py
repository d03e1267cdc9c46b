"""Passwords (issue 11 #13): weak ones are refused in words a nurse can act on, long ones are
welcome, a signed-in practitioner changes their own, and an administrator can reset one."""

import io
import json
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import PASSWORD
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import Practitioner

pytestmark = pytest.mark.django_db

OLD = PASSWORD
NEW = "kettle orchard velvet lantern"


def _problems(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def _is_plain_english(message: str) -> bool:
    return not re.search(r"zxcvbn|score|guesses|[A-Z_]{6,}|\{|\}|None", message)


# ---------------------------------------------------------------- the rule


@pytest.mark.req("R10.1")
@pytest.mark.parametrize(
    "weak",
    [
        "aaaaaaaaaaaa",  # repeated characters
        "Summer2026!!",  # a word, a year and symbols
        "2026Summer!!",
        "Password!2026",
        "Wintertime2026!",
        "Liverpool1892!",
        "P@ssw0rd2026!",
        "qwertyuiop12",  # a keyboard row
        "abcdefghijklmn",  # a sequence
        "12345678901234",
        "password123",
        "ThinkFamily kettle orchard",  # the service's own name
        "thinkfamily2026!!",
        "short",
    ],
)
def test_weak_passwords_are_refused_with_a_message_a_nurse_can_act_on(weak):
    messages = _problems(weak)
    assert messages, f"{weak!r} was accepted"
    assert all(_is_plain_english(message) for message in messages), messages


def test_a_password_with_your_own_name_in_it_is_refused(health_visitor):
    messages = _problems("Helen Visitor 1990!", health_visitor)
    assert any("your name" in message for message in messages), messages


@pytest.mark.parametrize(
    "strong",
    [
        NEW,
        "a long and unusual passphrase",
        "tiger lamp river",
        "Red-Bus-Lamp-42",
        "Xk9#mQ2$vL7p",  # from a password manager
        "my daughter's first pony was called Biscuit and she bit everyone" * 3,  # long is welcome
    ],
)
def test_long_and_unusual_passwords_are_accepted_without_composition_rules(strong):
    assert _problems(strong) == []


WORDS = ["summer", "winter", "monday", "liverpool", "everton", "welcome", "football", "sunshine",
         "jessica", "charlie", "nursing", "flowers", "chocolate", "princess", "southport", "family"]


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    word=st.sampled_from(WORDS),
    capitalise=st.booleans(),
    year=st.integers(min_value=1950, max_value=2035),
    symbols=st.text(alphabet="!?#*.$@", min_size=0, max_size=4),
    year_first=st.booleans(),
)
def test_any_word_with_a_year_and_symbols_added_is_refused(word, capitalise, year, symbols, year_first):
    word = word.capitalize() if capitalise else word
    password = f"{year}{word}{symbols}" if year_first else f"{word}{year}{symbols}"
    assert _problems(password), f"{password!r} was accepted"


# ---------------------------------------------------------------- changing your own password


def _signed_in(username="hv", password=OLD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _change(client, current=OLD, new=NEW, again=None):
    return client.post(
        reverse("change_password"),
        {"current_password": current, "new_password": new, "new_password_again": new if again is None else again},
    )


@pytest.mark.req("R10.1")
@pytest.mark.req("R10.2")
def test_a_practitioner_changes_their_password_the_old_one_stops_working_and_other_sessions_end(health_visitor):
    elsewhere = _signed_in()  # the same nurse, signed in on another PC
    client = _signed_in()
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("change_password")}"' in page and "Change your password" in page

    response = _change(client)
    assert response.status_code == 302
    assert "Your password has been changed" in client.get(response.url).content.decode()
    assert client.get(reverse("home")).status_code == 200  # still signed in here
    gone = elsewhere.get(reverse("home"))  # signed out everywhere else
    assert gone.status_code == 302 and gone.url.startswith(reverse("login"))

    assert Client().post(reverse("login"), {"username": "hv", "password": OLD}).status_code == 200
    assert Client().post(reverse("login"), {"username": "hv", "password": NEW}).status_code == 302

    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.WRITE, object_type="organisations.Practitioner")
    assert event.actor_id == health_visitor.pk and event.object_id == str(health_visitor.pk)
    assert event.fields == ["password"]
    dumped = json.dumps([event.detail, event.basis])
    assert OLD not in dumped and NEW not in dumped


@pytest.mark.parametrize(
    ("current", "new", "again", "expected"),
    [
        ("not my password", NEW, None, "Your current password is not right"),
        (OLD, NEW, "kettle orchard velvet lanterns", "The new passwords do not match"),
        (OLD, "Summer2026!!", None, "Choose a password that is harder to guess"),
        (OLD, "aaaaaaaaaaaa", None, "Choose a password that is harder to guess"),
        (OLD, OLD, None, "Your new password must be different from your current password"),
        ("", "", "", "Enter your current password"),
    ],
)
def test_a_bad_change_is_refused_with_the_error_summary_and_changes_nothing(health_visitor, current, new, again,
                                                                             expected):
    client = _signed_in()
    response = _change(client, current, new, again)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and expected in body
    assert body.count("nhsuk-error-summary") >= 1 and "<title>Error: " in body
    health_visitor.refresh_from_db()
    assert health_visitor.check_password(OLD)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.WRITE).exists()


def test_guessing_the_current_password_on_the_change_page_counts_towards_lock_out(health_visitor, settings):
    client = _signed_in()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _change(client, current="a wrong guess")
    assert response.status_code == 429 and b"Sign-in locked" in response.content
    assert client.get(reverse("home")).status_code == 302  # signed out
    assert Client().post(reverse("login"), {"username": "hv", "password": OLD}).status_code == 429


# ---------------------------------------------------------------- an administrator's reset


def _signed_in_by_force(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _one_time_password(output: str) -> str:
    return re.search(r"One-time password: (\S+)", output).group(1)


@pytest.mark.req("R10.1")
@pytest.mark.req("R10.2")
def test_an_administrator_resets_a_password_and_the_practitioner_must_change_it_at_sign_in(health_visitor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):  # the nurse forgot it and locked herself out
        Client().post(reverse("login"), {"username": "hv", "password": "I forget"})
    elsewhere = _signed_in_by_force(health_visitor)
    out = io.StringIO()
    call_command("reset_password", "hv", reason="Forgot password; identity checked by phone", stdout=out)
    temporary = _one_time_password(out.getvalue())
    assert _problems(temporary) == []

    assert elsewhere.get(reverse("home")).status_code == 302  # her other sessions have ended
    assert Client().post(reverse("login"), {"username": "hv", "password": OLD}).status_code == 200
    client = Client()
    response = client.post(reverse("login"), {"username": "hv", "password": temporary})
    assert response.status_code == 302
    # Every page leads to the change-password page until she has chosen her own.
    for url in [reverse("home"), reverse("two_factor_setup")]:
        page = client.get(url)
        assert page.status_code == 302 and page.url == reverse("change_password")
    assert "You must choose a new password" in client.get(reverse("change_password")).content.decode()
    assert _change(client, current=temporary).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert Client().post(reverse("login"), {"username": "hv", "password": temporary}).status_code == 200

    reset = AuditEvent.objects.filter(action=AuditEvent.Action.WRITE, object_type="organisations.Practitioner")
    first, second = reset.order_by("sequence")
    assert first.actor_id is None and first.detail["reason"] == "Forgot password; identity checked by phone"
    assert first.detail["one_time"] is True and temporary not in json.dumps(first.detail)
    assert second.actor_id == health_visitor.pk


def test_a_reset_needs_a_known_practitioner_and_a_reason(health_visitor):
    with pytest.raises(CommandError, match="No practitioner"):
        call_command("reset_password", "nobody", reason="testing", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("reset_password", "hv", reason="  ", stdout=io.StringIO())
    assert Practitioner.objects.get(username="hv").check_password(OLD)
    assert not AuditEvent.objects.exists()
