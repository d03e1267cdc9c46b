"""Forms of the child protection pages. They parse input only; the rules are in
protection.services. The agency report reuses the MASH answer's template (and its GP version),
which refuses a list of contact dates (R4.6)."""

from django import forms

from thinkfamily.core.forms import DateInputField, Form
from thinkfamily.organisations.models import Service
from thinkfamily.people.models import CPCategory
from thinkfamily.protection.models import Decision, Invitation
from thinkfamily.referrals.information_requests.forms import AnswerForm, GPAnswerForm

YES_NO = [("yes", "Yes"), ("no", "No")]


class StrategyDiscussionForm(Form):
    held_on = DateInputField(label="Date of the strategy discussion", label_for_errors="The date of the discussion",
                             past_only=True, help_text="For example, 27 3 2026")
    section_47 = forms.ChoiceField(label="Did a section 47 enquiry start?", choices=YES_NO, widget=forms.RadioSelect,
                                   error_messages={"required": "Say whether a section 47 enquiry started."})
    other_children = forms.MultipleChoiceField(
        label="Other children of the family the discussion was about", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Brothers and sisters (an unborn baby too) and the other children at home.",
    )
    agencies = forms.MultipleChoiceField(
        label="Health agencies that took part", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="The services that know the child and the family.",
    )
    summary = forms.CharField(label="What the discussion decided, and why", widget=forms.Textarea,
                              error_messages={"required": "Say what the discussion decided and why."})

    def __init__(self, *args, children=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(child.pk): child for child in children}
        self.agency_choices = {candidate.key: candidate for candidate in agencies}
        self.fields["other_children"].choices = [(pk, child.full_name) for pk, child in self.children.items()]
        self.fields["agencies"].choices = [(c.key, c.label) for c in agencies]
        if not self.children:
            del self.fields["other_children"]
        if not self.agency_choices:
            del self.fields["agencies"]

    def clean(self):
        data = super().clean()
        data["other_children"] = [self.children[pk] for pk in data.get("other_children", []) if pk in self.children]
        data["agencies"] = [self.agency_choices[key].service for key in data.get("agencies", [])
                            if key in self.agency_choices]
        data["section_47"] = data.get("section_47") == "yes"
        return data


class ArrangeForm(Form):
    scheduled_on = DateInputField(label="Date of the conference", label_for_errors="The date of the conference",
                                  help_text="For example, 27 3 2026")
    invited = forms.MultipleChoiceField(
        label="Agencies to invite", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Every service that knows the children or their family is listed. Each one invited is told in its "
        "inbox.",
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.key: candidate for candidate in candidates}
        self.fields["invited"].choices = [(c.key, f"{c.label} ({c.hint})" if c.hint else c.label)
                                          for c in candidates]
        if not self.is_bound:
            self.initial["invited"] = list(self.candidates)

    def clean(self):
        data = super().clean()
        data["invited"] = [self.candidates[key] for key in data.get("invited", []) if key in self.candidates]
        return data


class HeldForm(Form):
    """When the conference was held, who came, and each child's decision."""

    held_on = DateInputField(label="Date it was held", label_for_errors="The date it was held", past_only=True,
                             help_text="For example, 27 3 2026")

    def __init__(self, *args, invitations=(), children=(), outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations, self.children = list(invitations), list(children)
        for invitation in self.invitations:
            self.fields[f"attendance_{invitation.pk}"] = forms.ChoiceField(
                label=f"{invitation.service.name}, {invitation.service.organisation.name}", widget=forms.RadioSelect,
                choices=Invitation.Attendance.choices[1:],
                error_messages={"required": f"Say whether {invitation.service.name} attended or sent apologies."},
            )
        for child in self.children if outcomes else ():
            self.fields[f"decision_{child.pk}"] = forms.ChoiceField(
                label=f"Decision for {child.full_name}", widget=forms.RadioSelect,
                choices=[(o, Decision.Outcome(o).label) for o in outcomes],
                error_messages={"required": f"Choose what the conference decided for {child.full_name}."},
            )
            if Decision.Outcome.PLAN in outcomes:
                self.fields[f"category_{child.pk}"] = forms.ChoiceField(
                    label=f"Category of {child.full_name}'s plan", widget=forms.RadioSelect,
                    choices=CPCategory.choices, required=False,
                    help_text="Only for a child protection plan.",
                )

    def clean(self):
        data = super().clean()
        data["attendance"] = {i.pk: data.get(f"attendance_{i.pk}") for i in self.invitations}
        data["decisions"] = {c.pk: (data.get(f"decision_{c.pk}", ""), data.get(f"category_{c.pk}", ""))
                             for c in self.children}
        return data


class MinutesForm(Form):
    received_on = DateInputField(label="Date the minutes were received", past_only=True,
                                 label_for_errors="The date the minutes were received",
                                 help_text="For example, 27 3 2026")
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea,
                              error_messages={"required": "Enter the minutes."})
    plan = forms.CharField(label="Child protection plan", widget=forms.Textarea, required=False,
                           help_text="The plan decided at the conference: what each agency does, and by when.")


def report_form(service_kind: str, *args, **kwargs) -> AnswerForm:
    """The agency report's template: the GP practice's version for general practice."""
    form_class = GPAnswerForm if service_kind == Service.Kind.GENERAL_PRACTICE else AnswerForm
    return form_class(*args, **kwargs)
