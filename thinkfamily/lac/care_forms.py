"""Forms for health plans, SDQ scores, immunisations, conditions and the health passport.
They parse input only; the rules are in lac.plans, lac.sdq and lac.passport."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, QueryForm, RecordIdField
from thinkfamily.lac.models import HealthArea, SDQScore


class StartPlanForm(Form):
    assessment = forms.ChoiceField(label="Which assessment does this plan follow?", required=False)

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = [("", "Not linked to an assessment")] + [
            (str(a.pk), f"{a.get_kind_display()}, seen {a.seen_on:%d/%m/%Y}") for a in assessments
        ]


class PlanActionForm(Form):
    area = forms.ChoiceField(
        label="Area of health",
        choices=[("", "Choose an area")] + list(HealthArea.choices),
        error_messages={"required": "Choose the area of health this action is about."},
    )
    action = forms.CharField(
        label="What will be done?",
        help_text="Specific and measurable: what, where or with whom, and how you will know it is done. "
        "For example 'Book a dental check-up at Crosby dental practice and confirm attendance with the carer'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what will be done."},
    )
    owner = forms.CharField(
        label="Who will do it?",
        help_text="A named person or role, for example 'foster carer, Mrs Byrne' or 'children-in-care nurse'.",
        required=False,
        max_length=200,
    )
    due_on = DateInputField(label="By when?", label_for_errors="The due date", required=False,
                            help_text="For example, 27 3 2027")


class CompleteActionForm(Form):
    done_on = DateInputField(label="When was it done?", label_for_errors="The date it was done", past_only=True,
                             help_text="For example, 27 3 2026")


class SDQForm(Form):
    completed_on = DateInputField(label="When was the questionnaire completed?",
                                  label_for_errors="The date the questionnaire was completed",
                                  help_text="For example, 27 3 2026")
    informant = forms.ChoiceField(
        label="Who completed it?",
        choices=SDQScore.Informant.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who completed the questionnaire."},
    )
    total_difficulties = forms.IntegerField(
        label="Total difficulties score",
        help_text="From 0 to 40, as sent by social care.",
        error_messages={
            "required": "Enter the total difficulties score, from 0 to 40.",
            "invalid": "Enter the total difficulties score as a whole number from 0 to 40.",
        },
    )
    received_from = forms.ChoiceField(label="Received from", required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_from"].choices = [("", "Choose the council")] + [
            (str(o.pk), o.name) for o in organisations
        ]


class ImmunisationForm(Form):
    vaccine = forms.CharField(label="Vaccine", max_length=120, help_text="For example, MMR second dose.",
                              error_messages={"required": "Enter the vaccine, for example 'MMR second dose'."})
    given_on = DateInputField(label="Date given", label_for_errors="The date it was given", past_only=True,
                              help_text="For example, 27 3 2019")


class ConditionForm(Form):
    name = IdentityField(label="Condition", max_length=200,
                           error_messages={"required": "Enter the condition, for example 'asthma'."})
    since = DateInputField(label="Since (if known)", label_for_errors="The date it started", required=False,
                           past_only=True)
    ended_on = DateInputField(label="Ended (if it has)", label_for_errors="The date it ended", required=False,
                              past_only=True)
    notes = forms.CharField(label="Notes", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PassportReviewForm(Form):
    note = forms.CharField(
        label="What did you check?",
        help_text="For example: checked against the GP record; family history agreed with the social worker.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Write what you checked before the passport can be released."},
    )


class PlanQuery(QueryForm):
    """Which of the child's health plans is shown (the links to earlier plans)."""

    plan = RecordIdField(required=False)
