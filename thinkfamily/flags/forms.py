"""Forms parse and check what was typed; flags.services and flags.lookup apply the rules
that need the record."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form, IdentityField, NHSNumberField, nhs_number_hint
from thinkfamily.flags.models import Flag, FlagType
from thinkfamily.flags.services import hand_raised_types


class LookupForm(Form):
    nhs_number = NHSNumberField(
        label="NHS number",
        help_text=nhs_number_hint(),
        error_messages={"required": "Enter the NHS number of the person in front of you."},
    )


class FlagTypeChoiceField(forms.ChoiceField):
    """Offers the types a lead may raise by hand, but accepts any existing type, so that a
    legal-status type (from a stale page or a crafted request) reaches the service, which
    says why it cannot be raised by hand."""

    def valid_value(self, value):
        # Compared with the codes, not looked up with the value: a value sent with a NUL in it
        # must be refused here, not reach PostgreSQL (which cannot store or compare it).
        return value in set(FlagType.objects.values_list("code", flat=True))


class RaiseFlagForm(Form):
    type = FlagTypeChoiceField(
        label="Type of flag",
        error_messages={
            "required": "Choose the type of flag.",
            "invalid_choice": "Choose a type of flag from the list.",
        },
        help_text="Child protection plan, looked after, placed for adoption and child in need flags follow from "
        "the legal status: record the legal status change instead.",
    )
    detail = forms.CharField(
        label="Detail (optional)", max_length=200, required=False, help_text="For example, the MARAC date or risk"
    )
    start_date = DateInputField(
        label="Start date", label_for_errors="The start date", past_only=True, help_text="For example, 14 3 2026"
    )
    contact_name = IdentityField(
        label="Who to contact about this flag",
        max_length=200,
        help_text="A named person or team, for example Sefton IDVA service",
        error_messages={"required": "Enter who to contact about this flag."},
    )
    contact_phone = IdentityField(
        label="In-hours telephone",
        max_length=40,
        error_messages={"required": "Enter the contact's in-hours telephone number."},
    )
    contact_out_of_hours_phone = IdentityField(
        label="Out-of-hours telephone (optional)", max_length=40, required=False
    )
    visibility = forms.ChoiceField(
        label="Who may see this flag",
        choices=Flag.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Flag.Visibility.EVERYONE,
        error_messages={"required": "Choose who may see this flag."},
    )

    def __init__(self, *args, types=None, **kwargs):
        """``types``: the flag types this user raises by hand (flags.services.raisable_types)."""
        super().__init__(*args, **kwargs)
        types = hand_raised_types() if types is None else types
        self.fields["type"].choices = [("", "Choose a type")] + [(t.code, t.label) for t in types]

    def clean_type(self):
        return FlagType.objects.get(code=self.cleaned_data["type"])


class EndFlagForm(Form):
    end_date = DateInputField(
        label="End date", label_for_errors="The end date", past_only=True, help_text="For example, 14 3 2026"
    )
    reason = forms.CharField(
        label="Why is the flag ending?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Say why the flag is ending."},
    )


class FlagTypeForm(Form):
    label = IdentityField(
        label="Name of the flag type",
        max_length=100,
        help_text="As practitioners will read it on the banner, for example Honour-based abuse risk",
        error_messages={"required": "Enter the name of the flag type."},
    )
    description = forms.CharField(label="Description (optional)", max_length=300, required=False)
