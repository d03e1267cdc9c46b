"""Finding a person: by NHS number (any spacing, checksum-validated), or by name and date
of birth, tolerant of a typo or a missing middle name.

Name search narrows by date of birth first (an indexed equality), then scores the names
with rapidfuzz, so it costs the same on SQLite and PostgreSQL and needs no extension."""

import datetime
from dataclasses import dataclass

from rapidfuzz import fuzz

from thinkfamily.core import nhs_numbers
from thinkfamily.people.models import Person, name_key

# Scores are 0-100. A typo in a surname of six letters scores about 83.
MATCH_THRESHOLD = 75
MAX_RESULTS = 50


@dataclass(frozen=True)
class Match:
    person: Person
    score: int


def find_by_nhs_number(people, raw: str) -> list[Match]:
    """``people`` is a queryset already scoped to what the user may see. Raises
    ValidationError (with a message a nurse can act on) for an invalid NHS number."""
    digits = nhs_numbers.validate(raw)
    return [Match(person, 100) for person in people.filter(nhs_number=digits)]


def _score(person: Person, given_key: str, family_key: str) -> int:
    family_score = fuzz.ratio(family_key, person.family_name_key)
    if not given_key:
        return round(family_score)
    # Given name typed may be "Mary Ann" while the record holds "Mary" + middle "Ann",
    # or the middle name may be missing from what was typed: compare against both.
    candidates = {person.given_name_key, name_key(person.given_name + person.middle_names)}
    given_score = max(fuzz.ratio(given_key, c) for c in candidates if c is not None)
    # A given name typed as its first letter or a shortening ("Kat" for "Katherine").
    if person.given_name_key.startswith(given_key) and len(given_key) >= 3:
        given_score = max(given_score, 90)
    return round(0.55 * family_score + 0.45 * given_score)


def find_by_name_and_date_of_birth(
    people, *, family_name: str, given_name: str = "", date_of_birth: datetime.date
) -> list[Match]:
    family_key = name_key(family_name)
    given_key = name_key(given_name.split()[0]) if given_name.strip() else ""
    candidates = people.filter(date_of_birth=date_of_birth).only(
        "id", "given_name", "middle_names", "family_name", "given_name_key", "family_name_key"
    )
    scored = [Match(p, _score(p, given_key, family_key)) for p in candidates]
    matches = [m for m in scored if m.score >= MATCH_THRESHOLD]
    matches.sort(key=lambda m: (-m.score, m.person.family_name, m.person.given_name))
    return matches[:MAX_RESULTS]


def find_restricted_by_nhs_number(digits: str) -> Person | None:
    """The person behind an exact NHS number the user may not see, so that the page can
    say a record exists and offer break glass, and say nothing else (docs/adr/0004)."""
    return Person.objects.filter(nhs_number=digits).only("id").first()
