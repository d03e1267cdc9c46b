"""A child's move to a new school (people.services.schools)."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.organisations.models import Organisation


class SchoolChangeForm(Form):
    """A move to a new school. The reason is required: the school nurse needs it (§5.2.19)."""

    school = forms.ModelChoiceField(
        label="New school",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("name"),
        empty_label="Choose a school",
        error_messages={"required": "Choose the new school."},
    )
    start_date = DateInputField(
        label="Date the child started at the new school",
        label_for_errors="The start date",
        past_only=True,
        help_text="For example, 2 9 2026",
    )
    reason = forms.CharField(
        label="Reason for the move",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The school nurse is told of the move with this reason, to judge whether the child is at risk",
        error_messages={"required": "Enter the reason for the move: the school nurse needs it to assess risk."},
    )
