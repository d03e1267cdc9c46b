"""The address of the browser behind a request, for the lock-out and the audit trail.

Behind a reverse proxy every request comes from the proxy's address, so counting failed
sign-ins by ``REMOTE_ADDR`` would put the whole trust behind one address: a few people's
mistakes would lock everyone out. When ``TRUSTED_PROXY_COUNT`` proxies stand in front of the
application (``DJANGO_TRUSTED_PROXY_COUNT``), the browser's address is the entry the outermost
of them appended to ``X-Forwarded-For``: counted from the right, because anything to its left
was written by the client and can be anything. Without trusted proxies the header is ignored."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
