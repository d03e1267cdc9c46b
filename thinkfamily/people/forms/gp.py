"""Registration with a GP practice (people.services.gp)."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.organisations.models import Organisation


class GPRegistrationForm(Form):
    """Registration with a GP practice (issue 12): the current one ends the day this starts."""

    practice = forms.ModelChoiceField(
        label="GP practice",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE).order_by("name"),
        empty_label="Choose a GP practice",
        error_messages={"required": "Choose the GP practice.", "invalid_choice": "Choose the GP practice."},
    )
    start_date = DateInputField(
        label="Date the registration started",
        label_for_errors="The start date",
        past_only=True,
        help_text="For example, 2 9 2026",
    )
