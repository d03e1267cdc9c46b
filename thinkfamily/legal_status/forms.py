"""A legal status change recorded or corrected, and a looked-after child's change of placement.
They parse what was typed; legal_status.services applies the rules that need the record."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.organisations.models import Organisation
from thinkfamily.people.models import CPCategory, LegalStatus, LegalStatusEntry


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
