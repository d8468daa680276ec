"""What a person's name and the words before it say about their gender, for pronouns and shared surnames."""

from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path

_HONORIFIC = re.compile(r"\b(Mr|Ms|Mrs|Miss)\.?\s+$")
_KIN = {
    **dict.fromkeys("husband son father brother nephew grandson uncle boyfriend stepson stepfather".split(), "m"),
    **dict.fromkeys("wife daughter mother sister niece granddaughter aunt girlfriend stepdaughter".split(), "f"),
}
KINSHIP_NOUNS = frozenset(_KIN)
# A relative named by a kinship noun ("Her husband Bruce Mann", "his son, Hunter") has that noun's gender,
# and is rarely the one a later pronoun means: the issue's misattributions credited politicians' words to them.
_KINSHIP = re.compile(r"\b(" + "|".join(_KIN) + r"),?\s+$", re.IGNORECASE)
GENDER = {"he": "m", "she": "f", "mr": "m", "ms": "f", "mrs": "f", "miss": "f"}
FIRST_NAMES_PATH = Path(__file__).resolve().parents[1] / "resources" / "models" / "first_names.json.gz"


@functools.cache
def first_name_genders() -> dict[str, str]:
    """First name -> "m" or "f" where the US Census 1990 lists make it clear (docs/models.md); {} if absent."""
    if not FIRST_NAMES_PATH.is_file():
        return {}
    with gzip.open(FIRST_NAMES_PATH, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    return table


def name_gender(name: str) -> str | None:
    """The gender a person's first name suggests ("Hillary Clinton" -> "f"), or None when unclear."""
    parts = name.split()
    return first_name_genders().get(parts[0].lower()) if len(parts) > 1 else None


def honorific_gender(before: str) -> str | None:
    """The gender an honorific ending `before` gives ("… Mrs. " -> "f"), or None without one."""
    found = _HONORIFIC.search(before[-6:])
    return GENDER[found.group(1).lower()] if found else None


def kinship_noun(before: str) -> str | None:
    """The kinship noun ending `before` ("… his wife, " -> "wife"), lower-cased, or None without one."""
    found = _KINSHIP.search(before[-16:])
    return found.group(1).lower() if found else None


def kinship_gender(before: str) -> str | None:
    """The gender of a kinship noun ending `before` ("… his wife, " -> "f"), or None without one."""
    noun = kinship_noun(before)
    return _KIN[noun] if noun else None
