"""The care leaver's health passport (R6.6): generated from the record for a young person of
16 or over (or a care leaver) with only the family health history they may be told, reviewed by
the nurse before release, release audited, and a PDF the young person keeps."""

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.cast import practitioner, put_on_caseload, works_with
from tests.exports import assert_every_page_identifies, expected_name, pdf_pages, saved_name
from tests.factories import PersonFactory
from tests.lac.scenes import at
from thinkfamily.chronology.models import Event
from thinkfamily.core.audit import Auditor
from thinkfamily.core.models import AuditEvent
from thinkfamily.lac.models import FamilyHealthHistory, HealthAssessment, HealthPassport, Immunisation
from thinkfamily.lac.presenters.passport import passport_pdf
from thinkfamily.lac.services import passport
from thinkfamily.legal_status.services import record_legal_status
from thinkfamily.organisations.models import Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatus

pytestmark = pytest.mark.django_db
Role = Practitioner.Role
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def cic(cic_nurse):
    nurse = cic_nurse
    nurse.team.phone = "0151 496 0456"
    nurse.team.email = "cic.team@example.nhs.uk"
    nurse.team.save()
    return nurse


@pytest.fixture
def chloe(cic, council):
    """Chloe, 17, in care since 2023, with a history the passport draws on."""
    chloe = PersonFactory(given_name="Chloe", family_name="Dunne", date_of_birth=datetime.date(2009, 4, 2),
                          sex="female")
    put_on_caseload(cic, chloe)
    practice = Organisation.objects.create(code="N84002", name="Seaforth Village Practice",
                                           kind=Organisation.Kind.GP_PRACTICE, phone="0151 496 0777",
                                           address="1 Seaforth Road, L21 1AA")
    GPRegistration.objects.create(person=chloe, practice=practice, start_date=datetime.date(2015, 1, 1))
    HealthAssessment.objects.create(child=chloe, kind="rha", due_on=datetime.date(2026, 5, 1), due_rule="x",
                                    seen_on=datetime.date(2026, 4, 20), completed_on=datetime.date(2026, 4, 28))
    HealthAssessment.objects.create(child=chloe, kind="rha", due_on=datetime.date(2027, 4, 20), due_rule="x")
    FamilyHealthHistory.objects.create(child=chloe, relative="mother", condition="Type 2 diabetes",
                                       details="Diagnosed at 35", may_share_with_young_person=True,
                                       source="Council's CoramBAAF form", recorded_by=cic)
    FamilyHealthHistory.objects.create(child=chloe, relative="father", condition="Heroin dependence",
                                       details="In prison", may_share_with_young_person=False,
                                       source="Social worker", recorded_by=cic)
    auditor = Auditor(actor=cic)
    with at(TODAY):
        passport.record_immunisation(auditor, chloe, vaccine="MenACWY", given_on=datetime.date(2023, 9, 12))
        passport.record_condition(auditor, chloe, name="Asthma", since=datetime.date(2016, 2, 1),
                                  notes="Salbutamol inhaler as needed")
    return chloe


@pytest.mark.req("R6.6")
def test_the_passport_holds_history_immunisations_conditions_contacts_and_only_shareable_family_history(cic, chloe):
    with at(TODAY):
        made = passport.generate_passport(Auditor(actor=cic), chloe)
    content = HealthPassport.objects.get(pk=made.pk).content
    assert content["young_person"]["name"] == "Chloe Dunne"
    assert content["health_history"] == [
        {"what": "Review health assessment", "seen_on": "2026-04-20", "completed_on": "2026-04-28"}
    ]
    assert content["immunisations"] == [{"vaccine": "MenACWY", "given_on": "2023-09-12"}]
    assert [c["name"] for c in content["conditions"]] == ["Asthma"]
    assert content["family_history"] == [
        {"relative": "Birth mother", "condition": "Type 2 diabetes", "details": "Diagnosed at 35"}
    ]
    assert "Heroin" not in str(content) and "prison" not in str(content)
    roles = {c["role"]: c for c in content["contacts"]}
    assert roles["GP practice"]["name"] == "Seaforth Village Practice"
    assert roles["GP practice"]["phone"] == "0151 496 0777"
    team = roles["Children in care health team"]
    assert (team["name"], team["phone"], team["email"]) == (
        "Children in care health team", "0151 496 0456", "cic.team@example.nhs.uk")
    assert Event.objects.filter(person=chloe, type="health_passport_generated").exists()


