"""The header: the menu, built in Python from what the user may do (issue 12, R10.1), and the
account's links with the inbox's unread count.

Each item names the permission (access.permissions) that opens its page: the menu shows an
item exactly when that page would let the user in, and the template only renders the list.
The items cost no queries beyond the user's team, service and organisation (loaded once per
request: ``user.team.service.organisation``)."""

from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from thinkfamily.access import permissions


@dataclass(frozen=True)
class Item:
    key: str  # the page's ``active_nav``
    text: str
    url_name: str
    permission: str | None = None  # None: every signed-in user


# In the order they show: finding a person, then each role's own work, then what every
# practitioner uses now and then. Where two items share a key, the first the user may use wins.
# Home is the service name at the top left; the password, two-step sign-in and signing out are
# the account's links (account_for). The texts are short so that every role's menu fits a
# 1,280 px screen without the NHS header folding items into "More" (the role with the most,
# the safeguarding lead, has 8), and the point-of-care lookup comes second so that on a phone
# it stays beside "Find a person" rather than in "More" (tests/browser/test_every_role.py).
# Recording a person is offered on the find page, where a search has found no one.
ITEMS = [
    Item("find", "Find a person", "find", "people.find_person"),
    Item("lookup", "Point-of-care lookup", "flags:lookup", "flags.look_up"),
    Item("lac_worklist", "Health assessments", "lac:worklist", "lac.see_worklist"),
    Item("children_in_care", "Children in care", "lac:population", "lac.see_population"),
    Item("liaison", "Liaison reviews", "assessments:liaison_list", "assessments.see_liaison_list"),
    # Pathways (R7.3, R7.5): young people moving from CAMHS to adult services; waiting times.
    Item("transitions", "Transitions", "pathways:transitions", "pathways.see_transitions"),
    Item("waiting_times", "Waiting times", "pathways:waiting_times", "pathways.see_waiting_times"),
    Item("break_glass", "Break glass", "access:review_queue", "access.review_break_glass"),
    # Referrals: the MASH's queue for children's social care, the ward view for managers,
    # else the referrals the user sent.
    Item("referrals", "Referrals", "referrals:mash_queue", "referrals.see_mash_queue"),
    Item("referrals", "Referrals", "referrals:ward", "referrals.see_ward_view"),
    Item("referrals", "Referrals", "referrals:sent", "referrals.see_sent"),
    # MASH information requests: the MASH's own list of those it sent (their answers, the
    # overdue); the leads' figures (the requests to their organisation, the overdue, the
    # escalated); else the requests sent to the user's service, answered ones too.
    Item("mash", "MASH requests", "referrals:mash_sent_requests", "referrals.work_in_mash"),
    Item("mash", "MASH requests", "referrals:mash_dashboard", "referrals.see_mash_dashboard"),
    Item("mash", "MASH requests", "referrals:mash_requests", "referrals.answer_mash_requests"),
    Item("administration", "Administration", "administration:area", "organisations.administer_area"),
    Item("contacts", "Contacts", "contacts:directory"),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a page not (yet) in this build
        return None


def allowed_items(user) -> list[Item]:
    """The menu's items this user may use, one per key."""
    if not (user is not None and getattr(user, "is_authenticated", False)):
        return []
    chosen, keys = [], set()
    for item in ITEMS:
        if item.key in keys or (item.permission and not permissions.may(user, item.permission)):
            continue
        if _url(item.url_name) is None:
            continue
        keys.add(item.key)
        chosen.append(item)
    return chosen


def account_for(request) -> dict | None:
    """The header's account menu (the NHS header's ``account``) for a signed-in user: who they
    are, the inbox with its unread count (counted in the query that reads the signed-in user,
    access.backends; else one COUNT over the (recipient, read_at) index), their password,
    two-step sign-in, and signing out in one click.

    Signing out is a small POST form styled as the menu's link (the NHS header's ``action``
    item): a GET that signed out could be sent from any other site. The header's form has no
    place for Django's CSRF field, so the field goes inside the button with its text (a hidden
    input is allowed there, and is sent with the form). The role is on the home page; the menu
    names the person only, so that it stays on one line at 1,280 px."""
    user = getattr(request, "user", None)
    if not (user is not None and user.is_authenticated):
        return None
    unread = getattr(user, "unread_notifications", None)  # read with the user (access.backends)
    if unread is None:
        unread = user.notifications.unread().count()
    return {"items": [
        {"text": user.display_name, "icon": True},
        {"href": reverse("notifications:inbox"), "text": f"Inbox ({unread} unread)"},
        {"href": reverse("change_password"), "text": "Change your password"},
        {"href": reverse("two_factor_setup"), "text": "Two-step sign-in"},
        {
            "action": reverse("sign_out"),
            "method": "post",
            "html": format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">Sign out', get_token(request)
            ),
        },
    ]}


def menu_for(request, active: str | None = None) -> list[dict]:
    """The header's navigation items for this request (the NHS header's ``items``)."""
    return [
        {"href": _url(item.url_name), "text": item.text, "current": item.key == active, "key": item.key}
        for item in allowed_items(getattr(request, "user", None))
    ]


def mark_current(items: list[dict], active: str | None) -> list[dict]:
    """The menu's items with the page's own (``active_nav``) marked as the current one."""
    return [{**item, "current": item["key"] == active} for item in items]


def header(request) -> dict:
    """A context processor: the header's account menu and navigation, read before the
    template renders (the inbox's unread count is their one query), so that no template
    runs a query (tests/core/test_no_query_in_templates.py)."""
    return {"header_account": account_for(request), "header_menu": menu_for(request)}
