"""How long a contacts directory entry stays trusted (R2.5) is one setting,
CONTACTS_STALE_AFTER_DAYS, defined with the other settings (183 days, about six months),
changeable from the environment, and refused loudly when it is not a whole number."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import OrganisationFactory
from thinkfamily.organisations.models import ContactEntry


@pytest.mark.req("R2.5")
def test_an_entry_needs_checking_after_183_days_by_default(db):
    assert settings.CONTACTS_STALE_AFTER_DAYS == 183
    now = timezone.now()
    council = OrganisationFactory(code="SEFTON", name="Sefton Council")
    for name, days in [("Checked 182 days ago", 182), ("Checked 184 days ago", 184)]:
        ContactEntry.objects.create(
            name=name, role="Emergency duty team", organisation=council, phone="0151 496 0999",
            last_verified_at=now - datetime.timedelta(days=days),
        )
    assert list(ContactEntry.objects.stale(now).values_list("name", flat=True)) == ["Checked 184 days ago"]


def _setting_with(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CONTACTS_STALE_AFTER_DAYS": value}
    code = "from thinkfamily.config.settings import base; print(base.CONTACTS_STALE_AFTER_DAYS)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)


@pytest.mark.req("R2.5")
def test_the_setting_comes_from_the_environment_and_a_bad_value_is_refused():
    chosen = _setting_with("90")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.strip() == "90"

    bad = _setting_with("six months")
    assert bad.returncode != 0
    assert "CONTACTS_STALE_AFTER_DAYS='six months' is not a whole number." in bad.stderr
