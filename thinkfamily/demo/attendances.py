"""Attendances in adult services and routine enquiry for the featured families (issue 14), so
that the ED's incomplete list, its triage completeness, the paediatric liaison list and the
antenatal record's Pregnancy section have something to show.

Southport's emergency department is adults-only here (``make_southport_ed_adults_only``): a
17-year-old seen there is a child, asked the child's questions and reviewed by paediatric
liaison the next working day (R7.4). Played through the real services as the demo
practitioners, with the clock moved to fixed moments in November 2026:

- Sarah Roberts: attends with an overdose; every triage question answered, Liam and Mia
  linked (their health visitor or school nurse and GP are told); complete.
- Sarah Roberts again: taken on by the South Sefton community mental health team after the
  overdose (``amh.demo``, Amira Hassan), whose assessment asks the Think Family question:
  yes, Liam and Mia; complete.
- Dean Walsh: attends with a hand injury; the Think Family question not asked: incomplete.
- Keira Molloy (17): attends after a fall; seen as a child, awaiting the liaison review.
- Chloe Bennett's pregnancy: asked alone at booking, no disclosure; the next enquiry is due."""

import datetime
import zoneinfo

from thinkfamily.assessments.models import Attendance, RoutineEnquiry
from thinkfamily.assessments.services import attendances, enquiries
from thinkfamily.caseloads import services as caseloads
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.area import SOUTH_CMHT
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.flags import lookup
from thinkfamily.people.models import Person

LONDON = zoneinfo.ZoneInfo("Europe/London")
TRIAGE = {"parental_responsibility": "yes", "has_capacity": "yes", "alcohol_or_drugs": "yes",
          "social_circumstances": "Lives with her partner and two children"}


def make_southport_ed_adults_only(area):
    """Southport's emergency department sees adults only (the children's ED is at Ormskirk)."""
    service = area.practitioners["ed.demo"].team.service
    service.adults_only = True
    service.save(update_fields=["adults_only"])
    return service


def _at(day, hour) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, tzinfo=LONDON)


def _attend(nurse, person, when, **fields):
    with clock.travel_to(when):
        lookup.point_of_care_lookup(Auditor(nurse), nurse, person.nhs_number)
        attendance, _ = attendances.record_attendance(Auditor(nurse), nurse, person, **fields)
    return attendance


def add_demo_attendances(area) -> dict:
    make_southport_ed_adults_only(area)
    people = {p.pk: p for p in Person.objects.filter(pk__in=FEATURED_IDS.values())}
    if len(people) < len(FEATURED_IDS):
        return {}
    person = lambda name: people[FEATURED_IDS[name]]  # noqa: E731
    nurse, midwife = area.practitioners["ed.demo"], area.practitioners["midwife.demo"]
    sarah = _attend(nurse, person("Sarah Roberts"), _at(16, 23), reason="Overdose of paracetamol",
                    risky_behaviour="Intoxicated; said she could not cope with the children", children_answer="yes",
                    **TRIAGE)
    with clock.travel_to(_at(16, 23) + datetime.timedelta(minutes=30)):
        attendances.link_children(Auditor(nurse), nurse, sarah, [person("Liam Roberts"), person("Mia Walsh")])
        attendances.answer_questions(Auditor(nurse), nurse, sarah, complete=True)
    cmht = area.practitioners["amh.demo"]
    with clock.travel_to(_at(17, 11)):
        caseloads.add_to_caseload(Auditor(cmht), person("Sarah Roberts"), team=area.teams[SOUTH_CMHT],
                                  practitioner=cmht, start_date=datetime.date(2026, 11, 17),
                                  reason="Referred by Southport ED after an overdose")
        assessment, _ = attendances.record_attendance(
            Auditor(cmht), cmht, person("Sarah Roberts"), reason="Assessment after an overdose", children_answer="yes",
        )
        attendances.link_children(Auditor(cmht), cmht, assessment, [person("Liam Roberts"), person("Mia Walsh")])
        attendances.answer_questions(Auditor(cmht), cmht, assessment, complete=True)
    _attend(nurse, person("Dean Walsh"), _at(18, 2), reason="Hand injury after punching a wall", has_capacity="yes")
    _attend(nurse, person("Keira Molloy"), _at(20, 22), reason="Fall while drinking with friends",
            accompanied_by="Alone", alcohol_or_drugs="yes")
    with clock.travel_to(_at(4, 10)):
        enquiries.record_routine_enquiry(
            Auditor(midwife), midwife, person("Chloe Bennett"), person("Unborn baby Bennett"), stage="booking",
            asked_on=datetime.date(2026, 9, 1), seen_alone=True, outcome=RoutineEnquiry.Outcome.NO_DISCLOSURE,
        )
    return {"Attendance": Attendance.objects.count(), "RoutineEnquiry": RoutineEnquiry.objects.count()}


def delete_demo_attendances() -> None:
    RoutineEnquiry.objects.all().delete()
    Attendance.children.through.objects.all().delete()
    Attendance.objects.all().delete()
