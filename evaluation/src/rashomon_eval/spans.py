"""Span matching by word-token overlap: the rule every quote and source figure is counted with.

A span is a tuple of (start, end) character pieces (brat spans may be discontinuous). Its *words* are
the `\\w+` tokens of the text that share at least one character with a piece. Two spans match when
their word overlap over word union reaches a threshold (0.5 for "overlap", 1.0 for "exact"), and
matching is one-to-one, best overlap first. Tokens in the gaps of a discontinuous gold span (the
"he said" inside `"X," he said, "Y."`) are neutral: a system span covering them is not penalised.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

Pieces = tuple[tuple[int, int], ...]

OVERLAP = 0.5
EXACT = 1.0
_WORD = re.compile(r"\w+")
# Double quotation marks only: a single ’ is far more often an apostrophe than a quotation mark.
QUOTE_MARKS = frozenset('"“”„‟«»')


@dataclass(frozen=True, slots=True)
class Words:
    """The word tokens (indices into the text's tokens) a span covers, and those it leaves neutral."""

    words: frozenset[int]
    neutral: frozenset[int] = frozenset()


class TokenIndex:
    """The word tokens of one text, to turn character spans into sets of token indices."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_WORD.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def between(self, start: int, end: int) -> frozenset[int]:
        """Indices of the tokens sharing at least one character with text[start:end]."""
        return frozenset(range(bisect_right(self.ends, start), bisect_left(self.starts, end)))

    def words(self, pieces: Pieces) -> Words:
        """The words of a (possibly discontinuous) span; tokens between its pieces are neutral."""
        if not pieces:
            return Words(frozenset())
        words = frozenset().union(*(self.between(s, e) for s, e in pieces))
        extent = self.between(min(s for s, _ in pieces), max(e for _, e in pieces))
        return Words(words, extent - words)

    def text_of(self, pieces: Pieces) -> str:
        """The span's text, its pieces joined by a space (as brat writes it)."""
        return " ".join(self.text[s:e] for s, e in pieces)


def overlap(gold: Words, system: Words) -> float:
    """Shared words over the union of words, leaving out the system words in the gold span's gaps."""
    shared = len(gold.words & system.words)
    if not shared:
        return 0.0
    return shared / len(gold.words | (system.words - gold.neutral))


def match(gold: Sequence[Words], system: Sequence[Words], *, threshold: float = OVERLAP) -> dict[int, int]:
    """Pair gold and system spans one-to-one, best overlap first; returns {gold index: system index}."""
    candidates = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            score = overlap(g, s)
            if score and score >= threshold:
                candidates.append((-score, i, j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def shares_word(a: Words, b: Words) -> bool:
    """True when the two spans cover at least one common word token (the same place in the text)."""
    return bool(a.words & b.words)


def is_direct(text: str) -> bool:
    """A direct quote, by PolNeAR's rule: its text contains a double quotation mark."""
    return any(mark in QUOTE_MARKS for mark in text)
