"""Repeated paragraphs kept once: exact reprints and near-identical ones (a word changed, a split moved)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import chain

from rashomon.clean.base import Stepped, drop_lines

REPEATED = "repeated paragraph"
NEAR_REPEATED = "near-identical repeated paragraph"

# Short lines repeat legitimately ("He said no.", a recurring heading); only paragraphs long enough
# to be one CMS block reprinted count. Near-identity needs more words so one shared clause is not enough.
_MIN_EXACT_WORDS = 6
_MIN_NEAR_WORDS = 10
_MIN_SENTENCE_WORDS = 5
# On the reference story, reprints score 0.87-0.96 and distinct paragraphs of one article at most
# 0.48 (token SequenceMatcher ratio); 0.8 sits well clear of both.
_NEAR_RATIO = 0.8
_TOKEN = re.compile(r"\w+")
# A sentence ends at final punctuation (perhaps inside a closing quote) before a capital or a quote.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def tokens(paragraph: str) -> tuple[str, ...]:
    """Return a paragraph's normalised word tokens (case, quotes and punctuation ignored)."""
    return tuple(_TOKEN.findall(paragraph.casefold().replace("’", "'")))


def similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Return whether two token sequences are near-identical."""
    shorter, longer = sorted((len(a), len(b)))
    # ratio() is at most 2*shorter/(shorter+longer): skip pairs whose lengths already rule it out.
    if not longer or 2 * shorter / (shorter + longer) < _NEAR_RATIO:
        return False
    # Every matched token of the shorter sequence is a word of the longer, and ratio() >= 0.8 needs at least
    # 80 % of the shorter's tokens matched: more distinct unshared words than 20 % of it rules the pair out
    # (an exact bound, computed in C before the costly matcher).
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(set(short).difference(long)) > (1 - _NEAR_RATIO) * len(short):
        return False
    return _ratio_at_least(a, b)


def _ratio_at_least(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= _NEAR_RATIO and matcher.ratio() >= _NEAR_RATIO


# Near-identity is checked against the last this many paragraphs (and sentences) kept, so cleaning stays
# linear in an article's length: against all of them, 4,000 short distinct paragraphs took 50 s. A real
# article has a few hundred at most, so every earlier one is still compared; exact reprints are found
# at any distance.
NEAR_WINDOW = 500


class _ByLength:
    """The last NEAR_WINDOW token sequences kept, by length, with their token sets, for `similar` at once."""

    __slots__ = ("_groups", "_order")

    def __init__(self) -> None:
        self._groups: dict[int, deque[tuple[tuple[str, ...], set[str]]]] = {}
        self._order: deque[int] = deque()  # the lengths of the kept sequences, oldest first

    def add(self, toks: tuple[str, ...]) -> None:
        self._groups.setdefault(len(toks), deque()).append((toks, set(toks)))
        self._order.append(len(toks))
        if len(self._order) > NEAR_WINDOW:
            oldest = self._order.popleft()  # the oldest of all is the oldest of its length
            self._groups[oldest].popleft()
            if not self._groups[oldest]:
                del self._groups[oldest]

    def any_similar(self, toks: tuple[str, ...]) -> bool:
        """Return whether `similar(toks, kept)` holds for any kept sequence.

        similar()'s two bounds are applied here as it applies them, once per length (its length bound) and
        on the sets computed once (its token bound), before the matcher runs on what is left.
        """
        n, toks_set = len(toks), set(toks)
        for length, group in self._groups.items():
            shorter, longer = (n, length) if n <= length else (length, n)
            if 2 * shorter / (shorter + longer) < _NEAR_RATIO:
                continue
            limit = (1 - _NEAR_RATIO) * shorter
            for kept, kept_set in group:
                unshared = toks_set - kept_set if n <= length else kept_set - toks_set
                if len(unshared) <= limit and _ratio_at_least(toks, kept):
                    return True
        return False


@dataclass(slots=True)
class _Seen:
    """The paragraphs and sentences kept so far, for comparing each later paragraph against."""

    exact: set[tuple[str, ...]] = field(default_factory=set)
    paragraphs: _ByLength = field(default_factory=_ByLength)
    sentences: _ByLength = field(default_factory=_ByLength)

    def check(self, paragraph: str) -> str | None:
        """Return why `paragraph` repeats an earlier one, or keep it and return None."""
        parts = [s for s in map(tokens, _sentences(paragraph)) if s]
        # Sentences split only at whitespace, which no token spans: their tokens are the paragraph's.
        toks = tuple(chain.from_iterable(parts))
        if not toks:
            return None
        if len(toks) >= _MIN_EXACT_WORDS and toks in self.exact:
            return REPEATED
        if len(toks) >= _MIN_NEAR_WORDS and (self.paragraphs.any_similar(toks) or self._covered(parts, toks)):
            return NEAR_REPEATED
        self.exact.add(toks)
        self.paragraphs.add(toks)
        for sentence in parts:
            self.sentences.add(sentence)
        return None

    def _covered(self, parts: list[tuple[str, ...]], toks: tuple[str, ...]) -> bool:
        """Return whether every sentence of a paragraph was already printed (a reprint split anew)."""
        counted = [s for s in parts if len(s) >= _MIN_SENTENCE_WORDS]
        if not counted or sum(map(len, counted)) < 0.8 * len(toks):
            return False
        return all(self.sentences.any_similar(s) for s in counted)


def _sentences(paragraph: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(paragraph) if part.strip()]


def drop_repeats(text: str) -> Stepped:
    """Keep the first of repeated and near-identical paragraphs, removing the later ones."""
    return drop_lines(text, _Seen().check)
