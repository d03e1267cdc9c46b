"""The audit of every access (R10.2): each kind of access produces exactly one event with its
basis, and "who has looked at this record" lists every access and exports it as CSV."""

import pytest
from django.urls import reverse

from tests import pages
from tests.exports import csv_rows, split_csv
from tests.people.scenes import move_form
from thinkfamily.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.req("R10.2")
def test_each_kind_of_access_produces_exactly_one_event_with_its_basis(client, world):
    liam = world["liam"]
    hv = world["users"]["health_visitor (caseload)"]
    client.force_login(hv)

    def new_events(action):
        return list(AuditEvent.objects.filter(action=action, sequence__gt=mark).order_by("sequence"))

    mark = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    client.get(reverse("people:record", args=[liam.pk]))
    [read] = new_events("read")
    assert read.basis == "On the caseload of Bootle health visiting team" and read.subject_id == str(liam.pk)
    assert (read.actor, read.actor_role, read.actor_organisation) == (
        hv,
        "health_visitor",
        "North West Boroughs Healthcare NHS Foundation Trust",
    )

    mark = read.sequence
    client.get(reverse("find"), {"nhs_number": liam.nhs_number})
    [search] = new_events("search")
    assert search.detail["terms"] == {"nhs_number": liam.nhs_number}

    mark = search.sequence
    client.post(
        reverse("people:move", args=[liam.pk]),
        move_form(("1", "2", "2025"), "9 Lord Street", "Southport", "PR8 1AA"),
    )
    writes = new_events("write") + new_events("create")
    assert {(e.object_type, tuple(e.fields)) for e in writes} == {
        ("people.HouseholdMembership", ("end_date",)),
        ("people.Household", ("address_line_1", "address_line_2", "postcode", "town")),
        ("people.HouseholdMembership", ("household", "person", "reason", "start_date")),
    }
    assert {e.basis for e in writes} == {"On the caseload of Bootle health visiting team"}
    assert {e.subject_id for e in writes} == {str(liam.pk)}

    client.force_login(world["users"]["ed_nurse (no relationship)"])
    mark = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    client.get(reverse("people:record", args=[liam.pk]))
    [refused] = new_events("refused")
    assert refused.subject_id == str(liam.pk) and not new_events("read")


@pytest.mark.req("R10.2")
def test_who_has_looked_at_this_record_lists_every_access_and_exports_csv(client, world):
    liam = world["liam"]
    client.force_login(world["users"]["gp (child's practice)"])
    client.get(reverse("people:record", args=[liam.pk]))
    client.force_login(world["users"]["health_visitor (caseload)"])
    assert client.get(reverse("access:history", args=[liam.pk])).status_code == 403  # not a lead or SW
    client.force_login(world["users"]["mash_social_worker (council responsible)"])
    text = pages.text(client.get(reverse("access:history", args=[liam.pk])))
    gp = world["users"]["gp (child's practice)"]
    assert gp.get_full_name() in text and "Registered at Crosby Village Surgery" in text  # by name
    assert f" {gp.username} " not in f" {text} " and "Opened the record" in text  # never the sign-in name
    filtered = pages.text(client.get(reverse("access:history", args=[liam.pk]), {"who": "gp", "action": "read"}))
    assert "Registered at Crosby Village Surgery" in filtered and "Children's social care involvement" not in filtered
    response = client.get(reverse("access:history", args=[liam.pk]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    head, columns, rows = split_csv(csv_rows(response))
    assert head[:3] == [["OFFICIAL-SENSITIVE"], ["Access history"], ["Name", liam.full_name]]
    assert columns[:3] == ["When", "Who", "Role"]
    assert any(row[1:3] == [gp.get_full_name(), "GP"] and row[5] == "Opened the record"
               and "Registered at Crosby Village Surgery" in row[6] for row in rows), rows
    assert gp.username not in {row[1] for row in rows}
    assert AuditEvent.objects.filter(action="export", subject_id=str(liam.pk)).count() == 1
