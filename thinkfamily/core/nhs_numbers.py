"""NHS numbers: normalising what a person typed, validating the modulus-11 check digit,
and formatting as ``943 476 5919``. Built on the ``nhs-number`` package."""

import re

import nhs_number
from django.core.exceptions import ValidationError

_NON_DIGITS = re.compile(r"[\s-]")


def normalise(raw: str) -> str:
    """Strip spaces and hyphens. Does not validate."""
    return _NON_DIGITS.sub("", raw or "")


def validate(raw: str) -> str:
    """Return the 10-digit NHS number or raise a ValidationError a nurse can act on."""
    digits = normalise(raw)
    if not digits:
        raise ValidationError("Enter an NHS number.", code="required")
    if not digits.isdigit():
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


def format_nhs_number(digits: str | None) -> str:
    if not digits:
        return ""
    digits = normalise(digits)
    if len(digits) != 10:
        return digits
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def is_synthetic(digits: str) -> bool:
    return nhs_number.REGION_SYNTHETIC.contains_number(digits)
