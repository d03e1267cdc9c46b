"""The record's actions, in groups, built from what the user may do (access.permissions), not
from role lists in the template. Each action names the permission it needs; an action this
user may not take is not offered (and its page refuses it anyway), and a group with none is
not shown."""

from dataclasses import dataclass

from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.access.scoping import Access
from thinkfamily.people.models import LegalStatus, Person
from thinkfamily.referrals.services.discharge import discharge_teams


@dataclass(frozen=True)
class Action:
    text: str
    href: str


@dataclass(frozen=True)
class ActionGroup:
    heading: str
    actions: list[Action]


# The record's groups of actions, in the order a practitioner looks for them. An action another
# app offers (caseloads.presenters.record_actions) names its group.
RECORD = "Record"
SAFEGUARDING = "Safeguarding"
FAMILY = "Family and address"
CARE = "Caseload and care"
SEE_ALSO = "See also"
GROUPS = [RECORD, SAFEGUARDING, FAMILY, CARE, SEE_ALSO]


def _age(person: Person) -> int | None:
    return person.age_in_years() if person.date_of_birth else None


def _in_adults_only_service(user) -> bool:
    """A child seen in an adults-only service (an adult ED) is recorded there as a child (R7.4)."""
    return bool(getattr(user, "team", None) and user.team.service.adults_only)


def record_actions(user, access: Access, *, legal_statuses=(), access_history=False, extra=(),
                   caseload_places=None) -> list[ActionGroup]:
    """What this user may do from this person's record, in groups (only the groups with an
    action this user may take). ``legal_statuses``: the person's current legal status entries
    (family picture); ``access_history``: whether the user may see who has looked at the
    record; ``extra``: actions other apps offer for this record (caseloads, episodes), as
    ``{"text", "href", "group"}``; ``caseload_places``: the person's current caseload places,
    when the record has read them (caseloads.presenters.record_section)."""
    person = access.person
    pk = person.pk
    may = {
        name: permissions.may(user, name, access)
        for name in [
            "people.change_record",
            "people.record_legal_status",
            "assessments.record_attendance",
            "health.write_entry",
            "referrals.make_referral",
            "referrals.work_in_mash",
            "protection.record_strategy_discussion",
        ]
    }
    is_adult = person.kind == Person.Kind.ADULT
    is_child = person.kind == Person.Kind.CHILD
    looked_after = any(entry.status == LegalStatus.LOOKED_AFTER for entry in legal_statuses)
    age = _age(person)
    offered = [
        (RECORD, "health.write_entry", True, "Write a case note", "people:write_note"),
        (RECORD, "assessments.record_attendance", is_adult or (is_child and _in_adults_only_service(user)),
         "Record an attendance", "assessments:record_attendance"),
        (RECORD, "people.change_record", True, "Correct details", "people:correct"),
        (SAFEGUARDING, "referrals.make_referral", not is_adult, "Record a concern", "referrals:record_concern"),
        (SAFEGUARDING, "referrals.work_in_mash", not is_adult, "Send MASH information requests",
         "referrals:mash_send"),
        (SAFEGUARDING, "people.record_legal_status", not is_adult, "Record a legal status change",
         "people:legal_status"),
        (SAFEGUARDING, "protection.record_strategy_discussion", not is_adult, "Record a strategy discussion",
         "protection:record_strategy_discussion"),
        (SAFEGUARDING, "people.record_legal_status", looked_after, "Record a change of placement",
         "people:placement_change"),
        (FAMILY, "people.change_record", True, "Add a relationship", "people:add_relationship"),
        (FAMILY, "people.change_record", not is_adult, "Record parental responsibility",
         "people:add_parental_responsibility"),
        (FAMILY, "people.change_record", not person.is_unborn, "Record a household move", "people:move"),
        (FAMILY, "people.change_record", is_child, "Record a change of school", "people:change_school"),
        (FAMILY, "people.change_record", is_adult or (age is not None and age >= 10), "Record an unborn baby",
         "people:record_unborn"),
        (FAMILY, "people.change_record", person.is_unborn, "Record the birth", "people:record_birth"),
        # Only where the person is on a caseload this user may discharge them from.
        (CARE, "people.change_record", not is_adult and bool(discharge_teams(user, person, caseload_places)),
         "Discharge from my team's caseload", "referrals:discharge"),
    ]
    grouped = {heading: [] for heading in GROUPS}
    for heading, name, applies, text, url in offered:
        if applies and may[name]:
            grouped[heading].append(Action(text, reverse(url, args=[pk])))
    for action in extra:
        grouped[action.get("group", CARE)].append(Action(action["text"], action["href"]))
    grouped[SEE_ALSO].append(Action("Chronology of significant events", reverse("chronology:person", args=[pk])))
    if not is_adult:
        grouped[SEE_ALSO].append(Action("Child protection conferences", reverse("protection:child", args=[pk])))
    if access_history:
        grouped[SEE_ALSO].append(Action("Who has looked at this record", reverse("access:history", args=[pk])))
    return [ActionGroup(heading, actions) for heading, actions in grouped.items() if actions]


def correctable_entry_ids(user, access: Access, entries) -> set:
    """The legal status entries this user may correct: their own council's (or an entry that
    names no council), when they record legal statuses at all."""
    if not permissions.may(user, "people.record_legal_status", access):
        return set()
    council = user.organisation.pk if user.organisation else None
    return {e.pk for e in entries if e.responsible_authority_id in (None, council)}
