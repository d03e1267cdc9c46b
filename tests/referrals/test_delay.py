"""How late a referral is (R4.2): the delay from the concern to sending counted in working days,
a late one shown late to the referrer's manager, and the MASH's decision due by the end of the
next working day (over Christmas too)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.pages import text
from tests.referrals.scenes import at, sent_referral

pytestmark = pytest.mark.django_db


@pytest.mark.req("R4.2")
@pytest.mark.parametrize(
    "concern_at, sent_at, days, late",
    [
        # Same day: not late.
        (at(2026, 11, 19, 9), at(2026, 11, 19, 16), 0, False),
        # Next working day, over a weekend (Friday to Monday): 1, not late.
        (at(2026, 11, 20, 16), at(2026, 11, 23, 9), 1, False),
        # §3.15: five working days, across a weekend (Thursday to the next Thursday): late.
        (at(2026, 11, 19, 10), at(2026, 11, 26, 10), 5, True),
        # Christmas 2026: 25 December, the weekend and Boxing Day observed on Monday 28th.
        (at(2026, 12, 24, 15), at(2026, 12, 29, 10), 1, False),
        (at(2026, 12, 23, 15), at(2026, 12, 29, 10), 2, True),
    ],
)
def test_the_delay_is_counted_in_working_days_from_the_concern(world, concern_at, sent_at, days, late):
    referral = sent_referral(world, concern_at=concern_at, sent_at=sent_at)
    assert referral.delay_working_days == days
    assert referral.sent_late is late
    assert referral.delay_rule == "health.referral_delay = 1 working days (local default)"


@pytest.mark.req("R4.2")
def test_a_late_referral_shows_late_to_its_manager(client, world):
    referral = sent_referral(world, concern_at=at(2026, 11, 19, 10), sent_at=at(2026, 11, 26, 10))
    client.force_login(world["ward_manager"])
    page = text(client.get(reverse("referrals:detail", args=[referral.pk])))
    assert "5 working days Late" in page
    ward = text(client.get(reverse("referrals:ward")))
    assert "5 working days Late" in ward


@pytest.mark.req("R4.2")
def test_the_decision_deadline_is_the_end_of_the_next_working_day_over_christmas(world):
    referral = sent_referral(world, concern_at=at(2026, 12, 24, 9), sent_at=at(2026, 12, 24, 11))
    assert referral.decision_due_at == timezone.make_aware(datetime.datetime(2026, 12, 29, 23, 59, 59))
    assert referral.decision_rule == "csc.referral_decision = 1 working days (national default)"
