"""Lock-out after repeated failed sign-ins (django-axes), by user and, much later, by address.

A ward PC, or a trust behind one NAT address, is shared by many practitioners: locking the
address after one person's five wrong passwords would lock out the whole ward. So axes locks
the *username* (``AXES_LOCKOUT_PARAMETERS = ["username"]``, ``AXES_FAILURE_LIMIT``), and this
handler adds a lock on the *address* at its own, much higher threshold
(``AXES_ADDRESS_FAILURE_LIMIT``), counting every failure from it whatever the username: that
still stops password spraying (a few guesses at each of many usernames).

Every failed step of signing in counts, not only the password: a wrong code from the
authenticator app and a wrong current password on the change-password page are reported with
``record_failure``, so the second step cannot be guessed without end either."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum


class UserThenAddressLockOut(AxesDatabaseHandler):
    """axes' database handler, plus the address threshold."""

    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request) -> bool:
        return self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=None, ip_address=request.axes_ip_address)


def _credentials(username: str) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: username}


def client_address(request) -> str:
    """The address axes counts failures against (the same one the audit names)."""
    address = getattr(request, "axes_ip_address", None)
    return address if address is not None else (get_client_ip_address(request) or "")


def is_locked_out(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(username))


def record_failure(request, username: str) -> bool:
    """Count a failed step of signing in against the user (and the address), as a wrong
    password is counted. True when that locked the account or the address; the response is
    then replaced by the lock-out page (axes' middleware)."""
    user_login_failed.send(sender=__name__, credentials=_credentials(username), request=request)
    return bool(getattr(request, "axes_locked_out", False))
