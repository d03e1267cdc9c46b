"""One working-day calendar for every deadline (R10.4)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor

LONDON = ZoneInfo("Europe/London")
D = datetime.date


def at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.mark.req("R10.4")
def test_christmas_and_new_year_2026_27_with_boxing_day_observed_on_monday_28_december():
    assert not timescales.is_working_day(D(2026, 12, 25))  # Friday, Christmas Day
    assert not timescales.is_working_day(D(2026, 12, 28))  # Monday, Boxing Day (substitute day)
    assert timescales.bank_holiday_name(D(2026, 12, 28)) == "Boxing Day (observed)"
    assert timescales.is_working_day(D(2026, 12, 29))
    assert not timescales.is_working_day(D(2027, 1, 1))
    # Three working days from Christmas Eve: 29, 30, 31 December.
    assert timescales.add_working_days(D(2026, 12, 24), 3) == D(2026, 12, 31)
    # Twenty working days from entering care on Monday 14 December 2026: 8 before Christmas,
    # 3 between the holidays (29-31 December), then 9 in January: Thursday 14 January 2027.
    assert timescales.add_working_days(D(2026, 12, 14), 20) == D(2027, 1, 14)


@pytest.mark.req("R10.4")
def test_easter_2027_and_the_2023_coronation_bank_holiday():
    assert not timescales.is_working_day(D(2027, 3, 26))  # Good Friday
    assert not timescales.is_working_day(D(2027, 3, 29))  # Easter Monday
    assert timescales.add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)
    assert not timescales.is_working_day(D(2023, 5, 8))  # Coronation of King Charles III
    assert timescales.add_working_days(D(2023, 5, 5), 1) == D(2023, 5, 9)


@pytest.mark.req("R10.4")
def test_working_days_between_counts_the_five_day_delay_of_the_review():
    # A concern recorded on Monday 2 March 2026, a referral sent on Monday 9 March: 5 working days.
    assert timescales.working_days_between(D(2026, 3, 2), D(2026, 3, 9)) == 5
    assert timescales.working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1  # Friday to Monday
    assert timescales.working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    # Across Christmas: 23 December to 29 December 2026 is 2 working days (24th and 29th).
    assert timescales.working_days_between(D(2026, 12, 23), D(2026, 12, 29)) == 2


@pytest.mark.req("R10.4")
@pytest.mark.django_db
def test_hour_based_deadlines_count_working_hours_only():
    # A red MASH request at 16:00 on Christmas Eve 2026 (a Thursday): 1 hour that day, then
    # Christmas, the weekend and Boxing Day observed pass; due at 12:00 on Tuesday 29 December.
    due = timescales.deadline("mash.red", at(2026, 12, 24, 16, 0))
    assert due.due_at == at(2026, 12, 29, 12, 0)
    assert due.describe() == "mash.red = 4 working hours (local default)"
    # Sent at 07:30 on a working day: the clock starts at 09:00.
    assert timescales.deadline("mash.red", at(2026, 3, 2, 7, 30)).due_at == at(2026, 3, 2, 13, 0)


@pytest.mark.req("R10.4")
@pytest.mark.django_db
def test_day_based_deadlines_end_at_the_end_of_the_nth_working_day():
    due = timescales.deadline("mash.green", at(2026, 12, 23, 10, 0))
    assert due.due_at == at(2026, 12, 30, 23, 59, 59)
    assert timescales.deadline("mash.blue", at(2026, 12, 23, 10, 0)).due_at is None
    months = timescales.deadline("lac.rha_under5", D(2026, 8, 31))
    assert months.due_at.date() == D(2027, 2, 28)


@pytest.mark.req("R10.4")
@pytest.mark.django_db
def test_a_local_timescale_changes_without_code_and_figures_say_which_value_was_in_force(health_visitor):
    auditor = Auditor(actor=health_visitor)
    sent = at(2026, 3, 2, 10, 0)
    with clock.travel_to(at(2026, 3, 1, 9, 0)):
        timescales.change_local_setting(
            auditor,
            "mash.green",
            2,
            effective_from=at(2026, 3, 1, 0, 0),
            reason="MASH protocol v4, agreed by the partnership",
        )
    before = timescales.deadline("mash.green", sent, at=at(2026, 2, 27, 12, 0))
    after = timescales.deadline("mash.green", sent, at=at(2026, 3, 2, 12, 0))
    assert before.due_at.date() == D(2026, 3, 5) and before.describe() == "mash.green = 3 working days (local default)"
    assert after.due_at.date() == D(2026, 3, 4)
    assert after.describe() == "mash.green = 2 working days (local setting from 01 March 2026)"


@pytest.mark.req("R10.4")
@pytest.mark.django_db
def test_national_timescales_cannot_be_changed_and_bad_values_are_refused(health_visitor):
    auditor = Auditor(actor=health_visitor)
    with pytest.raises(ValidationError, match="national timescale"):
        timescales.change_local_setting(auditor, "lac.iha_due", 30, effective_from=clock.now(), reason="faster")
    with pytest.raises(ValidationError, match="whole number above zero"):
        timescales.change_local_setting(auditor, "mash.amber", 0, effective_from=clock.now(), reason="x")
    assert timescales.in_force("mash.amber").value == 1
