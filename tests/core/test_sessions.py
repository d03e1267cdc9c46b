"""The session store saves an existing session in one UPDATE (every request saves it: the idle
timeout), not BEGIN, UPDATE, COMMIT (issue 16), and still refuses to bring back a session that
was deleted meanwhile (signed out in another tab)."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thinkfamily.core.sessions import SessionStore


def test_saving_an_existing_session_is_one_update_and_keeps_what_it_holds(transactional_db):
    session = SessionStore()
    session["step"] = 1
    session.create()
    session["step"] = 2
    with CaptureQueriesContext(connection) as captured:
        session.save()
    assert [query["sql"].split()[0] for query in captured.captured_queries] == ["UPDATE"]
    assert SessionStore(session.session_key)["step"] == 2


def test_a_session_deleted_meanwhile_is_not_saved_again(transactional_db):
    session = SessionStore()
    session["step"] = 1
    session.create()
    SessionStore(session.session_key).delete()
    with pytest.raises(UpdateError):
        session.save()
    assert not SessionStore().exists(session.session_key)