@pytest.mark.req("R6.6")
def test_release_is_refused_before_review_and_then_audited_as_an_export(cic, chloe):
    auditor = Auditor(actor=cic)
    with at(TODAY):
        made = passport.generate_passport(auditor, chloe)
        with pytest.raises(ValidationError, match="Review the passport before releasing it"):
            passport.release_passport(auditor, made)
        made.refresh_from_db()
        assert made.released_at is None
        assert not AuditEvent.objects.filter(action="export", object_type="lac.HealthPassport").exists()
        with pytest.raises(ValidationError, match="Write what you checked"):
            passport.review_passport(auditor, made, note="  ")
        passport.review_passport(auditor, made, note="Checked against the GP record")
        released = passport.release_passport(auditor, made)
        with pytest.raises(ValidationError, match="already released"):
            passport.release_passport(auditor, made)
    assert released.released_by == cic and released.reviewed_by == cic
    export = AuditEvent.objects.get(action="export", object_type="lac.HealthPassport", object_id=str(made.pk))
    assert export.subject_id == str(chloe.pk) and export.actor_username == "cic"
    assert export.detail["released_to"] == "young person"
    assert Event.objects.filter(person=chloe, type="health_passport_released").count() == 1


@pytest.mark.req("R6.6")
def test_the_pdf_is_a_pdf_with_the_young_persons_name_and_each_download_is_audited(client, cic, chloe):
    client.force_login(cic)
    with at(TODAY):
        assert client.post(reverse("lac:passport_generate", args=[chloe.pk])).status_code == 302
        made = HealthPassport.objects.get(child=chloe)
        pdf_url = reverse("lac:passport_pdf", args=[chloe.pk, made.pk])
        early = client.get(pdf_url)
        assert early.status_code == 400 and "once it has been reviewed and released" in early.content.decode()
        early_release = client.post(reverse("lac:passport_release", args=[chloe.pk, made.pk]))
        assert early_release.status_code == 400
        assert "Review the passport before releasing it" in early_release.content.decode()
        client.post(reverse("lac:passport_review", args=[chloe.pk, made.pk]), {"note": "Checked with Chloe"})
        assert client.post(reverse("lac:passport_release", args=[chloe.pk, made.pk])).status_code == 302
        first = client.get(pdf_url)
        assert client.get(pdf_url).status_code == 200
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    pdf = passport_pdf(HealthPassport.objects.get(pk=made.pk))
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Health passport: Chloe Dunne" in text
    assert "Type 2 diabetes" in text and "MenACWY" in text and "Heroin" not in text
    assert AuditEvent.objects.filter(action="export", object_id=str(made.pk), detail__download=True).count() == 2


