"""The records Rashomon passes between stages: frozen dataclasses and their dict forms.

One cleaned text per article; every annotation is a `Span` of character offsets into it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from rashomon.model import notebook
from rashomon.model.labels import article_labels, short_source, truncate

OutletKind = Literal["state", "public", "private", "agency", "unknown"]
ClaimStatus = Literal["consensus", "shared", "unique"]
ConflictKind = Literal["number", "date", "quantity", "statement", "person", "place"]
SourceKind = Literal["copied", "paraphrased", "same quote"]
Outcome = Literal["conflict", "agreement"]

if TYPE_CHECKING:  # framing builds on these records; the model only names its result type
    import pandas as pd

    from rashomon.comparison.framing import Framing


def _title(title: str | None) -> str:
    return f"{truncate(title, 60)!r} " if title else ""


def content_id(value: str) -> str:
    """Return the 16-hex-character content id of a string (sha256 prefix)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A pair of character offsets into one text, with a label and free attributes."""

    start: int
    end: int
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def text_of(self, text: str) -> str:
        """Return the substring of `text` this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """A piece of the source text that cleaning removed, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A source as ingested, before cleaning: raw text plus whatever metadata came with it."""

    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str = "en"
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<Document {self.outlet or short_source(self.source)} {_title(self.title)}{len(self.text):,} chars>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One cleaned article: the text every span indexes, plus metadata and what cleaning removed."""

    id: str
    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str = "en"
    removed: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<Article {self.outlet or short_source(self.source)} {_title(self.title)}{len(self.text):,} chars>"

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the cleaned text."""
        return len(self.text.split())

    @staticmethod
    def make_id(*, url: str | None, text: str) -> str:
        """Article id: content hash of the canonical URL, else of the text."""
        return content_id(url if url else text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """An article and the named span layers the pipeline assigned to it."""

    article: Article
    layers: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    provenance: tuple[str, ...] = ()

    def __repr__(self) -> str:
        layers = ", ".join(f"{name}={len(spans)}" for name, spans in self.layers.items())
        return f"<Analysis of {self.article!r}: {layers or 'no layers'}>"

    @property
    def sentences(self) -> tuple[Span, ...]:
        """The `sentences` layer."""
        return self.layers.get("sentences", ())

    @property
    def entities(self) -> tuple[Span, ...]:
        """The `entities` layer (entity mentions; `label` is PERSON, ORG or GPE...)."""
        return self.layers.get("entities", ())

    def with_layer(self, name: str, spans: tuple[Span, ...]) -> Analysis:
        """Return a copy with layer `name` set (the pipeline, not the component, records the provenance)."""
        layers = dict(self.layers)
        layers[name] = spans
        return dataclasses.replace(self, layers=layers)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One actor of a story under its canonical name, with the surface forms seen."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A sentence of one article that carries a claim."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A proposition carried by one or more articles, with the sentences that state it."""

    id: str
    text: str
    status: ClaimStatus
    articles: tuple[str, ...]
    missing: tuple[str, ...]
    mentions: tuple[Mention, ...]
    order: float = 0.0
    sources: int | None = None  # independent sources: copies of one upstream passage count once; None: not checked
    # How sure the aligner is: for a claim of several articles, that its mentions state one fact (the mean
    # agreement of its cross-article pairs); for a claim of one article, that no other article tells it.
    confidence: float | None = None

    def __repr__(self) -> str:
        told = notebook.plural(len(self.articles), "article")
        return f"<Claim {self.id} {self.status}, {told}: {truncate(self.text, 70)!r}>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Omission:
    """A claim most other articles carry that this article does not, with what searching its text found."""

    article: str
    claim: str
    confidence: float | None = None  # how sure the search is that the fact is absent (None: not searched)
    closest: Mention | None = None  # the article's sentence closest to the claim
    similarity: float | None = None  # its mean pair score against the claim's mentions
    cosine: float | None = None  # its best embedding cosine with one of them (embedding path)
    coverage: float | None = None  # the IDF-weighted share of the claim's key terms found anywhere in the article
    terms: tuple[str, ...] = ()  # the claim's key terms (stems, numbers, @actor ids)
    found: tuple[str, ...] = ()  # those found in the article

    def __repr__(self) -> str:
        sure = "" if self.confidence is None else f" (confidence {self.confidence:.2f})"
        return f"<Omission of claim {self.claim} by article {self.article}{sure}>"


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySentence:
    """One summary sentence, linked to the claim it states and the articles carrying it."""

    text: str
    claim: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """A neutral extractive summary built from the story's claims."""

    text: str
    sentences: tuple[SummarySentence, ...] = ()
    title: str | None = None  # the story's title, or a headline drawn for a story that has none
    loaded_terms: tuple[str, ...] | None = None  # loaded terms in the summary's own voice; None: not checked
    loaded_rate: float | None = None  # per 1,000 words, outside quotes
    source_rates: tuple[tuple[str, float], ...] = ()  # (article id, its own-voice rate), to set beside it

    def __repr__(self) -> str:
        return f"<Summary {len(self.sentences)} sentences: {truncate(self.text, 70)!r}>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """Words an article attributes to a speaker: the content span, who said it, how, and where else."""

    id: str
    article: str
    start: int
    end: int
    kind: str  # direct | partial | indirect | embedded
    speaker: str | None = None  # as the article names the speaker ("he", "a senior government official")
    speaker_name: str | None = None  # the actor it resolves to, when it is a named person or body
    speaker_entity: str | None = None
    speaker_type: str | None = None  # person | organisation | institutional | anonymous | unknown
    role: str | None = None  # official | expert | politician | business | media | state media | ...
    cue: str | None = None
    also_in: tuple[str, ...] = ()
    confidence: float | None = None  # the learned attributor's probability; None for a rule's quote
    group: bool = False  # the speaker is a group label ("Democrats", "critics"), not one actor

    def __repr__(self) -> str:
        who = self.speaker_name or self.speaker or "unattributed"
        return f"<Quote {self.id} {self.kind} by {who!r} in article {self.article} [{self.start}:{self.end}]>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """An outlet or agency an article names as its source, with the sentence that does so."""

    article: str
    outlet: str
    kind: str | None
    country: str | None
    start: int  # the cited outlet's mention
    end: int
    sentence_start: int
    sentence_end: int
    how: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Descriptor:
    """Words an article attaches to an actor's name: a title, an appositive or an affiliation."""

    entity: str
    article: str
    start: int
    end: int
    mention_start: int
    mention_end: int
    position: str  # title | appositive | affiliation


@dataclass(frozen=True, slots=True, kw_only=True)
class StatedValue:
    """One article's value for a fact: the value's span, its sentence, its claim and its normalised reading."""

    article: str
    claim: str
    start: int  # the value ("US$118.7 billion", "in 2019", "did not meet")
    end: int
    sentence_start: int
    sentence_end: int
    normalized: str | float | None  # number with its scale, ISO date range, or polarity
    display: str  # the normalised value for readers ("USD 118.7 billion", "2019")
    attrs: Mapping[str, Any] = field(default_factory=dict)
    group: int = 0  # values of one conflict with the same group agree with each other


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueComparison:
    """Articles' values for one fact compared: a conflict (beyond precision, or contradicting) or an agreement.

    The report lists conflicts under `conflicts` and agreements under `agreements`; one record, two outcomes.
    """

    id: str
    claim: str
    kind: ConflictKind
    values: tuple[StatedValue, ...]
    outcome: Outcome = "conflict"
    basis: str = "claim"  # claim: aligned sentences; figure: same measure and date; story: same measure anywhere
    about: str = ""  # what the values measure, in words a reader understands ("pages delivered")
    confidence: float | None = None  # how sure the comparison is that the values are about one fact

    def __repr__(self) -> str:
        values = " vs ".join(repr(value.display) for value in self.values[:4])
        more = f" (+{len(self.values) - 4})" if len(self.values) > 4 else ""
        return f"<ValueComparison {self.id} {self.outcome}, {self.kind} {self.about!r}: {values}{more}>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """A run of sentences of one article taken from an upstream text."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedSource:
    """Passages of several articles copied or closely paraphrased from one upstream text."""

    id: str
    kind: SourceKind
    articles: tuple[str, ...]
    passages: tuple[Passage, ...]
    similarity: float = 0.0  # word-shingle containment of the closest pair of passages


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """Story-level facts: a title and the span of publication dates."""

    title: str | None
    articles: int
    outlets: int
    first_published: datetime | None = None
    last_published: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """The result of comparing one story's articles: the report before rendering."""

    story: Story
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    omissions: tuple[Omission, ...] = ()
    summary: Summary = field(default_factory=lambda: Summary(text=""))
    quotes: tuple[Quote, ...] | None = None  # None: the layer was not analysed
    citations: tuple[Citation, ...] | None = None
    descriptors: tuple[Descriptor, ...] | None = None
    conflicts: tuple[ValueComparison, ...] | None = None  # None: values were not compared
    agreements: tuple[ValueComparison, ...] | None = None
    shared_sources: tuple[SharedSource, ...] | None = None
    framing: Framing | None = None  # loaded terms, tone, profiles, contrasts; None: not analysed
    notes: tuple[str, ...] = ()
    provenance: tuple[str, ...] = ()
    analyses: tuple[Analysis, ...] = ()

    def __repr__(self) -> str:
        return f"<Comparison {notebook.summary_line(self)}>"

    def _repr_html_(self) -> str:
        """Return the notebook's view: the first claims against the outlets, a ✓ where an outlet tells one."""
        return notebook.to_html(self)

    def article(self, article_id: str) -> Article:
        """Return the article with this id."""
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def claim(self, claim_id: str) -> Claim:
        """Return the claim with this id."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)

    def labels(self) -> dict[str, str]:
        """Map each article id to its reader-facing name (the outlet, told apart when one has two pieces)."""
        return article_labels([(a.id, a.outlet, a.source) for a in self.articles])

    def label(self, article_id: str) -> str:
        """Return the reader-facing name of the article with this id."""
        return self.labels()[article_id]

    def outlets_of(self, claim: Claim) -> tuple[str, ...]:
        """Return the names of the outlets that tell `claim`, in report order (`claim.articles` are ids)."""
        labels = self.labels()
        return tuple(labels[article] for article in claim.articles)

    def to_dict(self) -> dict[str, Any]:
        """Return the `rashomon.report/1` dict: exactly what `render(comparison, "json")` writes."""
        return notebook.report_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON text (`to_dict` serialised, non-ASCII kept)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def claims_frame(self) -> pd.DataFrame:
        """Return a pandas DataFrame of the claims, one True/False column per outlet (needs pandas)."""
        return notebook.claims_frame(self)

    def quotes_frame(self) -> pd.DataFrame:
        """Return a pandas DataFrame of the quotes with outlet and speaker names (needs pandas)."""
        return notebook.quotes_frame(self)

    def omissions_frame(self) -> pd.DataFrame:
        """Return a pandas DataFrame of the omissions: which outlet leaves out which claim (needs pandas)."""
        return notebook.omissions_frame(self)

    def conflicts_frame(self) -> pd.DataFrame:
        """Return a pandas DataFrame of the conflicts, each outlet's value by name (needs pandas)."""
        return notebook.conflicts_frame(self)
