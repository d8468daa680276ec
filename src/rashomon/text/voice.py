"""Whose voice words are in: a quoted speaker's, or the outlet's own (reporting someone in paraphrase or not)."""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Span
from rashomon.resources.lexicon import words
from rashomon.text.quotemarks import quoted_spans

__all__ = [
    "QUOTED_KINDS",
    "SCARE_MAX_WORDS",
    "is_voice",
    "marked_stretches",
    "speaker_of",
    "speaker_span",
    "voice_of",
]

SCARE_MAX_WORDS = 4
QUOTED_KINDS = frozenset({"direct", "partial", "embedded"})


def speaker_of(quote: Span, text: str) -> str | None:
    """The quote's resolved speaker name, else the speaker as written in `text`, else None."""
    if not isinstance(quote, QuoteSpan):
        return None
    if quote.speaker_name:
        return quote.speaker_name
    return " ".join(quote.speaker.text_of(text).split()) if quote.speaker is not None else None


def speaker_span(quote: Span) -> tuple[int, int] | None:
    """Where the quote names its speaker, as offsets, or None."""
    if not isinstance(quote, QuoteSpan) or quote.speaker is None:
        return None
    return quote.speaker.start, quote.speaker.end


def is_voice(quote: Span, text: str) -> bool:
    """A quote speaks for someone when it has a speaker or is longer than a scare quote."""
    return speaker_of(quote, text) is not None or len(words(text, quote.start, quote.end)) > SCARE_MAX_WORDS


def marked_stretches(text: str) -> list[tuple[int, int]]:
    """Closed quotation-mark stretches longer than a scare quote: someone's words even when no speaker is found."""
    return [
        (q.start, q.end) for q in quoted_spans(text) if q.closed and len(words(text, q.start, q.end)) > SCARE_MAX_WORDS
    ]


def _covering(quotes: Sequence[Span], start: int, end: int) -> Span | None:
    """The innermost quote that contains [start, end)."""
    inside = [q for q in quotes if q.start <= start and end <= q.end]
    return min(inside, key=lambda q: q.end - q.start, default=None)


def voice_of(
    start: int,
    end: int,
    quotes: Sequence[Span],
    text: str,
    *,
    marked: Sequence[tuple[int, int]] = (),
) -> tuple[str, str | None, str | None]:
    """Return (voice, speaker, reported) for the words at [start, end) given the article's quotes layer.

    `marked` (from `marked_stretches`) adds quotation-mark stretches the quotes layer missed: words inside
    them are quoted voice with no known speaker, never the outlet's own.
    """
    quoted = _covering([q for q in quotes if q.label in QUOTED_KINDS and is_voice(q, text)], start, end)
    if quoted is not None:
        return "quoted", speaker_of(quoted, text), None
    if any(s <= start and end <= e for s, e in marked):
        return "quoted", None, None
    paraphrase = _covering([q for q in quotes if q.label == "indirect"], start, end)
    return "outlet", None, speaker_of(paraphrase, text) if paraphrase is not None else None
