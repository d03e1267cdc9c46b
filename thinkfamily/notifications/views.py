"""The inbox: a practitioner's own notifications, and the read receipts of those they sent.
Views ask notifications.queries for everything (scoped to request.user)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import involvement_visible
from thinkfamily.core.audit import Auditor
from thinkfamily.core.presenters import page_links
from thinkfamily.core.views import render_page
from thinkfamily.notifications import queries
from thinkfamily.notifications.presenters import read_receipt, recipient_line

HOME = {"href": "/", "text": "Home"}


def _audit_page(request, page_name: str, notifications) -> None:
    """The inbox names people: reading it is a read of personal data, like any other."""
    people = sorted({str(n.subject_person_id) for n in notifications if n.subject_person_id})
    Auditor.from_request(request).read(None, detail={"page": page_name, "people": people})


@require_http_methods(["GET"])
def inbox_page(request):
    page = Paginator(queries.inbox_for(request.user), queries.PAGE_SIZE).get_page(request.GET.get("page"))
    notifications = list(page.object_list)
    _audit_page(request, "inbox", notifications)
    return render_page(
        request,
        "notifications/inbox.jinja",
        title="Inbox",
        breadcrumbs=[HOME],
        page=page,
        notifications=notifications,
        unread=queries.unread_count(request.user),
        pagination=page_links(request, page),
    )


@require_http_methods(["GET"])
def open_notification(request, notification_id):
    """Mark the notification read and go where it points. A record behind it still opens
    only through the access rules: a notification grants no access."""
    notification = queries.open_notification(request.user, notification_id)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@require_http_methods(["POST"])
def mark_all_read(request):
    count = queries.mark_all_read(request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:inbox")


@require_http_methods(["GET"])
def sent_page(request):
    """What the user's records caused to be sent, to whom, and whether it was read. A recipient
    in a restricted service (sexual health) is listed only to those who may know the service
    is involved with the person (R2.4)."""
    sent = queries.sent_by(request.user).filter(
        involvement_visible(request.user, service="recipient__team__service", person=OuterRef("subject_person"))
    )
    page = Paginator(sent, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"notification": n, "to": recipient_line(n.recipient), "receipt": read_receipt(n)} for n in page.object_list
    ]
    _audit_page(request, "sent notifications", [row["notification"] for row in rows])
    return render_page(
        request,
        "notifications/sent.jinja",
        title="Sent notifications",
        breadcrumbs=[HOME, {"href": reverse("notifications:inbox"), "text": "Inbox"}],
        page=page,
        rows=rows,
        pagination=page_links(request, page),
    )
