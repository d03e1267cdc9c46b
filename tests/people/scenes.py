"""What the family record's pages are sent."""

import datetime


def move_form(day: datetime.date | tuple[str, str, str], address_line_1: str, town: str, postcode: str,
              **extra) -> dict:
    """The "record a household move" form: to a new household at this address, on ``day`` (a
    date, or what is typed in the day, month and year boxes)."""
    typed = (str(day.day), str(day.month), str(day.year)) if isinstance(day, datetime.date) else day
    return {"move_date_0": typed[0], "move_date_1": typed[1], "move_date_2": typed[2], "destination": "new",
            "address_line_1": address_line_1, "town": town, "postcode": postcode, **extra}
