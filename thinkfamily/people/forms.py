"""Forms parse and check what was typed; the services in services.py apply the rules that
need the rest of the record."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, NHSNumberField
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.models import (
    CPCategory,
    LegalStatus,
    LegalStatusEntry,
    ParentalResponsibility,
    Person,
    Relationship,
    Sex,
)


class SearchForm(Form):
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=20,
        help_text="10 digits, with or without spaces, for example 943 476 5919",
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


class RelationshipForm(Form):
    type = forms.ChoiceField(
        label="How is this person related?",
        choices=Relationship.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the person is related."},
    )
    relative_nhs_number = NHSNumberField(
        label="Their NHS number",
        required=False,
        help_text="Find the relative by NHS number, or choose from the household below",
    )
    relative_in_household = forms.ChoiceField(label="Or choose someone in the household", required=False)
    start_date = DateInputField(
        label="Since",
        label_for_errors="The start date",
        required=False,
        past_only=True,
        help_text="Optional. For a birth parent, the date of birth is used",
    )
    notes = forms.CharField(label="Notes", max_length=300, required=False)

    def __init__(self, *args, household_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative_in_household"].choices = [("", "Choose a person")] + list(household_choices)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("relative_nhs_number") and not data.get("relative_in_household"):
            self.add_error("relative_nhs_number", "Enter the relative's NHS number or choose someone in the household.")
        return data


class EndRelationshipForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = DateInputField(label="Ended on", label_for_errors="The end date", past_only=True)


class ParentalResponsibilityForm(Form):
    holder = forms.ChoiceField(
        label="Who holds parental responsibility?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who holds parental responsibility."},
    )
    basis = forms.ChoiceField(
        label="On what basis?",
        choices=ParentalResponsibility.Basis.choices,
        error_messages={"required": "Choose the basis of parental responsibility."},
    )
    start_date = DateInputField(label="From", label_for_errors="The start date", past_only=True)

    def __init__(self, *args, holder_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = list(holder_choices)


class HouseholdMoveForm(Form):
    DESTINATION_CHOICES = [("new", "A new address"), ("existing", "The household of a family member")]

    move_date = DateInputField(
        label="Date of the move",
        label_for_errors="The date of the move",
        past_only=True,
        help_text="For example, 1 9 2025",
    )
    destination = forms.ChoiceField(
        label="Where have they moved to?",
        choices=DESTINATION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where they moved to."},
    )
    address_line_1 = IdentityField(label="Address line 1", max_length=200, required=False)
    address_line_2 = IdentityField(label="Address line 2", max_length=200, required=False)
    town = IdentityField(label="Town or city", max_length=100, required=False)
    postcode = IdentityField(label="Postcode", max_length=10, required=False)
    household = forms.ChoiceField(label="Household of", required=False)
    reason = forms.CharField(label="Reason for the move", max_length=300, required=False)

    def __init__(self, *args, household_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", "Choose a household")] + list(household_choices)

    def clean(self):
        data = super().clean()
        if data.get("destination") == "existing" and not data.get("household"):
            self.add_error("household", "Choose the household they moved to.")
        if data.get("destination") == "new":
            for name, message in [
                ("address_line_1", "Enter the first line of the new address."),
                ("town", "Enter the town or city."),
                ("postcode", "Enter the postcode."),
            ]:
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data


class LegalStatusForm(Form):
    status = forms.ChoiceField(
        label="Legal status", choices=LegalStatus.choices, error_messages={"required": "Choose the legal status."}
    )
    change = forms.ChoiceField(
        label="Is it starting or ending?",
        choices=LegalStatusEntry.Change.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose starting or ending."},
    )
    effective_date = DateInputField(label="From", label_for_errors="The date", past_only=True)
    cp_category = forms.ChoiceField(
        label="Child protection plan category",
        required=False,
        choices=[("", "Not a child protection plan")] + CPCategory.choices,
    )
    responsible_authority = forms.ModelChoiceField(
        label="Responsible local authority",
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY),
    )
    placement_type = forms.CharField(
        label="Placement (looked after only)",
        max_length=100,
        required=False,
        help_text="For example, foster care, residential, placed with parents",
    )
    placing_authority = forms.ModelChoiceField(
        label="Placed here by another authority",
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY),
    )
    placed_out_of_area = forms.BooleanField(label="Placed out of area", required=False)
    notes = forms.CharField(label="Notes", max_length=500, required=False)


class CorrectLegalStatusForm(LegalStatusForm):
    correction_reason = forms.CharField(
        label="Why is this entry being corrected?",
        max_length=300,
        error_messages={"required": "Say why this entry is being corrected."},
    )


class PlacementChangeForm(Form):
    effective_date = DateInputField(label="Date of the move", label_for_errors="The date of the move",
                                    past_only=True)
    placement_type = forms.CharField(
        label="New placement", max_length=100,
        help_text="For example, foster care with a Sefton foster carer, residential children's home, placed with "
        "parents",
        error_messages={"required": "Describe the new placement, for example 'Foster care with a Sefton foster "
                                    "carer'."},
    )
    placing_authority = forms.ModelChoiceField(
        label="Placed here by another authority (optional)",
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY),
    )
    placed_out_of_area = forms.BooleanField(label="Placed out of area", required=False)
    notes = forms.CharField(label="Notes (optional)", max_length=500, required=False)


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
