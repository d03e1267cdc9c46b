"""What the caseload pages are sent."""

from tests.pages import date_fields
from thinkfamily.core import clock


def identity_form(person, *, nhs_number=None, date_of_birth=None, reason="New birth notification", whose="me"):
    """The "add a child to a caseload" form: the child by NHS number and date of birth, from today."""
    return {
        "nhs_number": nhs_number if nhs_number is not None else person.nhs_number,
        **date_fields("date_of_birth", date_of_birth or person.date_of_birth),
        "whose": whose,
        **date_fields("start_date", clock.today()),
        "reason": reason,
    }
