from django import forms

from thinkfamily.chronology.queries import Filters, parse_cursor
from thinkfamily.chronology.types import Significance
from thinkfamily.core.forms import DateInputField, Form, QueryForm


class FilterForm(Form):
    """The chronology's filters (a GET form). Nothing chosen means everything."""

    significance = forms.MultipleChoiceField(
        label="Significance",
        choices=Significance.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose high, medium or low significance."},
    )
    service = forms.ChoiceField(
        label="Service",
        required=False,
        error_messages={"invalid_choice": "Choose a service from the list."},
    )
    date_from = DateInputField(label="From", label_for_errors="The from date", required=False)
    date_to = DateInputField(label="To", label_for_errors="The to date", required=False)

    def __init__(self, data=None, *, services):
        super().__init__(data)
        self.services = {str(service.pk): service for service in services}
        self.fields["service"].choices = [("", "All services")] + [
            (pk, f"{service.name} ({service.organisation.name})") for pk, service in self.services.items()
        ]

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The to date must be the same as or after the from date.")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            significance=tuple(level for level, _ in Significance.CHOICES if level in data["significance"]),
            service=self.services.get(data["service"]),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


class CursorQuery(QueryForm):
    """Which page of the chronology: the cursors of its "Newer" and "Older" links."""

    before = forms.CharField(max_length=40, required=False)
    after = forms.CharField(max_length=40, required=False)

    def _cursor(self, name):
        value = self.cleaned_data[name]
        try:
            parse_cursor(value)
        except ValueError as exc:
            raise forms.ValidationError("Use the page's own links to see newer or older entries.") from exc
        return value or None

    def clean_before(self):
        return self._cursor("before")

    def clean_after(self):
        return self._cursor("after")
