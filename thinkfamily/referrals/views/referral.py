"""Pages of one referral to the MASH (R4.1-R4.4): the concern that opens it, the draft, the
quality check and sending, withdrawal, and the MASH's acknowledgement, decision and outcome.
A child's record is reached through AccessScope; a referral through referrals.queries (its
parties only); every change through referrals.services."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.forms import apply_validation_error, attempt, tell
from thinkfamily.core.models import ConcurrentEditError
from thinkfamily.core.views import render_page
from thinkfamily.people.family import family_picture
from thinkfamily.people.presenters import person_header
from thinkfamily.referrals import forms, presenters, queries
from thinkfamily.referrals.information_requests import queries as request_queries
from thinkfamily.referrals.models import ReferralStatus
from thinkfamily.referrals.services import family_record, lifecycle

HOME = {"href": "/", "text": "Home"}
Status = ReferralStatus.Status


def crumbs(person, visible: bool):
    """Home, then the child's record when the user may open it."""
    trail = [HOME]
    if visible:
        trail.append({"href": reverse("people:record", args=[person.pk]), "text": person.full_name})
    return trail


def referral_crumbs(user, access: queries.ReferralAccess, *, on_detail: bool) -> list[dict]:
    """Home, then the list the user reaches this referral from: the MASH's queue for the MASH
    that received it, the ward view for a manager who did not make it, "Referrals you have
    made" for the referrer; and, on the pages that act on it, the referral itself."""
    if access.basis.startswith("Children's social care"):
        trail = [HOME, {"href": reverse("referrals:mash_queue"), "text": "Referrals received"}]
    elif not access.is_referrer and (area := queries.area_for(user)) is not None:
        trail = [HOME, {"href": reverse("referrals:ward"), "text": f"Referrals raised in {area.label}"}]
    else:
        trail = [HOME, {"href": reverse("referrals:sent"), "text": "Referrals you have made"}]
    if not on_detail:
        trail.append({"href": reverse("referrals:detail", args=[access.referral.pk]),
                      "text": f"Referral about {access.referral.child.full_name}"})
    return trail


def child_visible(scope: AccessScope, person) -> bool:
    return person.pk in scope.visible_ids([person])


def _referral_page(request, scope, template, access: queries.ReferralAccess, *, title, form=None, **context):
    referral = access.referral
    visible = child_visible(scope, referral.child)
    return render_page(
        request,
        template,
        title=f"{title} – {referral.child.full_name}",
        breadcrumbs=referral_crumbs(request.user, access, on_detail=template == "referrals/referral_detail.jinja"),
        form=form,
        referral=referral,
        access=access,
        child_visible=visible,
        person_header=person_header(referral.child, request.user),
        status_label=presenters.status_label(access.status),
        status_tag_class=presenters.STATUS_TAG_CLASSES.get(access.status, "nhsuk-tag--grey"),
        **context,
    )


def _open(request, referral_id) -> tuple[AccessScope, queries.ReferralAccess]:
    scope = AccessScope(request)
    return scope, queries.referral_for(request.user, scope.auditor, referral_id, path=request.path)


def _can_act(request, access: queries.ReferralAccess) -> bool:
    """Social care of the receiving council acknowledges, decides and records the outcome."""
    return access.basis.startswith("Children's social care") and permissions.may(
        request.user, "referrals.act_on_referral", access.referral
    )


def _require_can_act(request, access: queries.ReferralAccess) -> None:
    if not _can_act(request, access):
        raise PermissionDenied("Only the MASH that received this referral can act on it.")


def _draft_of_user(access: queries.ReferralAccess):
    if not access.is_referrer:
        raise PermissionDenied("Only the practitioner who raised this referral can change or send it.")
    if access.status != Status.DRAFT:
        raise Http404("This referral is no longer a draft")


@require_http_methods(["GET", "POST"])
def record_concern(request, person_id):
    """A concern, time-stamped, opens a draft referral pre-filled from the family record.
    Raising a concern is open to anyone who may read the child's record, on any basis: an ED
    nurse after a point-of-care lookup refers as a health visitor does (access.permissions)."""
    scope = AccessScope(request)
    access = scope.person(person_id, permission="referrals.make_referral")
    person = access.person
    if person.kind == "adult":
        raise Http404("A referral to the MASH is about a child or an unborn baby")
    form = forms.ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: lifecycle.record_concern(scope.auditor_for(access), person, **form.cleaned_data))
        if saved:
            tell(request, saved, "Your concern has been recorded. Complete the referral to the MASH.")
            return redirect("referrals:edit", saved.value.pk)
    return render_page(
        request,
        "people/form.jinja",
        title=f"Record a concern – {person.full_name}",
        breadcrumbs=crumbs(person, True),
        form=form,
        heading=f"Record a concern about {person.full_name}",
        intro="Recording a concern opens a referral to the MASH, filled in from the family record. "
        "If you decide not to send it, you can withdraw it with a reason.",
        submit_text="Record concern and continue",
        person=person,
        access=access,
        person_header=person_header(person, request.user),
    )


