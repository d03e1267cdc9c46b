"""The lists of referrals (R4.2, R4.4): what a council's MASH has received, what a
practitioner sent, and what a ward or an organisation raised, with its figures. Each list
is read through referrals.queries, which checks the role and audits the read."""

from django import forms
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.forms import QueryForm, query
from thinkfamily.core.presenters import page_links
from thinkfamily.core.replica import reads_from_replica
from thinkfamily.core.views import render_page
from thinkfamily.referrals import presenters, queries
from thinkfamily.referrals.views.referral import HOME


def _referral_list(request, scope, template, page, *, title, drafts=None, **context):
    """A page of referrals (and, for a ward, its drafts), each linking to the child's record
    only where the user may open it."""
    referrals = list(page.object_list)
    visible = scope.visible_ids([r.child for r in referrals + (drafts or [])])
    if drafts is not None:
        context["drafts"] = presenters.rows(drafts, visible)
    return render_page(
        request,
        template,
        title=title,
        breadcrumbs=[HOME],
        page=page,
        rows=presenters.rows(referrals, visible),
        active_nav="referrals",
        **context,
    )


@require_http_methods(["GET"])
def mash_queue(request):
    scope = AccessScope(request)
    council, page = queries.mash_queue(request.user, scope.auditor, request.GET.get("page", 1))
    return _referral_list(request, scope, "referrals/referral_queue.jinja", page, title="Referrals received",
                          council=council)


class MadeQuery(QueryForm):
    whose = forms.ChoiceField(choices=[(queries.MINE, "Yours"), (queries.TEAM, "Your team's")], required=False,
                              initial=queries.MINE)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False, initial=1)


@require_http_methods(["GET"])
def sent_referrals(request):
    """Referrals you have made (or your team's), with their status, their outcome and whether
    it is overdue: each one opens where the user is a party to it."""
    wanted = query(request, MadeQuery)
    scope = AccessScope(request)
    user = request.user
    page = queries.made_by(user, scope.auditor, wanted["whose"], wanted["page"])
    return _referral_list(
        request, scope, "referrals/sent_referrals.jinja", page, title="Referrals you have made",
        whose=wanted["whose"], team=user.team,
        may_open={r.pk for r in page.object_list if permissions.referral_party_basis(user, r)},
        pagination=page_links(request, page),
    )


@require_http_methods(["GET"])
@reads_from_replica
def ward_view(request):
    """Referrals raised in the manager's area (R4.4): each one, and figures by month."""
    permissions.require(request.user, "referrals.see_ward_view")
    area = queries.area_for(request.user)
    scope = AccessScope(request)
    page, drafts = queries.ward_referrals(area, scope.auditor, request.GET.get("page", 1))
    return _referral_list(
        request,
        scope,
        "referrals/ward_referrals.jinja",
        page,
        title=f"Referrals raised in {area.label}",
        drafts=drafts,
        area=area,
        months=presenters.ward_months(queries.monthly_trends(area)),
        totals=queries.totals(area),
        teams=queries.by_team(area) if area.is_organisation else [],
        concerns=queries.concern_counts(area),
    )
