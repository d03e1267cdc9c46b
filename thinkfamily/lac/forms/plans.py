"""Forms for health plans (R6.3). They parse input only; the rules are in lac.services.plans."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, QueryForm, RecordIdField
from thinkfamily.lac.models import HealthArea


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






class PlanQuery(QueryForm):
    """Which of the child's health plans is shown (the links to earlier plans)."""

    plan = RecordIdField(required=False)
