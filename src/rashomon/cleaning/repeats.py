"""Repeated paragraphs kept once: exact reprints and near-identical ones (a word changed, a split moved)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rashomon.cleaning.base import Stepped, drop_lines

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
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= _NEAR_RATIO and matcher.ratio() >= _NEAR_RATIO


@dataclass(slots=True)
class _Seen:
    """The paragraphs and sentences kept so far, for comparing each later paragraph against."""

    exact: set[tuple[str, ...]] = field(default_factory=set)
    paragraphs: list[tuple[str, ...]] = field(default_factory=list)
    sentences: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, paragraph: str, toks: tuple[str, ...]) -> None:
        self.exact.add(toks)
        self.paragraphs.append(toks)
        self.sentences.extend(s for s in map(tokens, _sentences(paragraph)) if s)

    def verdict(self, paragraph: str, toks: tuple[str, ...]) -> str | None:
        if len(toks) >= _MIN_EXACT_WORDS and toks in self.exact:
            return REPEATED
        if len(toks) < _MIN_NEAR_WORDS:
            return None
        if any(similar(toks, seen) for seen in self.paragraphs) or self._covered(paragraph, toks):
            return NEAR_REPEATED
        return None

    def _covered(self, paragraph: str, toks: tuple[str, ...]) -> bool:
        """Return whether every sentence of a paragraph was already printed (a reprint split anew)."""
        parts = [s for s in map(tokens, _sentences(paragraph)) if s]
        counted = [s for s in parts if len(s) >= _MIN_SENTENCE_WORDS]
        if not counted or sum(map(len, counted)) < 0.8 * len(toks):
            return False
        return all(any(similar(s, seen) for seen in self.sentences) for s in counted)


def _sentences(paragraph: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(paragraph) if part.strip()]


def drop_repeats(text: str) -> Stepped:
    """Keep the first of repeated and near-identical paragraphs, removing the later ones."""
    seen = _Seen()

    def classify(line: str) -> str | None:
        toks = tokens(line)
        verdict = seen.verdict(line, toks) if toks else None
        if verdict is None and toks:
            seen.add(line, toks)
        return verdict

    return drop_lines(text, classify)
