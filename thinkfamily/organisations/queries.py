"""Reads of the contacts directory (R2.5): the entries, filtered and paged, which are stale
(nobody has verified them in the last ``CONTACTS_STALE_AFTER_DAYS``, a setting, default 183),
and who keeps an entry (the permissions organisations.add_contactentry and
organisations.change_contactentry, whose predicates are in thinkfamily.access.rules)."""

import rules
from django.conf import settings
from django.http import Http404

from thinkfamily.organisations.models import ContactEntry, Organisation

PAGE_SIZE = 50
EDITABLE_FIELDS = ["kind", "name", "role", "organisation", "phone", "out_of_hours_phone", "email"]


def stale_after_days() -> int:
    return settings.CONTACTS_STALE_AFTER_DAYS


# Reading ---------------------------------------------------------------------------------


def entries(*, search: str = "", organisation=None, role: str = "", stale_only: bool = False, now=None):
    """The directory filtered as asked, with everything a row shows in the same query."""
    query = ContactEntry.objects.select_related("organisation", "team", "last_verified_by")
    if search.strip():
        query = query.search(search)
    if organisation:
        query = query.filter(organisation=organisation)
    if role:
        query = query.filter(role=role)
    if stale_only:
        query = query.stale(now)
    return query.order_by("name", "id")


def organisations_listed():
    """Organisations that have at least one entry, for the filter."""
    return Organisation.objects.filter(pk__in=ContactEntry.objects.values("organisation_id")).order_by("name")


def roles_listed() -> list[str]:
    return list(ContactEntry.objects.order_by("role").values_list("role", flat=True).distinct())


def stale_count(now=None) -> int:
    return ContactEntry.objects.stale(now).count()


def entry(entry_id) -> ContactEntry:
    try:
        return ContactEntry.objects.select_related("organisation", "team", "last_verified_by").get(pk=entry_id)
    except (ContactEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such contact") from exc


# Who keeps an entry ------------------------------------------------------------------------


def may_change(user, contact: ContactEntry) -> bool:
    return rules.has_perm("organisations.change_contactentry", user, contact)


def may_add_for(user, organisation) -> bool:
    return rules.has_perm("organisations.add_contactentry", user, organisation)


def keepers_text(contact: ContactEntry) -> str:
    """Who may correct this entry, in words: what a refused practitioner is told."""
    organisation = contact.organisation.name
    leads = f"{organisation}'s safeguarding leads and administrators"
    if contact.practitioner_id and contact.team_id:
        who = f"{contact.name}, members of {contact.team.name}, or {leads}"
    elif contact.practitioner_id:
        who = f"{contact.name} or {leads}"
    elif contact.team_id:
        who = f"members of {contact.team.name}, or {leads},"
    else:
        who = f"people who work at {organisation}"
    return f"Only {who} can correct or verify this entry. Nothing was changed: tell them what needs correcting."
