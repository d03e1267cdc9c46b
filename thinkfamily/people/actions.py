"""The record's list of actions, built from what the user may do (access.permissions), not
from role lists in the template. Each action names the permission it needs; an action this
user may not take is not offered (and its page refuses it anyway)."""

from dataclasses import dataclass

from django.urls import reverse

from thinkfamily.access import permissions
from thinkfamily.access.scoping import Access
from thinkfamily.people.models import LegalStatus, Person


@dataclass(frozen=True)
class Action:
    text: str
    href: str


def _age(person: Person) -> int | None:
    return person.age_in_years() if person.date_of_birth else None


def _in_adults_only_service(user) -> bool:
    """A child seen in an adults-only service (an adult ED) is recorded there as a child (R7.4)."""
    return bool(getattr(user, "team", None) and user.team.service.adults_only)


def record_actions(user, access: Access, *, legal_statuses=(), access_history=False, extra=()) -> list[Action]:
    """What this user may do from this person's record, in the order a practitioner looks for
    it. ``legal_statuses``: the person's current legal status entries (family picture);
    ``access_history``: whether the user may see who has looked at the record;
    ``extra``: actions other apps offer for this record (caseloads, episodes), as
    ``{"text", "href"}``."""
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
        ]
    }
    is_adult = person.kind == Person.Kind.ADULT
    is_child = person.kind == Person.Kind.CHILD
    looked_after = any(entry.status == LegalStatus.LOOKED_AFTER for entry in legal_statuses)
    age = _age(person)
    offered = [
        ("people.change_record", True, "Correct details", "people:correct"),
        ("people.change_record", True, "Add a relationship", "people:add_relationship"),
        ("people.change_record", not is_adult, "Record parental responsibility", "people:add_parental_responsibility"),
        ("people.change_record", not person.is_unborn, "Record a household move", "people:move"),
        ("assessments.record_attendance", is_adult or (is_child and _in_adults_only_service(user)),
         "Record an attendance", "assessments:record_attendance"),
        ("people.change_record", is_child, "Record a change of school", "people:change_school"),
        ("people.record_legal_status", not is_adult, "Record a legal status change", "people:legal_status"),
        ("people.record_legal_status", looked_after, "Record a change of placement", "people:placement_change"),
        ("people.change_record", is_adult or (age is not None and age >= 10), "Record an unborn baby",
         "people:record_unborn"),
        ("people.change_record", person.is_unborn, "Record the birth", "people:record_birth"),
        ("health.write_entry", True, "Write a case note", "people:write_note"),
        ("referrals.make_referral", not is_adult, "Record a concern", "referrals:record_concern"),
        ("people.change_record", not is_adult, "Discharge from my team's caseload", "referrals:discharge"),
        ("referrals.work_in_mash", not is_adult, "Send MASH information requests", "referrals:mash_send"),
    ]
    actions = [Action(text, reverse(url, args=[pk])) for name, applies, text, url in offered if applies and may[name]]
    actions.extend(Action(action["text"], action["href"]) for action in extra)
    actions.append(Action("Chronology of significant events", reverse("chronology:person", args=[pk])))
    if access_history:
        actions.append(Action("Who has looked at this record", reverse("access:history", args=[pk])))
    return actions


def correctable_entry_ids(user, access: Access, entries) -> set:
    """The legal status entries this user may correct: their own council's (or an entry that
    names no council), when they record legal statuses at all."""
    if not permissions.may(user, "people.record_legal_status", access):
        return set()
    council = user.organisation.pk if user.organisation else None
    return {e.pk for e in entries if e.responsible_authority_id in (None, council)}
