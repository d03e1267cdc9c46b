"""Concerns written in case notes that are still waiting for a decision (issue 14), so that
hv.demo's home page and lead.demo's list of concerns past their decision date have something to
show, and one decided, for the chronology.

Played through the real services (``casenotes.services.write_case_note`` with its concern, and
``referrals.services.concerns.record_decision``) as the demo practitioners, with the clock moved
to fixed moments in October 2026: the deadlines, chronology and audit are what the application
writes. On ``make run`` the clock is the real one, so the undecided ones are past their date.

- Mia Walsh (4): hv.demo writes up a home visit where Mia had bruises on her upper arm that
  Sarah could not explain; the concern is not decided (on hv.demo's home, lead.demo's list).
- The first other child on hv.demo's caseload: a concern about a home with no heating and
  little food at a new birth visit; not decided.
- Keira Molloy (17): cic.demo records that Keira is staying with an older man she met online;
  not decided (lead.demo's list).
- The unborn Bennett baby: midwife.demo records Chloe's disclosure that Kyle took her phone and
  money, discussed with lead.demo the next day (decided: in the chronology)."""

import datetime
import zoneinfo

from django.db import transaction

from thinkfamily.access import permissions
from thinkfamily.casenotes.models import CaseNote
from thinkfamily.casenotes.services import write_case_note
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.models import Person
from thinkfamily.referrals.models import Concern, ConcernDecision, ConcernSource
from thinkfamily.referrals.services import concerns

LONDON = zoneinfo.ZoneInfo("Europe/London")
TITLE = "Safeguarding concern"


def _at(month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def _note(who, child, when, *, body, concern):
    """``who`` writes a case note about ``child`` at ``when`` that records ``concern``, if their
    basis lets them write on the record (else nothing: a smaller demo may not hold the child)."""
    with clock.travel_to(when):
        if not permissions.may(who, "health.write_entry", child):
            return None
        note = write_case_note(Auditor(who), who, child, title=TITLE, body=body, concern=True,
                               concern_description=concern)
    return Concern.objects.get(source_type=note._meta.label, source_id=str(note.pk))


def _first_other_child(hv) -> Person | None:
    featured = set(FEATURED_IDS.values())
    places = CaseloadMembership.objects.current(clock.today()).filter(practitioner=hv, person__kind="child")
    return (
        Person.objects.filter(pk__in=places.values("person_id")).exclude(pk__in=featured)
        .order_by("nhs_number").first()
    )


@transaction.atomic
def add_demo_concerns(area) -> dict:
    """Write the concerns; returns how many there are now."""
    who = area.practitioners
    people = {p.pk: p for p in Person.objects.filter(pk__in=FEATURED_IDS.values())}
    hv, cic, midwife, lead = who["hv.demo"], who["cic.demo"], who["midwife.demo"], who["lead.demo"]
    _note(hv, people[FEATURED_IDS["Mia Walsh"]], _at(10, 27, 14, 30),
          body="Home visit for Mia's development review. Sarah was tired and flat.",
          concern="Mia had four small round bruises on her left upper arm. Sarah said she did not know how they "
          "happened. Social care may need to be involved.")
    other = _first_other_child(hv)
    if other is not None:
        _note(hv, other, _at(10, 29, 11), body="Visit at home.",
              concern="No heating in the house and very little food in the kitchen; the baby's cot is in a damp "
              "room. Mother says money has run out since her partner left.")
    _note(cic, people[FEATURED_IDS["Keira Molloy"]], _at(10, 28, 16), body="Review visit at the placement.",
          concern="Keira says she is staying most nights with a man of about 30 she met online, who gives her "
          "money and a phone. Possible exploitation.")
    bennett = _note(midwife, people[FEATURED_IDS["Unborn baby Bennett"]], _at(10, 26, 10),
                    body="Antenatal clinic, 30 weeks.",
                    concern="Chloe disclosed that Kyle takes her phone and her money and checks where she goes.")
    if bennett is not None:
        with clock.travel_to(_at(10, 27, 9, 30)):
            concerns.record_decision(Auditor(midwife), bennett, decision=ConcernDecision.DISCUSSED_WITH_LEAD,
                                     discussed_with=lead, discussed_on=clock.today())
    return {"Concern": Concern.objects.count()}


def delete_demo_concerns() -> None:
    """Remove them and their notes (tests re-seed in one database)."""
    notes = list(Concern.objects.filter(source=ConcernSource.CASE_NOTE, source_type=CaseNote._meta.label)
                 .values_list("source_id", flat=True))
    Concern.objects.filter(source=ConcernSource.CASE_NOTE).delete()
    CaseNote.objects.filter(pk__in=[int(pk) for pk in notes], title=TITLE).delete()
