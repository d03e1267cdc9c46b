"""Counting the statements a request sends (issue 16: no page's query count grows with the
number of rows). Counts, never times."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def statements(request) -> tuple:
    """``request()``'s response and the number of statements it sent, as Django's query capture
    counts them (the session's and the test transaction's savepoints included), the same on
    both databases: PostgreSQL's one more, the audit chain's advisory lock (SQLite needs none,
    its writers queue already), is not counted."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response.status_code
    return response, sum("pg_advisory_xact_lock" not in query["sql"] for query in captured.captured_queries)
