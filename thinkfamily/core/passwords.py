"""How hard a password is to guess, in the spirit of the NCSC's password guidance that NHS
organisations follow: a minimum length (``MinimumLengthValidator``, 12) and no upper limit
worth the name, no composition rules (no "one capital, one digit, one symbol"), no expiry, and
a deny list of passwords attackers try first, including the patterns people use to satisfy
composition rules: a word with a year and symbols added (``Summer2026!``), repeated characters,
sequences, keyboard rows, the service's own name and the user's own name.

The deny list is Django's own list of 20,000 leaked passwords and ``zxcvbn`` 4.5.0 (the Python
port of Dropbox's estimator): its frequency lists of leaked passwords, English words, names and
surnames ship inside the package, so both work offline with nothing fetched at run time. zxcvbn
estimates how many guesses a password would take, recognising the patterns above;
a password must need at least 10^8 (zxcvbn's score 3) both as typed and with the digits and
symbols at its ends taken off, since those add almost nothing to a guessable word.
"""

import functools
import re

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

MIN_GUESSES_LOG10 = 8
# zxcvbn's running time grows with length; a password is judged on its first 72 characters
# (a longer one is accepted if those are hard to guess: length is what makes it strong).
JUDGED_LENGTH = 72
# The user's own names shorter than this are not looked for inside the password (too many
# ordinary words contain a three-letter name); zxcvbn still counts them as easy to guess.
MIN_NAME_LENGTH = 4

_ENDS = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})

HARDER = "Choose a password that is harder to guess."
TIP = "Putting three or more random words together makes a strong password that is easy to remember."
REASONS = {
    "service": "Do not use the name of this service, {service}, in your password.",
    "name": "Do not use your name or username in your password.",
    "word_and_numbers": "A word with numbers or symbols added, like ‘Summer2026!’, is easy to guess.",
    "repeat": "Repeated letters or words, like ‘aaaa’ or ‘catcat’, are easy to guess.",
    "sequence": "Sequences, like ‘abcd’ or ‘1234’, are easy to guess.",
    "spatial": "Rows of keys on a keyboard, like ‘qwerty’, are easy to guess.",
    "date": "Dates and years are easy to guess.",
    "common": "This is a commonly used password, or very like one.",
    "words": "One or two common words are easy to guess.",
    "other": "It would be too easy to guess.",
}


def _fold(text: str) -> str:
    """Lower case, common letter-for-digit swaps undone, letters only: 'Th1nk-F@mily' -> 'thinkfamily'."""
    return "".join(ch for ch in text.lower().translate(_LEET) if ch.isalpha())


def _names_of(user) -> list[str]:
    if user is None:
        return []
    values = [getattr(user, attribute, "") or "" for attribute in ("username", "first_name", "last_name", "email")]
    values = [value.split("@")[0] for value in values]
    return [value for value in values if value]


@functools.cache
def _leaked() -> frozenset[str]:
    """Django's list of 20,000 passwords from leaks (shipped with Django, lower case)."""
    return frozenset(CommonPasswordValidator().passwords)


def _weakness(password: str, user_inputs: list[str]) -> str | None:
    """Why ``password`` is easy to guess (a key of REASONS), or None."""
    if password.lower().strip() in _leaked():
        return "common"
    judged = password[:JUDGED_LENGTH]
    estimate = zxcvbn(judged, user_inputs=user_inputs, max_length=JUDGED_LENGTH)
    if estimate["guesses_log10"] < MIN_GUESSES_LOG10:
        patterns = {match["pattern"] for match in estimate["sequence"]}
        dictionaries = {match.get("dictionary_name") for match in estimate["sequence"]}
        if "passwords" in dictionaries:
            return "common"
        for pattern in ("repeat", "sequence", "spatial"):
            if pattern in patterns:
                return pattern
        if "date" in patterns or "regex" in patterns:
            return "date"
        return "words" if "dictionary" in patterns else "other"
    core = _ENDS.sub("", judged)
    core_is_weak = (
        core != judged
        and core
        and zxcvbn(core, user_inputs=user_inputs, max_length=JUDGED_LENGTH)["guesses_log10"] < MIN_GUESSES_LOG10
    )
    return "word_and_numbers" if core_is_weak else None


class HardToGuessValidator:
    """An AUTH_PASSWORD_VALIDATORS entry: refuses passwords that are easy to guess, saying
    why in words a practitioner can act on."""

    def validate(self, password, user=None):
        service = settings.SERVICE_NAME
        folded = _fold(password)
        names = [_fold(name) for name in _names_of(user)]
        if _fold(service) in folded:
            reason = REASONS["service"].format(service=service)
        elif any(len(name) >= MIN_NAME_LENGTH and name in folded for name in names):
            reason = REASONS["name"]
        else:
            weakness = _weakness(password, [service, "nhs", *_names_of(user)])
            if weakness is None:
                return
            reason = REASONS[weakness]
        raise ValidationError(f"{HARDER} {reason} {TIP}", code="password_easy_to_guess")

    def get_help_text(self):
        return TIP
