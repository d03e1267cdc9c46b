"""Who sees a chronology (R3.1): restricted events are hidden from other services but shown to
exist; someone without a care relationship gets 403 and nothing personal; an unknown person is
404; the lint that keeps views behind the access layer counts the chronology as personal data."""


import pytest
from django.urls import reverse

from tests import inventory
from tests.cast import put_on_caseload
from tests.chronology.scenes import ONE_CHRONOLOGY, at
from tests.pages import text
from thinkfamily.chronology import types
from thinkfamily.chronology.services import record_event
from thinkfamily.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, ONE_CHRONOLOGY]


def test_restricted_events_are_hidden_from_other_services_but_shown_to_exist(client, chronology, staff):
    sexual_health = staff["sexual_health"]
    put_on_caseload(sexual_health, chronology)
    service = sexual_health.team.service
    record_event(
        chronology,
        types.ED_ATTENDANCE,
        "Attended clinic with an older male, not family",
        occurred_at=at(2025, 2, 1),
        author=sexual_health,
        restricted_to_service=service,
    )
    path = reverse("chronology:person", args=[chronology.pk])

    client.force_login(staff["hv"])
    page = text(client.get(path))
    assert "older male" not in page
    assert "Restricted entry from Sexual health clinic (Southport and Ormskirk Hospitals NHS Trust)" in page
    assert "0151 496 0456" in page and "Shona" not in page
    # Filtering by significance cannot reveal a restricted entry's significance: it stays.
    assert "Restricted entry from" in text(client.get(path, {"significance": ["low"]}))

    client.force_login(sexual_health)
    page = text(client.get(path))
    assert "Attended clinic with an older male, not family" in page and "Restricted entry from" not in page


@pytest.mark.parametrize("name", ["person", "export_pdf", "export_csv"])
def test_someone_without_a_care_relationship_gets_403_and_nothing_personal(client, chronology, ed_nurse, name):
    client.force_login(ed_nurse)
    response = client.get(reverse(f"chronology:{name}", args=[chronology.pk]))
    assert response.status_code == 403
    body = response.content.decode() + text(response)
    assert "Liam" not in body and chronology.nhs_number not in body and chronology.formatted_nhs_number not in body
    assert "head injury" not in body and "Southport ED" not in body
    assert AuditEvent.objects.filter(action="refused", subject_id=str(chronology.pk), actor=ed_nurse).exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_unknown_person_is_404(signed_in):
    import uuid

    assert signed_in.get(reverse("chronology:person", args=[uuid.uuid4()])).status_code == 404


def test_the_lint_counts_the_chronology_as_personal_data():
    lint = inventory.script("lint_person_access")
    assert lint.problems_in("from x import Event\nEvent.objects.all()\n", "thinkfamily/x/views.py")
