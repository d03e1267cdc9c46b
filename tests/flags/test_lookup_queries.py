"""The point-of-care lookup reads each table once for the person and her unborn children
together (issue 16): the caseload places and legal status entries it reads tell the
notification rules whom to tell and the page whom to ring and what the header says; one
insert per table whatever the number of unborn babies."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.cast import put_on_caseload
from tests.flags.scenes import API, LOOKUP, make_token
from tests.queries import statements
from thinkfamily.core.audit import Auditor
from thinkfamily.legal_status import services as legal_status_services
from thinkfamily.notifications import tasks
from thinkfamily.notifications.models import Notification
from thinkfamily.organisations.models import CaseloadMembership
from thinkfamily.people.services.births import record_unborn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_the_database")]

# Issue 16 budgets the page at 16 statements, whatever the family: 4 are the session, the
# signed-in user (with the inbox's unread count) and the session's save, 2 the audit append,
# 1 the notification's delivery task row (written in the lookup's transaction: the queue is a
# table of the database, as in production). The API has no session.
LOOKUP_PAGE_STATEMENTS = 16
LOOKUP_API_STATEMENTS = 14


@pytest.fixture
def tasks_in_the_database(settings):
    """Production's queue (django_tasks_db), so the task row is counted where it is written."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def look_up(client, user, nhs_number) -> int:
    """The statements of the lookup, posted from the page the nurse has open (the hint's
    example NHS number is read once per session, when the page is first opened)."""
    client.force_login(user)
    client.get(LOOKUP)
    return statements(lambda: client.post(LOOKUP, {"nhs_number": nhs_number}))[1]


def expecting(world, babies: int):
    council_record = Auditor.system("Sefton Council's case record")
    for day in range(babies):
        unborn = record_unborn(council_record, world["sarah"],
                               expected_delivery_date=timezone.localdate() + datetime.timedelta(days=20 + day))
        legal_status_services.record_legal_status(
            council_record, unborn, status="child_protection_plan", change="start",
            effective_date=timezone.localdate() - datetime.timedelta(days=30), cp_category="emotional",
            responsible_authority=world["council"],
        )
    Notification.objects.all().delete()


def test_a_childs_lookup_with_a_social_worker_or_the_mash_is_within_the_count(client, world):
    to_the_mash = look_up(client, world["ed"], world["liam"].nhs_number)
    # On a team's caseload, with no one named: the team's social workers, here none, so the MASH.
    CaseloadMembership.objects.create(person=world["liam"], team=world["health_visitor"].team,
                                      start_date=datetime.date(2024, 1, 1))
    through_a_team = look_up(client, world["ed"], world["liam"].nhs_number)
    put_on_caseload(world["social_worker"], world["liam"])
    to_the_social_worker = look_up(client, world["ed"], world["liam"].nhs_number)
    assert to_the_social_worker <= to_the_mash == through_a_team <= LOOKUP_PAGE_STATEMENTS
    assert Notification.objects.filter(recipient=world["mash"]).count() == 2
    assert Notification.objects.filter(recipient=world["social_worker"]).count() == 1
    # One delivery task row for each lookup, written with it.
    assert DBTaskResult.objects.filter(task_path=tasks.deliver_batch.module_path).count() == 3


def test_a_mothers_lookup_reads_as_many_statements_with_one_unborn_baby_as_with_three(client, world):
    expecting(world, 1)
    one = look_up(client, world["midwife"], world["sarah"].nhs_number)
    expecting(world, 2)
    three = look_up(client, world["midwife"], world["sarah"].nhs_number)
    assert one == three <= LOOKUP_PAGE_STATEMENTS
    # Each of the three babies' social care was told.
    assert Notification.objects.filter(recipient=world["mash"]).count() == 3


def test_the_api_lookup_is_within_the_count(client, world):
    token = make_token(world["ed"])

    def api_lookup() -> int:
        return statements(lambda: client.get(API, {"nhs_number": world["liam"].nhs_number},
                                             headers={"authorization": f"Bearer {token}"}))[1]

    to_the_mash = api_lookup()
    put_on_caseload(world["social_worker"], world["liam"])
    assert api_lookup() <= to_the_mash <= LOOKUP_API_STATEMENTS


def test_the_audit_append_is_the_lookups_last_statement_after_the_task_row(client, world):
    """The audit chain's lock (PostgreSQL) is taken for the append alone, just before the
    commit: after every other write of the lookup, the delivery task row included."""
    token = make_token(world["ed"])
    with CaptureQueriesContext(connection) as captured:
        client.get(API, {"nhs_number": world["liam"].nhs_number}, headers={"authorization": f"Bearer {token}"})
    sent = [query["sql"] for query in captured.captured_queries if "pg_advisory_xact_lock" not in query["sql"]]
    writes = [sql.split('"')[1] for sql in sent if sql.startswith("INSERT")]
    assert writes[-2:] == ["django_tasks_database_dbtaskresult", "core_auditevent"]
    assert sent[-2].startswith('SELECT "core_auditevent"."sequence"')
    assert sent[-1].startswith('INSERT INTO "core_auditevent"')
