"""The immunisations and known conditions a health passport draws on, and its review (R6.6).
The rules are in lac.services.passport."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField


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
