"""The same form sent many times at once, as a double-clicked button or a retried request sends
it: each request from its own thread, client and database connection, released together."""

import threading

from django.db import connections
from django.test import Client

TIMES = 20


def fire(user, url, data, *, times=TIMES):
    """POST ``data`` (one dict, or one per request) to ``url`` as ``user`` from ``times`` threads
    at once; return the status codes."""
    forms = data if isinstance(data, list) else [data] * times
    clients = []
    for _ in forms:
        client = Client()
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(len(forms))
    answers = [None] * len(forms)

    def post(index):
        try:
            start.wait()
            answers[index] = clients[index].post(url, forms[index]).status_code
        except Exception as error:  # noqa: BLE001  (reported as the answer, so the test names it)
            answers[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def assert_answered(answers, allowed=(302,)):
    """Every request was answered as one of ``allowed`` (a redirect by default), none with a 500."""
    assert all(answer in allowed for answer in answers), answers