@pytest.mark.req("R6.6")
@pytest.mark.parametrize(("given", "family", "nhs_number"), [
    ("Chloe", "Dunne", "keep"),  # an NHS number
    ("Zoë", "O'Neill", None),  # an accent, an apostrophe and no NHS number
])
def test_the_saved_pdf_is_named_for_the_young_person_and_every_page_says_whose_it_is(client, cic, chloe, given,
                                                                                     family, nhs_number):
    chloe.given_name, chloe.family_name = given, family
    if nhs_number is None:
        chloe.nhs_number = None
    chloe.save()
    client.force_login(cic)
    with at(TODAY):
        client.post(reverse("lac:passport_generate", args=[chloe.pk]))
        made = HealthPassport.objects.get(child=chloe)
        client.post(reverse("lac:passport_review", args=[chloe.pk, made.pk]), {"note": "Checked with her"})
        client.post(reverse("lac:passport_release", args=[chloe.pk, made.pk]))
        response = client.get(reverse("lac:passport_pdf", args=[chloe.pk, made.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert saved_name(response) == expected_name("health passport", chloe, "2026-11-20", "pdf")
    pages = pdf_pages(response.content)
    assert_every_page_identifies(pages, chloe, "Exported by Cic Practitioner on 20 November 2026 at 10:00")
    assert f"Health passport: {given} {family}" in pages[0] and "checked by Cic Practitioner" in pages[0]
    # Who to contact: the practice's name and each phone number whole on one line, not squeezed
    lines = pypdf.PdfReader(io.BytesIO(response.content)).pages[-1].extract_text().splitlines()
    assert {"Seaforth Village Practice", "0151 496 0777", "0151 496 0456"} <= {line.strip() for line in lines}


@pytest.mark.req("R6.6")
def test_a_child_under_16_who_is_not_a_care_leaver_gets_no_passport(cic, family, council):
    liam = family["liam"]
    put_on_caseload(cic, liam)
    with at(TODAY), pytest.raises(ValidationError) as refused:
        passport.generate_passport(Auditor(actor=cic), liam)
    assert "Liam James Roberts is 7" in str(refused.value) or "is 7" in str(refused.value)
    assert "from their 16th birthday (14 March 2035)" in str(refused.value)
    assert not HealthPassport.objects.exists()
    # A 15-year-old recorded as a care leaver may have one.
    young = PersonFactory(given_name="Kai", family_name="Evans", date_of_birth=datetime.date(2011, 1, 10))
    social_worker = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                                 team="Leaving care")
    with at(TODAY):
        record_legal_status(works_with(social_worker, young), young, status=LegalStatus.CARE_LEAVER,
                                            change="start", effective_date=datetime.date(2026, 11, 1),
                                            responsible_authority=council)
        assert passport.eligibility(young) == ""
        assert passport.generate_passport(Auditor(actor=cic), young).pk


@pytest.mark.req("R6.6")
def test_bad_immunisations_and_conditions_are_refused_and_nothing_is_written(cic, chloe):
    auditor = Auditor(actor=cic)
    before = AuditEvent.objects.count()
    with at(TODAY):
        with pytest.raises(ValidationError, match="Enter the vaccine"):
            passport.record_immunisation(auditor, chloe, vaccine=" ", given_on=datetime.date(2024, 1, 1))
        with pytest.raises(ValidationError, match="cannot be in the future"):
            passport.record_immunisation(auditor, chloe, vaccine="HPV", given_on=datetime.date(2026, 12, 1))
        with pytest.raises(ValidationError, match="before the young person was born"):
            passport.record_immunisation(auditor, chloe, vaccine="BCG", given_on=datetime.date(2008, 1, 1))
        with pytest.raises(ValidationError, match="already recorded"):
            passport.record_immunisation(auditor, chloe, vaccine="menacwy", given_on=datetime.date(2023, 9, 12))
        with pytest.raises(ValidationError, match="cannot end before it started"):
            passport.record_condition(auditor, chloe, name="Eczema", since=datetime.date(2020, 1, 1),
                                      ended_on=datetime.date(2019, 1, 1))
    assert Immunisation.objects.filter(child=chloe).count() == 1
    assert AuditEvent.objects.count() == before


@pytest.mark.req("R6.6")
def test_the_passport_page_shows_the_snapshot_and_refuses_others(client, cic, chloe, ed_nurse):
    client.force_login(cic)
    with at(TODAY):
        client.post(reverse("lac:passport_generate", args=[chloe.pk]))
        page = client.get(reverse("lac:passport", args=[chloe.pk])).content.decode()
    assert "Type 2 diabetes" in page and "Heroin" not in page and "Not yet reviewed" in page
    assert "MenACWY" in page and "Seaforth Village Practice" in page
    client.force_login(ed_nurse)
    assert client.get(reverse("lac:passport", args=[chloe.pk])).status_code == 403
