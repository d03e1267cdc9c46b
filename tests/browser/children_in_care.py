"""The children-in-care journeys' scene, and the steps they take on the health assessment pages."""

import datetime

from playwright.sync_api import Page, expect

from tests.browser.steps import axe_check, fill_date, on
from tests.cast import practitioner, put_on_caseload, works_with
from tests.factories import PersonFactory
from thinkfamily.core.audit import Auditor
from thinkfamily.lac.services import passport
from thinkfamily.lac.services.family_history import record_family_health_history
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.organisations.models import Practitioner, Service
from thinkfamily.people.models import LegalStatus

Role = Practitioner.Role


def children_in_care_people(family, council) -> dict:
    """Liam, known to Sefton's children-in-care social work team (Sally); Nina, a
    children-in-care nurse at North West Boroughs, and Dr Paul Osei, a looked-after children's
    paediatrician at Alder Hey, both commissioned by Sefton; and Chloe, a care leaver of 17
    with her immunisations, a condition and family history she may be told on her record."""
    sally = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                         team="Sefton children in care team")
    nina = practitioner("cic", Role.CIC_NURSE, "RTV", Service.Kind.CHILDREN_IN_CARE,
                        team="Sefton children in care health team")
    doctor = practitioner("lacdoc", Role.LAC_PAEDIATRICIAN, "RBS", Service.Kind.LAC_MEDICAL,
                          team="Looked-after children's medical team")
    for who, first, last in [(sally, "Sally", "Worker"), (nina, "Nina", "Nurse"), (doctor, "Paul", "Osei")]:
        who.first_name, who.last_name = first, last
        who.save(update_fields=["first_name", "last_name"])
    nina.organisation.commissioned_by.add(council)
    doctor.organisation.commissioned_by.add(council)
    liam = family["liam"]
    put_on_caseload(sally, liam)

    chloe = PersonFactory(given_name="Chloe", family_name="Barnes", date_of_birth=datetime.date(2008, 12, 20),
                          sex="female")
    as_sally, as_nina = works_with(sally, chloe), Auditor(actor=nina)  # Chloe's social worker records her status
    with on(datetime.date(2026, 9, 1)):
        legal_status_services.record_legal_status(
            as_sally, chloe, status=LegalStatus.CARE_LEAVER, change="start", effective_date=datetime.date(2026, 9, 1),
            responsible_authority=council,
        )
        passport.record_immunisation(as_nina, chloe, vaccine="MMR second dose", given_on=datetime.date(2012, 3, 5))
        passport.record_immunisation(as_nina, chloe, vaccine="HPV", given_on=datetime.date(2021, 10, 12))
        passport.record_condition(as_nina, chloe, name="Asthma", since=datetime.date(2014, 6, 1),
                                  notes="Brown and blue inhalers")
        record_family_health_history(
            as_nina, chloe, relative="mother", condition="Type 1 diabetes", source="Council's placement information",
            may_share_with_young_person=True,
        )
        record_family_health_history(
            as_nina, chloe, relative="father", condition="Hepatitis C", source="Council's placement information",
            may_share_with_young_person=False,
        )
    return {**family, "sally": sally, "nina": nina, "doctor": doctor, "chloe": chloe}


def record_step(page: Page, step: str, day: datetime.date, *, appointment: datetime.date | None = None,
                reason: str = "") -> None:
    """Record the next step of the assessment from its page, and check it was recorded."""
    form = page.get_by_test_id("step-form")
    form.get_by_label(step, exact=True).check()
    fill_date(page, "Date it happened", day)
    if appointment is not None:
        fill_date(page, "Appointment date", appointment)
    if reason:
        form.get_by_label("Reason").fill(reason)
    axe_check(page)
    form.get_by_role("button", name="Record step").click()
    expect(page.get_by_text(f"Recorded: {step.lower()} on ")).to_be_visible()
    expect(page.get_by_test_id("step-row").last).to_contain_text(step)


def step_row(page: Page, step: str, nth: int = 0):
    return page.get_by_test_id("step-row").filter(has_text=step).nth(nth)


def iha_figures(page: Page) -> dict[str, str]:
    row = page.get_by_test_id("iha-row").and_(page.locator('[data-month="2026-10"]'))
    return {name: row.locator(f'[data-figure="{name}"]').inner_text().strip()
            for name in ["total", "in_time", "late", "overdue", "not_yet_due", "percent"]}


def step_figures(page: Page, step: str) -> dict[str, str]:
    row = page.get_by_test_id("step-row").and_(page.locator(f'[data-step="{step}"]'))
    return {name: row.locator(f'[data-figure="{name}"]').inner_text().strip() for name in ["count", "median", "late"]}
