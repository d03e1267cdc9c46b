"""The children-in-care health dashboard, computed from the records: IHA timeliness by month
of entering care (R6.1), median working days per step (R6.1), RHA timeliness by age band
(R6.2), the quality assurance return rate by practitioner and by service (R6.2), and the SDQ
band distribution of the children looked after now (R6.5). Every figure drills down to the
children behind it; the figures count only the children the user may see."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cast import organisation, practitioner
from tests.factories import PersonFactory
from tests.pages import chart, text
from thinkfamily.core import clock
from thinkfamily.lac.models import AssessmentStep, HealthAssessment, SDQScore
from thinkfamily.lac.queries import dashboard
from thinkfamily.organisations.models import CaseloadMembership, Practitioner, Service
from thinkfamily.people.models import LegalStatus, LegalStatusEntry

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
Step = AssessmentStep.Step
TODAY = datetime.date(2026, 11, 20)
D = datetime.date
SCHEME = {"normal": [0, 13], "borderline": [14, 16], "concern": [17, 40]}


@pytest.fixture(autouse=True)
def today():
    with clock.travel_to(timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))):
        yield TODAY


@pytest.fixture
def world(council):
    cic = practitioner("cic", Role.CIC_NURSE, organisation("RTV", "North West Boroughs"), Service.Kind.CHILDREN_IN_CARE,
                       team="Children in care health team")
    ada = practitioner("ada", Role.LAC_PAEDIATRICIAN, organisation("RBS", "Alder Hey"), Service.Kind.LAC_MEDICAL,
                       team="LAC medical team")
    bob = practitioner("bob", Role.CIC_NURSE, organisation("RTV", "North West Boroughs"), Service.Kind.CHILDREN_IN_CARE,
                       team="Children in care health team")
    kids = {}

    def child(name, visible=True, left=None):
        looked_after_since = D(2024, 1, 8)
        person = PersonFactory(given_name=name, family_name="Test", date_of_birth=D(2015, 5, 1))
        if visible:
            CaseloadMembership.objects.create(person=person, team=cic.team, start_date=D(2024, 1, 8))
        if looked_after_since:
            LegalStatusEntry.objects.create(person=person, status=LegalStatus.LOOKED_AFTER, change="start",
                                            effective_date=looked_after_since, responsible_authority=council)
        if left:
            LegalStatusEntry.objects.create(person=person, status=LegalStatus.LOOKED_AFTER, change="end",
                                            effective_date=left, responsible_authority=council)
        kids[name] = person
        return person

    for name in ["Amy", "Ben", "Cal", "Dee", "Eli", "Fay", "Gia", "Hal", "Ian", "Jo"]:
        child(name)
    child("Kay", left=D(2026, 2, 1))  # left care: her SDQ is not in the distribution
    child("Lee", visible=False)  # no relationship: nothing about him is counted

    def iha(name, entered, due, completed=None, **fields):
        return HealthAssessment.objects.create(child=kids[name], kind="iha", entered_care_on=entered, due_on=due,
                                               completed_on=completed, child_age_band="5 and over", **fields)

    def rha(name, due, band, completed=None, **fields):
        return HealthAssessment.objects.create(child=kids[name], kind="rha", due_on=due, completed_on=completed,
                                               child_age_band=band, **fields)

    qa = {"qa_accepted_on": D(2026, 1, 1)}
    a = {
        # September 2026: one in time, one late, one in time that was completed in October.
        "amy": iha("Amy", D(2026, 9, 1), D(2026, 9, 29), D(2026, 9, 25), assessing_clinician=ada,
                   assessing_service=ada.team.service, **qa),
        "ben": iha("Ben", D(2026, 9, 15), D(2026, 10, 13), D(2026, 10, 20), assessing_clinician=ada,
                   assessing_service=ada.team.service, qa_return_count=1, **qa),
        "fay": iha("Fay", D(2026, 9, 30), D(2026, 10, 28), D(2026, 10, 27), assessing_clinician=bob,
                   assessing_service=bob.team.service, **qa),
        # October 2026: one overdue, one not yet due.
        "dee": iha("Dee", D(2026, 10, 1), D(2026, 10, 29)),
        "cal": iha("Cal", D(2026, 10, 30), D(2026, 11, 27)),
        # Entered care before the period: not counted.
        "eli": iha("Eli", D(2025, 11, 10), D(2025, 12, 8), D(2026, 1, 20)),
        "lee": iha("Lee", D(2026, 9, 2), D(2026, 9, 30)),
        # Reviews that fell due in the period.
        "gia": rha("Gia", D(2026, 6, 1), "under 5", D(2026, 5, 20), assessing_clinician=ada,
                   assessing_service=ada.team.service, qa_return_count=2, **qa),
        "hal": rha("Hal", D(2026, 8, 1), "under 5", D(2026, 8, 15)),
        "ian": rha("Ian", D(2026, 11, 1), "under 5", assessing_clinician=bob, assessing_service=bob.team.service,
                   qa_return_count=1),  # overdue, returned once and not yet accepted
        "jo": rha("Jo", D(2026, 3, 1), "5 and over", D(2026, 2, 1), assessing_clinician=bob,
                  assessing_service=bob.team.service, **qa),
        "jo_next": rha("Jo", D(2027, 3, 1), "5 and over"),  # not due yet: not in the period
    }

    def step(assessment, kind, working_days, late_by=0):
        AssessmentStep.objects.create(assessment=assessment, step=kind, occurred_on=D(2026, 10, 1),
                                      working_days=working_days, late_by_working_days=late_by, recorded_by=cic)

    step(a["amy"], Step.NOTIFICATION_RECEIVED, 1)
    step(a["ben"], Step.NOTIFICATION_RECEIVED, 6, late_by=3)
    step(a["amy"], Step.REPORT_TYPED, 2)
    step(a["ben"], Step.REPORT_TYPED, 5, late_by=2)
    step(a["fay"], Step.REPORT_TYPED, 3)
    step(a["eli"], Step.REPORT_TYPED, 50, late_by=47)  # before the period
    step(a["lee"], Step.REPORT_TYPED, 40, late_by=37)  # not visible

    def sdq(name, on, total, band):
        SDQScore.objects.create(child=kids[name], completed_on=on, total_difficulties=total, band=band, scheme=SCHEME,
                                scheme_rule="sdq.bands (test)", recorded_by=cic)

    sdq("Amy", D(2025, 6, 1), 20, "concern")
    sdq("Amy", D(2026, 6, 1), 10, "normal")  # Amy's latest
    sdq("Ben", D(2026, 7, 1), 15, "borderline")
    sdq("Cal", D(2026, 8, 1), 25, "concern")
    sdq("Kay", D(2026, 1, 5), 30, "concern")
    sdq("Lee", D(2026, 1, 5), 30, "concern")
    return {"cic": cic, "ada": ada, "bob": bob, "kids": kids, "a": a}


def _scope(rf, user):
    from thinkfamily.access.scoping import AccessScope

    request = rf.get("/children-in-care/dashboard/")
    request.user = user
    return AccessScope(request)


def drilled(client, **params) -> set:
    response = client.get(reverse("lac:dashboard_children"), params)
    assert response.status_code == 200
    ids = re.findall(r'data-testid="drill-row" data-person-id="([^"]+)"', response.content.decode())
    return set(ids)


def ids(world, *names) -> set:
    return {str(world["kids"][n].pk) for n in names}


@pytest.mark.req("R6.1")
def test_iha_timeliness_is_by_month_of_entering_care_and_drills_down_to_the_children(world, rf, client):
    rows = {r["month"]: r for r in dashboard.iha_by_month(_scope(rf, world["cic"]), TODAY)}
    assert len(rows) == 12 and min(rows) == D(2025, 12, 1) and max(rows) == D(2026, 11, 1)
    september, october = rows[D(2026, 9, 1)], rows[D(2026, 10, 1)]
    # Fay entered care on 30 September and was completed in time on 27 October: September's.
    assert (september["total"], september["in_time"], september["late"], september["percent"]) == (3, 2, 1, 67)
    assert (october["total"], october["overdue"], october["not_yet_due"], october["percent"]) == (2, 1, 1, 0)
    assert rows[D(2025, 12, 1)]["total"] == 0  # Eli entered care in November 2025, before the period
    client.force_login(world["cic"])
    assert drilled(client, figure="iha", month="2026-09", outcome="in_time") == ids(world, "Amy", "Fay")
    assert drilled(client, figure="iha", month="2026-09", outcome="late") == ids(world, "Ben")
    assert drilled(client, figure="iha", month="2026-10", outcome="overdue") == ids(world, "Dee")
    assert drilled(client, figure="iha", month="2026-10") == ids(world, "Dee", "Cal")


@pytest.mark.req("R6.1")
def test_median_working_days_per_step_and_the_late_ones_behind_it(world, rf, client):
    steps = {r["step"]: r for r in dashboard.step_medians(_scope(rf, world["cic"]), TODAY)}
    assert (steps[Step.REPORT_TYPED]["count"], steps[Step.REPORT_TYPED]["median"]) == (3, 3)
    assert steps[Step.REPORT_TYPED]["late"] == 1
    assert steps[Step.NOTIFICATION_RECEIVED]["median"] == 3.5  # between 1 and 6
    assert steps[Step.SEEN]["count"] == 0 and steps[Step.SEEN]["median"] is None
    client.force_login(world["cic"])
    assert drilled(client, figure="step", step=Step.REPORT_TYPED, outcome="late") == ids(world, "Ben")
    assert drilled(client, figure="step", step=Step.REPORT_TYPED) == ids(world, "Amy", "Ben", "Fay")


@pytest.mark.req("R6.2")
def test_rha_timeliness_by_age_band(world, rf, client):
    bands = {r["child_age_band"]: r for r in dashboard.rha_by_age_band(_scope(rf, world["cic"]), TODAY)}
    under5, over5 = bands["under 5"], bands["5 and over"]
    assert (under5["total"], under5["in_time"], under5["late"], under5["overdue"], under5["percent"]) == (3, 1, 1, 1,
                                                                                                           33)
    assert (over5["total"], over5["in_time"], over5["percent"]) == (1, 1, 100)  # Jo's next review is not due
    client.force_login(world["cic"])
    assert drilled(client, figure="rha", band="under 5", outcome="overdue") == ids(world, "Ian")
    assert drilled(client, figure="rha", band="under 5", outcome="in_time") == ids(world, "Gia")


@pytest.mark.req("R6.2")
def test_quality_return_rate_by_practitioner_and_by_service(world, rf, client):
    scope = _scope(rf, world["cic"])
    by_practitioner = {r["name"]: r for r in dashboard.qa_return_rate(scope, TODAY, "practitioner")}
    ada, bob = by_practitioner["Ada Practitioner"], by_practitioner["Bob Practitioner"]
    assert (ada["reached"], ada["returned"], ada["returns"], ada["percent"]) == (3, 2, 3, 67)
    assert (bob["reached"], bob["returned"], bob["percent"]) == (3, 1, 33)  # Fay, Jo; Ian returned, not accepted
    by_service = {r["key"]: r for r in dashboard.qa_return_rate(scope, TODAY, "service")}
    assert by_service[world["ada"].team.service_id]["percent"] == 67
    assert by_service[world["bob"].team.service_id]["reached"] == 3
    client.force_login(world["cic"])
    assert drilled(client, figure="qa", practitioner=str(world["ada"].pk), outcome="returned") == ids(world, "Ben",
                                                                                                      "Gia")
    assert drilled(client, figure="qa", service=str(world["bob"].team.service_id)) == ids(world, "Fay", "Ian", "Jo")


@pytest.mark.req("R6.5")
def test_sdq_bands_of_the_latest_score_of_each_child_looked_after_now(world, rf, client):
    bands = {r["band"]: r["children"] for r in dashboard.sdq_bands(_scope(rf, world["cic"]), TODAY)}
    # Amy's latest is normal (her earlier concern is history); Kay has left care; Lee is not visible.
    assert bands == {"normal": 1, "borderline": 1, "concern": 1}
    client.force_login(world["cic"])
    assert drilled(client, figure="sdq", band="concern") == ids(world, "Cal")
    assert drilled(client, figure="sdq", band="normal") == ids(world, "Amy")


@pytest.mark.req("R6.1")
@pytest.mark.req("R6.2")
def test_the_page_shows_the_figures_and_the_timescales_in_force_in_a_fixed_number_of_queries(
        world, client, django_assert_max_num_queries):
    client.force_login(world["cic"])
    # A fixed number, whatever the rows: each step's target is read once (a local setting may be in force).
    with django_assert_max_num_queries(40):
        response = client.get(reverse("lac:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    september = page.split('data-month="2026-09"')[1].split("</tr>")[0]
    assert "67% (" in september and ">2 of 3</a>" in september
    assert "Initial health assessment done and reported within 20 working days of becoming looked after " \
        "(national timescale)" in page
    assert "Typed initial health assessment report within 3 working days of the clinic (local timescale)" in page
    assert "SDQ total difficulties score bands: 0 to 13: normal; 14 to 16: borderline; 17 to 40: cause for " \
        "concern (local timescale)" in page
    assert "lac.iha_due" not in page and "{'" not in page


@pytest.mark.req("R6.1")
@pytest.mark.req("R10.1")
def test_without_the_role_the_dashboard_is_refused_and_without_a_relationship_nobody_is_counted(
        world, rf, client, ed_nurse):
    client.force_login(ed_nurse)
    assert client.get(reverse("lac:dashboard")).status_code == 403
    assert client.get(reverse("lac:dashboard_children"), {"figure": "sdq", "band": "concern"}).status_code == 403
    elsewhere = practitioner("cic_elsewhere", Role.CIC_NURSE, "WIRRAL-CIC", Service.Kind.CHILDREN_IN_CARE,
                             team="Wirral CIC")
    scope = _scope(rf, elsewhere)
    assert sum(r["total"] for r in dashboard.iha_by_month(scope, TODAY)) == 0
    assert sum(r["children"] for r in dashboard.sdq_bands(scope, TODAY)) == 0
    client.force_login(elsewhere)
    assert drilled(client, figure="iha", month="2026-09") == set()


def test_a_figure_that_does_not_exist_is_a_bad_request(world, client):
    client.force_login(world["cic"])
    for query in ({"figure": "nonsense"}, {"figure": "iha", "month": "soon"}):
        response = client.get(reverse("lac:dashboard_children"), query)
        assert response.status_code == 400
        assert "use the page&#39;s own links" in response.content.decode().replace("&#x27;", "&#39;")


def _iha_table(page: str) -> dict:
    """The IHA table's figures by month, as its cells read."""
    table = {}
    for row in re.findall(r'<tr class="nhsuk-table__row" data-testid="iha-row".*?</tr>', page, re.S):
        month = text(re.search(r"<th[^>]*>(.*?)</th>", row).group(1))
        cells = dict(re.findall(r'data-figure="(\w+)">(.*?)</td>', row, re.S))
        table[month] = {key: text(value) for key, value in cells.items()}
    return table


