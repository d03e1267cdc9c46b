"""Each invited health agency reports to the conference on a template that asks for its analysis
of risk and the voice of the child (R4.6; review §3.11: reports listed contacts). The GP opens the
invitation from the inbox; a report that is a list of contact dates is refused with a clear
message on the field and nothing is written; the same report with analysis is sent once."""

import pytest

from tests import pages
from tests.protection.conftest import CONFERENCE_DAY
from tests.protection.scenes import at
from thinkfamily.core import clock
from thinkfamily.core.models import AuditEvent
from thinkfamily.notifications.models import Notification
from thinkfamily.protection.models import AgencyReport

pytestmark = pytest.mark.django_db

DATES_ONLY = {
    "what_we_know": "Seen 03/02/2026, 10/02/2026. DNA 17/02/2026. Telephone consultation 24 Feb 2026.",
    "what_it_means_for_the_child": "Consultations 3 Feb, 10 Feb, 24 Feb. Immunisations up to date. No concerns.",
    "voice_of_the_child": "Seen with mother 10/02/2026.",
    "recent_contacts": "",
    "parental_capacity": "",
}
ANALYSIS = {
    "what_we_know": "Liam was brought twice with bruising to the upper arm, explained as falls; his mother Sarah "
                    "is treated for depression and has missed her own reviews since January.",
    "what_it_means_for_the_child": "Two unexplained injuries in a month in a child of seven, with a mother whose "
                                   "low mood is worsening, suggest physical harm is likely; I am fairly sure.",
    "voice_of_the_child": "Liam said he did not want to go home because 'Dean shouts'; he was quiet and watchful.",
    "recent_contacts": "3 February and 24 February 2026",
    "parental_capacity": "",
}


def _invitation_link(gp) -> str:
    return Notification.objects.get(recipient=gp, cause=Notification.Cause.CONFERENCE_INVITATION).link


@pytest.mark.req("R4.6")
@pytest.mark.req("R5.1")
def test_the_gps_report_that_is_a_list_of_dates_is_refused_with_a_clear_message_and_nothing_is_written(
    client, conference, known, gp
):
    link = _invitation_link(gp)
    client.force_login(gp)
    with clock.travel_to(at(CONFERENCE_DAY.replace(day=10))):
        page = client.get(link)
        assert page.status_code == 200
        assert "What the practice knows about the child and family" in pages.text(page)
        for child in (known["liam"], known["mia"]):  # opening the invitation is a read of each child's record
            assert AuditEvent.objects.filter(actor=gp, action="read", subject_id=str(child.pk),
                                             basis="Child protection conference").exists()
        before = AuditEvent.objects.filter(action="create").count()
        refused = client.post(link, DATES_ONLY)

    assert refused.status_code == 200
    text = pages.text(refused)
    assert "There is a problem" in text
    assert "'No concerns' or a list of dates is not enough" in text
    assert "not only the dates of contact" in text
    assert not AgencyReport.objects.exists()
    assert AuditEvent.objects.filter(action="create").count() == before
    assert not Notification.objects.filter(cause=Notification.Cause.CONFERENCE_REPORT).exists()

    with clock.travel_to(at(CONFERENCE_DAY.replace(day=10))):
        sent = client.post(link, ANALYSIS)
        again = client.post(link, ANALYSIS)  # the button pressed twice
    assert sent.status_code == 302 and again.status_code == 302
    report = AgencyReport.objects.get()
    assert report.author == gp and "physical harm is likely" in report.what_it_means_for_the_child
    assert Notification.objects.filter(cause=Notification.Cause.CONFERENCE_REPORT).count() == 1


@pytest.mark.req("R4.6")
def test_another_agency_may_not_send_the_gps_report(client, conference, gp, health_visitor):
    link = _invitation_link(gp)
    client.force_login(health_visitor)
    with clock.travel_to(at(CONFERENCE_DAY.replace(day=10))):
        response = client.post(link, ANALYSIS)
    assert response.status_code == 403
    assert not AgencyReport.objects.exists()
