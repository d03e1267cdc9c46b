"""Signing in as an attacker would try it (issue 11 #6, #7, #10, #11): the second step cannot be
guessed, a locked colleague does not lock the ward PC, odd usernames get a form error, and
every sign-in and failed sign-in is in the audit chain, naming who was tried and from where,
never the secret."""

import io
import json
import time

import pyotp
import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, PractitionerFactory
from thinkfamily.access import two_factor
from thinkfamily.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ADDRESS = "127.0.0.1"  # the test client's REMOTE_ADDR: every client here is one ward PC


def _sign_in(client, username="hv", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def _sign_ins():
    return AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN).order_by("sequence")


def _failed(step):
    return [e for e in _sign_ins() if e.detail.get("outcome") == "failed" and e.detail.get("step") == step]


def _with_two_step(practitioner):
    device = two_factor.start_setup(practitioner)
    totp = pyotp.TOTP(device.secret)
    assert two_factor.verify(device, totp.now())  # confirms the device
    return totp


def _wrong_code(totp):
    """A well-formed code that is none of the codes the app accepts now."""
    accepted = {totp.at(time.time() + drift) for drift in (-60, -30, 0, 30, 60)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555", "666666")
                if code not in accepted)


# ---------------------------------------------------------------- #6: the second step


@pytest.mark.req("R10.1")
@pytest.mark.req("R10.2")
def test_wrong_codes_lock_the_account_across_sign_ins_and_each_is_audited(health_visitor, settings):
    """Before: five wrong codes ended one sign-in, and signing in again with the password gave
    five more, without end (40 wrong codes in 8 sign-ins, no lock-out, no audit)."""
    totp = _with_two_step(health_visitor)
    wrong = _wrong_code(totp)
    limit = settings.AXES_FAILURE_LIMIT
    client, wrong_codes = Client(), 0
    while wrong_codes < limit:
        response = _sign_in(client)
        if response.status_code == 429:
            break
        assert response.status_code == 302 and response.url == reverse("sign_in_code")
        for _ in range(2):  # two wrong codes per sign-in, so no one sign-in reaches the limit
            response = client.post(reverse("sign_in_code"), {"code": wrong})
            wrong_codes += 1
            if response.status_code == 429 or wrong_codes == limit:
                break
    assert wrong_codes == limit
    assert response.status_code == 429 and b"Sign-in locked" in response.content

    # Locked: the right password and then the right code get nowhere.
    again = Client()
    locked = _sign_in(again)
    assert locked.status_code == 429 and b"Sign-in locked" in locked.content
    assert "_auth_user_id" not in again.session

    failures = _failed("code")
    assert len(failures) == limit
    for event in failures:
        assert event.actor_id is None and event.actor_username == "hv"
        assert event.detail["address"] == ADDRESS
        assert wrong not in json.dumps(event.detail)
    assert not [e for e in _sign_ins() if e.detail.get("outcome") == "signed in"]


@pytest.mark.req("R10.1")
def test_a_code_is_refused_once_the_account_is_locked_even_the_right_one(health_visitor, settings):
    totp = _with_two_step(health_visitor)
    client = Client()
    assert _sign_in(client).url == reverse("sign_in_code")
    # Meanwhile someone else locks the account with wrong passwords.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), password="wrong")
    response = client.post(reverse("sign_in_code"), {"code": totp.at(time.time() + 30)})
    assert response.status_code == 429 and b"Sign-in locked" in response.content
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------- #7: lock the user, not the ward PC


@pytest.mark.req("R10.1")
def test_a_colleague_signs_in_from_the_same_address_after_another_user_is_locked(health_visitor, ed_nurse, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "hv", "wrong")
    assert _sign_in(Client(), "hv").status_code == 429  # the user is locked

    colleague = Client()
    response = _sign_in(colleague, "ed")  # same ward PC, right password
    assert response.status_code == 302 and response.url == reverse("home")
    assert colleague.session["_auth_user_id"] == str(ed_nurse.pk)


@pytest.mark.req("R10.1")
def test_an_address_is_locked_only_at_its_own_much_higher_threshold(health_visitor, ed_nurse, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    # Password spraying from one address: a few tries at each of many usernames.
    names = [f"guess{n}" for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    for name in names[:-1]:
        assert _sign_in(Client(), name, "Summer2026!").status_code == 200
    assert _sign_in(Client(), "ed").status_code == 302  # still below the address's threshold
    _sign_in(Client(), names[-1], "Summer2026!")
    response = _sign_in(Client(), "hv")  # right password, but the address is now locked
    assert response.status_code == 429 and b"Sign-in locked" in response.content


def test_the_address_threshold_is_much_higher_than_the_users_and_documented(settings):
    from pathlib import Path

    assert settings.AXES_ADDRESS_FAILURE_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT
    readme = (Path(settings.BASE_DIR) / "docs" / "features.md").read_text()
    assert "AXES_ADDRESS_FAILURE_LIMIT" in readme


# ---------------------------------------------------------------- #10 (part): odd usernames


@pytest.mark.parametrize("username", ["a" * 10_000, "hv\x00", "h" * 151])
def test_an_overlong_or_nul_username_gets_a_form_error_and_nothing_overlong_is_stored(client, health_visitor, username):
    response = _sign_in(client, username, "anything at all")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session
    stored = list(AccessAttempt.objects.values_list("username", flat=True))
    assert all(len(name) <= 150 and "\x00" not in name for name in stored), [len(name) for name in stored]
    [event] = _failed("password")
    assert len(event.actor_username) <= 150 and "\x00" not in event.actor_username
    assert event.detail["username_length"] == len(username)


# ---------------------------------------------------------------- #11 (part): sign-ins in the audit chain


@pytest.mark.req("R10.2")
def test_sign_ins_and_failed_sign_ins_are_in_the_audit_chain_without_the_secret(health_visitor):
    assert _sign_in(Client(), "hv", "not-my-password-at-all").status_code == 200
    assert _sign_in(Client(), "nobody-by-that-name", "not-my-password-at-all").status_code == 200
    assert _sign_in(Client(), "hv").status_code == 302
    lead = PractitionerFactory(username="sl", role="safeguarding_lead")
    totp = _with_two_step(lead)
    two_step = Client()
    assert _sign_in(two_step, "sl").url == reverse("sign_in_code")
    assert two_step.post(reverse("sign_in_code"), {"code": totp.at(time.time() + 30)}).status_code == 302

    events = list(_sign_ins())
    assert [(e.actor_username, e.detail["outcome"], e.detail["step"]) for e in events] == [
        ("hv", "failed", "password"),
        ("nobody-by-that-name", "failed", "password"),
        ("hv", "signed in", "password"),
        ("sl", "signed in", "code"),
    ]
    assert [e.actor_id for e in events] == [None, None, health_visitor.pk, lead.pk]
    assert all(e.detail["address"] == ADDRESS for e in events)
    everything = json.dumps([[e.actor_username, e.detail, e.fields, e.basis] for e in events])
    assert PASSWORD not in everything and "not-my-password-at-all" not in everything
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "Audit chain intact" in out.getvalue()
