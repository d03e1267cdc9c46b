"""Running the area (issue 12, R10.1): the local administrator's writes to organisations,
services, teams and practitioners. Each is one verb, atomic, refused to anyone but a local
administrator (``organisations.administer_area``, said once in access.permissions; the 403
handler audits the refusal) and audited inside its transaction.

A system auditor (``Auditor.system``) is a command run on the server by its operator
(``manage.py create_first_administrator``, ``manage.py import_area``): it is let through, as
``manage.py reset_password`` is.

A leaver's access ends at once: the account is deactivated (every request of a session
already open is then anonymous: Django's ModelBackend refuses an inactive user), their
sessions are deleted and their API tokens revoked. Their open caseload places stay as they are,
listed for their team to reassign (``open_caseload_places``)."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q

from thinkfamily.access import permissions
from thinkfamily.access import services as access_services
from thinkfamily.core import clock, text
from thinkfamily.core.audit import Auditor
from thinkfamily.organisations.models import CaseloadMembership, Organisation, Practitioner, Service, Team

ORGANISATION_FIELDS = ["code", "name", "kind", "phone", "out_of_hours_phone", "address"]
SERVICE_FIELDS = ["kind", "name", "site", "phone"]
TEAM_FIELDS = ["name", "phone", "email"]
PRACTITIONER_FIELDS = ["username", "first_name", "last_name", "role", "team", "job_title", "phone", "email"]
PLACEMENT_FIELDS = ["team", "role", "job_title", "phone", "email"]
# Text fields people read, checked for hidden characters as a form would (core.text).
_IDENTITY_TEXT = {"code", "name", "phone", "out_of_hours_phone", "address", "site", "email", "username",
                  "first_name", "last_name", "job_title"}


def require_administrator(auditor: Auditor) -> None:
    """Refuse (NotPermitted, audited by the 403 handler) anyone but a local administrator; a
    command run on the server (a system auditor) is its operator."""
    if auditor.actor is None:
        return
    permissions.require(auditor.actor, "organisations.administer_area")


def _strip(values: dict) -> dict:
    cleaned = {name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()}
    text.check_identity(**{name: value for name, value in cleaned.items() if name in _IDENTITY_TEXT})
    return cleaned


def _full_clean(obj, **kwargs) -> None:
    """The model's own validation (field lengths, choices, unique codes and usernames, its clean())."""
    obj.full_clean(**kwargs)


def _apply(obj, values: dict) -> list[str]:
    """Set the values that differ; the names of those changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


# Reading ----------------------------------------------------------------------------------


def organisations():
    return Organisation.objects.annotate(
        service_count=Count("services", distinct=True), team_count=Count("services__teams", distinct=True)
    ).prefetch_related("commissioned_by").order_by("name")


def organisation(organisation_id) -> Organisation:
    return Organisation.objects.prefetch_related("commissioned_by").get(pk=organisation_id)


def services_of(organisation: Organisation):
    """The organisation's services, each with its teams read once (``service.team_list``)."""
    return organisation.services.prefetch_related(Prefetch("teams", to_attr="team_list")).order_by("name")


def staff(search: str = ""):
    query = Practitioner.objects.select_related("team__service__organisation")
    for word in search.split():
        query = query.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
            | Q(team__name__icontains=word) | Q(job_title__icontains=word)
        )
    return query.order_by("-is_active", "last_name", "first_name", "pk")


def teams():
    return Team.objects.select_related("service__organisation").order_by(
        "service__organisation__name", "service__name", "name"
    )


def team_members(team: Team):
    return team.members.filter(is_active=True).order_by("last_name", "first_name")


def open_caseload_places(practitioner):
    """The practitioner's open caseload places (not ended), each with its person and team:
    what their team must reassign when they leave."""
    return (
        CaseloadMembership.objects.open().filter(practitioner=practitioner)
        .select_related("person", "team__service__organisation")
        .order_by("team__name", "person__family_name", "person__given_name")
    )


def administrators():
    return Practitioner.objects.filter(role=Practitioner.Role.LOCAL_ADMINISTRATOR, is_active=True)


