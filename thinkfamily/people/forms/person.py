"""A person recorded, and their details corrected. Forms parse and check what was typed; the
services (people.services.persons) apply the rules that need the rest of the record."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, NHSNumberField
from thinkfamily.people.models import Person, Sex


class PersonForm(Form):
    given_name = IdentityField(label="Given name", max_length=100, required=False)
    middle_names = IdentityField(label="Middle names", max_length=100, required=False)
    family_name = IdentityField(
        label="Family name", max_length=100, error_messages={"required": "Enter a family name (surname)."}
    )
    nhs_number = NHSNumberField(
        label="NHS number",
        required=False,
        help_text="Leave blank if not yet known, for example a child newly arrived in the UK",
    )
    date_of_birth = DateInputField(
        label="Date of birth", label_for_errors="Date of birth", past_only=True, help_text="For example, 14 3 2019"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(
        label="Record for",
        error_messages={"required": "Select whether the record is for a child or young person, or an adult."},
        choices=[(Person.Kind.CHILD, "A child or young person (0-19)"), (Person.Kind.ADULT, "An adult")],
        widget=forms.RadioSelect,
    )
    ethnicity = forms.CharField(label="Ethnicity", max_length=100, required=False)
    language = forms.CharField(label="Main language", max_length=60, required=False, initial="English")
    interpreter_needed = forms.BooleanField(label="An interpreter is needed", required=False)


class CorrectPersonForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are these details being corrected?",
        max_length=300,
        error_messages={"required": "Say why these details are being corrected."},
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        if person.is_unborn:
            for name in ["date_of_birth", "nhs_number", "sex", "kind"]:
                del self.fields[name]
