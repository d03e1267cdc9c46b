"""A lookup stores the NHS number it was given once validated, which accepted digits of other
scripts (issue 11, defect 3): write them in ASCII digits before the next migration's CHECK
constraint. A lookup only ever stored a number that passed the check digit, so each one can
be rewritten; one that still cannot stops the migration, naming it (nothing changed)."""

import unicodedata

from django.db import migrations

ASCII_DIGITS = "0123456789"


def _normalise(raw: str) -> str:  # thinkfamily.core.nhs_numbers.normalise, frozen for this migration
    out = []
    for ch in raw:
        if ch.isspace() or unicodedata.category(ch) == "Pd" or ch in "\u2212\u2796":
            continue
        out.append(ASCII_DIGITS[unicodedata.decimal(ch)] if unicodedata.category(ch) == "Nd" else ch)
    return "".join(out)


def write_in_ascii_digits(apps, schema_editor):
    PointOfCareLookup = apps.get_model("flags", "PointOfCareLookup")
    wrong = [
        lookup for lookup in PointOfCareLookup.objects.only("looked_up_nhs_number").iterator()
        if not (len(lookup.looked_up_nhs_number) == 10 and lookup.looked_up_nhs_number.isascii()
                and lookup.looked_up_nhs_number.isdigit())
    ]
    unfixable = []
    for lookup in wrong:
        digits = _normalise(lookup.looked_up_nhs_number)
        if len(digits) == 10 and digits.isascii() and digits.isdigit():
            PointOfCareLookup.objects.filter(pk=lookup.pk).update(looked_up_nhs_number=digits)
        else:
            unfixable.append(f"- lookup {lookup.pk}: '{lookup.looked_up_nhs_number}'")
    if unfixable:
        raise RuntimeError(
            "These point-of-care lookups stored an NHS number that is not 10 digits. Nothing has been changed; "
            "correct them in the database, then run migrate again:\n" + "\n".join(unfixable)
        )


class Migration(migrations.Migration):
    dependencies = [("flags", "0003_api_tokens")]

    operations = [migrations.RunPython(write_in_ascii_digits, migrations.RunPython.noop)]
