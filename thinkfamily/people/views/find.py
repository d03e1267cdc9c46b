"""Finding a person: by NHS number, or by name and date of birth, among the people the user
may see (thinkfamily.access.scoping)."""

from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import nhs_numbers
from thinkfamily.core.forms import with_example_nhs_number
from thinkfamily.core.views import render_page
from thinkfamily.demo import guide as demo_guide
from thinkfamily.people import search
from thinkfamily.people.forms.find import SearchForm
from thinkfamily.people.presenters import search_results


@require_http_methods(["GET"])
def find_person(request):
    """Search by NHS number, or by name and date of birth. Results show only people the
    user may see; an exact NHS number match behind a refused access is shown as such,
    with the way to break glass, and nothing else (docs/adr/0004)."""
    permissions.require(request.user, "people.find_person")
    # The hint's example is a record this user may open (the demo's), else a synthetic number.
    form = with_example_nhs_number(SearchForm(request.GET or None), demo_guide.example_nhs_number(request.user))
    results, restricted_match = None, None
    if request.GET and form.is_valid():
        scope = AccessScope(request)
        data = form.cleaned_data
        try:
            if data["nhs_number"]:
                digits = nhs_numbers.validate(data["nhs_number"])
                terms = {"nhs_number": digits}
                matches = search.find_by_nhs_number(scope.people(), digits)
                if not matches:
                    restricted_match = search.find_restricted_by_nhs_number(digits)
            else:
                terms = {
                    "family_name": data["family_name"],
                    "given_name": data["given_name"],
                    "date_of_birth": data["date_of_birth"].isoformat(),
                }
                matches = search.find_by_name_and_date_of_birth(
                    scope.people(),
                    family_name=data["family_name"],
                    given_name=data["given_name"],
                    date_of_birth=data["date_of_birth"],
                )
        except ValidationError as error:
            form.add_error("nhs_number", error)
        else:
            results = search_results(matches)
            detail = {"restricted_match": str(restricted_match.pk)} if restricted_match else None
            scope.auditor.search(terms, len(results), detail=detail, subject=restricted_match)
    return render_page(
        request,
        "people/find.jinja",
        title="Find a person",
        form=form,
        results=results,
        restricted_match=restricted_match,
        # Recording a person is offered here (not in the menu): one finds before one records.
        may_record=permissions.may(request.user, "people.record_person"),
        active_nav="find",
    )
