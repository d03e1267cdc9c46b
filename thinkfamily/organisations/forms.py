"""Forms of the contacts directory: finding an entry, and adding or correcting one."""

from django import forms

from thinkfamily.core.forms import Form, IdentityField
from thinkfamily.organisations.models import ContactEntry, Organisation


class DirectorySearchForm(Form):
    q = forms.CharField(label="Name, role, team or number", max_length=100, required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    role = forms.ChoiceField(label="Role", required=False)
    stale = forms.BooleanField(label="Only entries that need checking", required=False)

    def __init__(self, *args, organisations=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "All organisations")] + [(str(o.pk), o.name) for o in organisations]
        self.fields["role"].choices = [("", "All roles")] + [(role, role) for role in roles]
        self._organisations = {str(o.pk): o for o in organisations}

    def chosen_organisation(self):
        return self._organisations.get(self.cleaned_data.get("organisation") or "")


class ContactEntryForm(Form):
    kind = forms.ChoiceField(
        label="Is this a person or a team?",
        choices=ContactEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is a named professional or a team."},
    )
    name = IdentityField(
        label="Name", max_length=200, error_messages={"required": "Enter the name of the professional or team."}
    )
    role = IdentityField(
        label="Role",
        max_length=200,
        help_text="Their role or job title, or what the team does, for example Named nurse for safeguarding",
        error_messages={"required": "Enter their role, or what the team does."},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation they work for."},
    )
    phone = IdentityField(label="Phone (in hours)", max_length=40, required=False)
    out_of_hours_phone = IdentityField(label="Phone (out of hours)", max_length=40, required=False)
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.nhs.uk."},
    )


class EditContactEntryForm(ContactEntryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VerifyForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
