"""NHS numbers: normalising what a person typed, validating the modulus-11 check digit,
and formatting as ``943 476 5919``. Built on the ``nhs-number`` package.

``normalise`` is the one way an NHS number enters: every form, search, lookup (page and API)
and service goes through it (``validate`` calls it), and so does every query and save of
``Person.nhs_number``, whose field (``NHSNumberModelField``) prepares values with it. A
database CHECK constraint refuses anything else than 10 ASCII digits, so a number typed in
another script's digits (fullwidth ``９``, Arabic-Indic ``٩``, Devanagari ``९``...) is stored
as the same ASCII digits, found by the lookup, and refused as a duplicate."""

import re
import unicodedata

import nhs_number
from django.core.exceptions import ValidationError
from django.db import models

ASCII_DIGITS = "0123456789"
# The example a hint gives: a valid number of the synthetic range never issued to real people
# (pages may give the user a number they can use instead: core.forms.with_example_nhs_number).
SYNTHETIC_EXAMPLE = "999 000 0018"
# For the CHECK constraints: no character ranges (collation-dependent in some databases), and
# the length checked apart, since a regex '$' may match before a final newline.
STORED_PATTERN = "^[0123456789]+$"
_TEN_ASCII_DIGITS = re.compile(r"[0-9]{10}", re.ASCII)
_MINUS_SIGNS = {"\u2212", "\u2796"}  # minus sign, heavy minus sign: typed as hyphens


def _is_separator(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Pd" or ch in _MINUS_SIGNS


def normalise(raw: str | None) -> str:
    """What was typed, with spaces and hyphens (of any script) removed and every decimal digit
    of any script (``unicodedata.decimal``) written as its ASCII digit. Anything else is kept,
    for ``validate`` to refuse. Does not validate."""
    out = []
    for ch in raw or "":
        if _is_separator(ch):
            continue
        out.append(ASCII_DIGITS[unicodedata.decimal(ch)] if unicodedata.category(ch) == "Nd" else ch)
    return "".join(out)


def validate(raw: str | None) -> str:
    """Return the NHS number as 10 ASCII digits or raise a ValidationError a nurse can act on."""
    digits = normalise(raw)
    if not digits:
        raise ValidationError("Enter an NHS number.", code="required")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError("An NHS number must contain only numbers, like 943 476 5919.", code="not_digits")
    if len(digits) != 10:
        raise ValidationError(f"An NHS number must be 10 digits long; you entered {len(digits)}.", code="length")
    if not nhs_number.is_valid(digits):
        raise ValidationError(
            "This is not a valid NHS number: the check digit does not match. "
            "Check each digit against the source document.",
            code="checksum",
        )
    return digits


def is_stored_form(value: str | None) -> bool:
    """True for what may be stored: 10 ASCII digits."""
    return bool(value) and _TEN_ASCII_DIGITS.fullmatch(value) is not None


def format_nhs_number(digits: str | None) -> str:
    if not digits:
        return ""
    digits = normalise(digits)
    if len(digits) != 10:
        return digits
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def is_synthetic(digits: str) -> bool:
    return nhs_number.REGION_SYNTHETIC.contains_number(digits)


class NHSNumberModelField(models.CharField):
    """A column of NHS numbers: whatever a query or a save is given goes through ``normalise``,
    so ``filter(nhs_number="９４３ ４７６ ５９１９")`` finds ``9434765919`` and nothing else
    can reach the database unnormalised (the CHECK constraint, ``stored_form_check``, refuses
    what is still not 10 ASCII digits)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalise(value) if isinstance(value, str) and value else value


def stored_form_check(field: str, *, name: str, nullable: bool = True) -> models.CheckConstraint:
    """A CHECK constraint that ``field`` holds 10 ASCII digits (or NULL), on SQLite and PostgreSQL."""
    from django.db.models import Q
    from django.db.models.functions import Length
    from django.db.models.lookups import Exact

    ten_digits = Q(**{f"{field}__regex": STORED_PATTERN}) & Q(Exact(Length(field), 10))
    return models.CheckConstraint(
        condition=(Q(**{f"{field}__isnull": True}) | ten_digits) if nullable else ten_digits, name=name
    )
