"""That a young person sees the sexual health service is itself confidential (R2.4, issue 11 #5).
Chloe (15) has attended it. Her record hides what the service wrote, and so must everything
else: the notifications her social worker's records sent (the sexual health nurse is told of a
child protection plan, §3.18, but is not named to the sender), "who has looked at this record"
(the nurse's reads are not named to the trust's safeguarding lead or the GP practice lead), the
chronology (an entry by the service, or about its work, is restricted), and the nurse cannot
unrestrict a note: only sharing it, with a reason, opens it. Seen as the sexual health nurse,
the safeguarding lead, a ward manager after a point-of-care lookup, and the GP."""

import csv
import io

import pytest
from django.urls import reverse

from tests.cast import practitioner, put_on_caseload
from tests.notifications import scenes
from tests.notifications.scenes import record_status, told
from tests.pages import text
from thinkfamily.casenotes import services as casenotes
from thinkfamily.casenotes.models import CaseNote
from thinkfamily.chronology import types
from thinkfamily.chronology.services import record_event
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.lac.models import HealthArea
from thinkfamily.lac.services import plans
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import LegalStatus

pytestmark = [pytest.mark.django_db, pytest.mark.req("R2.4")]
Role = Practitioner.Role
NURSE = "Shn Practitioner"  # the sexual health nurse, as pages name her
ACTION = "Chloe to go to the young people's clinic for contraception advice, with her carer, by 1 March"


@pytest.fixture
def area(family, health_visitor, council, camhs, cic_nurse, gp):
    """Liam, Mia, Chloe and the practitioners around them (tests.notifications.scenes)."""
    return scenes.notification_area(family, health_visitor, council, camhs, cic_nurse, gp)


@pytest.fixture
def chloe(area):
    """Chloe, on the sexual health nurse's caseload; the trust's safeguarding lead; a ward
    manager in the trust's ED; the GP practice lead of Chloe's practice."""
    people = area["people"]
    shn = people["sexual_health"]
    put_on_caseload(shn, area["chloe"])
    people["lead"] = practitioner("lead", Role.SAFEGUARDING_LEAD, "RVY", Service.Kind.SAFEGUARDING, team="Trust team")
    people["wm"] = practitioner("wm", Role.WARD_MANAGER, "RVY", Service.Kind.EMERGENCY_DEPARTMENT, team="ED ward")
    return {"chloe": area["chloe"], **people}


def share(chloe, with_user):
    note = casenotes.write_case_note(Auditor(chloe["sexual_health"]), chloe["sexual_health"], chloe["chloe"],
                                     title="Clinic visit", body="Came with an older male, not family.")
    casenotes.share_case_note(Auditor(chloe["sexual_health"]), chloe["sexual_health"], note,
                              shared_with=with_user.team.service, reason="CSE concern: to plan together")


def test_a_sexual_health_note_is_restricted_by_the_services_rule_and_opened_only_by_sharing(client, chloe):
    child, shn, gp = chloe["chloe"], chloe["sexual_health"], chloe["practice_lead"]
    client.force_login(shn)
    url = reverse("people:write_note", args=[child.pk])
    form = text(client.get(url))
    assert "Restrict this entry" not in form
    assert "Entries by Sexual health are always restricted to your service" in form
    response = client.post(url, {"title": "Clinic visit", "body": "Came with an older male, not family."})
    assert response.status_code == 302
    # and whatever a caller asks for
    casenotes.write_case_note(Auditor(shn), shn, child, title="Follow-up", body="Results given.", restricted=False)
    assert list(CaseNote.objects.values_list("restricted", flat=True)) == [True, True]

    client.force_login(gp)
    record = text(client.get(reverse("people:record", args=[child.pk])))
    assert "older male" not in record and "Results given" not in record
    assert "Restricted information is held by Sexual health" in record
    note = CaseNote.objects.get(title="Clinic visit")
    client.force_login(shn)
    client.post(reverse("people:share_note", args=[child.pk, note.pk]),
                {"shared_with": gp.team.service_id, "reason": "CSE concern: GP to see at next visit"})
    client.force_login(gp)
    record = text(client.get(reverse("people:record", args=[child.pk])))
    assert "Came with an older male, not family." in record and "Results given" not in record


def test_the_sent_notifications_name_the_sexual_health_nurse_only_to_those_who_may_know(client, area, chloe):  # noqa: F811
    child, social_worker = chloe["chloe"], chloe["social_worker"]
    record_status(area, child, LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="sexual")
    assert "shn" in told(Notification.Cause.CHILD_PROTECTION_PLAN, child)  # she is told (§3.18)
    client.force_login(social_worker)
    sent = text(client.get(reverse("notifications:sent")))
    assert "Psl Practitioner" in sent and "Sn Practitioner" in sent  # the GP practice and the school nurse
    assert NURSE not in sent and "Sexual health nurse" not in sent
    client.force_login(chloe["sexual_health"])
    assert "child protection plan" in text(client.get(reverse("notifications:inbox"))).lower()

    share(chloe, social_worker)  # the service tells social care, for a reason: now they know
    client.force_login(social_worker)
    assert NURSE in text(client.get(reverse("notifications:sent")))


