"""The demo's notifications agree with the records they report (issue 15): each is stamped
with the moment of its event on the application's clock, cites no date after that moment as
past, names months as the pages do, and none left unread says a request is unanswered or a
referral unacknowledged that the demo then answered or acted on."""

import re
from datetime import datetime

import pytest
from django.core.management import call_command

from thinkfamily.notifications.models import Notification
from thinkfamily.referrals import machine
from thinkfamily.referrals.models import InformationRequest, Referral, ReferralStatus

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b", re.I)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", children=0, seed=1, verbosity=0)
    return list(Notification.objects.select_related("recipient"))


def test_every_demo_notice_is_stamped_at_its_event_and_names_months_as_the_pages_do(seeded):
    assert seeded
    for notice in seeded:
        months = [m.group(2) for m in DATE.finditer(notice.message)]
        assert all(m in MONTHS for m in months), notice.message  # "27 October", never "27 october"
        # A notice about what already happened cites no day after it was sent, bar the deadlines it gives.
        past = re.sub(r"(due by|due|answer by|decision due by|by) \d{1,2} \w+ \d{4}( at \d\d:\d\d)?", "",
                      notice.message)
        sent_on = notice.created_at.date()
        for day, month, year in DATE.findall(past):
            cited = datetime(int(year), MONTHS.index(month.capitalize()) + 1, int(day)).date()
            assert cited <= sent_on, (notice.created_at, notice.message)


def test_no_unread_demo_notice_says_unanswered_what_the_demo_answered(seeded):
    answered = {f"/mash/requests/{pk}/" for pk in
                InformationRequest.objects.filter(response__isnull=False).values_list("pk", flat=True)}
    assert answered
    for notice in seeded:
        if notice.link in answered and notice.recipient.username != "mash.demo":
            assert notice.read_at is not None, notice.message
            assert notice.read_at >= notice.created_at


def test_the_mash_has_opened_the_notice_of_every_referral_it_has_acted_on(seeded):
    sent = ReferralStatus.Status.SENT
    acted_on = {f"/referrals/{r.pk}/" for r in Referral.objects.all() if machine.current_status(r) != sent}
    received = [n for n in seeded if n.cause == Notification.Cause.REFERRAL_RECEIVED]
    assert acted_on and received
    for notice in received:
        assert (notice.read_at is not None) == (notice.link in acted_on), notice.message
