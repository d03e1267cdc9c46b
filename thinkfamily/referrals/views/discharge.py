"""The discharge page (R4.3): discharge a child from the user's team's caseload, refused
while a referral the team's service made has no outcome, unless a manager overrides with a
reason (referrals.services.discharge)."""

from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

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
    person = access.person
    teams = guard.discharge_teams(request.user, person)
    can_override = any(guard.is_manager_for(request.user, team) for team in teams)
    form = forms.DischargeForm(
        request.POST or None, teams=teams, can_override=can_override, initial={"on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = next(t for t in teams if str(t.pk) == data["team"])
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
    return render_page(
        request,
        "referrals/ward_discharge.jinja",
        title=f"Discharge from caseload – {person.full_name}",
        breadcrumbs=crumbs(person, True),
        form=form,
        person=person,
        access=access,
        person_header=person_header(person, request.user),
        teams=teams,
        open_referrals=[
            presenters.ReferralRow(r, "")
            for team in teams
            for r in guard.referrals_without_outcome(person, team).select_related(*queries.LIST_RELATED)
        ],
    )
