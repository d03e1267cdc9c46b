"""An SDQ score received from social care (R6.5). The rules are in lac.services.sdq."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.lac.models import SDQScore


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
