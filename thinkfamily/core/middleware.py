import re
import uuid

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
