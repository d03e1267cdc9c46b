"""Forms for the health assessment pages: the next step, the family health history, the UASC
part and a clinician's UASC training. They parse and check what a nurse typed; the rules about
the pipeline (which step may follow, dates in order) are lac.services.pipeline's, and their
errors come back onto these forms (core.forms.apply_validation_error)."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.lac.models import AssessmentStep, FamilyHealthHistory, UASCAssessment

Step = AssessmentStep.Step


class StepForm(Form):
    """The next step of an assessment: only the steps that may follow where it is now."""

    step = forms.ChoiceField(
        label="What happened next?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened next.", "invalid_choice": "Choose one of the steps shown."},
    )
    occurred_on = DateInputField(label="Date it happened", label_for_errors="Date it happened", required=True,
                                 help_text="For example, 27 3 2026")
    appointment_on = DateInputField(
        label="Appointment date", label_for_errors="Appointment date", required=False,
        help_text="Only for an appointment booked: the day the child is to be seen",
    )
    reason = forms.CharField(
        label="Reason", required=False, max_length=500, widget=forms.Textarea,
        help_text="Needed when the child was not brought, the appointment was rescheduled, or the report was "
        "returned by quality assurance. It is counted and shown to the children-in-care team.",
    )
    clinician = forms.ChoiceField(
        label="Assessing clinician", required=False,
        help_text="Only for seen in clinic: who saw the child",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, steps=(), clinicians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(s, Step(s).label) for s in steps]
        self.fields["clinician"].choices = [("", "Me")] + [(str(p.pk), _clinician_label(p)) for p in clinicians]
        self.clinicians = {str(p.pk): p for p in clinicians}

    def clean(self):
        data = super().clean()
        step = data.get("step")
        if step == Step.APPOINTMENT_BOOKED and not data.get("appointment_on") and "appointment_on" not in self.errors:
            self.add_error("appointment_on", "Enter the date of the appointment.")
        if step in (Step.NOT_BROUGHT, Step.RESCHEDULED, Step.QA_RETURNED) and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why: the reason is counted and shown to the children-in-care team.")
        return data

    @property
    def chosen_clinician(self):
        return self.clinicians.get(self.cleaned_data.get("clinician") or "")


def _clinician_label(practitioner) -> str:
    role = practitioner.get_role_display() if practitioner.role else ""
    team = practitioner.team.name if practitioner.team_id else ""
    return ", ".join(part for part in [practitioner.display_name, role, team] if part)


class FamilyHistoryForm(Form):
    relative = forms.ChoiceField(
        label="Whose health is this about?", choices=FamilyHealthHistory.Relative.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whose health this is about."},
    )
    condition = forms.CharField(
        label="Condition", max_length=200,
        error_messages={"required": "Enter the condition, for example 'Type 1 diabetes' or 'Depression'."},
    )
    details = forms.CharField(label="Details (optional)", required=False, widget=forms.Textarea)
    source = forms.CharField(
        label="Where the information came from", max_length=200,
        help_text="For example, the council's placement information form, or the birth mother",
        error_messages={"required": "Say where this came from, for example 'Council's placement information form'."},
    )
    may_share_with_young_person = forms.BooleanField(
        label="This may be shared with the young person (for example in their health passport)", required=False,
    )


class UASCForm(Form):
    journey = forms.CharField(
        label="Journey to the UK", widget=forms.Textarea,
        help_text="In the young person's words where possible",
        error_messages={"required": "Describe the journey to the UK, in the young person's words where possible."},
    )
    trauma = forms.CharField(
        label="Trauma, its effects and support offered", widget=forms.Textarea,
        error_messages={
            "required": "Record trauma, its effects and the support offered, or say that none was disclosed."
        },
    )
    age_assessment = forms.ChoiceField(
        label="Age assessment", choices=UASCAssessment.AgeAssessment.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose where the age assessment stands."},
    )
    immigration_status = forms.ChoiceField(
        label="Immigration status", choices=UASCAssessment.ImmigrationStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the immigration status, or 'Not known'."},
    )
    interpreter_used = forms.BooleanField(label="An interpreter was used", required=False)
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class UASCTrainingForm(Form):
    practitioner = forms.ChoiceField(label="Clinician", error_messages={"required": "Choose the clinician."})
    course = forms.CharField(
        label="Course", max_length=200,
        error_messages={
            "required": "Enter the name of the course, for example 'Health assessment of UASC (CoramBAAF)'."
        },
    )
    completed_on = DateInputField(label="Date completed", label_for_errors="Date completed", past_only=True)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [(str(p.pk), _clinician_label(p)) for p in colleagues]
        self.colleagues = {str(p.pk): p for p in colleagues}

    @property
    def chosen_practitioner(self):
        return self.colleagues.get(self.cleaned_data.get("practitioner") or "")
