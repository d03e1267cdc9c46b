"""Pages that keep the relationships true (issue 12): adding a person to a caseload (from their
record, or by NHS number and date of birth for someone not yet visible), transferring and
ending a caseload place, and a service opening and closing an episode of care. Views reach
people through access.scoping and call caseloads.services to write."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from thinkfamily.access import permissions
from thinkfamily.access.scoping import AccessScope
from thinkfamily.caseloads import forms, queries, services
from thinkfamily.core.audit import Auditor
from thinkfamily.core.forms import submitted, tell, with_example_nhs_number
from thinkfamily.core.views import render_page
from thinkfamily.demo import guide as demo_guide
from thinkfamily.organisations.models import Practitioner
from thinkfamily.people.views.page import FORM_TEMPLATE, HOME, person_page


def _person_page(request, access, *, title, form, heading, submit_text, intro=""):
    return person_page(request, FORM_TEMPLATE, access, title=title, form=form, heading=heading, intro=intro,
                       submit_text=submit_text)


def _own_team(user):
    """The user's team, if they may add to its caseload; refused (audited by the 403 handler)
    otherwise."""
    teams = queries.caseload_teams(user)
    if not teams:
        permissions.require(user, "organisations.add_to_caseload", user.team if user.team_id else None)
    return teams[0]


def _colleagues(user, team):
    """A team manager may put a person on a colleague's caseload; others choose theirs or the team's."""
    return queries.colleagues(team) if user.role == Practitioner.Role.TEAM_MANAGER else []


@require_http_methods(["GET", "POST"])
def add_by_identity(request):
    """"Add a child to your caseload": the NHS number and the date of birth must both match one
    record exactly. Nothing is shown of a record that does not match both."""
    user = request.user
    team = _own_team(user)
    form = forms.AddByIdentityForm(request.POST or None, user=user, team=team,
                                        colleagues=_colleagues(user, team))
    with_example_nhs_number(form, demo_guide.example_nhs_number(user))
    saved = submitted(request, form, lambda data: services.add_to_caseload_by_identity(
        Auditor.from_request(request), nhs_number=data["nhs_number"], date_of_birth=data["date_of_birth"],
        team=team, practitioner=form.practitioner(), start_date=data["start_date"], reason=data["reason"],
    ))
    if saved:
        place = saved.value
        tell(request, saved, f"{place.person.full_name} is now on the caseload of {place.holder_name}.")
        return redirect("people:record", place.person_id)
    return render_page(
        request,
        FORM_TEMPLATE,
        title="Add a child to your caseload",
        breadcrumbs=[HOME],
        form=form,
        heading="Add a child to your caseload",
        intro="Enter the child's (or adult's) NHS number and date of birth. Both must match their record. Adding "
        "them gives you and your team access to their record and tells you of changes to it; it is recorded in "
        "their chronology and in the audit trail.",
        submit_text="Add to caseload",
    )


@require_http_methods(["GET", "POST"])
def add_to_caseload(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    person, user = access.person, request.user
    team = queries.caseload_teams(user)[0] if queries.caseload_teams(user) else None
    if team is None:
        permissions.require(user, "organisations.add_to_caseload", user.team if user.team_id else None, record=person)
    form = forms.AddToCaseloadForm(request.POST or None, user=user, team=team, colleagues=_colleagues(user, team))
    saved = submitted(request, form, lambda data: services.add_to_caseload(
        scope.auditor_for(access), person, team=team, practitioner=form.practitioner(),
        start_date=data["start_date"], reason=data["reason"],
    ))
    if saved:
        tell(request, saved, f"{person.full_name} is now on the caseload of {saved.value.holder_name}.")
        return redirect("people:record", person.pk)
    return _person_page(request, access, title="Add to a caseload", form=form,
                        heading=f"Add {person.full_name} to a caseload", submit_text="Add to caseload",
                        intro="You and your team will be told of changes to this record from the start date.")


def _back(scope, person):
    """The record, or the home page when this change ended the user's own access to it."""
    if scope.visible_ids([person]):
        return redirect("people:record", person.pk)
    return redirect("home")


