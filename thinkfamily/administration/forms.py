"""Forms of the local administrator's pages (administration.views)."""

from django import forms

from thinkfamily.administration import imports
from thinkfamily.core.forms import MAX_ID, Form, IdentityField, QueryForm
from thinkfamily.organisations.models import Organisation, Practitioner, Service, Team

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.nhs.uk."


def _team_label(team: Team) -> str:
    return f"{team.name} – {team.service.organisation.name}"


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _team_label(obj)


def _teams():
    return Team.objects.select_related("service__organisation").order_by("name", "service__organisation__name")


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by their ids: an id that is not a whole number the database can hold is
    refused as any unknown choice is (the query would overflow)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": text[:20]})
        return super()._check_values(value)


class OrganisationForm(Form):
    name = IdentityField(label="Name", max_length=200, error_messages={"required": "Enter the organisation's name."})
    code = IdentityField(
        label="Code", max_length=20,
        help_text="The organisation's ODS code (for example RVY or 01T), or a code of your own if it has none",
        error_messages={"required": "Enter the organisation's code."},
    )
    kind = forms.ChoiceField(
        label="Kind of organisation", choices=[("", "Choose the kind of organisation"), *Organisation.Kind.choices],
        error_messages={"required": "Choose the kind of organisation."},
    )
    phone = IdentityField(label="Phone (in hours) (optional)", max_length=40, required=False)
    out_of_hours_phone = IdentityField(label="Phone (out of hours) (optional)", max_length=40, required=False)
    address = IdentityField(label="Address (optional)", max_length=300, required=False)
    commissioned_by = RowsChoiceField(
        label="Commissioned by (optional)",
        queryset=Organisation.objects.filter(
            kind__in=[Organisation.Kind.CCG, Organisation.Kind.LOCAL_AUTHORITY]
        ).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The commissioning bodies (integrated care boards, CCGs, councils) that commission its services",
    )

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exclude is not None:
            self.fields["commissioned_by"].queryset = self.fields["commissioned_by"].queryset.exclude(pk=exclude.pk)


class ServiceForm(Form):
    name = IdentityField(label="Name of the service", max_length=200,
                         error_messages={"required": "Enter the name of the service."})
    kind = forms.ChoiceField(
        label="Kind of service", choices=[("", "Choose the kind of service"), *Service.Kind.choices],
        error_messages={"required": "Choose the kind of service."},
    )
    site = IdentityField(label="Site (optional)", max_length=200, required=False)
    phone = IdentityField(label="Phone (optional)", max_length=40, required=False)


class TeamForm(Form):
    name = IdentityField(label="Name of the team", max_length=200,
                         error_messages={"required": "Enter the name of the team."})
    phone = IdentityField(label="Phone (optional)", max_length=40, required=False)
    email = forms.EmailField(label="Email (optional)", required=False, error_messages={"invalid": EMAIL_INVALID})


class PlacementForm(Form):
    team = TeamChoiceField(label="Team", queryset=_teams(), required=False, empty_label="No team")
    role = forms.ChoiceField(
        label="Role", choices=[("", "Choose their role"), *Practitioner.Role.choices],
        error_messages={"required": "Choose their role."},
    )
    job_title = IdentityField(label="Job title (optional)", max_length=200, required=False)
    phone = IdentityField(label="Phone (optional)", max_length=40, required=False)
    email = forms.EmailField(label="Email (optional)", required=False, error_messages={"invalid": EMAIL_INVALID})

    def clean(self):
        data = super().clean()
        role, team = data.get("role"), data.get("team")
        if role and not team and role not in Practitioner.Role.NO_PERSON_ACCESS:
            self.add_error("team", "Choose their team: everyone who works with people's records is in a team.")
        return data


class PractitionerForm(PlacementForm):
    first_name = IdentityField(label="First name", max_length=150,
                               error_messages={"required": "Enter their first name."})
    last_name = IdentityField(label="Last name", max_length=150, error_messages={"required": "Enter their last name."})
    username = IdentityField(
        label="Username", max_length=150,
        help_text="What they will sign in with, for example firstname.lastname. Letters, digits and . @ + - _ only",
        error_messages={"required": "Enter a username."},
    )
    password_choice = forms.ChoiceField(
        label="How will they get their first password?",
        choices=[("one_time", "Make a one-time password to give them: they choose their own when they first sign in"),
                 ("set", "Set a password now")],
        widget=forms.RadioSelect,
        initial="one_time",
        error_messages={"required": "Choose how they will get their first password."},
    )
    password = forms.CharField(
        label="Password (only if you set one now)", required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Three or more random words together make a strong password",
    )

    field_order = ["first_name", "last_name", "username", "role", "team", "job_title", "phone", "email",
                   "password_choice", "password"]

    def clean(self):
        data = super().clean()
        if data.get("password_choice") == "set" and not data.get("password"):
            self.add_error("password", "Enter the password you are setting, or choose a one-time password.")
        return data


class LeaverForm(Form):
    reason = forms.CharField(
        label="Why is their access ending? (optional)", max_length=300, required=False,
        help_text="For example: left the trust on 30 November",
    )
    confirm = forms.BooleanField(
        label="I confirm this person has left, or no longer needs ThinkFamily: their access ends now",
        error_messages={"required": "Confirm that their access should end now."},
    )


class OneTimePasswordForm(Form):
    reason = forms.CharField(
        label="Why, and how did you check who asked?", max_length=300,
        help_text="For example: forgot it; called back on the ward phone",
        error_messages={"required": "Say why the password is being reset and how you checked who asked."},
    )


class StaffSearchForm(QueryForm):
    q = forms.CharField(label="Name, username, team or job title", max_length=100, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)


_CSV = forms.FileInput(attrs={"accept": ".csv"})


class ImportForm(Form):
    organisations = forms.FileField(label="organisations.csv (optional)", required=False, widget=_CSV)
    teams = forms.FileField(label="teams.csv: services and teams (optional)", required=False, widget=_CSV)
    staff = forms.FileField(label="staff.csv (optional)", required=False, widget=_CSV)
    people = forms.FileField(label="people.csv: people and their caseloads (optional)", required=False, widget=_CSV)
    action = forms.ChoiceField(
        choices=[("check", "Check the files"), ("import", "Import")], required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(kind) for kind in imports.ORDER):
            raise forms.ValidationError("Choose at least one file to import.")
        for kind in imports.ORDER:
            upload = data.get(kind)
            if upload and upload.size > imports.MAX_FILE_BYTES:
                self.add_error(kind, f"The file is larger than {imports.MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return data

    def sources(self) -> list:
        return [
            imports.Source(name=self.cleaned_data[kind].name, data=self.cleaned_data[kind].read(), kind=kind)
            for kind in imports.ORDER
            if self.cleaned_data.get(kind)
        ]
