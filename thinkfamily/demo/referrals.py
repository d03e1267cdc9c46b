"""Referrals to the MASH and MASH information requests for the featured families, so that
the demo's MASH queue, MASH dashboard and ward view have something to show (issue #5).

Each story is played through the real services (``thinkfamily.referrals.services.lifecycle`` and
``information_requests.services``) as the demo practitioners, with the clock (``core.clock``) moved to
fixed moments in October 2026, before the demo's anchor date, and the deadline sweeps run
as the worker would have run them. So the quality scores, delays, deadlines, status rows,
chronology, audit events and notifications are exactly what the application writes; the
same rows come out on every seed and size (only the bookkeeping timestamps and the
milliseconds that the moved clock runs on differ).

- Jade Taylor (14, looked after): Southport ED refers a good referral the night police find
  her drunk with an adult man; the MASH asks the children in care nurse (red), who answers
  within hours; strategy discussion and section 47 enquiry.
- Mia Walsh (4): Southport ED refers about her scald four working days late, describing only
  her mother's drinking and giving "level three/four": weak and late, kept and counted; the
  MASH passes it to her social worker (already open).
- Liam Roberts (7): Southport ED refers a complete referral the night his mother brings him
  in drunk; the MASH asks his school nurse and GP (amber) and Sefton CAMHS (green); the
  school nurse answers the same day, the GP a day late, CAMHS not at all: reminded, then
  escalated, and overdue on the dashboard. The MASH has decided to gather information; the
  outcome is awaited (on the MASH queue; chased once).
- The unborn Bennett baby: the specialist midwife refers when Chloe comes to clinic with a
  black eye; sent on Friday afternoon and not yet acknowledged (on the MASH queue).

On ``make run`` the server's clock is the real one, so every deadline here has passed: the
worker finds the requests already reminded and escalated and Liam's referral already
chased, and sends nothing twice; its first sweep chases only the unborn baby's referral,
whose decision was due after the stories end."""

import datetime
import zoneinfo