# Organisations, services, teams ---------------------------------------------------------------


@transaction.atomic
def add_organisation(auditor: Auditor, *, commissioned_by=(), **fields) -> Organisation:
    require_administrator(auditor)
    values = _strip({name: fields.get(name, "") for name in ORGANISATION_FIELDS})
    organisation = Organisation(**values)
    _full_clean(organisation)
    organisation.save()
    organisation.commissioned_by.set(list(commissioned_by))
    written = [name for name, value in values.items() if value]
    auditor.create(organisation, [*written, *(["commissioned_by"] if commissioned_by else [])])
    return organisation


@transaction.atomic
def update_organisation(auditor: Auditor, organisation: Organisation, *, commissioned_by=None, **fields) -> list[str]:
    """Change what differs; the names of the fields changed (none: nothing written)."""
    require_administrator(auditor)
    values = _strip({name: fields[name] for name in ORGANISATION_FIELDS if name in fields})
    changed = _apply(organisation, values)
    if commissioned_by is not None:
        wanted = {o.pk for o in commissioned_by}
        if organisation.pk in wanted:
            raise ValidationError({"commissioned_by": "An organisation cannot commission itself."})
        if wanted != set(organisation.commissioned_by.values_list("pk", flat=True)):
            organisation.commissioned_by.set(list(wanted))
            changed.append("commissioned_by")
    if changed:
        _full_clean(organisation)
        organisation.save()
        auditor.write(organisation, changed)
    return changed


def _add_named(auditor: Auditor, model, parent_field: str, parent, fields: dict, names, what: str):
    """A service of an organisation, or a team of a service: named uniquely within its parent."""
    values = _strip({name: fields.get(name, "") for name in names})
    if model.objects.filter(**{parent_field: parent, "name__iexact": values["name"]}).exists():
        raise ValidationError({"name": f"{parent.name} already has a {what} called {values['name']}."})
    row = model(**{parent_field: parent}, **values)
    _full_clean(row)
    row.save()
    auditor.create(row, [parent_field, *[n for n, v in values.items() if v]])
    return row


def _update_named(auditor: Auditor, row, parent_field: str, fields: dict, names, what: str) -> list[str]:
    values = _strip({name: fields[name] for name in names if name in fields})
    siblings = type(row).objects.filter(**{parent_field: getattr(row, f"{parent_field}_id")}).exclude(pk=row.pk)
    if "name" in values and siblings.filter(name__iexact=values["name"]).exists():
        parent = getattr(row, parent_field)
        raise ValidationError({"name": f"{parent.name} already has a {what} called {values['name']}."})
    changed = _apply(row, values)
    if changed:
        _full_clean(row)
        row.save()
        auditor.write(row, changed)
    return changed


@transaction.atomic
def add_service(auditor: Auditor, organisation: Organisation, **fields) -> Service:
    require_administrator(auditor)
    return _add_named(auditor, Service, "organisation", organisation, fields, SERVICE_FIELDS, "service")


@transaction.atomic
def update_service(auditor: Auditor, service: Service, **fields) -> list[str]:
    require_administrator(auditor)
    return _update_named(auditor, service, "organisation", fields, SERVICE_FIELDS, "service")


@transaction.atomic
def add_team(auditor: Auditor, service: Service, **fields) -> Team:
    require_administrator(auditor)
    return _add_named(auditor, Team, "service", service, fields, TEAM_FIELDS, "team")


@transaction.atomic
def update_team(auditor: Auditor, team: Team, **fields) -> list[str]:
    require_administrator(auditor)
    return _update_named(auditor, team, "service", fields, TEAM_FIELDS, "team")


# Practitioners ---------------------------------------------------------------------------


def _check_password(password: str, practitioner) -> None:
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, practitioner)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


