"""What every page about a person shares: its header and breadcrumbs, and the page with one
form that one service call saves. Every view reaches a person through
thinkfamily.access.scoping, parses input with a form, and calls a service to change anything."""

from django.shortcuts import redirect
from django.urls import reverse

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.forms import attempt, tell
from thinkfamily.core.views import render_page
from thinkfamily.people.models import Person
from thinkfamily.people.presenters import person_header

HOME = {"href": "/", "text": "Home"}
FORM_TEMPLATE = "people/form.jinja"


def crumbs(person: Person | None = None) -> list[dict]:
    crumbs = [HOME]
    if person is not None:
        crumbs.append({"href": reverse("people:record", args=[person.pk]), "text": person.full_name})
    return crumbs


def person_page(request, template, access, *, title, form=None, status=200, breadcrumbs=None, header=None,
                **context):
    """A page about ``access.person``, under the person's header (``header``, when the page has
    made it from rows it read already); its title names the person."""
    if breadcrumbs is None:
        breadcrumbs = crumbs(access.person) if template != "people/record.jinja" else crumbs()
    return render_page(
        request,
        template,
        title=f"{title} – {access.person.full_name}" if title != access.person.full_name else title,
        breadcrumbs=breadcrumbs,
        form=form,
        status=status,
        person=access.person,
        access=access,
        person_header=header or person_header(access.person, request.user),
        **context,
    )


def form_page(request, access, form, save, *, done, then=None, conflict_message: str = "", show_changes=False,
              template=FORM_TEMPLATE, **page):
    """A page about ``access.person`` with one form that one service call saves. On a valid
    POST, ``save(data)`` (a copy of the form's cleaned data) is attempted (core.forms.attempt):
    saved, ``done`` is said (text, or a function of what was saved) and the record shown, of
    ``then(saved)`` when given, else of ``access.person``; refused, the form shows why (for a
    concurrent edit, ``conflict_message``, and with ``show_changes`` what the other person
    changed)."""
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: save(dict(form.cleaned_data)), conflict_message=conflict_message)
        if saved:
            tell(request, saved, done(saved.value) if callable(done) and not saved.already else done)
            shown = then(saved.value) if then is not None else access.person
            return redirect("people:record", shown.pk)
    if show_changes:
        page["conflict"] = saved.conflict if saved is not None else None
    return person_page(request, template, access, form=form, **page)


def service_form_page(request, person_id, form_class, save, *, done, only_if=None, permission="", **page):
    """A ``form_page`` whose service takes the person and the cleaned data as they are:
    ``save(auditor, person, **data)``; ``done(person)`` is said. ``only_if(person)`` may refuse
    the page; ``permission`` names what the user must be permitted to do to the person
    (access.permissions), else it is changing the record; ``heading`` may be a function of the
    person."""
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=not permission, permission=permission)
    person = access.person
    if only_if is not None:
        only_if(person)
    if callable(page.get("heading")):
        page["heading"] = page["heading"](person)
    return form_page(
        request, access, form_class(request.POST or None),
        lambda data: save(scope.auditor_for(access), person, **data), done=lambda saved: done(person), **page,
    )
