"""The population of children in care (R6.4): who they are, where they are placed, and how
many health assessments and episodes of care each has had. Children are reached only
through AccessScope, by way of lac.queries.population."""

from django.core.paginator import Paginator
from django.views.decorators.http import require_http_methods

from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import query
from thinkfamily.core.presenters import page_links
from thinkfamily.core.replica import reads_from_replica
from thinkfamily.core.views import render_page
from thinkfamily.lac.forms.population import PopulationQuery
from thinkfamily.lac.queries import population
from thinkfamily.people.views.page import HOME


@require_http_methods(["GET"])
@reads_from_replica
def population_list(request):
    population.require_population_role(request.user)
    scope = AccessScope(request)
    today = clock.today()
    show = query(request, PopulationQuery)["show"]
    rows = population.children(scope, today, show)
    counts = population.counts(scope, today)
    paginator = Paginator(rows, population.PAGE_SIZE)
    # The same rows as the filters' aggregate counted: no second count of them.
    paginator.count = counts[show if show in population.FILTER_KEYS else "all"]
    page = paginator.get_page(request.GET.get("page"))
    page_rows = list(page.object_list)
    population.in_care_since(page_rows, today)
    # A list that names children is a read of personal data.
    Auditor.from_request(request).read(
        None, detail={"page": "children in care", "show": show, "people": sorted(str(p.pk) for p in page_rows)}
    )
    chosen = next(f for f in population.FILTERS if f.key == show)
    return render_page(
        request,
        "lac/population.jinja",
        title=f"Children in care: {chosen.label.lower()}" if show != "all" else "Children in care",
        breadcrumbs=[HOME],
        rows=page_rows,
        page=page,
        pagination=page_links(request, page),
        total=page.paginator.count,
        show=show,
        chosen=chosen,
        filters=population.FILTERS,
        counts=counts,
        today=today,
        active_nav="children_in_care",
    )
