"""Every refusal is audited (R10.2; issue 11, defect 11): one ``refused`` event naming the
user, the action attempted and the record asked for, whether the refusal comes from access
scoping (no care relationship), from the role (a health visitor raising a flag) or from a
row that is not the person's (a 404). The walk over every person URL catches the next view
that refuses without it."""

import pytest
from django.urls import reverse

from tests.cast import practitioner
from tests.inventory import url_patterns
from thinkfamily.access import services as access_services
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.organisations.models import Practitioner, Service

Role = Practitioner.Role


def last_sequence() -> int:
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def person_urls(person):
    """Every URL pattern about a person, with the person's id and a made-up id for any other
    row it names (so that scoping, the role or the row refuses)."""
    for name, converters in sorted(url_patterns()):
        if "person_id" in converters:
            yield name, reverse(name, kwargs={key: person.pk if key == "person_id" else 999_999
                                              for key in converters})


def request_as_the_page_is_used(client, url):
    response = client.get(url)
    if response.status_code == 405:
        return "POST", client.post(url, {})
    return "GET", response


def refusals_since(mark):
    return list(AuditEvent.objects.filter(sequence__gt=mark, action="refused"))


def assert_audited_once_if_refused(user, person, name, method, response, mark):
    refused = refusals_since(mark)
    if response.status_code in (403, 404):
        assert len(refused) == 1, f"{method} {name} as {user.username}: {response.status_code} with {len(refused)} " \
                                  "refused events"
        [event] = refused
        assert (event.actor, event.subject_id) == (user, str(person.pk)), name
        assert event.detail["action"] == f"{method} {name}" and event.detail["status"] == response.status_code
    else:
        assert refused == [], f"{method} {name} as {user.username}: {response.status_code} but audited as refused"


@pytest.mark.req("R10.2")
def test_every_person_url_refused_to_someone_without_a_care_relationship_is_audited(client, family, ed_nurse):
    liam = family["liam"]
    client.force_login(ed_nurse)
    walked = 0
    for name, url in person_urls(liam):
        mark = last_sequence()
        method, response = request_as_the_page_is_used(client, url)
        if name == "access:break_glass":  # the way in for those without a relationship
            assert response.status_code == 200
            continue
        assert response.status_code in (403, 404), f"{method} {name}: {response.status_code}"
        assert_audited_once_if_refused(ed_nurse, liam, name, method, response, mark)
        assert "Liam" not in response.content.decode()
        walked += 1
    assert walked > 25


@pytest.mark.req("R10.2")
def test_every_refusal_on_a_person_url_to_someone_with_a_relationship_but_not_the_role_is_audited(signed_in, family,
                                                                                                health_visitor):
    liam = family["liam"]
    refused = set()
    for name, url in person_urls(liam):
        mark = last_sequence()
        method, response = request_as_the_page_is_used(signed_in, url)
        assert_audited_once_if_refused(health_visitor, liam, name, method, response, mark)
        if response.status_code == 403:
            refused.add(name)
    # The role refusals the issue found, each now naming the child.
    assert {"flags:raise", "flags:end", "referrals:mash_send", "assessments:record_attendance"} <= refused


@pytest.fixture
def glass(family, ed_nurse):
    """The ED nurse broke glass to open Liam's record; her trust's safeguarding lead reviews it."""
    access = access_services.break_glass(
        Auditor(actor=ed_nurse), ed_nurse, family["liam"], reason="unscheduled_care",
        justification="Unconscious child brought in by ambulance, no parent present yet.",
    )
    lead = practitioner("edlead", Role.SAFEGUARDING_LEAD, ed_nurse.organisation, Service.Kind.SAFEGUARDING,
                        service_name="Safeguarding", service_phone="")
    return access, lead


@pytest.mark.req("R10.2")
def test_a_break_glass_review_by_someone_who_is_not_a_lead_is_refused_and_names_the_access(client, glass, ed_nurse,
                                                                                          family):
    access, _ = glass
    mark = last_sequence()
    client.force_login(ed_nurse)
    url = reverse("access:break_glass_review", args=[access.pk])
    assert client.post(url, {"outcome": "appropriate"}).status_code == 403
    [event] = refusals_since(mark)
    assert (event.actor, event.object_type, event.object_id) == (ed_nurse, "access.BreakGlassAccess", str(access.pk))
    assert event.subject_id == str(family["liam"].pk)
    assert event.detail["action"] == "POST access:break_glass_review"
    access.refresh_from_db()
    assert access.reviewed_at is None


@pytest.mark.req("R10.2")
def test_reading_the_break_glass_review_page_is_audited_as_a_read_of_the_childs_record(client, glass, family):
    access, lead = glass
    client.force_login(lead)
    mark = last_sequence()
    response = client.get(reverse("access:break_glass_review", args=[access.pk]))
    assert response.status_code == 200 and "Liam" in response.content.decode()
    [read] = AuditEvent.objects.filter(sequence__gt=mark, action="read")
    assert (read.actor, read.object_type, read.subject_id) == (lead, "access.BreakGlassAccess", str(family["liam"].pk))
    # and so it is in the child's "who has looked at this record"
    assert AuditEvent.objects.filter(subject_id=str(family["liam"].pk), actor=lead, action="read").exists()


def test_an_unknown_address_is_a_404_page_and_not_a_refusal(signed_in):
    mark = last_sequence()
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert refusals_since(mark) == []
