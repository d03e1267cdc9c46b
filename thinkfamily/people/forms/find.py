"""The search for a person: by NHS number, or by family name and date of birth."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, nhs_number_hint


class SearchForm(Form):
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=20,
        help_text=nhs_number_hint(),
    )
    given_name = IdentityField(label="Given name", required=False, max_length=100)
    family_name = IdentityField(label="Family name", required=False, max_length=100)
    date_of_birth = DateInputField(
        label="Date of birth", label_for_errors="Date of birth", required=False, help_text="For example, 14 3 2019"
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("nhs_number"):
            return data
        if not data.get("family_name") and not data.get("date_of_birth"):
            raise forms.ValidationError("Enter an NHS number, or a family name and date of birth.", code="empty")
        if not data.get("family_name"):
            self.add_error("family_name", "Enter a family name to search with the date of birth.")
        if not data.get("date_of_birth"):
            self.add_error("date_of_birth", "Enter a date of birth to search with the family name.")
        return data
