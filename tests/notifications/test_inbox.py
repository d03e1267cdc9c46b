"""The inbox (R2.3): the recipient's own, newest first, paged, marked read, at the same cost for
3 or 25 notifications, with the unread count on every page; the sender sees when each
recipient read a notification; a notification grants no access to the record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.notifications.scenes import record_status
from tests.pages import text
from thinkfamily.core.presenters import format_datetime
from thinkfamily.notifications import rules
from thinkfamily.notifications.models import Notification
from thinkfamily.people.models import LegalStatus

pytestmark = pytest.mark.django_db
Cause = Notification.Cause


@pytest.mark.req("R2.3")
def test_the_sender_sees_when_each_recipient_read_the_notification(area, client):
    liam = area["liam"]
    social_worker, practice_lead = area["people"]["social_worker"], area["people"]["practice_lead"]
    record_status(area, liam, LegalStatus.LOOKED_AFTER, "start")

    client.force_login(social_worker)
    sent = text(client.get(reverse("notifications:sent")))
    assert sent.count("Not read yet") == 4
    assert "Psl Practitioner, GP practice safeguarding lead, Crosby Village Surgery" in sent

    client.force_login(practice_lead)
    inbox = client.get(reverse("notifications:inbox"))
    assert "Inbox (1 unread)" in text(inbox) and "Unread" in text(inbox)
    notification = Notification.objects.get(recipient=practice_lead)
    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    assert opened.status_code == 302 and opened.url == reverse("people:record", args=[liam.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(opened.url).status_code == 200  # the practice lead may open the record: Liam is registered
    assert "Inbox (0 unread)" in text(client.get(reverse("notifications:inbox")))

    client.force_login(social_worker)
    sent = text(client.get(reverse("notifications:sent")))
    assert f"Read {format_datetime(notification.read_at)}" in sent
    assert sent.count("Not read yet") == 3


@pytest.mark.req("R2.3")
def test_opening_again_keeps_the_first_read_time(area, client):
    [notification] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    client.force_login(area["people"]["hv"])
    client.get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    first = notification.read_at
    client.get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first


def test_a_notification_grants_no_access_to_the_record(area, client):
    """The sexual health nurse is told Chloe's child protection plan started (Chloe attended
    the service months ago), but opening the record still goes through the access rules: her
    episode of care has ended, so without a relationship she gets the 403 with break glass."""
    record_status(area, area["chloe"], LegalStatus.CHILD_PROTECTION_PLAN, "start", cp_category="neglect")
    nurse = area["people"]["sexual_health"]
    client.force_login(nurse)
    notification = Notification.objects.get(recipient=nurse)
    response = client.get(reverse("notifications:open", args=[notification.pk]), follow=True)
    assert response.status_code == 403
    assert "Break glass to open this record" in text(response)


def test_the_inbox_is_the_recipients_own(area, client):
    [theirs] = rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="Moved.")
    client.force_login(area["people"]["sn"])
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert "Moved." not in text(client.get(reverse("notifications:inbox")))
    assert "Moved." not in text(client.get(reverse("notifications:sent")))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_lists_newest_first_pages_and_marks_all_as_read(area, client):
    hv, mia = area["people"]["hv"], area["mia"]
    start = timezone.now() - datetime.timedelta(days=40)
    for day in range(30):
        Notification.objects.create(
            recipient=hv,
            cause=Cause.SCHOOL_CHANGE,
            subject_person=mia,
            message=f"Message {day:02d}",
            created_at=start + datetime.timedelta(days=day),
        )
    client.force_login(hv)
    first = text(client.get(reverse("notifications:inbox")))
    assert "You have 30 unread notifications" in first and "Inbox (30 unread)" in first
    assert first.index("Message 29") < first.index("Message 28")
    assert "Message 04" not in first and "2 of 2" in first
    second = text(client.get(reverse("notifications:inbox"), {"page": 2}))
    assert "Message 04" in second and "Message 05" not in second

    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    page = text(response)
    assert "30 notifications marked as read." in page and "Inbox (0 unread)" in page
    assert not Notification.objects.filter(recipient=hv).unread().exists()


def test_the_inbox_costs_the_same_queries_for_3_or_25_notifications(area, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hv = area["people"]["hv"]
    client.force_login(hv)

    def queries_for(count):
        Notification.objects.filter(recipient=hv).delete()
        for n in range(count):
            Notification.objects.create(
                recipient=hv,
                cause=Cause.SCHOOL_CHANGE,
                subject_person=area["mia"],
                message=f"m{n}",
                sender=area["people"]["sn"],
            )
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        return len(context.captured_queries)

    assert queries_for(25) == queries_for(3)


def test_every_signed_in_page_shows_the_unread_count(area, client):
    rules.notify([area["people"]["hv"]], cause=Cause.SCHOOL_CHANGE, person=area["mia"], message="x")
    client.force_login(area["people"]["hv"])
    for url in [reverse("home"), reverse("people:record", args=[area["mia"].pk]), reverse("contacts:directory")]:
        page = text(client.get(url))
        assert "Inbox (1 unread)" in page, url