def _children_choices(referral, picture):
    candidates = {p.pk: p for p in family_record.linked_children_candidates(picture)}
    for child in queries.linked_children(referral):
        candidates.setdefault(child.pk, child)
    today = clock.today()
    choices = []
    for child in sorted(candidates.values(), key=lambda p: p.date_of_birth or p.expected_delivery_date):
        age = f"{child.age_in_years(today)}" if child.date_of_birth else "unborn"
        lives = any(m.person_id == child.pk for m in picture.household_members)
        where = "lives with" if lives else "does not live with"
        choices.append(
            (str(child.pk), f"{child.full_name} ({age}), {where} {referral.child.given_name or 'the child'}")
        )
    return candidates, choices


@require_http_methods(["GET", "POST"])
def edit_referral(request, referral_id):
    scope, access = _open(request, referral_id)
    _draft_of_user(access)
    referral = access.referral
    picture = family_picture(referral.child)
    candidates, children_choices = _children_choices(referral, picture)
    councils = queries.mash_choices()
    initial = {
        name: getattr(referral, name)
        for name in [
            "presenting_concern",
            "risk_to_child",
            "impact_on_child",
            "voice_of_child",
            "other_children",
            "parental_responsibility",
            "level_of_need",
            "version",
        ]
    } | {
        "mash": str(referral.mash_id),
        "linked_children": [str(c.pk) for c in queries.linked_children(referral)],
        "toxic_trio": [
            key
            for key in ["domestic_abuse", "parental_substance_misuse", "parental_mental_ill_health"]
            if getattr(referral, key)
        ],
    }
    form = forms.ReferralForm(
        request.POST or None,
        initial=initial,
        child=referral.child,
        mash_choices=councils,
        children_choices=children_choices,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        trio = set(data.pop("toxic_trio"))
        chosen = set(data.pop("linked_children"))
        linked = [child for pk, child in candidates.items() if str(pk) in chosen]
        mash_id = data.pop("mash")
        data["mash"] = next(org for org in councils if str(org.pk) == mash_id)
        for key in ["domestic_abuse", "parental_substance_misuse", "parental_mental_ill_health"]:
            data[key] = key in trio
        try:
            lifecycle.update_draft(scope.auditor, referral, expected_version=version, linked_children=linked, **data)
        except ConcurrentEditError:
            form.add_error(
                None,
                "This referral was changed in another window while you were editing. "
                "Nothing was saved: open it again and make your changes.",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("referrals:check", referral.pk)
    return _referral_page(
        request,
        scope,
        "referrals/referral_form.jinja",
        access,
        title="Referral to the MASH",
        form=form,
    )


@require_http_methods(["GET", "POST"])
def check_referral(request, referral_id):
    """The quality check before sending: the score and what is missing, in words a nurse
    can act on. A weak referral can still be sent; its weakness is kept."""
    scope, access = _open(request, referral_id)
    _draft_of_user(access)
    referral = access.referral
    report = family_record.check_quality(referral)
    form = forms.SendForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            sent = lifecycle.send_referral(scope.auditor, referral, expected_version=form.cleaned_data["version"])
        except ConcurrentEditError:
            form.add_error(None, "This referral changed after you checked it. Check it again before sending.")
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            late = " It was sent later than the same working day: the delay is recorded." if sent.sent_late else ""
            messages.success(request, f"The referral has been sent to {sent.mash.name} MASH.{late}")
            return redirect("referrals:detail", sent.pk)
    return _referral_page(
        request,
        scope,
        "referrals/referral_check.jinja",
        access,
        title="Check the referral",
        form=form,
        report=report,
        weak_kept=presenters.where_quality_is_seen(queries.quality_readers(request.user)) if report.is_weak else "",
        answers=presenters.answers(referral, queries.linked_children(referral)),
    )


@require_http_methods(["GET", "POST"])
def withdraw_referral(request, referral_id):
    scope, access = _open(request, referral_id)
    _draft_of_user(access)
    referral = access.referral
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.withdraw_draft(scope.auditor, referral, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The draft referral has been withdrawn. The concern stays on the record.")
            if child_visible(scope, referral.child):
                return redirect("people:record", referral.child_id)
            return redirect("home")
    return _referral_page(
        request,
        scope,
        "referrals/referral_action.jinja",
        access,
        title="Withdraw the referral",
        form=form,
        heading="Withdraw this draft referral",
        submit_text="Withdraw referral",
    )


@require_http_methods(["GET"])
def referral_detail(request, referral_id):
    scope, access = _open(request, referral_id)
    referral = access.referral
    can_act = _can_act(request, access)
    # The MASH's information requests for this referral are the MASH's working papers: shown
    # to the MASH acting on it, not to the referrer or their managers.
    information_requests = list(request_queries.for_referral(request.user, referral)) if can_act else []
    return _referral_page(
        request,
        scope,
        "referrals/referral_detail.jinja",
        access,
        title="Referral to the MASH",
        row=presenters.ReferralRow(referral, access.status),
        answers=presenters.answers(referral, queries.linked_children(referral)),
        history=presenters.history(queries.status_history(referral)),
        overrides=queries.overrides(referral),
        can_act=can_act,
        can_chase=not can_act and permissions.may(request.user, "referrals.chase_outcome", referral),
        can_send_requests=(
            can_act and access.status != Status.OUTCOME_RECORDED and permissions.is_mash_worker(request.user)
        ),
        information_requests=information_requests,
        now=clock.now(),
        outcome_label=presenters.outcome_label(referral.outcome),
    )


@require_http_methods(["POST"])
def acknowledge_referral(request, referral_id):
    scope, access = _open(request, referral_id)
    _require_can_act(request, access)
    try:
        lifecycle.acknowledge(scope.auditor, access.referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The referral has been acknowledged.")
    return redirect("referrals:detail", access.referral.pk)


@dataclass(frozen=True)
class _MashStep:
    """A step the receiving MASH records on its own form: its decision, or the outcome."""

    form_class: type
    record: object  # the lifecycle service that records it
    title: str
    heading: str
    submit_text: str
    success: str


MASH_STEPS = {
    "decision": _MashStep(
        forms.DecisionForm,
        lifecycle.record_decision,
        title="Record the decision",
        heading="Record the MASH's decision",
        submit_text="Save decision",
        success="The decision has been recorded.",
    ),
    "outcome": _MashStep(
        forms.OutcomeForm,
        lifecycle.record_outcome,
        title="Record the outcome",
        heading="Record the outcome of the referral",
        submit_text="Save outcome",
        success="The outcome has been recorded. The referrer and their manager have been told.",
    ),
}


@require_http_methods(["GET", "POST"])
def record_mash_step(request, referral_id, step):
    """The MASH that received the referral records a step of it (``MASH_STEPS``; the URL names
    the step)."""
    step = MASH_STEPS[step]
    scope, access = _open(request, referral_id)
    _require_can_act(request, access)
    form = step.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: step.record(scope.auditor, access.referral, **form.cleaned_data))
        if saved:
            messages.success(request, step.success)
            return redirect("referrals:detail", access.referral.pk)
    return _referral_page(
        request,
        scope,
        "referrals/referral_action.jinja",
        access,
        title=step.title,
        form=form,
        heading=step.heading,
        submit_text=step.submit_text,
    )


@require_http_methods(["POST"])
def chase_outcome(request, referral_id):
    """"Chase the outcome": the MASH is asked for a referral's missing outcome, once however
    often the button is pressed (lifecycle.chase_outcome), and the page it was pressed on says
    so."""
    scope = AccessScope(request)
    referral = queries.referral_to_chase(request.user, scope.auditor, referral_id)
    form = forms.ChaseForm(request.POST)
    valid = form.is_valid()  # the page to go back to is read even when the rest is not valid
    back = (reverse("referrals:discharge", args=[referral.child_id]) if form.cleaned_data.get("back") == "discharge"
            else reverse("referrals:detail", args=[referral.pk]))
    if not valid:
        messages.error(request, " ".join(form.errors.get("seen", ["Open the page again and chase from there."])))
        return redirect(back)
    saved = attempt(form, lambda: lifecycle.chase_outcome(scope.auditor, referral,
                                                          seen_chased_at=form.cleaned_data["seen"]))
    if saved:
        tell(request, saved, f"{referral.mash.name} MASH has been asked for the outcome of the referral about "
                             f"{referral.child.full_name}.")
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect(back)
