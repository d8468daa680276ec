"""The records of the built-in per-article layers: one frozen dataclass per layer, declared here in the model.

Each record is a `Span` (character offsets into the one article text, read with `text_of`) with typed
fields for what its layer says about those characters. Offsets into the text, never copied substrings:
a speaker, a cue or a mention is itself a `Span`. `attrs` stays empty on these records; it is there for
plugin layers, which may use plain `Span`s. `LAYER_TYPES` maps each built-in layer name to its record,
which is how the store reads a layer back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from rashomon.model.records import Span

__all__ = [
    "CitationSpan",
    "DateSpan",
    "DescriptorSpan",
    "EntitySpan",
    "LAYER_TYPES",
    "LoadedTermSpan",
    "QuantitySpan",
    "QuoteKind",
    "QuoteSpan",
    "SentenceSpan",
    "SpeakerType",
    "ToneCue",
    "ToneSpan",
    "Voice",
]

QuoteKind = Literal["direct", "partial", "indirect", "embedded"]
Voice = Literal["outlet", "quoted"]
SpeakerType = Literal["person", "organisation", "institutional", "anonymous", "group", "unknown"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceSpan(Span):
    """A sentence (`sentences` layer): its paragraph's index and whether it stands alone as a heading."""

    label: str = "sentence"
    paragraph: int = 0
    heading: bool = False
    # The clauses of a sentence that state facts of their own (independent clauses, relative clauses set off
    # by a comma): each one's (start, end), flattened (start1, end1, start2, end2, ...); empty for a sentence
    # of one fact or without a parser (components/sentences.py).
    clauses: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitySpan(Span):
    """A mention of an actor (`entities` layer; label PERSON, ORG, GPE, NORP or NAME?) with its resolved name."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteSpan(Span):
    """Words an article attributes to someone (`quotes` layer; label = kind): the content, speaker and cue."""

    speaker: Span | None = None  # the speaker as the article names them ("he", "Mr. Trump", "officials")
    speaker_name: str | None = None  # the actor the speaker resolves to, when named
    speaker_type: SpeakerType | None = None
    cue: Span | None = None  # the reporting verb or phrase ("said", "according to")
    appositive: Span | None = None  # words describing the speaker beside the name ("a researcher at ...")
    nested: bool = False  # inside another quote
    continued: bool = False  # a quote that carries on from the previous paragraph
    block: bool = False  # a block quote
    handle: str | None = None  # an embedded post's account ("@name")
    posted: str | None = None  # an embedded post's date as written
    confidence: float | None = None  # a learned attributor's probability; None for rules
    group: bool = False  # the speaker is a group label ("Democratic lawmakers"), not one actor

    @property
    def kind(self) -> QuoteKind:
        """direct, partial, indirect or embedded (the span's label)."""
        return cast(QuoteKind, self.label)


@dataclass(frozen=True, slots=True, kw_only=True)
class CitationSpan(Span):
    """An outlet or agency the article names as its source (`citations` layer): the span is the name."""

    label: str = "citation"
    outlet: str
    kind: str | None = None  # state | public | private | agency | unknown
    country: str | None = None
    how: str | None = None  # reported | according to | told | citing | credit | ...
    sentence: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class DescriptorSpan(Span):
    """Words attached to an actor's mention (`descriptors` layer; label title, appositive or affiliation)."""

    name: str | None
    mention: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedTermSpan(Span):
    """A loaded word or phrase (`loaded_terms` layer; label = category), in whose voice it stands."""

    term: str | None  # the lexicon entry; None for a scare quote
    category: str
    voice: Voice
    speaker: str | None = None  # who a quoted term belongs to
    reported: str | None = None  # whom a paraphrase in the outlet's voice reports
    polarity: str | None = None
    confidence: float | None = None  # a learned classifier's probability; None for the lexicon


@dataclass(frozen=True, slots=True, kw_only=True)
class ToneCue:
    """A word that moved a tone score: its offsets and its weighted valence."""

    start: int
    end: int
    weight: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ToneSpan(Span):
    """The tone of one sentence toward one actor (`tone` layer): the span is the sentence."""

    label: str = "tone"
    entity: str
    score: float
    mentions: tuple[int, ...] = ()  # starts of the actor's mentions in the sentence
    cues: tuple[ToneCue, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class QuantitySpan(Span):
    """A stated amount (`quantities` layer; label money, percent, count or duration), normalised."""

    value: float
    unit: str
    precision: float
    qualifier: str = "exact"  # exact | approx | lower | upper
    low: float | None = None  # None: unbounded
    high: float | None = None
    cue: str | None = None
    noun: str | None = None
    assumed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DateSpan(Span):
    """A date expression (`dates` layer) and the day range it names, as ISO dates (None when unresolved)."""

    label: str = "date"
    first: str | None
    last: str | None
    granularity: str
    relative: bool
    anchor: str | None = None
    anchor_source: str | None = None
    qualifier: str = "exact"
    cue: str | None = None
    rule: str | None = None


LAYER_TYPES: dict[str, type[Span]] = {
    "sentences": SentenceSpan,
    "entities": EntitySpan,
    "quotes": QuoteSpan,
    "citations": CitationSpan,
    "descriptors": DescriptorSpan,
    "loaded_terms": LoadedTermSpan,
    "tone": ToneSpan,
    "quantities": QuantitySpan,
    "dates": DateSpan,
}
