"""The access matrix: Liam's family, a practitioner of every kind with and without a
relationship with him, and who of them may open which of his pages."""

import datetime

from django.utils import timezone

from tests.cast import on_a_child_protection_plan, practitioner, put_on_caseload, register_with
from thinkfamily.organisations.models import EpisodeOfCare, Practitioner, Service

Role = Practitioner.Role


def access_world(family, health_visitor, council, safeguarding_lead, camhs, cic_nurse, gp, mash_worker,
                 other_area_mash_worker) -> dict:
    """Liam's family and a practitioner of every kind, with and without a relationship, by
    their name in the matrix (``world["users"]``)."""
    liam = family["liam"]
    put_on_caseload(health_visitor, *[family[k] for k in ["liam", "mia", "sarah", "dean"]])
    users = {"health_visitor (caseload)": health_visitor}
    users["school_nurse (other team)"] = practitioner("sn", Role.SCHOOL_NURSE, "RTV", Service.Kind.SCHOOL_NURSING,
                                                      team="SN team")
    users["safeguarding_lead (same trust)"] = safeguarding_lead
    users["safeguarding_lead (other trust)"] = practitioner("lead2", Role.SAFEGUARDING_LEAD, "RBS",
                                                            Service.Kind.SAFEGUARDING, team="AH safeguarding")
    users["ed_nurse (no relationship)"] = practitioner("ed", Role.ED_NURSE, "RBS", Service.Kind.EMERGENCY_DEPARTMENT,
                                                       team="Alder Hey ED")
    users["ed_nurse (attendance 10 hours ago)"] = practitioner("ed2", Role.ED_NURSE, "RVY",
                                                               Service.Kind.EMERGENCY_DEPARTMENT,
                                                               team="Southport ED nights")
    users["midwife"] = practitioner("mw", Role.MIDWIFE, "REP", Service.Kind.MATERNITY, team="Maternity")
    users["camhs_practitioner"] = camhs
    users["cic_nurse"] = cic_nurse
    users["gp (child's practice)"] = gp
    users["gp (other practice)"] = practitioner("gp2", Role.GP, "N82002", Service.Kind.GENERAL_PRACTICE, team="GPs 2")
    users["mash_social_worker (council responsible)"] = mash_worker
    users["mash_social_worker (another area)"] = other_area_mash_worker
    users["commissioner"] = practitioner("ccg", Role.COMMISSIONER, "01T", Service.Kind.SAFEGUARDING,
                                         team="Commissioning")
    register_with(gp.organisation, liam)
    on_a_child_protection_plan(liam, council)
    ed = users["ed_nurse (attendance 10 hours ago)"]
    EpisodeOfCare.objects.create(  # what a point-of-care lookup writes
        person=liam,
        service=ed.team.service,
        kind=EpisodeOfCare.Kind.LOOKUP,
        start_at=timezone.now() - datetime.timedelta(hours=10),
        end_at=timezone.now() + datetime.timedelta(hours=62),
    )
    return {"users": users, **family}


ALLOWED = {
    "health_visitor (caseload)",
    "safeguarding_lead (same trust)",
    "ed_nurse (attendance 10 hours ago)",
    "gp (child's practice)",
    "mash_social_worker (council responsible)",
}


# Reading is not writing (issue 12): of those who may read, who may open each page that changes
# the record. A lookup opens the record to read; a legal status is the responsible council's;
# a case note is a health entry.
WRITERS = ALLOWED - {"ed_nurse (attendance 10 hours ago)"}
PAGES = {
    "record": ALLOWED,
    "correct": WRITERS,
    "add_relationship": WRITERS,
    "move": WRITERS,
    "legal_status": {"mash_social_worker (council responsible)"},
    "add_parental_responsibility": WRITERS,
    "write_note": WRITERS - {"mash_social_worker (council responsible)"},
    "record_unborn": WRITERS,
}

# Everyone in the matrix, by the name the tests give them.
EVERYONE = [
    "health_visitor (caseload)",
    "school_nurse (other team)",
    "safeguarding_lead (same trust)",
    "safeguarding_lead (other trust)",
    "ed_nurse (no relationship)",
    "ed_nurse (attendance 10 hours ago)",
    "midwife",
    "camhs_practitioner",
    "cic_nurse",
    "gp (child's practice)",
    "gp (other practice)",
    "mash_social_worker (council responsible)",
    "mash_social_worker (another area)",
    "commissioner",
]
