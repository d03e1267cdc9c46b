from django import forms

from thinkfamily.access.models import BreakGlassAccess
from thinkfamily.core.forms import DateInputField, Form, QueryForm


class BreakGlassForm(Form):
    reason = forms.ChoiceField(
        label="Why do you need to open this record?",
        choices=BreakGlassAccess.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you need to open this record."},
    )
    justification = forms.CharField(
        label="Explain the need",
        widget=forms.Textarea,
        help_text="Your organisation's safeguarding lead will be told at once and will review this access.",
        error_messages={"required": "Explain why you need this record now."},
    )


class ReviewForm(Form):
    outcome = forms.ChoiceField(
        label="Was this access appropriate?",
        choices=BreakGlassAccess.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the access was appropriate."},
    )
    note = forms.CharField(
        label="Review note",
        widget=forms.Textarea,
        required=False,
        help_text="Required when the access was not appropriate: say what happens next.",
    )


class AccessLogFilterForm(Form):
    date_from = DateInputField(label="From", label_for_errors="The from date", required=False)
    date_to = DateInputField(label="To", label_for_errors="The to date", required=False)
    action = forms.ChoiceField(label="Kind of access", required=False)
    who = forms.CharField(label="Practitioner or organisation contains", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        from thinkfamily.core.models import AuditEvent

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any")] + list(AuditEvent.Action.choices)


class HistoryFormatQuery(QueryForm):
    """The access history as a page, or as a CSV download."""

    format = forms.ChoiceField(choices=[("page", "Page"), ("csv", "CSV")], required=False, initial="page")
