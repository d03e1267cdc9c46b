"""Behind the trust's reverse proxy every request comes from the proxy's address: the lock-out
must count failed sign-ins by the browser's address (the one the proxy appended to
X-Forwarded-For), or one ward's mistakes lock the whole trust out; and without a trusted proxy
a client cannot choose its own address by sending the header."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from thinkfamily.core.client_address import client_address
from thinkfamily.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def _attempt(username, browser, password="Wrong-password-1"):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.99, {browser}")
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.req("R10.1")
def test_behind_the_proxy_one_wards_failures_do_not_lock_another_ward(health_visitor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        _attempt(f"guess{n}", "192.0.2.10")
    locked = _attempt(health_visitor.username, "192.0.2.10", password=PASSWORD)
    assert locked.status_code == 429  # that ward's address is locked
    health_visitor.set_password(PASSWORD)
    health_visitor.save()
    other_ward = _attempt(health_visitor.username, "192.0.2.20", password=PASSWORD)
    assert other_ward.status_code == 302  # signed in: the other ward was not locked with it
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, detail__outcome="failed")
    assert {e.detail["address"] for e in failed} == {"192.0.2.10"}


def test_without_a_trusted_proxy_the_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_address(request) == "198.51.100.7"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("1.2.3.4, 192.0.2.1", "192.0.2.1"),  # the client's own entry, on the left, is not believed
        ("not-an-address", PROXY),
        ("", PROXY),
    ],
)
def test_behind_one_proxy_the_browser_is_the_entry_the_proxy_appended(rf, settings, header, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected
