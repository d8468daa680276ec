"""Speaker-name matching for the quote evaluations: "Mr. Obama" is the gold speaker `Barack_Obama`.

Both names are normalised: underscores to spaces, accents removed, case-folded, possessives and
punctuation dropped, leading titles and descriptors ("former Vice President", "Sen.") and single-letter
initials removed. They then match when equal, or when the shorter one's words end the longer one
("Obama" ends "Barack Obama"; "Pat Caddell" ends "pollster Pat Caddell"), or when both end with the same
word and the shorter's other words stand in the longer one in order ("Hillary Clinton" and "Hillary Rodham
Clinton": a middle name is dropped as often as a first name), unless the shorter is one
generic word ("campaign", "officials"). A word of six letters or more also matches a longer word it
begins, because BASIL cuts names at the first non-ASCII letter (`Felipe_Calder` for Calderón).
"""

from __future__ import annotations

import re
import unicodedata

TITLES = frozenset(
    """
    mr mrs ms miss dr sir dame lord lady rev reverend president vice former acting late sen senator rep
    representative congressman congresswoman gov governor lt gen general col colonel maj major capt
    captain adm admiral sgt secretary sec minister prime chancellor premier mayor judge justice chief
    attorney speaker leader chairman chairwoman chair ambassador prince princess king queen pope sheriff
    commissioner professor prof bishop archbishop cardinal father rabbi pastor deputy assistant
    the a an then
    """.split()
)
GENERIC = frozenset(
    """
    campaign campaigns official officials spokesman spokeswoman spokesperson aide aides source sources
    statement group party administration office department lawmakers staff team committee government
    """.split()
)
_MIN_PREFIX = 6
_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w\s-]")


def normalise_name(name: str) -> tuple[str, ...]:
    """Return the words of a speaker name after normalisation (see the module docstring)."""
    text = unicodedata.normalize("NFKD", name.replace("_", " "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _NON_WORD.sub(" ", _POSSESSIVE.sub("", text))
    words = [w for w in text.replace("-", " ").split() if len(w) > 1]
    while words and words[0] in TITLES:
        words.pop(0)
    return tuple(words)


def _same_word(a: str, b: str) -> bool:
    """Equal words, or a long word and a longer one it begins (a truncated name)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= _MIN_PREFIX and long.startswith(short)


def same_speaker(system: str | None, gold: str | None) -> bool:
    """True when two speaker names name the same speaker by the rule in the module docstring."""
    if not system or not gold:
        return False
    a, b = normalise_name(system), normalise_name(gold)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if len(short) == 1 and short[0] in GENERIC:
        return False
    if not _same_word(short[-1], long[-1]):
        return False
    # The other words of the shorter name in the longer one's, in order: a middle name or a nickname in
    # between is dropped as often as a first name ("Hillary Clinton" is "Hillary Rodham Clinton").
    rest = iter(long[:-1])
    return all(any(_same_word(x, y) for y in rest) for x in short[:-1])
