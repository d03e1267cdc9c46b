"""Relationships, parental responsibility and household moves. Forms parse and check what was
typed; the services (people.services.relationships, .households) apply the rules that need the
rest of the record."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, NHSNumberField
from thinkfamily.people.models import ParentalResponsibility, Relationship


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
