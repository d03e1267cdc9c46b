"""Formatting helpers used by templates. Templates stay simple; presenters format."""

import datetime

from django.utils import timezone

from thinkfamily.core import clock
from thinkfamily.core.nhs_numbers import format_nhs_number  # noqa: F401  (re-exported for templates)
from thinkfamily.core.timescales import in_words as timescale_words  # noqa: F401  (re-exported for templates)
from thinkfamily.core.timescales import plural


def working_days(count) -> str:
    """"1 working day", "3 working days" (the one way pages count working days)."""
    return plural(count, "working day")


def days(count) -> str:
    """"1 day", "62 days"."""
    return plural(count, "day")


def format_date(value) -> str:
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def age_on(date_of_birth: datetime.date, on: datetime.date) -> tuple[int, int]:
    """Whole years and months between a date of birth and a day."""
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    if on.day < date_of_birth.day:
        months -= 1
    return divmod(max(months, 0), 12)


def format_age(date_of_birth, on=None) -> str:
    if not date_of_birth:
        return ""
    on = on or clock.today()
    years, months = age_on(date_of_birth, on)
    if years >= 2:
        return f"{years} years"
    total_months = years * 12 + months
    if total_months >= 1:
        return plural(total_months, "month")
    days = (on - date_of_birth).days
    return plural(days, "day")


def page_links(request, page) -> dict:
    """Previous and next links for the NHS pagination component, keeping the other query
    parameters (filters) of the page."""

    def href(number):
        query = request.GET.copy()
        query["page"] = number
        return f"?{query.urlencode()}"

    total = page.paginator.num_pages
    links = {}
    if page.has_previous():
        number = page.previous_page_number()
        links["previous"] = {"href": href(number), "labelText": f"{number} of {total}"}
    if page.has_next():
        number = page.next_page_number()
        links["next"] = {"href": href(number), "labelText": f"{number} of {total}"}
    return links
