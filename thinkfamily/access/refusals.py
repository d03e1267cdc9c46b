"""Every refusal is audited, here and only here (R10.2; issue 11, defect 11).

The 403 and 404 handlers (access.views) call ``audit_refusal`` for every PermissionDenied
or Http404 a view raises: a role that may not raise a flag, send MASH requests, record an
ED attendance or review break glass; no legitimate relationship with the person; a row that
is not the person's. One ``refused`` event names the user, the action attempted (the page
and the method) and the record asked for: the record the refusal carries (``exception.record``,
as AccessRefused and referrals.queries.NotAParty do), else the one the address names, and
whose record it is, so that the refusal shows in that person's "who has looked at this
record". Views raise; they never write their own refusal."""

from django.apps import apps

from thinkfamily.core.audit import Auditor

# Ids in addresses that name a person's record: the model, and the field naming whose it is.
RECORD_IDS = {
    "person_id": ("people.Person", "pk"),
    "access_id": ("access.BreakGlassAccess", "person_id"),
    "referral_id": ("referrals.Referral", "child_id"),
    "request_id": ("referrals.InformationRequest", "child_id"),
    "assessment_id": ("lac.HealthAssessment", "child_id"),
    "notification_id": ("notifications.Notification", "subject_person_id"),
}


def _named(kwargs) -> tuple[str, str, str] | None:
    """(type, id, person id) of the record the address asks for: the most specific id in it
    that names one (a referral rather than its child), whose person is the address's own
    person, or else the one that record belongs to."""
    person_id = str(kwargs["person_id"]) if "person_id" in kwargs else ""
    names = [name for name in RECORD_IDS if name in kwargs]
    if not names:
        return None
    name = next((n for n in names if n != "person_id"), names[0])
    label, owner = RECORD_IDS[name]
    if not person_id:
        found = apps.get_model(label).objects.filter(pk=kwargs[name]).values_list(owner, flat=True).first()
        person_id = str(found) if found is not None else ""
    return label, str(kwargs[name]), person_id


def audit_refusal(request, exception, status: int) -> None:
    """Write the one ``refused`` event for a refused request. A 404 is a refusal when the
    address names a record (a person URL, a referral...); an unknown address is not."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    match = getattr(request, "resolver_match", None)
    kwargs = dict(match.kwargs) if match else {}
    record = getattr(exception, "record", None)
    named = _named(kwargs)
    if status == 404 and record is None and named is None:
        return
    Auditor.from_request(request).refused(
        record,
        str(exception.args[0]) if exception is not None and exception.args else "",
        named=named,
        detail={
            "status": status,
            "action": f"{request.method} {match.view_name}" if match else request.method,
            "path": request.path,
            "asked_for": {key: str(value) for key, value in kwargs.items()},
        },
    )
