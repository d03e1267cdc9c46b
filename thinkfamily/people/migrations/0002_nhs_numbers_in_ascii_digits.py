"""NHS numbers typed in another script's digits (fullwidth ９, Arabic-Indic ٩...) were stored as
typed (issue 11, defect 3). Before the CHECK constraint of the next migration, write each as
its 10 ASCII digits, keeping what was stored in a PersonRevision of the record.

A number that cannot be written so is not guessed at: the migration stops and names the
records, for a person to decide.
- It is another record's NHS number in other digits: most likely the same person registered
  twice because the lookup did not find them (so the second record may hold a flag or a note
  the first lacks). Clearing or moving a number automatically would hide one record from the
  point-of-care lookup, or put two people under one number; only someone who knows the child
  can tell which is right and merge what each record holds.
- It is not a valid NHS number once written in ASCII digits.
Nothing is changed when it stops (the migration is one transaction)."""

import unicodedata

import nhs_number
from django.db import migrations

# A frozen copy of thinkfamily.core.nhs_numbers.normalise as it was written for this migration.
ASCII_DIGITS = "0123456789"


def _normalise(raw: str) -> str:
    out = []
    for ch in raw:
        if ch.isspace() or unicodedata.category(ch) == "Pd" or ch in "\u2212\u2796":
            continue
        out.append(ASCII_DIGITS[unicodedata.decimal(ch)] if unicodedata.category(ch) == "Nd" else ch)
    return "".join(out)


def _valid(digits: str) -> bool:
    return len(digits) == 10 and digits.isascii() and digits.isdigit() and nhs_number.is_valid(digits)


def _describe(person) -> str:
    name = " ".join(p for p in [person.given_name, person.middle_names, person.family_name] if p)
    born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
    return f"{name}{born} (record {person.pk})"


def write_in_ascii_digits(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonRevision = apps.get_model("people", "PersonRevision")
    stored = Person.objects.exclude(nhs_number=None).exclude(nhs_number="")
    wrong = [p for p in stored.iterator() if not (len(p.nhs_number) == 10 and p.nhs_number.isascii()
                                                  and p.nhs_number.isdigit())]
    blank = Person.objects.filter(nhs_number="")
    blank.update(nhs_number=None)  # blank means not known, as the services store it
    if not wrong:
        return
    problems, changes = [], []
    taken = {}
    for person in wrong:
        digits = _normalise(person.nhs_number)
        if not _valid(digits):
            problems.append(f"- {_describe(person)}: '{person.nhs_number}' is not a valid NHS number. Correct it, or "
                            "clear it if it is not known.")
            continue
        holder = Person.objects.filter(nhs_number=digits).first() or taken.get(digits)
        if holder is not None:
            problems.append(
                f"- {_describe(person)}: '{person.nhs_number}' is {digits[:3]} {digits[3:6]} {digits[6:]}, the NHS "
                f"number of {_describe(holder)}. If they are the same person, bring what the second record holds "
                "into the first and clear the second's NHS number; if not, correct the wrong number."
            )
            continue
        taken[digits] = person
        changes.append((person, digits))
    if problems:
        raise RuntimeError(
            "Some NHS numbers are stored in other digits than 0-9 and cannot be rewritten automatically. Nothing has "
            "been changed. On each record below, use 'Correct details' (giving the reason), then run migrate again:\n"
            + "\n".join(problems)
        )
    for person, digits in changes:
        typed = person.nhs_number
        person.nhs_number = digits
        person.version += 1
        person.save(update_fields=["nhs_number", "version"])
        PersonRevision.objects.create(
            person=person,
            version=person.version,
            changes={"nhs_number": [typed, digits]},
            reason="NHS number stored in other digits than 0-9, written in 0-9 (issue 11)",
            changed_by=None,
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(write_in_ascii_digits, migrations.RunPython.noop)]
