import pytest

from tests.cast import practitioner
from tests.chronology.scenes import at
from thinkfamily.chronology import types
from thinkfamily.chronology.services import record_event
from thinkfamily.organisations.models import Practitioner, Service


@pytest.fixture
def staff(health_visitor):
    """The health visitor and a practitioner of each of four other services: an ED, CAMHS, the
    MASH and a GP practice; and a sexual health nurse."""
    return {
        "hv": health_visitor,
        "ed": practitioner("edna", Practitioner.Role.ED_NURSE, "RVY", Service.Kind.EMERGENCY_DEPARTMENT,
                           service_name="Southport ED", service_phone="", team="Southport ED team"),
        "camhs": practitioner("carl", Practitioner.Role.CAMHS_PRACTITIONER, "RBS", Service.Kind.CAMHS,
                              service_name="Sefton CAMHS", service_phone="", team="Sefton CAMHS team"),
        "mash": practitioner("mandy", Practitioner.Role.MASH_SOCIAL_WORKER, "SEFTON", Service.Kind.MASH,
                             service_name="Sefton MASH", service_phone="", team="Sefton MASH team"),
        "gp": practitioner("gita", Practitioner.Role.GP, "N82001", Service.Kind.GENERAL_PRACTICE,
                           service_name="Crosby Village GPs", service_phone="", team="Crosby Village GPs team"),
        "sexual_health": practitioner("shona", Practitioner.Role.SEXUAL_HEALTH_NURSE, "RVY", Service.Kind.SEXUAL_HEALTH,
                                      service_name="Sexual health clinic", service_phone="0151 496 0456",
                                      team="Sexual health clinic team"),
    }


@pytest.fixture
def chronology(signed_in, family, staff):
    """Liam's chronology: events from five services, written by their services."""
    liam = family["liam"]
    events = [
        (staff["hv"], types.HOUSEHOLD_MOVE, "Moved to Waterloo with mother and step-father", at(2023, 4, 1), None),
        (staff["gp"], types.UNBORN_RECORDED, "Missed two immunisation appointments", at(2024, 1, 10), "low"),
        (staff["mash"], types.LEGAL_STATUS_STARTED, "Child protection plan started: neglect", at(2024, 6, 1), None),
        (staff["camhs"], types.SCHOOL_MOVE, "Moved to Bootle Primary: exclusion", at(2024, 12, 31, 23, 30), None),
        (
            staff["ed"],
            types.ED_ATTENDANCE,
            "Attended Southport ED at 02:14 with a head injury",
            at(2025, 1, 1, 0, 10),
            None,
        ),
    ]
    for author, event_type, summary, occurred_at, significance in events:
        record_event(liam, event_type, summary, occurred_at=occurred_at, author=author, significance=significance)
    return liam
