"""The contacts directory fits the screen and rings a number with a tap (issue 15): four
columns at 1,280 px (tests/browser/test_shell.py measures it), each phone number a tel: link
kept on one line, each e-mail address allowed to break inside its cell."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from thinkfamily.organisations.models import ContactEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def mash_entry(council):
    return ContactEntry.objects.create(
        name="Sefton MASH", kind=ContactEntry.Kind.TEAM, role="Multi-Agency Safeguarding Hub",
        organisation=council, phone="0151 934 4013", out_of_hours_phone="0151 934 3555",
        email="multi-agency-safeguarding-hub.referrals@sefton.example.gov.uk",
    )


def test_each_number_is_a_tel_link_on_one_line_and_the_email_may_break(signed_in, mash_entry):
    page = signed_in.get(reverse("contacts:directory")).content.decode()
    assert '<a class="tf-tel" href="tel:+441519344013">0151 934 4013</a>' in page
    assert '<a class="tf-tel" href="tel:+441519343555">0151 934 3555</a>' in page
    assert 'class="tf-email" href="mailto:multi-agency-safeguarding-hub.referrals@sefton.example.gov.uk"' in page
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', page)
    assert headers == ["Name, role and organisation", "How to reach them", "Last verified", "Actions"]


def test_the_stylesheet_keeps_numbers_whole_and_lets_addresses_wrap():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/thinkfamily.css")).read_text()
    assert re.search(r"\.tf-tel\s*{\s*white-space:\s*nowrap", css)
    assert re.search(r"\.tf-email\s*{\s*overflow-wrap:\s*anywhere", css)


def test_a_flags_contact_number_in_the_banner_is_a_tel_link(client, family, council, health_visitor):
    """A child protection plan's flag names the council's numbers to ring (in hours and out)."""
    import datetime

    from tests.cast import put_on_caseload
    from thinkfamily.core.audit import Auditor
    from thinkfamily.legal_status.services import record_legal_status

    liam = family["liam"]
    put_on_caseload(health_visitor, liam)
    record_legal_status(Auditor(actor=None), liam, status="child_protection_plan", change="start",
                        effective_date=datetime.date(2025, 9, 2), cp_category="neglect",
                        responsible_authority=council)
    client.force_login(health_visitor)
    page = client.get(reverse("people:record", args=[liam.pk])).content.decode()
    banner = page[page.index("tf-flag-banner"):]
    banner = banner[:banner.index("</ul>")]
    assert 'in hours <a class="tf-tel" href="tel:+441514960000">0151 496 0000</a>' in banner
    assert 'out of hours <a class="tf-tel" href="tel:+441514960999">0151 496 0999</a>' in banner
