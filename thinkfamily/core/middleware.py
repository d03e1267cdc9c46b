import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, get_resolver, resolve

log = logging.getLogger("django.request")

# An id a proxy or load balancer may pass on (nginx's $request_id, a UUID): 8 to 64 ASCII
# letters, digits, '.', '_' or '-', starting with a letter or digit. Anything else a client
# sends is not written to the audit trail: it could be too long for it, or a spreadsheet
# formula in its export.
INCOMING_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")


def request_id_for(incoming: str | None) -> str:
    if incoming and INCOMING_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id, used by the audit trail and echoed in a response header:
    the proxy's X-Request-Id when it is a plain id, else one made here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request.headers.get("X-Request-Id"))
        response = self.get_response(request)
        response["X-Request-Id"] = request.request_id
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: no caching of pages that hold personal data,
    and no powerful browser features."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DevelopmentErrorPagesMiddleware:
    """With DEBUG on (``make run``), Django answers a missing page, a bad request and an error
    with its own debug pages, full of settings and source code: not what someone trying the
    service should read. This shows the service's own 400, 404 and 500 pages there too (the
    handlers of the URLconf, as in production) and writes the error's traceback to the
    console for the developer. DJANGO_DEBUG_PAGES=1 in the environment (settings.local) shows
    Django's pages instead.
    Does nothing with DEBUG off: Django then calls the same handlers itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not getattr(settings, "DJANGO_DEBUG_PAGES", False)

    @staticmethod
    def _handler(request, status: int):
        return get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(status)

    def __call__(self, request):
        if self._active():
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exception:
                return self._handler(request, 404)(request, exception)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self._active() or isinstance(exception, PermissionDenied):
            return None  # Django calls the 403 handler itself, DEBUG or not
        if isinstance(exception, Http404):
            return self._handler(request, 404)(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return self._handler(request, 400)(request, exception)
        log.error("Internal Server Error: %s", request.path, exc_info=exception)
        return self._handler(request, 500)(request)
