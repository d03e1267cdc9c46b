"""The fixed day every generated date is relative to, and the date arithmetic of ages."""

from datetime import date, timedelta

ANCHOR = date(2026, 11, 1)
FAR = date(9999, 12, 31)  # an open end, for comparing


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def in_years(years: float) -> timedelta:
    return timedelta(days=round(years * 365.25))
