from django import forms

from thinkfamily.core.forms import Form
from thinkfamily.organisations.models import Service


class CaseNoteForm(Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title."})
    body = forms.CharField(label="Note", widget=forms.Textarea, error_messages={"required": "Enter the note."})
    restricted = forms.BooleanField(
        label="Restrict this entry to my service (others see only that it exists and whom to contact)",
        required=False,
    )

    def __init__(self, *args, restricted_service: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if restricted_service:  # the service's rule, not a choice (R2.4)
            del self.fields["restricted"]


class ShareForm(Form):
    shared_with = forms.ModelChoiceField(
        label="Share with",
        queryset=Service.objects.select_related("organisation"),
        error_messages={"required": "Choose the service to share with."},
    )
    reason = forms.CharField(
        label="Why is it being shared?",
        max_length=300,
        error_messages={"required": "Say why this restricted entry is being shared."},
    )
