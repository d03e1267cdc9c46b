"""Forms of the caseload and episode-of-care pages (caseloads.views). They parse what
was typed; caseloads.services applies the rules that need the record."""

from django import forms

from thinkfamily.core import clock
from thinkfamily.core.forms import DateInputField, Form, NHSNumberField, nhs_number_hint

ME, TEAM = "me", "team"


def _reason(label: str, hint: str, required: str, max_length: int = 300) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": 3}), help_text=hint,
        error_messages={"required": required},
    )


def _date(label: str, label_for_errors: str) -> DateInputField:
    return DateInputField(label=label, label_for_errors=label_for_errors, past_only=True,
                          help_text="For example, 2 9 2026")


class _WhoseCaseload(Form):
    """Whose caseload: the user's own, their team's, or (for the team manager) a colleague's."""

    whose = forms.ChoiceField(
        label="Whose caseload?", widget=forms.RadioSelect,
        error_messages={"required": "Choose whose caseload the person joins.", "invalid_choice":
                        "Choose whose caseload the person joins."},
    )

    def __init__(self, *args, user, team, colleagues=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("start_date", clock.today())
        super().__init__(*args, **kwargs)
        choices = [(ME, "My caseload"), (TEAM, f"{team.name}'s caseload (the team)")]
        choices += [(str(c.pk), f"{c.display_name}'s caseload") for c in colleagues if c.pk != user.pk]
        self.fields["whose"].choices = choices
        self._user, self._colleagues = user, {str(c.pk): c for c in colleagues}

    def practitioner(self):
        """The named practitioner chosen (None for the team's own caseload)."""
        whose = self.cleaned_data["whose"]
        if whose == ME:
            return self._user
        if whose == TEAM:
            return None
        return self._colleagues[whose]


class AddToCaseloadForm(_WhoseCaseload):
    start_date = _date("Date the person joined the caseload", "The start date")
    reason = _reason(
        "Why is this person joining the caseload?",
        "For example: new birth notification; transfer in from another area; referral accepted",
        "Enter why this person is joining the caseload.",
    )


class AddByIdentityForm(_WhoseCaseload):
    """The NHS number and date of birth must both match one record exactly (no browsing)."""

    nhs_number = NHSNumberField(
        label="NHS number", help_text=nhs_number_hint(),
        error_messages={"required": "Enter the NHS number."},
    )
    date_of_birth = DateInputField(label="Date of birth", label_for_errors="Date of birth", past_only=True,
                                   help_text="For example, 14 3 2019")
    start_date = _date("Date the person joined the caseload", "The start date")
    reason = _reason(
        "Why is this person joining your caseload?",
        "For example: new birth notification; moved into the area; referral accepted. This is kept with the record.",
        "Enter why this person is joining the caseload.",
    )
    field_order = ["nhs_number", "date_of_birth", "whose", "start_date", "reason"]


class TransferForm(Form):
    to = forms.ChoiceField(
        label="Who takes the place on?",
        help_text="A named practitioner, or a team's caseload if the team will allocate it",
        error_messages={"required": "Choose who takes the place on.",
                        "invalid_choice": "Choose who takes the place on."},
    )
    on = _date("Date of the transfer", "The date of the transfer")
    reason = _reason(
        "Why is the place being transferred?",
        "For example: started school (health visitor to school nurse); moved to another part of the area",
        "Enter why the place is being transferred.",
    )

    def __init__(self, *args, teams, practitioners, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", clock.today())
        super().__init__(*args, **kwargs)
        self._teams = {f"team:{t.pk}": t for t in teams}
        self._practitioners = {f"practitioner:{p.pk}": p for p in practitioners}
        choices = [("", "Choose a practitioner or team")]
        choices += [(key, f"{p.display_name}, {p.get_role_display().lower()} ({p.team.name})")
                    for key, p in self._practitioners.items()]
        choices += [(key, f"{t.name}: team caseload ({t.service.organisation.name})") for key, t in self._teams.items()]
        self.fields["to"].choices = choices

    def receiving(self):
        """(team, practitioner or None) chosen."""
        key = self.cleaned_data["to"]
        if key in self._practitioners:
            practitioner = self._practitioners[key]
            return practitioner.team, practitioner
        return self._teams[key], None


class EndPlaceForm(Form):
    end_date = _date("Date the place ends", "The end date")
    reason = _reason(
        "Why is the place ending?",
        "For example: moved out of area (give the new area if known); no longer needs the service",
        "Enter why this caseload place is ending.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("end_date", clock.today())
        super().__init__(*args, **kwargs)


class OpenEpisodeForm(Form):
    start_date = _date("Date the service took the person on", "The start date")
    reason = _reason(
        "Why is the service taking this person on?",
        "For example: referral accepted, low mood and self-harm; admitted to the children's ward",
        "Enter why the service is taking this person on.", max_length=200,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("start_date", clock.today())
        super().__init__(*args, **kwargs)


class CloseEpisodeForm(Form):
    end_date = _date("Date of discharge", "The end date")
    # The consequence is said in the page's introduction (caseloads.views.close_episode).
    non_engagement = forms.BooleanField(label="Discharged for non-engagement", required=False)
    reason = _reason(
        "Why is the episode of care closing?",
        "For example: discharged, goals met; transferred to adult services; did not attend three appointments "
        "and did not reply to letters",
        "Enter why the episode of care is closing.", max_length=200,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("end_date", clock.today())
        super().__init__(*args, **kwargs)
