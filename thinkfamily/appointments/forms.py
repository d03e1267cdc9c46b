"""Forms for appointments and follow-ups. They parse input only; the rules are in
appointments.services."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thinkfamily.appointments.models import Appointment, FollowUp
from thinkfamily.core.forms import DateInputField, Form

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _time_field(label="Time"):
    return forms.CharField(
        label=label, help_text="For example, 14:30", max_length=5,
        error_messages={"required": "Enter the time of the appointment, like 14:30."},
    )


def _at(day: datetime.date, text: str, field: str = "time") -> datetime.datetime:
    match = TIME.match(text or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError({field: "Enter the time as hours and minutes, like 14:30."})
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(int(match[1]), int(match[2]))))


class _When(Form):
    def clean(self):
        data = super().clean()
        if data.get("day") and "time" in data and not self.errors.get("time"):
            try:
                data["starts_at"] = _at(data["day"], data["time"])
            except ValidationError as error:
                self.add_error("time", error.error_dict["time"])
        return data


class BookForm(_When):
    kind = forms.ChoiceField(label="What kind of appointment?", choices=Appointment.Kind.choices,
                             error_messages={"required": "Choose what kind of appointment this is."})
    day = DateInputField(label="Date", label_for_errors="The date of the appointment",
                         help_text="For example, 27 3 2027")
    time = _time_field()
    for_unborn = forms.ChoiceField(label="Which pregnancy is it for?", required=False,
                                   help_text="For an antenatal appointment, the unborn baby it is for.")

    def __init__(self, *args, unborn_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if unborn_choices:
            self.fields["for_unborn"].choices = [("", "Not for a pregnancy"), *unborn_choices]
        else:
            del self.fields["for_unborn"]


class PlanForm(Form):
    kind = forms.ChoiceField(label="What contact is planned?", choices=Appointment.Kind.choices,
                             error_messages={"required": "Choose what kind of contact this is."})
    due_by = DateInputField(label="Due by", label_for_errors="The date it is due by",
                            help_text="For example, 27 3 2027")


class OutcomeForm(Form):
    outcome = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect,
                                error_messages={"required": "Choose what happened at the appointment."})
    reason = forms.CharField(label="Anything to add (optional)", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="For example, the reason the family gave for cancelling.")

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Appointment.Status(o).label) for o in outcomes]


class RescheduleForm(_When):
    day = DateInputField(label="New date", label_for_errors="The new date", help_text="For example, 27 3 2027")
    time = _time_field("New time")
    reason = forms.CharField(label="Why is it being moved? (optional)", required=False, max_length=500)


class FollowUpForm(Form):
    action = forms.ChoiceField(label="What was done?", widget=forms.RadioSelect, choices=FollowUp.Action.choices,
                               error_messages={"required": "Choose what was done."})
    note = forms.CharField(label="Details", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Who you spoke to and what was agreed. Needed if no further action is taken.")
