"""Young people on CAMHS approaching 18 (R7.3): transition planning due from the local number
of months before the birthday; the late ones listed for CAMHS and the adult service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.cast import practitioner, practitioner_as
from tests.pages import date_fields, text
from tests.pathways.scenes import adult_mh_worker, alder_hey_lead, at, on_caseload, referred, young_person
from thinkfamily.access.permissions import NotPermitted
from thinkfamily.core import clock, timescales
from thinkfamily.core.audit import Auditor
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.pathways import services
from thinkfamily.pathways.models import TransitionPlan
from thinkfamily.pathways.queries import transitions

D = datetime.date
NOW = at(2026, 12, 3, 10)
TODAY = D(2026, 12, 3)
Role = Practitioner.Role


def listed(client):
    page = client.get("/transitions/")
    assert page.status_code == 200
    return text(page)


@pytest.fixture
def camhs_people(camhs):
    """Five months from 18 (late under 6 months), seven months (not yet due), two months
    (late), one not on CAMHS five months from 18, and a 17-year-old in an open CAMHS episode."""
    five = young_person("Five", D(2009, 5, 3))
    seven = young_person("Seven", D(2009, 7, 3))
    two = young_person("Two", D(2009, 2, 3))
    elsewhere = young_person("Nowhere", D(2009, 5, 3))
    episode = young_person("Episode", D(2009, 4, 20))
    for person in (five, seven, two):
        on_caseload(person, camhs)
    referred(episode, camhs.team.service, D(2025, 9, 1))
    return {"five": five, "seven": seven, "two": two, "elsewhere": elsewhere, "episode": episode}


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_late_transitions_follow_the_clock_the_plan_and_the_local_setting(client, camhs, camhs_people):
    client.force_login(camhs)
    with clock.travel_to(NOW):
        late = {p.given_name for p in transitions.late(TODAY, NOW)}
        soon = {p.given_name for p in transitions.due_soon(TODAY, NOW)}
        assert late == {"Five", "Two", "Episode"}  # 5, 2 and 4.5 months from 18: due at 6 months
        assert soon == {"Seven"}  # 7 months from 18: due in a month
        page = listed(client)
        assert "Five Young" in page and "Nowhere" not in page

        # A plan started removes her.
        services.start_transition_plan(Auditor(actor=camhs), camhs_people["five"],
                                       adult_service=adult_mh_worker().team.service)
        assert {p.given_name for p in transitions.late(TODAY, NOW)} == {"Two", "Episode"}

    # Months earlier, nobody was due yet.
    with clock.travel_to(at(2026, 6, 1, 10)):
        assert not transitions.late(D(2026, 6, 1), at(2026, 6, 1, 10)).exists()

    # The area plans a year ahead: the seven-month one is late too.
    with clock.travel_to(NOW):
        timescales.change_local_setting(Auditor(actor=camhs), "transition.start", 12, effective_from=at(2026, 12, 1),
                                        reason="CAMHS transition protocol 2026")
        assert {p.given_name for p in transitions.late(TODAY, NOW)} == {"Two", "Episode", "Seven"}
        page = listed(client)
        assert "Seven Young" in page and "12 months before" in page and "Nowhere" not in page


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_a_child_not_on_camhs_is_never_listed_and_an_ended_place_no_longer_counts(camhs):
    lone = young_person("Lone", D(2009, 5, 3))
    former = young_person("Former", D(2009, 5, 3))
    place = on_caseload(former, camhs, since=D(2024, 1, 1))
    place.end_date = D(2026, 11, 1)
    place.save()
    with clock.travel_to(NOW):
        assert not transitions.late(TODAY, NOW).filter(pk__in=[lone.pk, former.pk]).exists()
        timescales.change_local_setting(Auditor(actor=camhs), "transition.start", 24, effective_from=at(2026, 12, 1),
                                        reason="test")
        assert not transitions.late(TODAY, NOW).filter(pk__in=[lone.pk, former.pk]).exists()


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_a_young_person_just_turned_18_still_on_camhs_without_a_plan_stays_late(camhs):
    eighteen = young_person("Eighteen", D(2008, 10, 1), kind="adult")
    nineteen = young_person("Nineteen", D(2007, 10, 1), kind="adult")
    on_caseload(eighteen, camhs)
    on_caseload(nineteen, camhs)
    with clock.travel_to(NOW):
        assert [p.given_name for p in transitions.late(TODAY, NOW)] == ["Eighteen"]


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_who_sees_the_list(client, camhs, camhs_people, safeguarding_lead, health_visitor):
    other_camhs = practitioner("camhs2", Role.CAMHS_PRACTITIONER, "RTV", Service.Kind.CAMHS, team="Other CAMHS")
    amh = adult_mh_worker()
    with clock.travel_to(NOW):
        services.start_transition_plan(Auditor(actor=camhs), camhs_people["two"], adult_service=amh.team.service,
                                       planned_transfer_on=D(2027, 2, 1))
        client.force_login(camhs)  # their own young people, with the action
        page = client.get("/transitions/").content.decode()
        assert f"/people/{camhs_people['five'].pk}/transition-plan/new/" in page
        assert f"/people/{camhs_people['two'].pk}/transition-plan/outcome/" in page
        client.force_login(other_camhs)  # another CAMHS service: not their young people
        assert "Five Young" not in listed(client)
        client.force_login(amh)  # the adult service: the late ones, and the one moving to them
        page = listed(client)
        assert "Five Young" in page and "Moving to your service" in page and "Two Young" in page
        assert "Seven Young" not in page  # not late yet: CAMHS's to plan
        # Named, but not linked to a record the adult service cannot open (no dead end).
        assert f"/people/{camhs_people['five'].pk}/" not in client.get("/transitions/").content.decode()
        client.force_login(alder_hey_lead())  # the lead of CAMHS's trust: its whole population
        page = listed(client)
        assert "Five Young" in page and "Seven Young" in page
        assert "/transition-plan/new/" not in client.get("/transitions/").content.decode()  # CAMHS's to start
        home = client.get("/")
        assert "/transitions/" in home.content.decode()
        assert "2 young people late for transition planning" in text(home)  # Five and Episode (Two has a plan)
        client.force_login(safeguarding_lead)  # another trust's lead: not her population
        assert "Five Young" not in listed(client)
        for refused in (health_visitor, practitioner_as(Role.COMMISSIONER)):
            client.force_login(refused)
            response = client.get("/transitions/")
            assert response.status_code == 403
            assert "listed for CAMHS and adult mental health staff" in text(response)


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_camhs_starts_a_plan_on_the_page_and_others_are_refused(client, camhs, camhs_people, safeguarding_lead):
    amh = adult_mh_worker()
    five = camhs_people["five"]
    with clock.travel_to(NOW):
        client.force_login(camhs)
        url = f"/people/{five.pk}/transition-plan/new/"
        assert client.get(url).status_code == 200
        bad = client.post(url, {"adult_service": "", **date_fields("started_on", TODAY)})
        assert bad.status_code == 200 and "Choose the adult service" in text(bad)
        assert not TransitionPlan.objects.exists()
        late = client.post(url, {"adult_service": amh.team.service.pk, **date_fields("started_on", TODAY),
                                 **date_fields("planned_transfer_on", D(2026, 11, 1))})
        assert "planned transfer date must be after" in text(late)
        assert not TransitionPlan.objects.exists()
        done = client.post(url, {"adult_service": amh.team.service.pk, **date_fields("started_on", TODAY),
                                 **date_fields("planned_transfer_on", D(2027, 5, 3))})
        assert done.status_code == 302
        plan = TransitionPlan.objects.get()
        assert plan.camhs_service == camhs.team.service and plan.adult_service == amh.team.service
        assert five.chronology.filter(type="transition_plan_started").exists()

        # The safeguarding lead reads the young person but does not start CAMHS's plans.
        client.force_login(safeguarding_lead)
        assert client.get(f"/people/{camhs_people['seven'].pk}/transition-plan/new/").status_code == 403
        # CAMHS staff may not start one for someone they do not work with.
        with pytest.raises(NotPermitted):
            services.start_transition_plan(Auditor(actor=camhs), camhs_people["elsewhere"],
                                           adult_service=amh.team.service)

        # The outcome: "not needed" needs a reason.
        client.force_login(camhs)
        outcome_url = f"/people/{five.pk}/transition-plan/outcome/"
        refused = client.post(outcome_url, {"outcome": "not_needed", **date_fields("outcome_on", TODAY)})
        assert "Say why a transfer" in text(refused)
        assert TransitionPlan.objects.open().count() == 1
        client.post(outcome_url, {"outcome": "transferred", **date_fields("outcome_on", TODAY)})
        assert TransitionPlan.objects.get().outcome == "transferred"
        assert not transitions.late(TODAY, NOW).filter(pk=five.pk).exists()


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_one_open_plan_per_young_person(camhs, camhs_people):
    amh = adult_mh_worker()
    with clock.travel_to(NOW):
        first = services.start_transition_plan(Auditor(actor=camhs), camhs_people["five"],
                                               adult_service=amh.team.service)
        with pytest.raises(AlreadyRecorded):
            services.start_transition_plan(Auditor(actor=camhs), camhs_people["five"], adult_service=amh.team.service)
        with pytest.raises(ValidationError):
            services.start_transition_plan(Auditor(actor=camhs), camhs_people["seven"],
                                           adult_service=camhs.team.service)
        with pytest.raises(IntegrityError), transaction.atomic():
            TransitionPlan.objects.create(person=first.person, camhs_service=first.camhs_service,
                                          started_on=TODAY, started_by=camhs)


@pytest.mark.req("R7.3")
@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_however_many_young_people(client, camhs, camhs_people):
    """Whom the user may open is checked for each young person listed, never by first listing
    everyone the user may open: the same queries for three young people as for fifteen."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    amh = adult_mh_worker()
    client.force_login(camhs)
    counts = []
    with clock.travel_to(NOW):
        for batch in range(2):
            for n in range(2 + batch * 10):
                person = young_person(f"More{batch}x{n}", D(2009, 3, 1) + datetime.timedelta(days=n))
                on_caseload(person, camhs)
                if n % 2:
                    services.start_transition_plan(Auditor(actor=camhs), person, adult_service=amh.team.service)
            with CaptureQueriesContext(connection) as queries:
                page = listed(client)
            counts.append(len(queries))
    assert "More1x10 Young" in page and "More1x11 Young" in page  # late, and with an open plan
    assert counts[0] == counts[1]
