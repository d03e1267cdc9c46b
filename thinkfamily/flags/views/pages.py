"""Pages for flags and the point-of-care lookup. Every view reaches a person through
thinkfamily.access.scoping, parses input with a form, and calls a service to change
anything (flags.services, flags.lookup)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.forms import attempt, tell, with_example_nhs_number
from thinkfamily.core.presenters import format_date
from thinkfamily.core.views import render_page
from thinkfamily.demo import guide as demo_guide
from thinkfamily.flags import forms, lookup, services
from thinkfamily.people.presenters import person_header

HOME = {"href": "/", "text": "Home"}


def _person_page(request, template, access, *, title, form=None, **context):
    person = access.person
    return render_page(
        request,
        template,
        title=f"{title} – {person.full_name}",
        breadcrumbs=[HOME, {"href": reverse("people:record", args=[person.pk]), "text": person.full_name}],
        form=form,
        person=person,
        access=access,
        person_header=person_header(person, request.user),
        **context,
    )


def _require_flag_manager(request):
    if not services.may_manage_flags(request.user):
        raise PermissionDenied("Only a safeguarding lead raises, ends or adds flags by hand.")


def _require_raiser(request, access, type_code=None):
    """A safeguarding lead for any flag raised by hand; the MARAC coordinator for the MARAC flag."""
    codes = [type_code] if type_code else [t.code for t in services.raisable_types(request.user)]
    if not any(services.may_raise(request.user, access, code) for code in codes):
        raise permissions.NotPermitted(permissions.MESSAGES["flags.raise_flag"], record=access.person)


@require_http_methods(["GET", "POST"])
def raise_flag(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    _require_raiser(request, access)
    person = access.person
    form = forms.RaiseFlagForm(request.POST or None, types=services.raisable_types(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        type_ = data.pop("type")
        saved = attempt(form, lambda: services.raise_flag_by_hand(scope.auditor_for(access), person, type_, **data))
        if saved:
            tell(request, saved, f"The {saved.value.label} flag has been raised. It shows at the top of every page.")
            return redirect(reverse("people:record", args=[person.pk]) + "#flags")
    return _person_page(
        request,
        "flags/form.jinja",
        access,
        title="Raise a flag",
        form=form,
        heading=f"Raise a flag for {person.full_name}",
        submit_text="Raise flag",
        new_type_link=services.may_manage_flags(request.user),
    )


@require_http_methods(["GET", "POST"])
def end_flag(request, person_id, flag_id):
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    _require_raiser(request, access)  # a role that ends no flag by hand is refused before the flag is looked for
    flag = services.flag_of(access.person, flag_id)
    _require_raiser(request, access, flag.type.code)
    form = forms.EndFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services.end_flag_by_hand(scope.auditor_for(access), flag, **form.cleaned_data))
        if saved:
            tell(request, saved, f"The {flag.label} flag has been ended. It stays in the flag history.")
            return redirect(reverse("people:record", args=[access.person.pk]) + "#flags")
    return _person_page(
        request,
        "flags/form.jinja",
        access,
        title="End a flag",
        form=form,
        heading=f"End the {flag.label} flag",
        intro=f"Raised {format_date(flag.start_date)} by {flag.raised_by_organisation.name}.",
        submit_text="End flag",
    )


@require_http_methods(["GET", "POST"])
def new_flag_type(request):
    _require_flag_manager(request)
    form = forms.FlagTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services.add_flag_type(AccessScope(request).auditor, **form.cleaned_data))
        if saved:
            tell(request, saved, f"{saved.value.label} can now be raised as a flag.")
            return redirect("flags:new_type")
    return render_page(
        request,
        "flags/form.jinja",
        title="Add a flag type",
        breadcrumbs=[HOME],
        form=form,
        heading="Add a flag type",
        intro="A local kind of flag that safeguarding leads raise by hand, like MARAC or CSE risk. "
        "Flags that follow from a legal status are raised by the legal status change.",
        submit_text="Add flag type",
        flag_types=services.all_flag_types(),
    )


_EXAMPLE_KEY = "flags.lookup.example_nhs_number"


def _example_nhs_number(request) -> str:
    """The lookup finds anyone: the hint's example is a featured child of the demo with a flag
    to show, else a synthetic number. Read once per session (the session is saved with every
    request anyway), not with every lookup: a nurse looking up one child after another does
    not pay a query for the hint each time."""
    example = request.session.get(_EXAMPLE_KEY)
    if not example:
        example = request.session[_EXAMPLE_KEY] = demo_guide.example_nhs_number()
    return example


@require_http_methods(["GET", "POST"])
def point_of_care_lookup(request):
    """The CP-IS job: an NHS number in, the safety picture out, and social care told."""
    if not lookup.may_look_up(request.user):
        raise PermissionDenied(
            "The point-of-care lookup is for unscheduled care: emergency departments, maternity, "
            "out-of-hours and general practice, and paediatrics."
        )
    example = _example_nhs_number(request)
    form = with_example_nhs_number(forms.LookupForm(request.POST or None), example)
    result = None
    no_record = None
    if request.method == "POST" and form.is_valid():
        scope = AccessScope(request)
        digits = form.cleaned_data["nhs_number"]
        result = lookup.point_of_care_lookup(scope.auditor, request.user, digits)
        if result is None:
            no_record = digits
    context = {}
    if result is not None:
        context = {"person": result.person, "person_header": person_header(
            result.person, request.user, statuses=result.legal_statuses, flags=result.banner_flags,
        )}
    return render_page(
        request,
        "flags/lookup.jinja",
        title=f"Point-of-care lookup – {result.person.full_name}" if result else "Point-of-care lookup",
        breadcrumbs=[HOME],
        form=form,
        result=result,
        no_record=no_record,
        # "Look up another NHS number" starts empty
        another_form=with_example_nhs_number(forms.LookupForm(), example),
        service=request.user.team.service,
        active_nav="lookup",
        **context,
    )
