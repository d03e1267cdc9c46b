"""What may be stored as text: the one rule on hidden characters, used by every form field
(core.forms) and by the services that store names and labels, so that an import or an API
call cannot store what a form would refuse.

Hidden characters change what a practitioner reads without showing themselves: a NUL
(which PostgreSQL cannot store at all), terminal escapes, or a right-to-left override that
shows "Taylor" typed backwards as a different name on a banner. Two strengths:

- any text (notes, reasons, answers): no control characters (line breaks and tabs allowed
  in text boxes of several lines) and no bidirectional embeddings, overrides or isolates;
- identity text (names of people, practitioners, organisations and teams, flag type labels,
  contact details, addresses): nothing invisible at all, so also no zero-width characters,
  direction marks, soft hyphens or byte-order marks (Unicode categories Cc, Cf, Zl, Zp, Co
  and Cs). Two names that look the same are the same name.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError

# Bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\n\r\t")
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
CODE = "hidden_character"


def hidden_character(value: str, *, identity: bool = False, multiline: bool = False) -> str | None:
    """The first character of ``value`` that may not be stored, or None."""
    for character in value:
        if multiline and not identity and character in LINE_BREAKS:
            continue
        category = unicodedata.category(character)
        if category == "Cc" or character in BIDI_CONTROLS:
            return character
        if identity and category in INVISIBLE_CATEGORIES:
            return character
    return None


def field_label(label) -> str:
    """A form label as an error message names it: without '(optional)'."""
    text = str(label or "This").strip()
    return text.removesuffix("(optional)").strip() or "This"


def message(label) -> str:
    return (
        f"{field_label(label)} contains a hidden character that cannot be saved, such as a text direction "
        "or zero-width character copied from another document. Type it again instead of pasting it."
    )


@dataclass(frozen=True)
class HiddenCharacterValidator:
    """A form field validator: refuses hidden characters, naming the field."""

    label: str
    identity: bool = False
    multiline: bool = False

    def __call__(self, value) -> None:
        if isinstance(value, str) and hidden_character(value, identity=self.identity, multiline=self.multiline):
            raise ValidationError(message(self.label), code=CODE)


def check_identity(**values) -> None:
    """For services: refuse identity text (names, labels, contact details) with anything
    invisible in it, whoever sent it. Raises one ValidationError naming every such field
    (by its name, as a form would: ``given_name`` is "Given name")."""
    errors = {
        name: ValidationError(message(name.replace("_", " ").capitalize()), code=CODE)
        for name, value in values.items()
        if isinstance(value, str) and hidden_character(value, identity=True)
    }
    if errors:
        raise ValidationError(errors)
