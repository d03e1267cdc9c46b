"""The ward and department view of referrals (R4.4): a ward manager counts her ward's referrals
and not another ward's, with trends by month; the trust's safeguarding lead sees the whole
trust by ward and department; the page costs the same queries however many referrals."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.pages import chart, text
from tests.referrals.scenes import GOOD, ONLY_THE_MOTHERS_DRINKING, at, decide, raise_referral, sent_referral
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.referrals import queries

pytestmark = pytest.mark.django_db


@pytest.mark.req("R4.4")
def test_the_ward_managers_view_counts_her_wards_referrals_and_not_another_wards(client, world):
    mine = sent_referral(world, concern_at=at(2026, 11, 2, 9))
    late = sent_referral(world, concern_at=at(2026, 11, 9, 9), sent_at=at(2026, 11, 16, 9))
    theirs = sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 10, 9))
    draft = raise_referral(world["nurse"], world["liam"], when=at(2026, 11, 20, 9), **GOOD)
    area = queries.area_for(world["ward_manager"])
    totals = queries.totals(area)
    assert (totals.referrals, totals.late, totals.with_outcome) == (2, 1, 0)
    client.force_login(world["ward_manager"])
    response = client.get(reverse("referrals:ward"))
    page = response.content.decode()
    assert "Referrals raised in Southport ED" in text(response)
    detail_links = set(re.findall(r'href="/referrals/(\d+)/"', page))
    assert detail_links == {str(mine.pk), str(late.pk), str(draft.pk)}
    assert str(theirs.pk) not in detail_links
    assert "Concerns not yet referred" in text(response)
    read = AuditEvent.objects.filter(actor=world["ward_manager"], detail__page="ward_referrals").get()
    assert set(read.detail["referrals"]) == {mine.pk, late.pk, draft.pk}


@pytest.mark.req("R4.4")
def test_trends_by_month_are_counted_from_the_referrals(world):
    sent_referral(world, concern_at=at(2026, 9, 7, 9))
    sent_referral(world, concern_at=at(2026, 9, 14, 9), sent_at=at(2026, 9, 21, 9), voice_of_child="")
    october = sent_referral(world, concern_at=at(2026, 10, 5, 9), risk_to_child=ONLY_THE_MOTHERS_DRINKING)
    decide(world, october)
    sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 10, 6, 9))
    area = queries.area_for(world["ward_manager"])
    months = {f.label: f for f in queries.monthly_trends(area, now=at(2026, 11, 20, 9))}
    assert list(months)[-3:] == ["September 2026", "October 2026", "November 2026"]
    assert len(months) == 12
    september, october_figures, november = months["September 2026"], months["October 2026"], months["November 2026"]
    assert (september.referrals, september.late, september.with_outcome) == (2, 1, 0)
    assert september.median_quality == 92.5  # 100 and 85
    assert september.percent_late == 50
    assert (october_figures.referrals, october_figures.with_outcome, october_figures.percent_with_outcome) == (
        1,
        1,
        100,
    )
    assert october_figures.median_quality == 85
    assert (november.referrals, november.median_quality, november.percent_late) == (0, None, None)


@pytest.mark.req("R4.4")
def test_the_safeguarding_lead_sees_the_whole_trust_by_ward_and_department(client, world):
    sent_referral(world, concern_at=at(2026, 11, 2, 9))
    sent_referral(world, nurse=world["other_nurse"], concern_at=at(2026, 11, 3, 9), sent_at=at(2026, 11, 6, 9))
    area = queries.area_for(world["lead"])
    assert area.is_organisation and queries.totals(area).referrals == 2
    teams = {f.label: f for f in queries.by_team(area)}
    assert teams[f"Southport ED ({world['nurse'].team.service.name})"].referrals == 1
    assert teams["Ormskirk children's ward (Paediatrics)"].late == 1
    client.force_login(world["lead"])
    page = text(client.get(reverse("referrals:ward")))
    assert "Referrals raised in Southport and Ormskirk Hospitals NHS Trust" in page
    assert "By ward and department" in page
    assert "Ormskirk children's ward (Paediatrics) 1" in page


@pytest.mark.req("R4.4")
def test_the_ward_view_costs_the_same_queries_whatever_the_number_of_referrals(client, world):
    client.force_login(world["ward_manager"])
    sent_referral(world, concern_at=at(2026, 11, 2, 9))
    client.get(reverse("referrals:ward"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("referrals:ward")).status_code == 200
    for day in range(3, 7):
        sent_referral(world, concern_at=at(2026, 11, day, 9))
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("referrals:ward")).status_code == 200
    assert len(five.captured_queries) == len(one.captured_queries)


def _trend_table(page: str) -> dict:
    """The ward view's table of months: each month's cells as they read."""
    table = page.split('data-testid="ward-trends"', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", table, re.S):
        month = text(re.search(r"<th[^>]*>(.*?)</th>", row).group(1))
        rows[month] = [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return rows


@pytest.mark.req("R4.4")
def test_the_months_are_charted_and_only_months_with_referrals_fill_the_table(client, world):
    sent_referral(world, concern_at=at(2026, 9, 7, 9))
    sent_referral(world, concern_at=at(2026, 9, 14, 9), sent_at=at(2026, 9, 21, 9), voice_of_child="")
    sent_referral(world, concern_at=at(2026, 11, 2, 9))
    client.force_login(world["ward_manager"])
    with clock.travel_to(at(2026, 11, 20, 9)):
        page = client.get(reverse("referrals:ward")).content.decode()
    table = _trend_table(page)
    assert list(table) == ["September 2026", "November 2026"]  # no row of zeros for the quiet months
    quiet = text(page.split('data-testid="ward-quiet-months">', 1)[1].split("</p>", 1)[0])
    assert quiet.startswith("No referrals were sent in December 2025, January 2026") and "October 2026." in quiet
    sent, quality = chart(page, "ward-sent-chart"), chart(page, "ward-quality-chart")
    assert sent["is_image"] and sent["title"] == "Referrals sent each month"
    assert quality["is_image"] and quality["title"] == "Median quality of the referrals sent each month"
    assert set(sent["months"]) == set(quality["months"]) == set(table)
    for month, cells in table.items():
        referrals, late = int(cells[0]), int(cells[3].split()[0])
        assert sent["months"][month] == {"sent in time": referrals - late, "sent late": late}
        assert quality["months"][month]["median quality"] == float(cells[1])
    assert sent["months"]["September 2026"] == {"sent in time": 1, "sent late": 1}


def test_a_ward_with_no_referrals_in_the_months_says_so_in_one_sentence(client, world):
    client.force_login(world["ward_manager"])
    page = client.get(reverse("referrals:ward")).content.decode()
    assert 'data-testid="ward-trends"' not in page and 'data-testid="ward-sent-chart"' not in page
    assert "No referrals were sent in the last 12 months." in text(page)
