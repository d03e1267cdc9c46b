"""The point-of-care lookup as JSON for other systems (an ED system, an out-of-hours GP
system): the same service, access rules and notifications as the page. Documented in
docs/api.md.

    GET /api/v1/lookup?nhs_number=9434765919
    Authorization: Bearer tf_...

Authentication is by bearer token only: a session cookie is never accepted here, so a
page in a signed-in browser cannot call the API on the user's behalf (and so no CSRF token
is needed). The request's signed-in user, if any, is ignored."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from thinkfamily.core.audit import Auditor
from thinkfamily.flags import lookup, tokens

REALM = 'Bearer realm="ThinkFamily lookup API"'


def _error(status: int, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": message, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = REALM + (', error="invalid_token"' if extra.get("invalid_token") else "")
    response["Cache-Control"] = "no-store"
    return response


def _bearer(request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@csrf_exempt
@login_not_required
@require_GET
def lookup_api(request):
    raw = _bearer(request)
    if raw is None:
        return _error(401, "send an API token: Authorization: Bearer <token>")
    practitioner = tokens.practitioner_for(raw)
    if practitioner is None:
        return _error(401, "the API token is not valid, or has been revoked", invalid_token=True)
    auditor = Auditor(actor=practitioner, request_id=getattr(request, "request_id", ""))
    nhs_number = request.GET.get("nhs_number", "")
    try:
        result = lookup.point_of_care_lookup(auditor, practitioner, nhs_number, via_api=True)
    except lookup.LookupRefused:
        service = practitioner.team.service.name if practitioner.team_id else "no service"
        return _error(403, f"this account's service ({service}) may not use the point-of-care lookup")
    except ValidationError as error:
        return _error(400, "invalid NHS number", detail=" ".join(error.messages))
    if result is None:
        return _error(404, "no record for this NHS number")
    response = JsonResponse(result.as_json())
    response["Cache-Control"] = "no-store"
    return response
