"""The scene of the MASH information request tests: Liam, a child in need of Sefton Council,
known to his health visitor, his GP practice and CAMHS, his mother to adult mental health;
the MASH sending requests, the services answering, and the MASH dashboard's figures."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from tests.cast import practitioner, put_on_caseload
from tests.factories import OrganisationFactory
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration, LegalStatusEntry
from thinkfamily.referrals.models import InformationRequest

Role = Practitioner.Role


def at(year, month, day, hour=0, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def close_to(moment, expected, seconds=5):
    """``clock.travel_to`` sets the clock and lets it run on: moments match to the second."""
    return abs((moment - expected).total_seconds()) < seconds


def build_mash_world(family, health_visitor, council):
    """Liam is a child in need of Sefton Council; its MASH social worker may open his record.
    He is on the health visitor's caseload, registered at Marine Practice, in an open CAMHS
    episode at Alder Hey; his mother Sarah is on an adult mental health caseload at Mersey
    Care. Each organisation has a safeguarding lead."""
    liam, sarah = family["liam"], family["sarah"]
    LegalStatusEntry.objects.create(person=liam, status="child_in_need", change="start",
                                    effective_date=datetime.date(2025, 9, 2), responsible_authority=council)
    mash = practitioner("mash", Role.MASH_SOCIAL_WORKER, council, Service.Kind.MASH, team="Sefton MASH",
                        service_phone="", email="mash@example.nhs.uk")
    put_on_caseload(health_visitor, liam)

    alder_hey = OrganisationFactory(code="RBS", name="Alder Hey Children's NHS Foundation Trust")
    camhs = practitioner("camhs", Role.CAMHS_PRACTITIONER, alder_hey, Service.Kind.CAMHS, team="CAMHS Sefton",
                         service_phone="", email="camhs@example.nhs.uk")
    EpisodeOfCare.objects.create(person=liam, service=camhs.team.service, start_at=at(2026, 6, 1, 10),
                                 reason="low mood")
    alder_hey_lead = practitioner("ahlead", Role.SAFEGUARDING_LEAD, alder_hey, Service.Kind.SAFEGUARDING,
                                  team="Alder Hey safeguarding team", service_phone="", email="ahlead@example.nhs.uk")

    practice = OrganisationFactory(code="N84001", name="Marine Practice", kind=Organisation.Kind.GP_PRACTICE)
    gp = practitioner("gp", Role.GP, practice, Service.Kind.GENERAL_PRACTICE, team="Marine Practice GPs",
                      service_phone="", email="gp@example.nhs.uk")
    practice_lead = practitioner("gplead", Role.PRACTICE_SAFEGUARDING_LEAD, practice, Service.Kind.GENERAL_PRACTICE,
                                 team="Marine Practice safeguarding", service_phone="", email="gplead@example.nhs.uk")
    GPRegistration.objects.create(person=liam, practice=practice, start_date=datetime.date(2019, 4, 1))

    mersey_care = OrganisationFactory(code="RW4", name="Mersey Care NHS Foundation Trust")
    adult_mh = practitioner("amh", Role.ADULT_MH_PRACTITIONER, mersey_care, Service.Kind.ADULT_MENTAL_HEALTH,
                            team="South Sefton community mental health team", service_phone="",
                            email="amh@example.nhs.uk")
    put_on_caseload(adult_mh, sarah)

    ed = OrganisationFactory(code="RVY", name="Southport and Ormskirk Hospitals NHS Trust")
    ed_nurse = practitioner("ednurse", Role.ED_NURSE, ed, Service.Kind.EMERGENCY_DEPARTMENT, team="Southport ED",
                            service_phone="", email="ednurse@example.nhs.uk")
    return {
        "liam": liam, "sarah": sarah, "mash": mash, "health_visitor": health_visitor, "camhs": camhs,
        "alder_hey_lead": alder_hey_lead, "gp": gp, "practice_lead": practice_lead, "adult_mh": adult_mh,
        "ed_nurse": ed_nurse, "council": council,
    }


def send_page(world):
    return reverse("referrals:mash_send", args=[world["liam"].pk])


def service_key(world, name, through=None):
    service = world[name].team.service
    return f"{service.pk}:{world[through].pk if through else ''}"


def send(client, world, keys, grade="green", question="Liam (7) was seen with bruising to his arm; is he known "
         "to you and what do you know of his care at home?"):
    client.force_login(world["mash"])
    response = client.post(send_page(world), {"services": keys, "grade": grade, "question": question})
    assert response.status_code == 302, response.content.decode()[:3000]
    return list(InformationRequest.objects.order_by("-id")[: len(keys)])[::-1]


ANALYSED = {
    "what_we_know": "Liam was seen by the practice nurse in October with a burn to his hand; his mother said he "
    "touched the oven. He has missed two asthma reviews this year and his inhaler was not collected in August.",
    "what_it_means_for_the_child": "Missed asthma care and an injury explained late suggest Liam's health needs are "
    "not reliably met at home; with his mother's low mood this points to a risk of neglect that needs assessing.",
    "voice_of_the_child": "Liam told the nurse 'mummy sleeps a lot' and that he makes his own breakfast.",
    "parental_capacity": "Sarah is being treated for depression; she has cancelled two of her own reviews.",
    "recent_contacts": "12/10/2026 nurse; 03/09/2026 DNA asthma review",
}


def answer_url(request):
    return reverse("referrals:mash_answer", args=[request.pk])


def dashboard(client, user, **query):
    client.force_login(user)
    return client.get(reverse("referrals:mash_dashboard"), query).content.decode()


def figure(page, testid, key, name):
    table = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]
    cell = row.split(f'data-figure="{name}"', 1)[1].split("</td>", 1)[0]
    return re.sub(r"<[^>]+>", "", cell.split(">", 1)[1]).strip()
