"""Forms for MASH information requests: the MASH's request, and the receiving service's
structured answer, worded for a GP practice when the service is general practice (R4.6)."""

from django import forms

from thinkfamily.core.forms import Form, QueryForm, RecordIdField
from thinkfamily.referrals.information_requests import queries
from thinkfamily.referrals.information_requests.services import analysis_problems
from thinkfamily.referrals.models import Grade

GRADE_HINTS = {
    Grade.RED: "Red: answer within 4 working hours",
    Grade.AMBER: "Amber: answer by the end of the next working day",
    Grade.GREEN: "Green: answer within 3 working days",
    Grade.BLUE: "Blue: for information, no deadline",
}


class SendRequestsForm(Form):
    services = forms.MultipleChoiceField(
        label="Services to ask",
        error_messages={"required": "Choose at least one service to ask."},
    )
    grade = forms.ChoiceField(
        label="Grade",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a grade: red, amber, green or blue."},
        help_text="The deadline comes from the working-day calendar and the local MASH timescales.",
    )
    question = forms.CharField(
        label="What the services are asked",
        widget=forms.Textarea,
        error_messages={"required": "Enter the question the services are asked."},
        help_text="Say what the MASH is deciding and what you need to know: the services see this question.",
    )

    def __init__(self, *args, candidates=(), grade_deadlines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.key: candidate for candidate in candidates}
        self.fields["services"].choices = [(c.key, c.label) for c in candidates]
        deadlines = grade_deadlines or {}
        self.fields["grade"].choices = [
            (grade, f"{GRADE_HINTS[grade]}{deadlines.get(grade, '')}") for grade in Grade.values
        ]

    def clean_services(self):
        keys = self.cleaned_data["services"]
        return [self.candidates[key] for key in keys if key in self.candidates]


class AnswerForm(Form):
    """What the service knows and what it means for the child: analysis, not an
    administrative list of contact dates (review §3.11, §5.2.6)."""

    what_we_know = forms.CharField(
        label="What your service knows about the child and family",
        widget=forms.Textarea,
        help_text="What was seen, said or done, and by whom: not only the dates of contact.",
        error_messages={"required": "Enter what your service knows about the child and family."},
    )
    what_it_means_for_the_child = forms.CharField(
        label="What it means for the child: risk and need",
        widget=forms.Textarea,
        help_text="Your analysis: the risks and needs you see for the child, why, and how sure you are.",
        error_messages={"required": "Enter what it means for the child: the risks and needs you see."},
    )
    voice_of_the_child = forms.CharField(
        label="The voice of the child",
        widget=forms.Textarea,
        help_text="What the child has said, shown or experienced, in their own words where you can. If you have not "
        "seen the child, say so, and what you know of their daily life.",
        error_messages={"required": "Enter the voice of the child, or say that your service has not seen them."},
    )
    parental_capacity = forms.CharField(
        label="Parental capacity",
        widget=forms.Textarea,
        required=False,
        help_text="How the parents' or carers' health, behaviour or circumstances affect their care of the child.",
    )
    recent_contacts = forms.CharField(
        label="Recent contacts (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Dates of contact, as context only: they do not answer the questions above.",
    )

    for_gp = False

    def clean(self):
        data = super().clean()
        if not self.errors:
            for name, message in analysis_problems(data, for_gp=self.for_gp).items():
                self.add_error(name, message)
        return data


class GPAnswerForm(AnswerForm):
    """The GP practice's contribution (R4.6, Rec 1.5): the same questions, for a GP."""

    for_gp = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "what_we_know": (
                "What the practice knows about the child and family",
                "From consultations and the record: presentations, diagnoses, medication, missed appointments "
                "('was not brought'), and what they show. Include the parents' and carers' health where it "
                "bears on the child.",
            ),
            "what_it_means_for_the_child": (
                "Your analysis: what it means for the child (risk and need)",
                "As the child's GP: the risks and needs you see, why, and how sure you are. A list of contact "
                "dates or 'no concerns' is not an analysis: if you have no concerns, say what that is based on.",
            ),
            "voice_of_the_child": (
                "The voice of the child",
                "What the child has said or shown at consultations, or how they seemed. If the practice has not "
                "seen the child recently, say so and when they were last seen.",
            ),
            "parental_capacity": (
                "The parents' or carers' capacity to care for the child",
                "Their physical and mental health, substance or alcohol use, and domestic abuse, as these affect "
                "their care of the child.",
            ),
            "recent_contacts": (
                "Recent consultations (optional)",
                "Dates of consultations and missed appointments, as context only.",
            ),
        }
        for name, (label, help_text) in labels.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text


class DashboardQuery(QueryForm):
    """The dashboard's query string: the period its figures cover."""

    period = forms.ChoiceField(choices=[(key, key) for key in queries.PERIODS], required=False,
                               initial=queries.DEFAULT_PERIOD)


class DashboardRequestsQuery(DashboardQuery):
    """The figure of the dashboard whose requests are listed, for a grade or a service."""

    figure = forms.ChoiceField(choices=list(queries.DRILL_FIGURES.items()), required=False, initial="requested")
    grade = forms.ChoiceField(choices=[("", "Any grade"), *Grade.choices], required=False)
    service = RecordIdField(required=False)
