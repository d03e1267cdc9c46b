"""Counting the statements a request sends (issue 16: no page's query count grows with the
number of rows). Counts, never times."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def statements(request) -> tuple:
    """``request()``'s response and the number of statements it sent, as Django's query capture
    counts them (the session's and the test transaction's savepoints included)."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response.status_code
    return response, len(captured.captured_queries)
