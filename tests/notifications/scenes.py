"""The scene of the notification tests: Liam, Mia and Chloe (15, who has attended the sexual
health service) and the practitioners around them, with and without a part to play; who was
told of what; and their social worker recording a legal status change."""

import datetime

from django.utils import timezone

from tests.cast import organisation, practitioner, put_on_caseload, works_with
from tests.factories import OrganisationFactory, PersonFactory, live_together, relate
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import EpisodeOfCare, Organisation, Practitioner, Service
from thinkfamily.people.models import GPRegistration

Role = Practitioner.Role
TODAY = timezone.localdate()


def told(cause, person=None) -> set[str]:
    """Usernames of everyone notified of ``cause`` (about ``person``)."""
    notifications = Notification.objects.filter(cause=cause)
    if person is not None:
        notifications = notifications.filter(subject_person=person)
    usernames = list(notifications.values_list("recipient__username", flat=True))
    assert len(usernames) == len(set(usernames)), "someone was told twice"
    return set(usernames)


def notification_area(family, health_visitor, council, camhs, cic_nurse, gp) -> dict:
    """Liam (7) and Mia (4) at home with their mother Sarah and Mia's father Dean; Chloe (15)
    who has attended the sexual health service; and the practitioners around them, with
    and without a part to play."""
    liam, mia = family["liam"], family["mia"]
    chloe = PersonFactory(given_name="Chloe", family_name="Walsh", date_of_birth=TODAY.replace(year=TODAY.year - 15))
    live_together(family["home"], chloe, since=datetime.date(2023, 4, 1))
    relate(chloe, family["sarah"], "mother")
    people = {"hv": health_visitor}
    people["sn"] = practitioner("sn", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING, team="SN team")
    people["hv_other"] = practitioner("hv2", Role.HEALTH_VISITOR, "RTV", Service.Kind.HEALTH_VISITING, team="HV 2")
    people["camhs"] = camhs
    people["cic"] = cic_nurse  # commissioned by Sefton
    people["cic_elsewhere"] = practitioner("cic_wirral", Role.CIC_NURSE, "RY7", Service.Kind.CHILDREN_IN_CARE,
                                           team="Wirral CIC team")
    wirral = OrganisationFactory(code="WIRRAL", name="Wirral Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    people["cic_elsewhere"].organisation.commissioned_by.add(wirral)
    people["practice_lead"] = practitioner("psl", Role.PRACTICE_SAFEGUARDING_LEAD, "N82001",
                                           Service.Kind.GENERAL_PRACTICE, team="Crosby GPs")
    people["gp_with_lead"] = gp
    people["gp_mia"] = practitioner("gp2", Role.GP, "N82002", Service.Kind.GENERAL_PRACTICE, team="Bootle GPs")
    people["gp_elsewhere"] = practitioner("gp3", Role.GP,
                                          organisation("N82003", "Litherland Surgery", Organisation.Kind.GP_PRACTICE),
                                          Service.Kind.GENERAL_PRACTICE, team="Litherland GPs")
    people["sexual_health"] = practitioner("shn", Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH,
                                           team="Sefton sexual health team")
    people["social_worker"] = practitioner("sw", Role.SOCIAL_WORKER, "SEFTON", Service.Kind.CHILDRENS_SOCIAL_CARE,
                                           team="Child protection team")
    people["ed"] = practitioner("ed", Role.ED_NURSE, "RVY", Service.Kind.EMERGENCY_DEPARTMENT, team="Southport ED")
    put_on_caseload(people["hv"], mia)
    put_on_caseload(people["sn"], liam, chloe)
    put_on_caseload(people["camhs"], liam)
    put_on_caseload(people["social_worker"], liam, chloe)
    crosby = Organisation.objects.get(code="N82001")
    bootle = Organisation.objects.get(code="N82002")
    for child, practice in [(liam, crosby), (chloe, crosby), (mia, bootle), (family["sarah"], crosby)]:
        GPRegistration.objects.create(person=child, practice=practice, start_date=datetime.date(2023, 4, 1))
    EpisodeOfCare.objects.create(
        person=chloe,
        service=people["sexual_health"].team.service,
        start_at=timezone.now() - datetime.timedelta(days=90),
        end_at=timezone.now() - datetime.timedelta(days=90) + datetime.timedelta(hours=1),
    )
    for user in people.values():
        user.email = f"{user.username}@example.nhs.uk"
        user.save(update_fields=["email"])
    return {**family, "chloe": chloe, "council": council, "people": people}


def record_status(area, person, status, change, **details):
    """Liam's (or Chloe's...) social worker records a legal status change, a week ago (a day ago
    for an end) unless told otherwise."""
    if change == "start":
        details.setdefault("responsible_authority", area["council"])
    return legal_status_services.record_legal_status(
        works_with(area["people"]["social_worker"], person),
        person,
        status=status,
        change=change,
        effective_date=details.pop("effective_date", TODAY - datetime.timedelta(days=1 if change == "end" else 7)),
        **details,
    )
