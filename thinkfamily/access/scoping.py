"""The one place through which views reach people.

Every view that shows or changes personal data calls ``person_for_user`` (one record) or
``people_for_user`` (a queryset). For now the rule is "signed in"; the access issue
tightens it here, once, for every view: legitimate relationships, break glass, restricted
entries. The returned Access says on what basis the record was opened (recorded in the
audit trail) and whether the user may change it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thinkfamily.core.audit import Auditor
from thinkfamily.people.models import Person


@dataclass(frozen=True)
class Access:
    person: Person
    can_edit: bool
    basis: str


def people_for_user(user):
    """The people this user may find. Views never use Person.objects directly."""
    if not user.is_authenticated:
        raise PermissionDenied
    return Person.objects.all()


def person_for_user(request, person_id, *, audit: bool = True, for_edit: bool = False) -> Access:
    try:
        person = people_for_user(request.user).get(pk=person_id)
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404("No record found") from exc
    basis = "signed-in practitioner (relationship rules arrive with the access issue)"
    access = Access(person=person, can_edit=True, basis=basis)
    if for_edit and not access.can_edit:
        raise PermissionDenied
    if audit:
        Auditor.from_request(request, basis=basis).read(person)
    return access
