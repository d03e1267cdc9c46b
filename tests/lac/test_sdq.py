"""SDQ scores received from social care (R6.5): banded with the local scheme in force, the
scheme stored beside each score so that a later change does not rebadge old scores, shown as a
table and a trend chart, with the next SDQ due 12 months after the last."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.cast import put_on_caseload, works_with
from tests.factories import PersonFactory
from tests.lac.scenes import at
from thinkfamily.chronology.models import Event
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import SDQScore
from thinkfamily.lac.presenters.sdq import trend_chart
from thinkfamily.lac.queries.sdq import latest_sdq, scores_for
from thinkfamily.lac.services import sdq
from thinkfamily.organisations.models import Practitioner

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TODAY = datetime.date(2026, 11, 20)
DEFAULT = {"normal": [0, 13], "borderline": [14, 16], "concern": [17, 40]}


@pytest.fixture
def cic(family, cic_nurse):
    put_on_caseload(cic_nurse, family["liam"])
    return cic_nurse


def record(nurse, child, total, on, informant="carer", received_from=None):
    return sdq.record_sdq(works_with(nurse, child), child, completed_on=on, informant=informant,
                          total_difficulties=total, received_from=received_from)


@pytest.mark.req("R6.5")
@pytest.mark.parametrize("total, band", [(0, "normal"), (13, "normal"), (14, "borderline"), (16, "borderline"),
                                         (17, "concern"), (40, "concern")])
def test_the_default_scheme_bands_at_its_boundaries(total, band):
    assert sdq.band_for(total, DEFAULT) == band


@pytest.mark.req("R6.5")
@pytest.mark.parametrize("total, band", [(13, "normal"), (14, "borderline"), (16, "borderline"), (17, "concern")])
def test_a_recorded_score_keeps_its_band_and_the_scheme_in_force(cic, family, council, total, band):
    with at(TODAY):
        score = record(cic, family["liam"], total, datetime.date(2026, 11, 2), received_from=council).score
    score.refresh_from_db()
    assert score.band == band
    assert score.scheme == DEFAULT
    assert score.scheme_rule == (
        "sdq.bands = {'normal': [0, 13], 'borderline': [14, 16], 'concern': [17, 40]} (local default)"
    )
    assert score.received_from == council
    assert AuditEvent.objects.filter(object_type="lac.SDQScore", object_id=str(score.pk), action="create").exists()
    assert Event.objects.filter(person=family["liam"], type="sdq_recorded").exists()


@pytest.mark.req("R6.5")
def test_a_change_of_the_local_scheme_bands_new_scores_only(cic, family):
    liam = family["liam"]
    with at(datetime.date(2025, 11, 3)):
        old = record(cic, liam, 14, datetime.date(2025, 11, 3)).score
    four_band = {"close_to_average": [0, 13], "slightly_raised": [14, 16], "high": [17, 19], "very_high": [20, 40]}
    with at(datetime.date(2026, 1, 5)):
        timescales.change_local_setting(Auditor(actor=cic), "sdq.bands", {"normal": [0, 14], "borderline": [15, 17],
                                                                          "concern": [18, 40]},
                                        effective_from=clock.now(), reason="Local guidance, January 2026")
    with at(TODAY):
        new = record(cic, liam, 14, datetime.date(2026, 11, 2)).score
        chart = trend_chart(scores_for(liam))
    old.refresh_from_db()
    assert (old.band, old.scheme) == ("borderline", DEFAULT)
    assert "local default" in old.scheme_rule
    assert (new.band, new.scheme["normal"]) == ("normal", [0, 14])
    assert "local setting from 05 January 2026" in new.scheme_rule
    # Each point keeps the band it was given.
    assert [(p.total, p.band) for p in chart.points] == [(14, "borderline"), (14, "normal")]
    assert sdq.describe_scheme(four_band) == "0-13 close to average, 14-16 slightly raised, 17-19 high, 20-40 very high"


@pytest.mark.req("R6.5")
def test_the_trend_chart_places_scores_in_time_and_says_what_changed(cic, family):
    liam = family["liam"]
    with at(TODAY):
        for total, on in [(18, datetime.date(2024, 11, 1)), (15, datetime.date(2025, 11, 1)),
                          (9, datetime.date(2026, 11, 1))]:
            record(cic, liam, total, on)
        chart = trend_chart(scores_for(liam))
    assert [p.total for p in chart.points] == [18, 15, 9]
    assert [p.band for p in chart.points] == ["concern", "borderline", "normal"]
    xs, ys = [p.x for p in chart.points], [p.y for p in chart.points]
    assert xs == sorted(xs) and ys == sorted(ys)  # later to the right; lower scores lower down (larger y)
    assert abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 2  # a year apart each time
    assert chart.y_for(40) == chart.top and chart.y_for(0) == chart.height - chart.bottom
    assert chart.summary() == (
        "3 scores from 1 November 2024 to 1 November 2026: total difficulties have fallen by 9, "
        "from 18 (cause for concern) to 9 (normal)."
    )
    svg = str(chart.svg())
    assert svg.count("<circle") == 3 and 'role="img"' in svg and "<desc" in svg and "<polyline" in svg


@pytest.mark.req("R6.5")
def test_latest_sdq_and_next_due_twelve_months_after_the_last(cic, family):
    liam = family["liam"]
    with at(TODAY):
        assert latest_sdq(liam) is None
        assert sdq.next_due(liam).text.startswith("No SDQ recorded: due now")
        record(cic, liam, 12, datetime.date(2025, 9, 1))
        latest = record(cic, liam, 20, datetime.date(2026, 3, 2)).score
        assert latest_sdq(liam) == latest
        due = sdq.next_due(liam)
    assert due.due_on == datetime.date(2027, 3, 2) and not due.overdue
    assert "lac.sdq = 12 months (national default)" in due.rule
    with at(datetime.date(2027, 3, 10)):
        assert sdq.next_due(liam).overdue


@pytest.mark.req("R6.5")
def test_impossible_scores_dates_and_ages_are_refused_and_nothing_is_written(cic, family):
    liam = family["liam"]  # born 14 March 2019
    toddler = PersonFactory(given_name="Ava", family_name="Jones", date_of_birth=datetime.date(2025, 6, 1))
    with at(TODAY):
        before = AuditEvent.objects.count()
        for total in (-1, 41, 99):
            with pytest.raises(ValidationError, match="must be from 0 to 40"):
                record(cic, liam, total, datetime.date(2026, 11, 2))
        with pytest.raises(ValidationError, match="whole number"):
            record(cic, liam, "12", datetime.date(2026, 11, 2))
        with pytest.raises(ValidationError, match="cannot be in the future"):
            record(cic, liam, 12, datetime.date(2026, 11, 21))
        with pytest.raises(ValidationError, match="The SDQ is for children aged 2 to 17"):
            record(cic, toddler, 12, datetime.date(2026, 11, 2))  # Ava is 1
        with pytest.raises(ValidationError, match="self-report SDQ is for young people aged 11 to 17"):
            record(cic, liam, 12, datetime.date(2026, 11, 2), informant="self")  # Liam is 7
        record(cic, liam, 12, datetime.date(2026, 11, 2))
        with pytest.raises(ValidationError, match="already recorded"):
            record(cic, liam, 14, datetime.date(2026, 11, 2))
    assert SDQScore.objects.count() == 1
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.req("R6.5")
def test_a_score_at_3_is_kept_with_a_warning_that_the_guidance_starts_at_4(cic, family):
    three = PersonFactory(given_name="Noah", family_name="Price", date_of_birth=datetime.date(2023, 5, 1))
    with at(TODAY):
        recorded = record(cic, three, 10, datetime.date(2026, 11, 2))
    assert recorded.score.pk and "from 4 to 16" in recorded.warning


@pytest.mark.req("R6.5")
def test_the_sdq_page_shows_each_score_with_its_band_scheme_and_the_chart(client, cic, family, council):
    liam = family["liam"]
    client.force_login(cic)
    with at(TODAY):
        response = client.post(reverse("lac:sdq_add", args=[liam.pk]), {
            "completed_on_0": "2", "completed_on_1": "11", "completed_on_2": "2026", "informant": "carer",
            "total_difficulties": "17", "received_from": str(council.pk)})
        assert response.status_code == 302
        bad = client.post(reverse("lac:sdq_add", args=[liam.pk]), {
            "completed_on_0": "3", "completed_on_1": "11", "completed_on_2": "2026", "informant": "carer",
            "total_difficulties": "44"})
        assert bad.status_code == 200 and "must be from 0 to 40" in bad.content.decode()
        page = client.get(reverse("lac:sdq", args=[liam.pk])).content.decode()
    assert SDQScore.objects.filter(child=liam).count() == 1
    assert "Cause for concern" in page and "17 out of 40" in page
    assert "Scheme used: 0-13 normal, 14-16 borderline, 17-40 cause for concern" in page
    assert 'data-testid="sdq-chart"' in page and "One score: 17 on 2 November 2026" in page
    assert "Due by 2 November 2027" in page and "Sefton Council" in page


@pytest.mark.req("R6.5")
def test_the_sdq_page_is_refused_without_a_relationship(client, family, ed_nurse):
    client.force_login(ed_nurse)
    assert client.get(reverse("lac:sdq", args=[family["liam"].pk])).status_code == 403
