"""Forms parse and check what was typed; assessments.services apply the rules that need the
record (which questions are asked, whether the attendance may be completed)."""

from django import forms

from thinkfamily.assessments.models import Answer, RoutineEnquiry, questions_for
from thinkfamily.core.forms import DateInputField, Form, NHSNumberField, QueryForm, nhs_number_hint

TEXT_ANSWERS = {"social_circumstances", "accompanied_by"}
YES_NO = [(Answer.YES, "Yes"), (Answer.NO, "No")]
HINTS = {
    "children_answer": "Ask every adult, whatever their sex. If yes, you link the children on the next page: their "
    "health visitor or school nurse and GP are told.",
    "social_circumstances": "For example, housing, who they live with, who cares for the children today",
    "accompanied_by": "A name and their relationship to the young person, or 'alone'",
}


def _question_fields(in_ed: bool, as_child: bool) -> dict:
    fields = {}
    for name, label in questions_for(in_ed, as_child):
        if name in TEXT_ANSWERS:
            fields[name] = forms.CharField(label=label, max_length=200, required=False, help_text=HINTS.get(name, ""))
        else:
            choices = YES_NO if name == "children_answer" else Answer.choices
            fields[name] = forms.ChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect, required=False,
                help_text=HINTS.get(name, ""), error_messages={"invalid_choice": "Choose one of the answers."},
            )
    return fields


class AttendanceForm(Form):
    """The attendance, and the questions asked at it. Saved unanswered, it stays incomplete."""

    reason = forms.CharField(
        label="Reason for the attendance or appointment", max_length=200,
        error_messages={"required": "Enter why the person came, or what the appointment was for."},
    )

    def __init__(self, *args, in_ed: bool, as_child: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if in_ed:
            self.fields["reason"].label = "Presenting reason"
            self.fields["risky_behaviour"] = forms.CharField(
                label="Risky behaviour (optional)", max_length=400, required=False, widget=forms.Textarea,
                help_text="For example, intoxication, self-harm, violence or threats. If you describe it and children "
                "live with this adult, their health visitor or school nurse and GP are told (paediatric liaison).",
            )
        self.fields.update(_question_fields(in_ed, as_child))
        if as_child:
            self.fields["concern"] = forms.CharField(
                label="A concern that social care may need to be involved (optional)", max_length=2000,
                required=False, widget=forms.Textarea,
                help_text="Say what the concern is. It is recorded as a concern with a decision due: a referral to "
                "the MASH, a discussion with your safeguarding lead, or no referral with the reason.",
            )


class AnswersForm(Form):
    """The questions still unanswered on an incomplete attendance."""

    def __init__(self, *args, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        fields = _question_fields(attendance.in_emergency_department, attendance.as_child)
        self.fields.update({name: field for name, field in fields.items() if not getattr(attendance, name)})


class LinkChildrenForm(Form):
    children = forms.MultipleChoiceField(
        label="Children the adult named", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Children and unborn babies recorded in their family or household",
    )
    nhs_number = NHSNumberField(
        label="Another child's NHS number (optional)", required=False,
        help_text=nhs_number_hint("10 digits, for a child not listed above"),
    )

    def __init__(self, *args, known=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(str(child.pk), child.full_name) for child in known]
        if not known:
            del self.fields["children"]

    def clean(self):
        data = super().clean()
        if not data.get("children") and not data.get("nhs_number") and not self.errors:
            raise forms.ValidationError("Choose a child, or enter a child's NHS number.")
        return data


class LiaisonReviewForm(Form):
    note = forms.CharField(
        label="What the review found and what happens next", max_length=1000, widget=forms.Textarea,
        error_messages={"required": "Say what the review found and what happens next."},
    )


class RoutineEnquiryForm(Form):
    stage = forms.ChoiceField(
        label="When in the pregnancy", widget=forms.RadioSelect,
        error_messages={"required": "Choose when in the pregnancy she was asked.",
                        "invalid_choice": "Choose when in the pregnancy she was asked."},
    )
    asked_on = DateInputField(label="Date", label_for_errors="The date", past_only=True,
                              help_text="For example, 14 3 2026")
    seen_alone = forms.TypedChoiceField(
        label="Was she seen alone?", choices=YES_NO, widget=forms.RadioSelect, coerce=lambda v: v == Answer.YES,
        error_messages={"required": "Say whether she was seen alone."},
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=RoutineEnquiry.Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the enquiry."},
    )
    not_asked_reason = forms.CharField(
        label="If not asked, why not?", max_length=300, required=False,
        help_text="For example, her partner stayed in the room",
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(stage.key, stage.label) for stage in stages]


class CompleteAction(Form):
    """Which button was pressed: "Save and complete", or save with questions left (incomplete)."""

    action = forms.ChoiceField(choices=[("save", "Save"), ("complete", "Save and complete")], required=False)

    @property
    def completes(self) -> bool:
        return self.is_valid() and self.cleaned_data["action"] == "complete"


class PregnancyQuery(QueryForm):
    """The pregnancy a routine enquiry is recorded for (the unborn baby's record id)."""

    pregnancy = forms.UUIDField(required=False)


class PeriodQuery(QueryForm):
    days = forms.TypedChoiceField(
        choices=[("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days")], coerce=int, required=False,
        initial=30, label="Period",
    )
