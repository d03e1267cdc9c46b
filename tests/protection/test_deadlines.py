"""Conference deadlines come from the working-day calendar (R5.1, R10.4): the initial conference
15 working days after the strategy discussion, the first core group 10 working days after the
initial conference, the first review 3 months after it and later reviews 6 months after the
last. A bank holiday in the way moves a working-day deadline by a day; the month-based ones
are calendar months."""

import datetime

import pytest
from django.utils import timezone

from tests.protection.scenes import discussion, hold, initial_conference, review
from thinkfamily.chronology.models import Event
from thinkfamily.protection import services
from thinkfamily.protection.models import Conference

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_SPRING_BANK_HOLIDAY = datetime.date(2026, 5, 15)  # Monday 25 May 2026 is a bank holiday
MONDAY_BEFORE_SUMMER_BANK_HOLIDAY = datetime.date(2026, 8, 17)  # Monday 31 August 2026 is a bank holiday


def _day(moment) -> datetime.date:
    return timezone.localdate(moment)


@pytest.mark.req("R5.1")
def test_the_initial_conference_is_due_15_working_days_after_the_discussion_not_counting_a_bank_holiday(
    family, social_worker
):
    strategy = discussion(social_worker, family["liam"], FRIDAY_BEFORE_SPRING_BANK_HOLIDAY)

    # 15 weekdays after Friday 15 May is Friday 5 June; the bank holiday makes it Monday 8 June.
    assert _day(strategy.conference_due_at) == datetime.date(2026, 6, 8)
    line = Event.objects.get(person=family["liam"], type="strategy_discussion")
    assert "Initial child protection conference due by 8 June 2026" in line.summary

    conference = initial_conference(social_worker, strategy, datetime.date(2026, 6, 5))
    assert _day(conference.due_at) == datetime.date(2026, 6, 8)


@pytest.mark.req("R5.1")
def test_the_first_core_group_is_due_10_working_days_after_the_initial_conference_across_a_bank_holiday(
    family, social_worker, council
):
    strategy = discussion(social_worker, family["liam"], datetime.date(2026, 7, 27))
    conference = initial_conference(social_worker, strategy, MONDAY_BEFORE_SUMMER_BANK_HOLIDAY)
    held = hold(social_worker, conference, MONDAY_BEFORE_SUMMER_BANK_HOLIDAY,
                {family["liam"].pk: ("plan", "neglect")})

    core_group = services.next_due(held, Conference.Kind.CORE_GROUP)
    first_review = services.next_due(held, Conference.Kind.REVIEW)
    # 10 weekdays after Monday 17 August is Monday 31 August, a bank holiday: Tuesday 1 September.
    assert _day(core_group.due_at) == datetime.date(2026, 9, 1)
    assert _day(first_review.due_at) == datetime.date(2026, 11, 17)

    review_conference = review(social_worker, held, datetime.date(2026, 11, 16))
    assert _day(review_conference.due_at) == datetime.date(2026, 11, 17)
    later = services.next_due(review_conference, Conference.Kind.REVIEW)
    assert _day(later.due_at) == datetime.date(2027, 5, 16)
    assert services.next_due(review_conference, Conference.Kind.CORE_GROUP) is None



@pytest.mark.req("R5.1")
def test_no_core_group_or_review_follows_a_conference_that_decided_no_plan(family, social_worker):
    strategy = discussion(social_worker, family["liam"], datetime.date(2026, 7, 27))
    conference = initial_conference(social_worker, strategy, MONDAY_BEFORE_SUMMER_BANK_HOLIDAY)
    held = hold(social_worker, conference, MONDAY_BEFORE_SUMMER_BANK_HOLIDAY, {family["liam"].pk: ("no_plan", "")})

    assert services.next_due(held, Conference.Kind.CORE_GROUP) is None
    assert services.next_due(held, Conference.Kind.REVIEW) is None