@pytest.mark.req("R6.1")
def test_the_iha_figures_are_charted_with_the_table_as_their_alternative_and_overdue_work_said_first(
        world, client):
    client.force_login(world["cic"])
    page = client.get(reverse("lac:dashboard")).content.decode()
    outcomes, percent = chart(page, "iha-chart"), chart(page, "iha-percent-chart")
    assert outcomes["is_image"] and outcomes["title"] == "Initial health assessments by month of entering care"
    assert percent["is_image"] and percent["title"] == "Initial health assessments in time, of those due"
    table = _iha_table(page)
    assert len(table) == 12
    # The chart says the figures of every month the table has children for, and only those.
    charted = {m for m, row in table.items() if row["total"] != "0"}
    assert set(outcomes["months"]) == charted == {"September 2026", "October 2026"}
    for month in charted:
        said, row = outcomes["months"][month], table[month]
        assert said == {"in time": float(row["in_time"]), "completed late": float(row["late"]),
                        "overdue": float(row["overdue"]), "not yet due": float(row["not_yet_due"])}
        assert percent["months"][month]["in time"] == float(row["percent"].split("%")[0])
    assert percent["months"]["October 2026"]["in time"] == 0  # none of those due was in time: said, not left out
    assert "No child entered care in December 2025, January 2026" in outcomes["desc"]
    # Overdue work comes first: before the first chart, with the counts of both kinds.
    overdue = text(page.split('data-testid="overdue-now"')[1].split("</ul>")[0])
    assert "1 initial health assessment overdue" in overdue and "1 review health assessment overdue" in overdue
    assert page.index('data-testid="overdue-now"') < page.index('data-testid="iha-chart"')


