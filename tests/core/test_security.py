"""Sign-in and session hardening: lock-out, CSRF, CSP and headers, idle expiry, optional
two-step sign-in, deploy checks; and concurrent edits refused, never overwritten."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.cast import put_on_caseload
from tests.factories import PASSWORD, PractitionerFactory
from thinkfamily.access import two_factor
from thinkfamily.people.models import Person, Relationship

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _sign_in(client, username="hv", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.req("R10.1")
def test_repeated_failed_sign_ins_lock_the_account(client, health_visitor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, password="wrong").status_code == 200
    locked = _sign_in(client, password="wrong")
    assert locked.status_code == 429 and b"Sign-in locked" in locked.content
    # Even the right password is refused while locked out.
    assert _sign_in(client).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_form_posted_without_its_csrf_token_is_refused(health_visitor, family):
    client = Client(enforce_csrf_checks=True)
    client.force_login(health_visitor)
    response = client.post(reverse("people:move", args=[family["liam"].pk]), {"destination": "new"})
    assert response.status_code == 403


def test_every_form_that_posts_carries_a_csrf_token(signed_in, family):
    liam = family["liam"]
    for url in [
        reverse("people:move", args=[liam.pk]),
        reverse("people:correct", args=[liam.pk]),
        reverse("people:add_relationship", args=[liam.pk]),
        reverse("sign_out"),
    ]:
        body = signed_in.get(url).content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", body, flags=re.S)
        assert forms, url
        assert all('name="csrfmiddlewaretoken"' in form for form in forms), url


def test_pages_carry_a_strict_content_security_policy_and_security_headers(signed_in, family):
    response = signed_in.get(reverse("people:record", args=[family["liam"].pk]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline_scripts and all(f'nonce="{nonce}"' in attrs for attrs in inline_scripts)
    assert ' style="' not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_an_idle_session_expires_and_the_page_warns_before(signed_in, family, settings):
    page = signed_in.get(reverse("people:record", args=[family["liam"].pk])).content.decode()
    assert f'data-session-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert "You will be signed out soon" in page
    assert signed_in.post(reverse("keep_alive")).json() == {"idle_seconds": settings.SESSION_COOKIE_AGE}
    session = signed_in.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    response = signed_in.get(reverse("people:record", args=[family["liam"].pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_passwords_are_checked_by_the_validators():
    for weak in ["password123", "short", "12345678901234"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long and unusual passphrase")


def test_two_step_sign_in_asks_for_a_code_once_set_up(client, health_visitor):
    device = two_factor.start_setup(health_visitor)
    totp = pyotp.TOTP(device.secret)
    assert two_factor.verify(device, totp.now())  # confirms the device
    response = _sign_in(client)
    assert response.status_code == 302 and response.url == reverse("sign_in_code")
    assert "_auth_user_id" not in client.session  # not signed in on the password alone
    wrong = client.post(reverse("sign_in_code"), {"code": "000000"})
    assert b"The code is not right" in wrong.content
    later = totp.at(time.time() + 30)  # the next code: the first was used to confirm
    response = client.post(reverse("sign_in_code"), {"code": later})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    # The same code cannot be used twice.
    other = Client()
    _sign_in(other)
    assert b"The code is not right" in other.post(reverse("sign_in_code"), {"code": later}).content


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinkfamily.config.settings.production",
        "DJANGO_SECRET_KEY": "k3y-" + "x7Q!pZ2v9&Lm#R4t8@Wd6^Yh1*Ns5%Jb0(Fc3)Gk" * 2,
        "DJANGO_ALLOWED_HOSTS": "thinkfamily.example.nhs.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_two_practitioners_editing_the_same_person_the_second_is_refused_with_what_changed(family, health_visitor):
    liam = family["liam"]
    colleague = PractitionerFactory(username="hv2", team=health_visitor.team, role=health_visitor.role)
    put_on_caseload(health_visitor, liam)
    first, second = Client(), Client()
    first.force_login(health_visitor)
    second.force_login(colleague)
    url = reverse("people:correct", args=[liam.pk])
    form = {
        "given_name": "Liam",
        "middle_names": "James",
        "family_name": "Roberts",
        "nhs_number": liam.nhs_number,
        "date_of_birth_0": "14",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2019",
        "sex": "male",
        "kind": "child",
        "language": "English",
        "version": liam.version,
    }
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    first.post(url, form | {"language": "Polish", "reason": "Mother's first language"})
    response = second.post(url, form | {"middle_names": "Jay", "reason": "Spelling"})
    body = response.content.decode()
    assert "Someone else changed these details while you were editing. Nothing was saved" in body
    assert "Language is now: Polish" in body
    liam.refresh_from_db()
    assert (liam.language, liam.middle_names) == ("Polish", "James")


def test_two_practitioners_ending_the_same_relationship_the_second_is_refused(family, health_visitor):
    liam = family["liam"]
    put_on_caseload(health_visitor, liam)
    step = Relationship.objects.get(person=liam, type="step_parent")
    first, second = Client(), Client()
    first.force_login(health_visitor)
    second.force_login(PractitionerFactory(username="hv3", team=health_visitor.team, role=health_visitor.role))
    url = reverse("people:end_relationship", args=[liam.pk, step.pk])
    data = {"version": step.version}
    first.post(url, data | {"end_date_0": "1", "end_date_1": "6", "end_date_2": "2025"})
    response = second.post(url, data | {"end_date_0": "2", "end_date_1": "6", "end_date_2": "2025"})
    assert "Someone else changed this relationship" in response.content.decode()
    step.refresh_from_db()
    assert step.end_date.isoformat() == "2025-06-01"
    assert Person.objects.filter(pk=liam.pk).exists()
