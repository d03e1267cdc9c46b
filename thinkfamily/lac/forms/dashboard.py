"""Which figure of the children-in-care dashboard is drilled into (lac/dashboard.jinja)."""

from django import forms

from thinkfamily.core.forms import MAX_ID, MonthField, QueryForm
from thinkfamily.lac.models import AssessmentStep
from thinkfamily.lac.queries import dashboard

Step = AssessmentStep.Step


class DashboardDrillQuery(QueryForm):
    """The figure of the children-in-care dashboard whose children are listed, as the
    dashboard's links name it (lac/dashboard.jinja)."""

    figure = forms.ChoiceField(choices=[(figure, figure) for figure in dashboard.FIGURE_OUTCOMES])
    outcome = forms.ChoiceField(choices=[(o, o) for o in [*dashboard.ASSESSMENT_OUTCOMES, "returned"]],
                                required=False, initial="all")
    month = MonthField(required=False)
    band = forms.CharField(max_length=40, required=False)
    step = forms.ChoiceField(choices=Step.choices, required=False)
    practitioner = forms.CharField(max_length=10, required=False)
    service = forms.CharField(max_length=10, required=False)
    NEEDS = {"iha": "month", "rha": "band", "sdq": "band", "step": "step"}

    @staticmethod
    def _id_or_none(value):
        """A practitioner or service: its id, "none" (assessments without one), or not given."""
        if value in ("", "none"):
            return value or None
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
            raise forms.ValidationError("Choose a figure from the dashboard.")
        return int(value)

    def clean_practitioner(self):
        return self._id_or_none(self.cleaned_data["practitioner"])

    def clean_service(self):
        return self._id_or_none(self.cleaned_data["service"])

    def clean(self):
        data = super().clean()
        figure = data.get("figure")
        if figure is None:
            return data
        needed = self.NEEDS.get(figure)
        if needed and not data.get(needed):
            self.add_error(needed, "Choose a figure from the dashboard.")
        if data.get("outcome") not in dashboard.FIGURE_OUTCOMES[figure]:
            self.add_error("outcome", "Choose a figure from the dashboard.")
        return data