def test_who_has_looked_names_the_sexual_health_nurse_only_to_those_who_may_know(client, chloe):
    child, shn, lead, gp = chloe["chloe"], chloe["sexual_health"], chloe["lead"], chloe["practice_lead"]
    record, history = reverse("people:record", args=[child.pk]), reverse("access:history", args=[child.pk])
    for reader in (shn, gp):
        client.force_login(reader)
        assert client.get(record).status_code == 200
    for viewer in (lead, gp):
        client.force_login(viewer)
        page = text(client.get(history))
        assert gp.get_full_name() in page  # the GP practice lead's read is listed, by name
        assert shn.get_full_name() not in page and "Sexual health" not in page, viewer.username
        exported = client.get(history, {"format": "csv"}).content.decode()
        who = {row[1] for row in csv.reader(io.StringIO(exported)) if len(row) > 1}
        assert gp.get_full_name() in who and shn.get_full_name() not in who and "Sexual health" not in exported

    share(chloe, lead)
    client.force_login(lead)
    assert shn.get_full_name() in text(client.get(history))
    client.force_login(gp)
    assert shn.get_full_name() not in text(client.get(history))  # shared with the lead's service, not the practice


def test_a_plan_action_about_sexual_health_is_restricted_in_the_chronology(client, chloe):
    child, cic, wm, gp, shn = chloe["chloe"], chloe["cic"], chloe["wm"], chloe["practice_lead"], chloe["sexual_health"]
    put_on_caseload(cic, child)
    plan = plans.create_plan(Auditor(cic), child)
    plans.add_action(Auditor(cic), plan, area=HealthArea.SEXUAL_HEALTH, action=ACTION, owner="Carer",
                     due_on=clock.today())
    client.force_login(wm)
    assert client.post("/lookup/", {"nhs_number": child.nhs_number}).status_code == 200  # opens her record to ED
    chronology = reverse("chronology:person", args=[child.pk])
    for viewer in (wm, gp, shn):
        client.force_login(viewer)
        page = text(client.get(chronology))
        assert "Health plan started" in page, viewer.username  # not about sexual health: shown
        assert "contraception" not in page and "young people's clinic" not in page, viewer.username
        assert "Restricted entry from Children in care health" in page, viewer.username
    assert "contraception" not in client.get(reverse("chronology:export_csv", args=[child.pk])).content.decode()
    client.force_login(wm)
    plan_page = text(client.get(reverse("lac:plan", args=[child.pk])))
    assert "contraception" not in plan_page
    assert "A restricted action, held by the children in care health team" in plan_page
    client.force_login(cic)
    assert ACTION in text(client.get(chronology)) and ACTION in text(client.get(reverse("lac:plan", args=[child.pk])))


def test_what_the_sexual_health_service_records_in_the_chronology_is_restricted_to_it(client, chloe):
    child, shn, gp = chloe["chloe"], chloe["sexual_health"], chloe["practice_lead"]
    record_event(child, types.ED_ATTENDANCE, "Seen at the young people's clinic", occurred_at=clock.now(), author=shn)
    chronology = reverse("chronology:person", args=[child.pk])
    client.force_login(gp)
    page = text(client.get(chronology))
    assert "young people's clinic" not in page and "Restricted entry from Sexual health" in page
    client.force_login(shn)
    assert "Seen at the young people's clinic" in text(client.get(chronology))


def test_who_has_looked_shows_the_newest_500_accesses_it_may_name_newest_first(client, chloe):
    """A record read more than 500 times: the page shows the newest 500 the viewer may see,
    newest first, and the nurse's newer reads neither show nor take a place among the 500."""
    from thinkfamily.access.history import access_history
    from thinkfamily.core.models import AuditEvent

    child, shn, gp = chloe["chloe"], chloe["sexual_health"], chloe["practice_lead"]
    Auditor.append([Auditor(gp, basis="GP practice").read_event(child) for _ in range(520)])
    Auditor.append([Auditor(shn, basis="caseload").read_event(child) for _ in range(30)])
    client.force_login(gp)
    page = text(client.get(reverse("access:history", args=[child.pk])))
    assert "500 most recent accesses (the first 500" in page and NURSE not in page
    shown = list(access_history(child, gp)[:500])
    sequences = [event.sequence for event in shown]
    assert sequences == sorted(sequences, reverse=True)
    assert {event.actor_id for event in shown} == {gp.pk}
    newest_by_gp = AuditEvent.objects.filter(actor=gp, subject_id=str(child.pk)).order_by("-sequence").first()
    assert sequences[0] == newest_by_gp.sequence
