"""Form pieces that follow the NHS design system patterns: ``Form``, the base of every form
(its text fields refuse hidden characters, core.text), ``IdentityField`` for names and labels,
the day/month/year date input (real dates in a sensible range), an NHS number field that
accepts any spacing and checks the check digit, ``QueryForm`` and ``query`` for a page's query
string (a value the page never offers is a 400), and ``attempt``, the one way a form page
calls the service that saves it and shows its refusal."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import pretty_name

from thinkfamily.core import clock, nhs_numbers, text
from thinkfamily.core.concurrency import AlreadyRecorded
from thinkfamily.core.models import ConcurrentEditError

# Dates typed into the service: a grandparent's birth, a plan's review date. Outside this range
# a date is a typing mistake (and 31/12/9999 overflows the day after it).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099
# The largest row id a URL or query string may name (PostgreSQL's integer).
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]+")


class IdentityField(forms.CharField):
    """A name, label or contact detail: what people read as who or what something is. Nothing
    invisible is allowed in it (core.text), and leading and trailing spaces are stripped."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(text.HiddenCharacterValidator(kwargs.get("label") or "This", identity=True))


DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
_CHOICES = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField)


def _lower_first(label: str) -> str:
    """'Date of birth' -> 'date of birth'; an abbreviation stays as it is ('NHS number')."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def required_message(name: str, field: forms.Field) -> str:
    """The NHS error message for a required field left empty, naming the field: 'Enter <label>'
    for a box to type in, 'Select <label>' for a choice ('Enter the name of the team', 'Select
    sex'). A field whose label is a question, or that needs other words, says its own in
    ``error_messages={"required": ...}``; a hidden field is never typed in, so a missing one
    means the page was sent incomplete."""
    if isinstance(field.widget, forms.HiddenInput):
        return "The form was sent incomplete. Go back to the page, reload it and try again."
    label = str(field.label or pretty_name(name)).strip().rstrip(":")
    if label.endswith("?"):
        return f"Answer the question: {label}"
    verb = "Select" if isinstance(field, _CHOICES) else "Enter"
    return f"{verb} {_lower_first(label)}."


class Form(forms.Form):
    """The base of every form in ThinkFamily (tests/core/test_forms_base.py checks): every text
    field refuses hidden characters with a message naming the field. Line breaks and tabs
    are allowed in text boxes of several lines; identity fields (IdentityField) allow
    nothing invisible at all. A required field left empty says which field, in the NHS words
    (``required_message``), never Django's 'This field is required.' (twice in one error
    summary, a practitioner could not tell which box it meant)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_required_fields()
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, IdentityField):
                field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
                field.validators.append(text.HiddenCharacterValidator(
                    field.label or name, multiline=isinstance(field.widget, forms.Textarea)
                ))

    def name_required_fields(self) -> None:
        """Give each field still saying Django's 'This field is required.' its own message."""
        for name, field in self.fields.items():
            if str(field.error_messages.get("required", "")) == DJANGO_REQUIRED:
                field.error_messages = {**field.error_messages, "required": required_message(name, field)}

    def full_clean(self):
        self.name_required_fields()  # fields a subclass added after __init__ too
        super().full_clean()


class QueryForm(Form):
    """A page's query string. A parameter left out or empty takes its field's ``initial``."""

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if data.get(name) in (None, "", []) and field.initial is not None:
                data[name] = field.initial
        return data


def query(request, form_class, **kwargs) -> dict:
    """Parse ``request.GET`` with ``form_class``: its cleaned values, or a 400 (a value no
    link or form of the page offers: a hand-edited or broken address)."""
    form = form_class(request.GET, **kwargs)
    if not form.is_valid():
        raise BadRequest("The address of this page has a value the page does not offer.")
    return form.cleaned_data


class RecordIdField(forms.IntegerField):
    """The id of a row, from a link: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class MonthField(forms.Field):
    """A month from a link, as 2026-03: the first day of that month."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", str(value))
        if not match or not EARLIEST_YEAR <= int(match[1]) <= LATEST_YEAR or not 1 <= int(match[2]) <= 12:
            raise ValidationError("Choose a month from the dashboard.", code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)


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
        for part in fields:  # compress() says what is wrong with a box (NUL included), in the NHS words
            part.validators = []
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, value in [("day", day), ("month", month), ("year", year)] if not value]
        if missing:
            raise ValidationError(f"{self.label_for_errors} must include a {' and a '.join(missing)}.")
        # ASCII digits only: str.isdigit() also accepts '²' (which int() refuses) and 20 digits
        # (which overflow).
        if not all(_DIGITS.fullmatch(part) for part in (day, month, year)) or len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{self.label_for_errors} must be a real date, written in numbers, like 27 3 2019.")
        if len(year) != 4:
            raise ValidationError(f"{self.label_for_errors}: the year must have 4 numbers, like 2019.")
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                f"{self.label_for_errors}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
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


_EXAMPLE_IN_HINT = re.compile(r"[0-9]{3} [0-9]{3} [0-9]{4}")


def nhs_number_hint(text: str = "10 digits, with or without spaces") -> str:
    """An NHS number field's hint with the synthetic example (nhs_numbers.SYNTHETIC_EXAMPLE)."""
    return f"{text}, for example {nhs_numbers.SYNTHETIC_EXAMPLE}"


def with_example_nhs_number(form: forms.Form, example: str, field: str = "nhs_number") -> forms.Form:
    """Give the field's hint ``example`` as its example NHS number: one the page's user can
    use (the demo's featured child they may open), in place of the synthetic one."""
    if field in form.fields and example:
        form.fields[field].help_text = _EXAMPLE_IN_HINT.sub(example, str(form.fields[field].help_text))
    return form


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


def submitted(request, form: forms.Form, change) -> Attempt | None:
    """A one-form page's POST: when the form is valid, ``attempt`` the service call
    ``change(data)`` with its cleaned data. The saved Attempt, or None: a GET, an invalid form,
    or a refusal (whose errors are now on the form, for the page to show again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    saved = attempt(form, lambda: change(data))
    return saved if saved else None


def tell(request, saved: Attempt, done: str) -> None:
    """Say on the next page what the form came to: ``done``, or that it was already recorded."""
    if saved.already:
        messages.info(request, saved.already)
    else:
        messages.success(request, done)


CONCURRENT_EDIT = "Someone else changed this record while you were editing. Nothing was saved."
