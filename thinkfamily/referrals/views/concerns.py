"""Pages of concerns and their decisions (issue 14): one concern, with the decision recorded or
a form to record it (and a referral to open from it); the list of concerns awaiting a decision
in a ward (its manager) or an organisation (its safeguarding lead). A concern is read through
referrals.queries (its parties only); every change through referrals.services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.forms import QueryForm, attempt, query, tell
from thinkfamily.core.presenters import page_links
from thinkfamily.core.views import render_page
from thinkfamily.people.presenters import person_header
from thinkfamily.referrals import forms as referral_forms
from thinkfamily.referrals import presenters, queries
from thinkfamily.referrals.services import concerns, lifecycle
from thinkfamily.referrals.views.referral import HOME, child_visible, crumbs


def _concern_page(request, scope, concern, form):
    visible = child_visible(scope, concern.child)
    referral = queries.referral_of(concern)
    return render_page(
        request,
        "referrals/concern_detail.jinja",
        title=f"Safeguarding concern – {concern.child.full_name}",
        breadcrumbs=crumbs(concern.child, visible),
        concern=concern,
        form=form,
        child_visible=visible,
        person_header=person_header(concern.child, request.user),
        referral=referral,
        source=presenters.ConcernRow(concern).source,
        row=presenters.ConcernRow(concern, visible),
        timescale=presenters.decision_timescale_words(concern),
        decision=presenters.decision_text(concern),
        decided_by=presenters.decided_by_text(concern),
        can_refer=referral is None and permissions.may(request.user, "referrals.make_referral", concern.child),
    )


@require_http_methods(["GET", "POST"])
def concern_detail(request, concern_id):
    """The concern and its decision: the recorder, their team or ward manager and their
    organisation's safeguarding lead record it here (others are refused, audited)."""
    scope = AccessScope(request)
    concern = queries.concern_for(request.user, scope.auditor, concern_id, path=request.path)
    form = None
    if not concern.decision:
        leads = queries.safeguarding_leads_of(concern.service.organisation_id)
        form = referral_forms.ConcernDecisionForm(request.POST or None, leads=leads)
        if request.method == "POST" and form.is_valid():
            saved = attempt(form, lambda: concerns.record_decision(scope.auditor, concern, **form.cleaned_data))
            if saved:
                tell(request, saved, "The decision on the concern has been recorded.")
                return redirect("referrals:concern", concern.pk)
    elif request.method == "POST":  # a second submission after the first was recorded
        messages.info(request, "A decision on this concern is already recorded. Nothing new was written.")
        return redirect("referrals:concern", concern.pk)
    return _concern_page(request, scope, concern, form)


@require_http_methods(["POST"])
def refer_concern(request, concern_id):
    """Open a draft referral to the MASH from the concern."""
    scope = AccessScope(request)
    concern = queries.concern_for(request.user, scope.auditor, concern_id, path=request.path)
    try:
        referral = lifecycle.refer_concern(scope.auditor, concern)
    except AlreadyRecorded as already:
        messages.info(request, already.text)
        return redirect("referrals:detail", already.existing.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:concern", concern.pk)
    messages.success(request, "A referral to the MASH has been opened from the concern. Complete it and send it.")
    return redirect("referrals:edit", referral.pk)


class ConcernListQuery(QueryForm):
    show = forms.ChoiceField(
        choices=[(queries.OVERDUE, "Past the decision date"), (queries.UNDECIDED, "All awaiting a decision")],
        required=False, initial=queries.OVERDUE,
    )
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False, initial=1)


@require_http_methods(["GET"])
def concern_list(request):
    """The concerns of the manager's ward or the lead's organisation with no decision: past
    their decision date (the default), or all of them."""
    permissions.require(request.user, "referrals.see_ward_view")
    area = queries.area_for(request.user)
    wanted = query(request, ConcernListQuery)
    scope = AccessScope(request)
    page = queries.area_concerns(area, scope.auditor, wanted["show"], wanted["page"])
    concerns_shown = list(page.object_list)
    visible = scope.visible_ids([c.child for c in concerns_shown])
    overdue = wanted["show"] == queries.OVERDUE
    return render_page(
        request,
        "referrals/concern_list.jinja",
        title=f"Concerns {'past their decision date' if overdue else 'awaiting a decision'} in {area.label}",
        breadcrumbs=[HOME, {"href": reverse("referrals:ward"), "text": f"Referrals raised in {area.label}"}],
        area=area,
        page=page,
        pagination=page_links(request, page),
        overdue=overdue,
        show=wanted["show"],
        rows=presenters.concern_rows(concerns_shown, visible),
        counts=queries.concern_counts(area),
        active_nav="referrals",
    )
