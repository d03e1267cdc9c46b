"""Forms of the pathways pages. They parse input only; the rules are in pathways.services."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, QueryForm
from thinkfamily.pathways.models import TransitionPlan
from thinkfamily.pathways.queries.transitions import adult_services
from thinkfamily.pathways.queries.waits import FIGURES


class AdultServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})"


class StartTransitionForm(Form):
    adult_service = AdultServiceField(
        queryset=adult_services(), label="Which adult service will the young person move to?",
        empty_label="Choose a service",
        error_messages={"required": "Choose the adult service the young person will move to.",
                        "invalid_choice": "Choose the adult service the young person will move to."},
    )
    started_on = DateInputField(label="When did transition planning start?", label_for_errors="The date planning "
                                "started", past_only=True, help_text="For example, 27 3 2026")
    planned_transfer_on = DateInputField(label="Planned transfer date (if agreed)", label_for_errors="The planned "
                                         "transfer date", required=False, help_text="For example, 27 9 2026")


class TransitionOutcomeForm(Form):
    outcome = forms.ChoiceField(
        label="How did the transition end?", choices=TransitionPlan.Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose how the transition ended."},
    )
    outcome_on = DateInputField(label="When?", label_for_errors="The date", past_only=True,
                                help_text="For example, 27 3 2026")
    reason = forms.CharField(
        label="Reason", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when a transfer is not needed, for example 'Goals met, discharged to the GP'.",
    )


class WaitingQuery(QueryForm):
    figure = forms.ChoiceField(choices=[(key, key) for key in FIGURES], required=False, initial="waiting_treatment")
