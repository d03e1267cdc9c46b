"""Form pieces that follow the NHS design system patterns: the day/month/year date input,
an NHS number field that accepts any spacing and checks the check digit, and ``attempt``, the
one way a form page calls the service that saves it and shows its refusal."""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from thinkfamily.core import clock, nhs_numbers
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.models import ConcurrentEditError


class DateInputWidget(forms.MultiWidget):
    template_name = ""  # rendered by the Jinja macro in templates/includes/forms.jinja

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """Three boxes (day, month, year) as in the NHS date input pattern, with the NHS error
    messages: what is missing, or that the date is not a real one."""

    widget = DateInputWidget
    is_date_input = True

    def __init__(self, *, label_for_errors: str, past_only: bool = False, **kwargs):
        self.label_for_errors = label_for_errors
        self.past_only = past_only
        fields = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, value in [("day", day), ("month", month), ("year", year)] if not value]
        if missing:
            raise ValidationError(f"{self.label_for_errors} must include a {' and a '.join(missing)}.")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{self.label_for_errors} must be a real date, written in numbers, like 27 3 2019.")
        if len(year) != 4:
            raise ValidationError(f"{self.label_for_errors}: the year must have 4 numbers, like 2019.")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"{self.label_for_errors} must be a real date.") from exc
        if self.past_only and value > clock.today():
            raise ValidationError(f"{self.label_for_errors} must be today or in the past.")
        return value

    def clean(self, value):
        if self.required and (not value or not any(str(v or "").strip() for v in value)):
            raise ValidationError(f"Enter {self.label_for_errors[0].lower()}{self.label_for_errors[1:]}.")
        return super().clean(value)


class NHSNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return nhs_numbers.validate(value)


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names (the rest to the
    form as a whole), so that it shows in the NHS error summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


@dataclass(frozen=True)
class Attempt:
    """What a form page's one call to a service came to: true when it was saved, or found
    already recorded (``already`` then says so, and ``value`` is the row that exists)."""

    ok: bool
    value: object = None
    conflict: ConcurrentEditError | None = None
    already: str = ""

    def __bool__(self) -> bool:
        return self.ok


def attempt(form: forms.Form, change, *, conflict_message: str = "") -> Attempt:
    """Call ``change()``, the service call that saves a valid form. When the service refuses,
    nothing was written: its ValidationError goes onto the form fields it names (for the NHS
    error summary), and a refused concurrent edit onto the form as ``conflict_message``
    (the ``ConcurrentEditError``, naming what the other person changed, is kept on the result).
    What is already recorded (``AlreadyRecorded``: the same form sent twice, or someone else was
    first) counts as done: the page goes on to the row that exists and says so (``tell``)."""
    try:
        return Attempt(True, change())
    except AlreadyRecorded as already:
        return Attempt(True, already.existing, already=already.text)
    except ConcurrentEditError as error:
        form.add_error(None, conflict_message or CONCURRENT_EDIT)
        return Attempt(False, conflict=error)
    except ValidationError as error:
        apply_validation_error(form, error)
        return Attempt(False)


def tell(request, saved: Attempt, done: str) -> None:
    """Say on the next page what the form came to: ``done``, or that it was already recorded."""
    if saved.already:
        messages.info(request, saved.already)
    else:
        messages.success(request, done)


CONCURRENT_EDIT = "Someone else changed this record while you were editing. Nothing was saved."
