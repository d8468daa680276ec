"""Loaded terms: the lexicon's words and phrases in an article, each in the outlet's voice or a quoted one.

A term inside quotation marks that the quotes layer gives to a speaker (a direct, partial, embedded or
block quote) is the speaker's word, counted apart from the outlet's: "kowtowing" in Michael Chong's
quote is his, not Breitbart's. A paraphrase (an indirect quote) is the outlet's wording of someone's
view, so it stays in the outlet's voice, with the person it reports in `reported`. A short quoted
phrase (1-4 words) that no speaker is given is a scare quote: the outlet's distance from the words.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from rashomon.analysis.text.quotemarks import quoted_spans
from rashomon.model.records import Analysis, Span
from rashomon.resources.lexicon import Lexicon, default_lexicon, words

QUOTED_KINDS = frozenset({"direct", "partial", "embedded"})
SCARE_MAX_WORDS = 4
SCARE_CATEGORY = "scare quotes"


def _speaker(quote: Span) -> str | None:
    return quote.attrs.get("speaker_name") or quote.attrs.get("speaker")


def is_voice(quote: Span, text: str) -> bool:
    """A quote speaks for someone when it has a speaker or is longer than a scare quote."""
    return _speaker(quote) is not None or len(words(text, quote.start, quote.end)) > SCARE_MAX_WORDS


def _covering(quotes: Sequence[Span], start: int, end: int) -> Span | None:
    """The innermost quote that contains [start, end)."""
    inside = [q for q in quotes if q.start <= start and end <= q.end]
    return min(inside, key=lambda q: q.end - q.start, default=None)


def voice_of(start: int, end: int, quotes: Sequence[Span], text: str) -> tuple[str, str | None, str | None]:
    """Return (voice, speaker, reported) for the words at [start, end) given the article's quotes layer."""
    quoted = _covering([q for q in quotes if q.label in QUOTED_KINDS and is_voice(q, text)], start, end)
    if quoted is not None:
        return "quoted", _speaker(quoted), None
    paraphrase = _covering([q for q in quotes if q.label == "indirect"], start, end)
    return "outlet", None, _speaker(paraphrase) if paraphrase is not None else None


# A label someone else gave, reported as theirs: "brand China a “disruptive global power”", "billed by
# officials as “historic”", "what it calls “strategic autonomy”". The marks quote, they do not distance.
_NAMING = re.compile(
    r"\b(?:call(?:s|ed|ing)?|dub(?:s|bed|bing)?|brand(?:s|ed|ing)?|label(?:s|ed|led|ing|ling)?|term(?:s|ed)?|"
    r"nam(?:e|es|ed|ing)|bill(?:s|ed|ing)?|describ(?:e|es|ed|ing)|characteri[sz](?:e|es|ed|ing)|"
    r"refer(?:s|red|ring)? to|known as)\b(?:\s+[\w’'-]+){0,6}\s*$",
    re.IGNORECASE,
)


def _named_by_someone(text: str, open_at: int) -> bool:
    before = text[max(0, open_at - 80) : open_at]
    before = re.split(r"[.!?;:\n]", before)[-1]
    return bool(_NAMING.search(before))


def quoted_labels(text: str, quotes: Sequence[Span]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Short quoted phrases (1-4 words) no speaker is given: (scare quotes, labels reported as someone's)."""
    scare, labels = [], []
    # Each test asks whether some span starts before a point and ends beyond another: a bisection over the
    # spans sorted by start with the furthest end so far, where a pass over every quote for every quoted
    # stretch was quadratic (2,500 quotes in an article: 25 s).
    spoken = _Reach((q.start, q.end) for q in quotes if _speaker(q) is not None)
    speakers = _Reach(
        (q.attrs["speaker_start"], q.attrs["speaker_end"]) for q in quotes if q.attrs.get("speaker_start") is not None
    )
    holders = _Reach((q.start, q.end) for q in quotes if q.label in QUOTED_KINDS)
    for stretch in quoted_spans(text):
        n = len(words(text, stretch.start, stretch.end))
        if not 1 <= n <= SCARE_MAX_WORDS or not stretch.closed:
            continue
        if (
            spoken.beyond(stretch.start, starting_before=stretch.end)
            or speakers.beyond(stretch.start, starting_before=stretch.start + 1)
            or holders.beyond(stretch.end, starting_before=stretch.open_at)
        ):
            continue
        (labels if _named_by_someone(text, stretch.open_at) else scare).append((stretch.start, stretch.end))
    return scare, labels


class _Reach:
    """Spans sorted by start, with the furthest end among those starting before a point."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def beyond(self, point: int, *, starting_before: int) -> bool:
        """Whether a span that starts before `starting_before` ends after `point`."""
        index = bisect_left(self.starts, starting_before)
        return index > 0 and self.furthest[index - 1] > point


def scare_quotes(text: str, quotes: Sequence[Span]) -> list[tuple[int, int]]:
    """Short quoted phrases (1-4 words) that no speaker is given, not a speaker phrase nor a reported label."""
    return quoted_labels(text, quotes)[0]


def find_loaded_terms(analysis: Analysis, lexicon: Lexicon) -> tuple[Span, ...]:
    """Loaded-term spans of one analysed article (label = category), with voice, speaker and polarity."""
    text = analysis.article.text
    quotes = analysis.layers.get("quotes", ())
    scare, labels = quoted_labels(text, quotes)
    out = []
    for match in lexicon.find(text):
        voice, speaker, reported = voice_of(match.start, match.end, quotes, text)
        if voice == "outlet" and any(s <= match.start and match.end <= e for s, e in labels):
            voice = "quoted"
        term = match.term
        out.append(
            Span(
                start=match.start,
                end=match.end,
                label=term.category,
                attrs={
                    "term": term.text,
                    "category": term.category,
                    "voice": voice,
                    "speaker": speaker,
                    "reported": reported,
                    "polarity": None if term.polarity == "none" else term.polarity,
                },
            )
        )
    for start, end in scare:
        _voice, _speaker_name, reported = voice_of(start, end, quotes, text)
        out.append(
            Span(
                start=start,
                end=end,
                label=SCARE_CATEGORY,
                attrs={
                    "term": None,
                    "category": SCARE_CATEGORY,
                    "voice": "outlet",
                    "speaker": None,
                    "reported": reported,
                    "polarity": None,
                },
            )
        )
    return tuple(sorted(out, key=lambda s: (s.start, s.end)))


class LoadedTerms:
    """Find loaded terms with the packaged lexicon, extended by $RASHOMON_LOADED_TERMS and `lexicon`."""

    def __init__(self, lexicon: str | None = None) -> None:
        self.lexicon = default_lexicon(lexicon)

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `loaded_terms` layer."""
        spans = find_loaded_terms(analysis, self.lexicon)
        return analysis.with_layer("loaded_terms", spans, "rashomon.loaded_terms.v1")


def register_components(register: Callable[..., None]) -> None:
    """Register the loaded_terms component."""
    register("loaded_terms", LoadedTerms, requires=("sentences", "quotes"), assigns=("loaded_terms",), version=1)