def _place(scope, access, place_id):
    try:
        place = queries.caseload_place(access.person, place_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No such caseload place") from exc
    permissions.require(scope.user, "organisations.change_caseload_place", place, record=access.person)
    return place


@require_http_methods(["GET", "POST"])
def transfer_place(request, person_id, place_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    place = _place(scope, access, place_id)
    form = forms.TransferForm(
        request.POST or None, teams=queries.transfer_teams(), practitioners=queries.transfer_practitioners(),
    )

    def transfer(data):
        team, practitioner = form.receiving()
        return services.transfer_caseload_place(
            scope.auditor_for(access), place, to_team=team, to_practitioner=practitioner, on=data["on"],
            reason=data["reason"],
        )

    saved = submitted(request, form, transfer)
    if saved:
        tell(request, saved, f"{access.person.full_name}'s place has been transferred to {saved.value.holder_name}.")
        return _back(scope, access.person)
    return _person_page(
        request, access, title="Transfer a caseload place", form=form,
        heading=f"Transfer from the caseload of {place.holder_name}", submit_text="Transfer",
        intro="This place ends on the date of the transfer and the new one starts that day: from then the new "
        "practitioner or team is told of changes to the record instead.",
    )


@require_http_methods(["GET", "POST"])
def end_place(request, person_id, place_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    place = _place(scope, access, place_id)
    form = forms.EndPlaceForm(request.POST or None)
    saved = submitted(request, form, lambda data: services.end_caseload_place(
        scope.auditor_for(access), place, on=data["end_date"], reason=data["reason"]
    ))
    if saved:
        tell(request, saved, f"{access.person.full_name} is no longer on the caseload of {place.holder_name}.")
        return _back(scope, access.person)
    return _person_page(
        request, access, title="End a caseload place", form=form,
        heading=f"End the place on the caseload of {place.holder_name}", submit_text="End caseload place",
        intro="From the end date the practitioner or team is no longer told of changes to this record through "
        "this place. If the person is moving to another practitioner or team, transfer the place instead.",
    )


@require_http_methods(["GET", "POST"])
def open_episode(request, person_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    user, person = request.user, access.person
    service = user.team.service if user.team_id else None
    permissions.require(user, "organisations.open_episode", service, record=person)
    form = forms.OpenEpisodeForm(request.POST or None)
    saved = submitted(request, form, lambda data: services.open_episode(
        scope.auditor_for(access), person, service=service, start_date=data["start_date"], reason=data["reason"]
    ))
    if saved:
        tell(request, saved, f"{person.full_name} is now in the care of {service.name}.")
        return redirect("people:record", person.pk)
    return _person_page(
        request, access, title="Open an episode of care", form=form,
        heading=f"Take {person.full_name} on in {service.name}", submit_text="Open episode of care",
        intro="While the episode is open, the staff of your service can read and write this record.",
    )


def _closed(episode) -> str:
    """What the discharge came to, with the disengagement follow-up it raised, if any."""
    done = f"The episode of care with {episode.service.name} has been closed."
    follow_up = queries.disengagement_follow_up(episode)
    if follow_up is None:
        return done
    who = follow_up.assigned_to.display_name if follow_up.assigned_to_id else follow_up.service.name
    return (f"{done} Children are known: a follow-up has been raised for {who} to contact their health visitor, "
            "school nurse or GP and consider a referral.")


@require_http_methods(["GET", "POST"])
def close_episode(request, person_id, episode_id):
    scope = AccessScope(request)
    access = scope.person(person_id)
    try:
        episode = queries.care_episode(access.person, episode_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No such episode of care") from exc
    permissions.require(request.user, "organisations.close_episode", episode, record=access.person)
    form = forms.CloseEpisodeForm(request.POST or None)
    saved = submitted(request, form, lambda data: services.close_episode(
        scope.auditor_for(access), episode, end_date=data["end_date"], reason=data["reason"],
        non_engagement=data["non_engagement"],
    ))
    if saved:
        tell(request, saved, _closed(saved.value))
        return _back(scope, access.person)
    return _person_page(
        request, access, title="Close an episode of care", form=form,
        heading=f"Close the episode of care with {episode.service.name}", submit_text="Close episode of care",
        intro="Tick 'Discharged for non-engagement' if the person stopped attending or did not engage. For an "
        "adult with children or an unborn baby known, you will then be asked to follow up: contact the children's "
        "health visitor, school nurse or GP and consider a referral.",
    )