@pytest.mark.req("R6.1")
def test_the_dashboard_takes_the_same_number_of_queries_however_many_children_it_counts(world, rf, client, council):
    """Each figure is one query over the children the user may see, whatever their number: the
    access rules are checked for each assessment's child, never once per child in the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["cic"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("lac:dashboard")).status_code == 200
        return len(captured)

    before = queries()
    for n in range(12):
        person = PersonFactory(given_name=f"More{n}", family_name="Test", date_of_birth=D(2015, 5, 1))
        CaseloadMembership.objects.create(person=person, team=world["cic"].team, start_date=D(2024, 1, 8))
        LegalStatusEntry.objects.create(person=person, status=LegalStatus.LOOKED_AFTER, change="start",
                                        effective_date=D(2024, 1, 8), responsible_authority=council)
        iha = HealthAssessment.objects.create(child=person, kind="iha", entered_care_on=D(2026, 9, 2),
                                              due_on=D(2026, 9, 30), completed_on=D(2026, 9, 20),
                                              child_age_band="5 and over", assessing_clinician=world["ada"],
                                              assessing_service=world["ada"].team.service,
                                              qa_accepted_on=D(2026, 9, 25))
        AssessmentStep.objects.create(assessment=iha, step=Step.REPORT_TYPED, occurred_on=D(2026, 9, 21),
                                      working_days=1, recorded_by=world["cic"])
        HealthAssessment.objects.create(child=person, kind="rha", due_on=D(2026, 7, 1), child_age_band="under 5")
        SDQScore.objects.create(child=person, completed_on=D(2026, 8, 1), total_difficulties=15, band="borderline",
                                scheme=SCHEME, scheme_rule="sdq.bands (test)", recorded_by=world["cic"])
    assert queries() == before
    september = {r["month"]: r for r in dashboard.iha_by_month(_scope(rf, world["cic"]), TODAY)}[D(2026, 9, 1)]
    assert september["total"] == 15  # the twelve new children are counted
