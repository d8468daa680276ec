"""Whose voice words are in: a quoted speaker's, or the outlet's own (reporting someone in paraphrase or not)."""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Span
from rashomon.resources.lexicon import words

__all__ = ["QUOTED_KINDS", "SCARE_MAX_WORDS", "is_voice", "speaker_of", "voice_of"]

SCARE_MAX_WORDS = 4
QUOTED_KINDS = frozenset({"direct", "partial", "embedded"})


def speaker_of(quote: Span, text: str) -> str | None:
    """The quote's resolved speaker name, else the speaker as written in `text`, else None."""
    if not isinstance(quote, QuoteSpan):
        return None
    if quote.speaker_name:
        return quote.speaker_name
    return quote.speaker.text_of(text) if quote.speaker is not None else None


def is_voice(quote: Span, text: str) -> bool:
    """A quote speaks for someone when it has a speaker or is longer than a scare quote."""
    return speaker_of(quote, text) is not None or len(words(text, quote.start, quote.end)) > SCARE_MAX_WORDS


def _covering(quotes: Sequence[Span], start: int, end: int) -> Span | None:
    """The innermost quote that contains [start, end)."""
    inside = [q for q in quotes if q.start <= start and end <= q.end]
    return min(inside, key=lambda q: q.end - q.start, default=None)


def voice_of(start: int, end: int, quotes: Sequence[Span], text: str) -> tuple[str, str | None, str | None]:
    """Return (voice, speaker, reported) for the words at [start, end) given the article's quotes layer."""
    quoted = _covering([q for q in quotes if q.label in QUOTED_KINDS and is_voice(q, text)], start, end)
    if quoted is not None:
        return "quoted", speaker_of(quoted, text), None
    paraphrase = _covering([q for q in quotes if q.label == "indirect"], start, end)
    return "outlet", None, speaker_of(paraphrase, text) if paraphrase is not None else None
