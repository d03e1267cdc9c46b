"""Formatting helpers used by templates. Templates stay simple; presenters format."""

import datetime
import re

from django.utils import timezone
from django.utils.html import conditional_escape, format_html

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


_PHONE = re.compile(r"[+(]?[0-9][0-9 ()-]*[0-9)]")


def tel_href(number: str) -> str:
    """The ``tel:`` address of a UK phone number as people write it: '0151 934 4013' ->
    'tel:+441519344013' (a leading 0 is the UK's +44, 00 an international prefix); a short
    number ('999', '111') as it is. Empty when the text starts with no number at all."""
    found = _PHONE.match((number or "").strip())
    if not found:
        return ""
    run = found[0]
    if run.count("(") > run.count(")"):  # '0151 934 4013 (24 hours)': the bracket is words
        run = run[: run.rindex("(")]
    digits = re.sub(r"[^0-9]", "", run)
    if run.startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0") and len(digits) > 3:
        return f"tel:+44{digits[1:]}"
    return f"tel:{digits}"


def tel(number) -> str:
    """A phone number shown for calling: a ``tel:`` link on one line (a phone rings it with a
    tap), or the text as it is when it holds no number."""
    if not number:
        return ""
    href = tel_href(str(number))
    if not href:
        return conditional_escape(number)
    return format_html('<a class="tf-tel" href="{}">{}</a>', href, number)
