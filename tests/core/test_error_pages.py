"""The 403, 404 and 500 pages are the service's own, in the NHS layout, and say what to do next
(issue 15): with DEBUG off as in production, and with DEBUG on as `make run` serves the demo,
where Django would show its debug pages (settings, source code) to whoever tries the service.
The 500 page is drawn without the database: it may be the database that failed."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import get_resolver, path

from thinkfamily.config import urls as config_urls
from thinkfamily.core.middleware import DevelopmentErrorPagesMiddleware
from thinkfamily.core.views import server_error

NHS_HEADER = 'class="nhsuk-header'
DJANGO_DEBUG_WORDS = ("Using the URLconf", "Traceback", "DEBUG = True", "Request Method:")


def boom(request):
    raise RuntimeError("a bug in a view")


def bad(request):
    from django.core.exceptions import BadRequest

    raise BadRequest("a hand-edited address")


# This module is also a URLconf: the application's pages, the handlers, and views that fail.
urlpatterns = [path("boom/", boom), path("bad/", bad), *config_urls.urlpatterns]
handler400, handler403, handler404, handler500 = (
    config_urls.handler400, config_urls.handler403, config_urls.handler404, config_urls.handler500,
)


def styled(page: str) -> bool:
    return NHS_HEADER in page and "nhsuk-footer" in page and not any(w in page for w in DJANGO_DEBUG_WORDS)


def test_the_handlers_are_the_services_own():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(500) is server_error
    assert resolver.resolve_error_handler(404).__module__ == "thinkfamily.access.views.records"
    assert resolver.resolve_error_handler(403).__module__ == "thinkfamily.access.views.records"


def test_the_500_page_is_drawn_without_the_database_or_a_signed_in_user():
    """No ``db`` fixture: pytest-django refuses any query, so one made here fails the test."""
    request = RequestFactory().get("/people/1/")
    request.request_id = "abc123def456"
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert styled(page)
    assert "Sorry, there is a problem with the service" in page
    assert "Go back, wait a minute and try again." in page
    assert "abc123def456" in page  # the reference the support desk asks for
    assert "Sign out" not in page and "Inbox" not in page  # nothing of a user it could not read


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_an_unknown_address_shows_the_styled_404_page_with_what_to_do(client, health_visitor, debug):
    client.force_login(health_visitor)
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert styled(page)
    assert "Page not found" in page and "What you can do" in page
    assert 'href="/find/"' in page
    assert "Helen Visitor" in page  # the signed-in header, as on every page


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_a_404_raised_by_a_view_is_the_styled_page(client, health_visitor, debug):
    client.force_login(health_visitor)
    with override_settings(DEBUG=debug):
        response = client.get("/people/2147483000/")
    assert response.status_code == 404
    assert styled(response.content.decode())


def test_signed_out_an_unknown_address_is_the_styled_404_too(client, db):
    with override_settings(DEBUG=True):
        response = client.get("/no-such-page/")
    assert response.status_code == 404 and styled(response.content.decode())


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_a_failing_view_shows_the_styled_500_page(client, health_visitor, debug, caplog):
    client.raise_request_exception = False
    client.force_login(health_visitor)
    with override_settings(DEBUG=debug, ROOT_URLCONF=__name__):
        response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert styled(page) and "Sorry, there is a problem with the service" in page
    assert "a bug in a view" not in page
    # the developer still has the traceback, in the log (the console of `make run`)
    assert any(record.exc_info and "a bug in a view" in str(record.exc_info[1]) for record in caplog.records)


def test_in_development_a_bad_request_is_the_styled_400_page(client, health_visitor):
    client.force_login(health_visitor)
    with override_settings(DEBUG=True, ROOT_URLCONF=__name__):
        response = client.get("/bad/")
    assert response.status_code == 400
    assert styled(response.content.decode())


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_a_refused_page_is_the_styled_403_saying_what_to_do(client, ed_nurse, debug):
    """An ED nurse may not open the administration pages: the 403 says so and where to go."""
    client.force_login(ed_nurse)
    with override_settings(DEBUG=debug):
        response = client.get("/administration/")
    page = response.content.decode()
    assert response.status_code == 403
    assert styled(page)
    assert "You cannot do this" in page or "You cannot open this record" in page
    assert 'href="/find/"' in page


def test_developers_may_ask_for_djangos_debug_pages(client, health_visitor):
    client.force_login(health_visitor)
    with override_settings(DEBUG=True, DJANGO_DEBUG_PAGES=True):
        response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Using the URLconf" in response.content.decode()


def test_the_middleware_stands_aside_with_debug_off():
    middleware = DevelopmentErrorPagesMiddleware(lambda request: HttpResponse("page"))
    request = RequestFactory().get("/no-such-page/")
    with override_settings(DEBUG=False):
        assert middleware(request).content == b"page"
        assert middleware.process_exception(request, RuntimeError("x")) is None