@transaction.atomic
def add_practitioner(auditor: Auditor, *, password: str | None = None, one_time: bool = False,
                     **fields) -> tuple[Practitioner, str | None]:
    """A new member of staff. With ``password`` (set by the administrator, who gives it to
    them), it must satisfy the password rules; with ``one_time``, a one-time password is made
    and returned (access.services.reset_password: they choose their own when they first sign
    in); with neither, they cannot sign in until given one. Returns (practitioner, one-time
    password or None)."""
    require_administrator(auditor)
    values = _strip({name: fields.get(name, "" if name != "team" else None) for name in PRACTITIONER_FIELDS})
    if values["username"] and get_user_model().objects.filter(username__iexact=values["username"]).exists():
        raise ValidationError({"username": "Someone already has this username. Choose another."})
    practitioner = Practitioner(**values, is_active=True)
    if password:
        _check_password(password, practitioner)
        practitioner.set_password(password)
    else:
        practitioner.set_unusable_password()
    if not values["first_name"]:
        raise ValidationError({"first_name": "Enter their first name."})
    if not values["last_name"]:
        raise ValidationError({"last_name": "Enter their last name."})
    if not values["role"]:
        raise ValidationError({"role": "Choose their role."})
    _full_clean(practitioner)
    try:
        with transaction.atomic():
            practitioner.save()
    except IntegrityError as exc:
        raise ValidationError({"username": "Someone already has this username. Choose another."}) from exc
    auditor.create(practitioner, [*[n for n, v in values.items() if v], *(["password"] if password else [])])
    issued = None
    if one_time and not password:
        issued = access_services.reset_password(auditor, practitioner, reason="New member of staff: first sign-in")
    return practitioner, issued


@transaction.atomic
def change_placement(auditor: Auditor, practitioner: Practitioner, **fields) -> list[str]:
    """Move a practitioner to another team, or change their role, job title or contact
    details. Their caseload places stay with them (the team reassigns them if need be)."""
    require_administrator(auditor)
    values = _strip({name: fields[name] for name in PLACEMENT_FIELDS if name in fields})
    if not practitioner.is_active:
        raise ValidationError({"__all__": f"{practitioner.display_name} has left: their account is closed."})
    before = {name: getattr(practitioner, name) for name in values}
    changed = _apply(practitioner, values)
    if changed:
        _full_clean(practitioner, exclude=["password"])
        practitioner.save(update_fields=changed)
        detail = {
            name: {"from": str(before[name] or ""), "to": str(values[name] or "")}
            for name in changed if name in {"team", "role"}
        }
        auditor.write(practitioner, changed, detail=detail or None)
    return changed


def _end_sessions(practitioner) -> int:
    """Delete every unexpired session signed in as ``practitioner`` (database sessions:
    each is decoded to find whose it is)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(practitioner.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@transaction.atomic
def mark_leaver(auditor: Auditor, practitioner: Practitioner, *, reason: str = "") -> dict:
    """The practitioner has left: their access ends at once. The account is closed, their
    sessions end and their API tokens are revoked; their open caseload places are returned,
    for their team to reassign. Refused for the administrator's own account (another
    administrator closes it, so that the area is never left without one by mistake)."""
    require_administrator(auditor)
    if auditor.actor is not None and practitioner.pk == auditor.actor.pk:
        raise ValidationError({"__all__": "You cannot close your own account. Ask another local administrator."})
    if not practitioner.is_active:
        raise ValidationError({"__all__": f"{practitioner.display_name} is already recorded as having left."})
    reason = (reason or "").strip()
    text.check_identity(reason=reason)
    practitioner.is_active = False
    practitioner.save(update_fields=["is_active"])
    sessions = _end_sessions(practitioner)
    now = clock.now()
    revoked = 0
    for token in practitioner.api_tokens.filter(revoked_at__isnull=True):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        auditor.write(token, ["revoked_at"], detail={"because": "the practitioner left"})
        revoked += 1
    places = list(open_caseload_places(practitioner))
    auditor.write(
        practitioner, ["is_active"],
        detail={"action": "left", "reason": reason[:300], "sessions_ended": sessions, "api_tokens_revoked": revoked,
                "open_caseload_places": len(places)},
    )
    return {"sessions": sessions, "tokens": revoked, "places": places}
