"""An unborn baby recorded against the pregnant woman, and the birth (people.services.births)."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, NHSNumberField
from thinkfamily.people.models import Sex


class UnbornForm(Form):
    expected_delivery_date = DateInputField(
        label="Expected date of delivery", label_for_errors="The expected date of delivery"
    )
    family_name = IdentityField(
        label="Family name for the baby",
        max_length=100,
        required=False,
        help_text="Leave blank to use the mother's family name",
    )
    father_nhs_number = NHSNumberField(label="Father's NHS number (if known)", required=False)


class BirthForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date_of_birth = DateInputField(label="Date of birth", label_for_errors="Date of birth", past_only=True)
    given_name = IdentityField(label="Given name", max_length=100, required=False)
    family_name = IdentityField(label="Family name", max_length=100, required=False)
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the baby's sex."},
    )
    nhs_number = NHSNumberField(label="NHS number", required=False)
