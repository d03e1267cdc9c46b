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

    concern = forms.BooleanField(
        label="This note records a concern that social care may need to be involved",
        help_text="The concern is listed for a decision: a referral to the MASH, a discussion with your safeguarding "
        "lead, or no referral with your reason.",
        required=False,
    )
    concern_description = forms.CharField(
        label="What is the concern?",
        help_text="What you saw or heard, when, and who was there.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, restricted_service: bool = False, about_a_child: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if restricted_service:  # the service's rule, not a choice (R2.4)
            del self.fields["restricted"]
        if not about_a_child:  # a concern is recorded on the child's (or unborn baby's) record
            del self.fields["concern"]
            del self.fields["concern_description"]

    def clean(self):
        data = super().clean()
        if data.get("concern") and not (data.get("concern_description") or "").strip():
            self.add_error("concern_description", "Say what the concern is: what you saw or heard that means social "
                                                  "care may need to be involved.")
        return data


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
