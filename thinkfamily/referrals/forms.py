"""Forms for concerns, referrals, the MASH's answers and the discharge guard. They parse
input only; the rules are in referrals.services."""

import datetime

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.referrals.models import ConcernDecision, LevelOfNeed, Outcome
from thinkfamily.referrals.quality import TOXIC_TRIO


class ConcernForm(Form):
    description = forms.CharField(
        label="What is your concern?",
        help_text="What you saw or heard, when, and who was there. The time you record it is kept: "
        "a referral should reach the MASH the same working day.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Describe the concern: what you saw or heard, when, and who was there."},
    )


class ReferralForm(Form):
    """The referral to the MASH (R4.1). Linked children and parental responsibility come
    pre-filled from the family record; every answer is editable."""

    mash = forms.ChoiceField(
        label="Which council's MASH is this referral for?",
        error_messages={"required": "Select the council's MASH this referral is for."},
    )
    presenting_concern = forms.CharField(
        label="What is the concern?",
        help_text="What you saw or heard, when, and who was there.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Describe the concern: what you saw or heard, when, and who was there."},
    )
    risk_to_child = forms.CharField(
        label="What is the risk to the child?",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    impact_on_child = forms.CharField(
        label="What is the impact on the child?",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    voice_of_child = forms.CharField(
        label="The voice of the child",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    linked_children = forms.MultipleChoiceField(
        label="Other children linked to the child",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_children = forms.CharField(
        label="Other children who are not on the record",
        help_text="Name, age and where they live, for any child in the household or family not listed above.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    parental_responsibility = forms.CharField(
        label="Who holds parental responsibility?",
        help_text="Filled in from the family record. Correct it if you know better.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    toxic_trio = forms.MultipleChoiceField(
        label="Do any of these affect the adults caring for the child?",
        help_text="The toxic trio. Tick all that apply.",
        choices=[(key, label[0].upper() + label[1:]) for key, label in TOXIC_TRIO.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    level_of_need = forms.ChoiceField(
        label="Level of need on the local threshold scale",
        help_text="Choose one level. If you are unsure, discuss it with your safeguarding lead.",
        choices=LevelOfNeed.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, child, mash_choices, children_choices, **kwargs):
        super().__init__(*args, **kwargs)
        name = child.given_name or "the child"
        self.fields["mash"].choices = [(str(org.pk), f"{org.name} MASH") for org in mash_choices]
        self.fields["mash"].help_text = f"The MASH of the council responsible for {name}, or where {name} lives."
        self.fields["risk_to_child"].label = f"What is the risk to {name}?"
        self.fields["risk_to_child"].help_text = (
            f"Not only what the adults are doing: what could happen to {name}, how likely it is, and what makes "
            "it more or less likely."
        )
        self.fields["impact_on_child"].label = f"What is the impact on {name}?"
        self.fields[
            "impact_on_child"
        ].help_text = (
            f"How what is happening affects {name}'s safety, care, health, development and feelings, day to day."
        )
        self.fields["voice_of_child"].help_text = (
            f"What {name} said, in {name}'s own words. If {name} is too young to say, what you saw: how {name} "
            "looked, behaved and responded."
        )
        self.fields["linked_children"].label = f"Other children linked to {name}"
        self.fields["linked_children"].help_text = (
            f"From the family record: children who live with {name}, and {name}'s siblings. "
            "Untick anyone who should not be included."
        )
        self.fields["linked_children"].choices = children_choices
        self.fields["parental_responsibility"].label = f"Who holds parental responsibility for {name}?"
        self.fields["toxic_trio"].label = f"Do any of these affect the adults caring for {name}?"


class SendForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(Form):
    reason = forms.CharField(
        label="Why is this referral not being sent?",
        help_text="For example, what your safeguarding lead advised. The concern stays on the record.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Say why the referral is not being sent."},
    )


class DecisionForm(Form):
    decision = forms.CharField(
        label="What has the MASH decided?",
        help_text="The decision and the next steps, with the reasons.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say what the MASH decided and the next steps."},
    )


class OutcomeForm(Form):
    outcome = forms.ChoiceField(
        label="Outcome of the referral",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the referral."},
    )
    note = forms.CharField(
        label="Note for the referrer (optional)",
        help_text="The referrer and their manager are told the outcome.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
    )


class DischargeForm(Form):
    team = forms.ChoiceField(
        label="Which team's caseload?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the team whose caseload the child is discharged from."},
    )
    on = DateInputField(label="Date of discharge", label_for_errors="Date of discharge", past_only=True)
    override_reason = forms.CharField(
        label="Manager's override: reason (only if a referral's outcome is not known)",
        help_text="Ward managers and safeguarding leads only. Say why the child can be discharged although the "
        "outcome of a referral to the MASH is not known. The reason is kept with the referral.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, teams, can_override, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(str(team.pk), f"{team.name} ({team.service.name})") for team in teams]
        if len(teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].initial = str(teams[0].pk)
        if not can_override:
            del self.fields["override_reason"]


class ChaseForm(Form):
    """"Chase the outcome": the last chase the page showed (so that the same form sent twice
    chases once) and the page to go back to."""

    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    back = forms.ChoiceField(choices=[("referral", "referral"), ("discharge", "discharge")], widget=forms.HiddenInput,
                             required=False)

    def clean_seen(self):
        value = self.cleaned_data["seen"]
        if not value:
            return None
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError("Open the page again and chase from there.") from None


class ConcernDecisionForm(Form):
    """What was decided about a concern, by hand (a referral made is recorded when it is sent)."""

    decision = forms.ChoiceField(
        label="What was decided?",
        choices=[
            (ConcernDecision.DISCUSSED_WITH_LEAD, "Discussed with the safeguarding lead"),
            (ConcernDecision.NO_REFERRAL, "No referral to the MASH"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided."},
    )
    discussed_with = forms.ChoiceField(
        label="Which safeguarding lead was it discussed with?",
        help_text="Only if you discussed it with the safeguarding lead.",
        required=False,
    )
    discussed_on = DateInputField(label="Date of the discussion", label_for_errors="Date of the discussion",
                                  past_only=True, required=False,
                                  help_text="Only if you discussed it with the safeguarding lead. "
                                  "For example, 27 3 2026")
    reason = forms.CharField(
        label="Why is no referral being made?",
        help_text="Only if no referral is being made: what you weighed up, and what happens instead.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.leads = {str(lead.pk): lead for lead in leads}
        self.fields["discussed_with"].choices = [("", "Choose the safeguarding lead")] + [
            (pk, f"{lead.display_name}, {lead.team.name}") for pk, lead in self.leads.items()
        ]

    def clean_discussed_with(self):
        return self.leads.get(self.cleaned_data.get("discussed_with") or "")