from django.db import transaction
from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.demo.featured import FEATURED_IDS
from thinkfamily.flags import lookup
from thinkfamily.notifications import queries as notification_queries
from thinkfamily.notifications.models import Notification
from thinkfamily.people.models import Person
from thinkfamily.referrals import sweeps
from thinkfamily.referrals.information_requests import queries as requests_queries
from thinkfamily.referrals.information_requests import services as requests_services
from thinkfamily.referrals.models import Concern, InformationRequest, InformationResponse, Outcome, Referral
from thinkfamily.referrals.services import lifecycle as services

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _at(month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


class _Story:
    """The demo practitioners acting at fixed moments."""

    def __init__(self, area):
        self.people = {p.pk: p for p in Person.objects.filter(pk__in=FEATURED_IDS.values())}
        self.who = area.practitioners

    def person(self, name) -> Person:
        return self.people[FEATURED_IDS[name]]

    def refer(self, username, child, *, concern_at, concern, sent_at=None, linked=None, **answers) -> Referral:
        nurse = self.who[username]
        looked_up_at = concern_at - datetime.timedelta(minutes=20)
        with clock.travel_to(looked_up_at):
            if not permissions.may(nurse, "referrals.make_referral", child) and lookup.may_look_up(nurse):
                # Unscheduled care looks the child up first (as the ED does): the lookup is
                # what opens the record to the department, and tells the child's social worker.
                lookup.point_of_care_lookup(Auditor(nurse), nurse, child.nhs_number)
        with clock.travel_to(concern_at):
            referral = services.record_concern(Auditor(nurse), child, description=concern)
            if answers or linked is not None:
                services.update_draft(
                    Auditor(nurse),
                    referral,
                    expected_version=referral.version,
                    linked_children=list(referral.linked_children.all()) if linked is None else linked,
                    presenting_concern=answers.pop("presenting_concern", concern),
                    parental_responsibility=answers.pop("parental_responsibility", referral.parental_responsibility),
                    **answers,
                )
                referral.refresh_from_db()
        if sent_at is not None:
            with clock.travel_to(sent_at):
                referral = services.send_referral(Auditor(nurse), referral, expected_version=referral.version)
        return referral

    def mash(self, when, action, referral, **fields) -> Referral:
        mash = self.who["mash.demo"]
        # The MASH worker acts on a referral from its notice: opened, so no longer unread.
        self.read_notices(when - datetime.timedelta(minutes=5), mash, reverse("referrals:detail", args=[referral.pk]))
        with clock.travel_to(when):
            return action(Auditor(mash), referral, **fields)

    def ask(self, when, child, services_asked, *, grade, question) -> list[InformationRequest]:
        """Requests to the services (labelled "service, organisation") that know the child directly."""
        with clock.travel_to(when):
            offered = {c.label: c for c in requests_queries.services_that_know(child) if c.known_through is None}
            missing = set(services_asked) - set(offered)
            if missing:
                raise ValueError(f"{child.full_name} is not known to {sorted(missing)}: offered {sorted(offered)}")
            candidates = [offered[label] for label in services_asked]
            mash = self.who["mash.demo"]
            return requests_services.send_requests(
                Auditor(mash),
                child=child,
                candidates=candidates,
                grade=grade,
                question=question,
                mash_worker=mash,
                referral=requests_queries.latest_open_referral(child, mash.team.service.organisation_id),
            )

    @staticmethod
    def read_notices(when, user, link) -> None:
        """The practitioner opens their notifications that lead to ``link`` (the request, its
        reminder) before acting on it, as the inbox does: so no notice of theirs is left
        unread saying the request is unanswered once they have answered it."""
        with clock.travel_to(when):
            for notice in Notification.objects.for_recipient(user).unread().filter(link=link):
                notification_queries.open_notification(user, notice.pk)

    def answer(self, when, username, request_obj, **data) -> InformationResponse:
        responder = self.who[username]
        self.read_notices(when - datetime.timedelta(minutes=5), responder, requests_services.request_link(request_obj))
        with clock.travel_to(when):
            return requests_services.answer_request(Auditor(responder), request_obj, responder=responder, data=data)

    @staticmethod
    def sweep(when) -> None:
        with clock.travel_to(when):
            sweeps.run_all()


def _jade(story: _Story) -> None:
    jade = story.person("Jade Taylor")
    referral = story.refer(
        "ed.demo",
        jade,
        concern_at=_at(10, 10, 1, 30),
        sent_at=_at(10, 10, 2, 5),
        concern="Jade (14) was brought to the ED at 01:10 by police who found her on Southport seafront, "
        "intoxicated, with a man in his twenties who left when they arrived. She has a bruise on her upper arm.",
        risk_to_child="Jade is at risk of child sexual exploitation and harm: she was found drunk at night, twenty "
        "miles from her foster placement, with an adult man she met online, and has a bruise she will not explain. "
        "She says her 'boyfriend is 23' and buys her vodka. The risk is current and likely to continue: she says she "
        "will see him again this weekend.",
        impact_on_child="Jade has been missing from her placement three times this month, has missed school and is "
        "withdrawn with her carers.",
        voice_of_child="Jade said: 'He looks after me, he's not like the others.' She asked us not to tell her carers.",
        level_of_need="4",
    )
    story.mash(_at(10, 12, 9, 15), services.acknowledge, referral)
    [to_cic] = story.ask(
        _at(10, 12, 9, 30),
        jade,
        ["Children in care health, North West Boroughs Healthcare NHS Foundation Trust"],
        grade="red",
        question="Jade (14), looked after by Sefton and placed in Chorley, was found drunk with an adult man in "
        "Southport. What do you know of her health, missing episodes and relationships, and what does it mean for "
        "her safety?",
    )
    story.answer(
        _at(10, 12, 11, 45),
        "cic.demo",
        to_cic,
        what_we_know="When I visited her in September to go through her health plan, Jade told me about an older "
        "boyfriend she met on Snapchat and asked about the morning-after pill. Her carers have reported three "
        "missing episodes since August, each returning with new clothes and a phone they did not buy.",
        what_it_means_for_the_child="Gifts, an older boyfriend, missing episodes and alcohol are strong indicators "
        "that Jade is being groomed for sexual exploitation; the risk is high and escalating, and she does not see "
        "herself as at risk.",
        voice_of_the_child="Jade said in September: 'I'm happy for once, he actually listens to me.'",
        parental_capacity="Her foster carers are committed but cannot keep her safe at night without a plan.",
        recent_contacts="Health plan visit 15 September 2026 (last review health assessment 2 February 2026).",
    )
    story.mash(_at(10, 12, 14), services.record_decision, referral,
               decision="Strategy discussion today with Lancashire police, the children in care nurse and Jade's "
               "social worker.")
    story.mash(_at(10, 12, 16, 30), services.record_outcome, referral, outcome=Outcome.SECTION_47)


def _mia(story: _Story) -> None:
    mia = story.person("Mia Walsh")
    referral = story.refer(
        "ed.demo",
        mia,
        concern_at=_at(10, 2, 19, 40),
        sent_at=_at(10, 8, 11, 20),  # four working days after the concern: late
        linked=[],
        concern="Mia (4) was brought to the ED by her mother with a scald to her left hand. Mother smelt of alcohol.",
        risk_to_child="Mother smelt of alcohol and was slurring her words. Mother says she had 'a couple of drinks'. "
        "Level three/four.",
    )
    story.mash(_at(10, 8, 14), services.acknowledge, referral)
    story.mash(_at(10, 8, 14, 30), services.record_decision, referral,
               decision="Mia is on a child protection plan: passed to her allocated social worker, who will visit "
               "today.")
    story.mash(_at(10, 8, 15, 30), services.record_outcome, referral, outcome=Outcome.ALREADY_OPEN)


def _liam(story: _Story) -> None:
    liam = story.person("Liam Roberts")
    referral = story.refer(
        "ed.demo",
        liam,
        concern_at=_at(10, 23, 21, 10),
        sent_at=_at(10, 23, 21, 45),
        concern="Liam (7) was brought to the ED at 20:50 by his mother Sarah with a cut to his forehead from a fall "
        "at home; Sarah was drunk and unsteady.",
        risk_to_child="Liam is at risk of neglect and of injury at night: when Sarah is drunk there is no sober adult "
        "to supervise Liam and his sister Mia, and tonight he was hurt. Liam says he often makes his own tea. This is "
        "likely to happen again: Sarah says she drinks every evening since Dean started working nights.",
        impact_on_child="Liam is tired at school, has been late eleven times this term, and is frightened at night.",
        voice_of_child="Liam said: 'Mummy falls asleep on the sofa and I put Mia to bed.'",
        parental_substance_misuse=True,
        level_of_need="3",
    )
    story.mash(_at(10, 26, 9, 10), services.acknowledge, referral)
    question = ("Liam (7), on a child protection plan for neglect, was brought to ED with a head injury by his mother, "
                "who was drunk. What do you know of Liam's care, health and mood, and what does it mean for him?")
    to_school_nurse, to_gp = story.ask(
        _at(10, 26, 9, 30),
        liam,
        ["0-19 school nursing (Sefton), North West Boroughs Healthcare NHS Foundation Trust",
         "General practice, Crosby Village Surgery"],
        grade="amber",
        question=question,
    )
    story.ask(_at(10, 26, 9, 35), liam, ["Sefton CAMHS, Alder Hey Children's NHS Foundation Trust"], grade="green",
              question=question)
    story.answer(
        _at(10, 26, 15, 20),
        "sn.demo",
        to_school_nurse,
        what_we_know="School report Liam arriving late and hungry most days this term; his uniform is often unwashed. "
        "At my visit in October he had head lice untreated for weeks and told me he gets Mia ready for nursery.",
        what_it_means_for_the_child="Liam's basic care is not reliably met and he is taking on care of his sister: "
        "the neglect the plan is about is continuing, and tonight's injury shows he is not supervised at night.",
        voice_of_the_child="Liam told me: 'I do the breakfasts because Mummy is tired.'",
        parental_capacity="Sarah engages when sober but has missed two core group meetings.",
    )
    story.sweep(_at(10, 27, 9, 5))  # the GP's amber request is due today: reminded; the referral's decision is chased
    story.mash(_at(10, 27, 11), services.record_decision, referral,
               decision="No strategy discussion: Liam is on a child protection plan. Gather information from school "
               "nursing, the GP and CAMHS, then decide next steps with his social worker.")
    story.answer(
        _at(10, 28, 10, 5),
        "gp.demo",
        to_gp,
        what_we_know="Liam was not brought to two asthma reviews this year and his inhaler has not been collected "
        "since July. Sarah consulted in September asking for help with her drinking and did not attend the referral "
        "to Ambition Sefton.",
        what_it_means_for_the_child="Liam's health needs are not being met at home and Sarah's drinking is not being "
        "treated; with the head injury this is consistent with continuing neglect and a rising risk of harm.",
        voice_of_the_child="Liam has not been seen at the practice since March, when he was quiet and clingy.",
        parental_capacity="Sarah's alcohol use is affecting her care of both children.",
        recent_contacts="Asthma review not brought 14 May and 9 September 2026.",
    )
    story.sweep(_at(10, 29, 9, 5))  # CAMHS's green request is due today: reminded
    story.sweep(_at(10, 30, 9, 5))  # CAMHS has not answered: escalated


def _unborn_bennett(story: _Story) -> None:
    unborn = story.person("Unborn baby Bennett")
    story.refer(
        "midwife.demo",
        unborn,
        concern_at=_at(10, 30, 14),
        sent_at=_at(10, 30, 15, 10),
        concern="Chloe (19, 24 weeks pregnant) came to antenatal clinic with a black eye; she says Kyle pushed her "
        "into a door on Wednesday night.",
        risk_to_child="The unborn baby is at risk of harm: Kyle has pushed Chloe while she is pregnant, and violence "
        "often increases after a birth; the baby is due in February and will live with Chloe, who says Kyle visits "
        "most days despite the plan.",
        impact_on_child="Assaults in pregnancy put the baby at risk of injury and early birth, and Chloe has missed "
        "two scans since the assault.",
        parental_responsibility="Not yet born: Chloe Bennett (mother) will hold parental responsibility at birth. "
        "Kyle Murphy (father) is not married to Chloe.",
        domestic_abuse=True,
        level_of_need="4",
    )


@transaction.atomic
def add_demo_referrals(area) -> dict:
    """Play the stories; returns how many rows of each kind they wrote."""
    story = _Story(area)
    for play in (_jade, _mia, _liam, _unborn_bennett):
        play(story)
    return {
        "Concern": Concern.objects.count(),
        "Referral": Referral.objects.count(),
        "InformationRequest": InformationRequest.objects.count(),
        "InformationResponse": InformationResponse.objects.count(),
    }
