"""The discharge page (R4.3): discharge a child from the user's team's caseload, refused while
a referral the team's service made has no outcome, unless a manager overrides with a reason
(referrals.services.discharge). The form is offered only to those who may use it: a team whose
discharge is held up by a referral offers the user "Chase the outcome" instead, unless they
are its manager (access.permissions: ``referrals.override_discharge_guard``)."""

from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.core import clock
from thinkfamily.core.forms import attempt, tell
from thinkfamily.core.views import render_page
from thinkfamily.people.presenters import person_header
from thinkfamily.referrals import forms, presenters, queries
from thinkfamily.referrals.services import discharge as guard
from thinkfamily.referrals.views.referral import child_visible, crumbs


@require_http_methods(["GET", "POST"])
def discharge(request, person_id):
    """Discharge from my team's caseload, refused while a referral our service made has no
    outcome, unless a manager overrides with a reason (R4.3)."""
    scope = AccessScope(request)
    access = scope.person(person_id, for_edit=True)
    person, user = access.person, request.user
    teams = guard.discharge_teams(user, person)
    open_by_team = {
        team.pk: list(guard.referrals_without_outcome(person, team).select_related(*queries.LIST_RELATED))
        for team in teams
    }
    overriding = {team.pk for team in teams if open_by_team[team.pk] and guard.is_manager_for(user, team)}
    # The teams this user may discharge from now: no referral holds them up, or they manage them.
    dischargeable = [team for team in teams if not open_by_team[team.pk] or team.pk in overriding]
    if request.method == "POST" and teams and not dischargeable:
        # Only a manager discharges before the outcome is known; the page offered no form.
        permissions.require(user, "referrals.override_discharge_guard", teams[0], record=person)
    form = forms.DischargeForm(
        request.POST or None, teams=dischargeable, can_override=bool(overriding), initial={"on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = next(t for t in dischargeable if str(t.pk) == data["team"])
        saved = attempt(form, lambda: guard.discharge(
            scope.auditor_for(access), person, team, data["on"], override_reason=data.get("override_reason"),
        ))
        if saved:
            done = f"{person.full_name} has been discharged from {team.name}'s caseload."
            if saved.value and not saved.already:
                done += " Your override and its reason are kept with the referral."
            tell(request, saved, done)
            if child_visible(scope, person):
                return redirect("people:record", person.pk)
            return redirect("home")
    open_rows = [presenters.ReferralRow(r, "") for team in teams for r in open_by_team[team.pk]]
    return render_page(
        request,
        "referrals/ward_discharge.jinja",
        title=f"Discharge from caseload – {person.full_name}",
        breadcrumbs=crumbs(person, True),
        form=form,
        person=person,
        access=access,
        person_header=person_header(person, user),
        teams=teams,
        can_discharge=bool(dischargeable),
        can_override=bool(overriding),
        open_referrals=open_rows,
        may_open={row.referral.pk for row in open_rows if permissions.referral_party_basis(user, row.referral)},
        can_chase={row.referral.pk for row in open_rows if permissions.may(user, "referrals.chase_outcome",
                                                                           row.referral)},
    )
