"""Framing across a story's outlets: loaded terms, tone toward each actor, and each outlet's framing profile.

Everything here reads a `Comparison`: its analyses' `loaded_terms` and `tone` layers (run on the spot
when the pipeline left them out), its claims, entities and descriptors. `analyze_framing` returns one
`Framing` whose `to_dict()` gives the report's `loaded_terms`, `tone` and `framing` keys. Contrastive
wording (what one outlet says that the others' versions of the same fact or actor do not) lives in
`framing_contrasts`.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rashomon.comparison.actors import entity_index
from rashomon.comparison.contrasts import ClaimContrast, NamingContrast, claim_contrasts, naming_contrasts
from rashomon.model.layers import LoadedTermSpan, ToneSpan
from rashomon.model.records import Analysis, Comparison
from rashomon.resources.lexicon import Lexicon, default_lexicon, words
from rashomon.text.voice import QUOTED_KINDS, is_voice

__all__ = [
    "MIN_EVIDENCE",
    "MIN_RATE_WORDS",
    "MIN_SENTENCES",
    "TONE_THRESHOLD",
    "Evidence",
    "Framing",
    "LoadedTerm",
    "Profile",
    "ToneCell",
    "analyze_framing",
    "framing_analyses",
    "loaded_terms",
    "profiles",
    "tone_direction",
    "tone_table",
]

# The one source of truth for tone thresholds: the Markdown and HTML reports import these (and read
# `direction`/`finding` from the report), so the two never disagree on what counts as warm.
TONE_THRESHOLD = 0.1  # a score above this is warm, below minus this cold; VADER's own neutral band is ±0.05,
# and a single cue a few words from a name moves a sentence past 0.05 (the Kovrig "hostage" case)
MIN_SENTENCES = 3  # an outlet must mention the actor in this many sentences for its tone to be a finding
MIN_EVIDENCE = 2  # ... and this many of them must score beyond TONE_THRESHOLD, so one sentence never decides
EVIDENCE = 6  # sentences kept as evidence per (article, actor), strongest first, shown in text order
MIN_RATE_WORDS = 150  # fewer own-voice words than this: no loaded-term rate (one term would read as 7 per 1,000)
WARM = TONE_THRESHOLD  # the old name, kept for callers


def tone_direction(score: float) -> str:
    """warm, cold or neutral, by TONE_THRESHOLD."""
    return "warm" if score > TONE_THRESHOLD else "cold" if score < -TONE_THRESHOLD else "neutral"


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedTerm:
    """A loaded term in one article: the lexicon entry (or the phrase, for a scare quote), where and whose."""

    article: str
    term: str
    category: str
    start: int
    end: int
    voice: str  # outlet | quoted
    speaker: str | None = None
    reported: str | None = None  # the person a paraphrase in the outlet's voice reports
    polarity: str | None = None
    confidence: float | None = None  # the learned model's probability; None: the lexicon alone decided


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """One sentence behind a tone score: its offsets, its score, and its weighted cues (start, end, weight)."""

    start: int
    end: int
    score: float
    cues: tuple[tuple[int, int, float], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ToneCell:
    """Tone of one article toward one actor: the mean over the sentences that mention it, with evidence."""

    article: str
    entity: str
    name: str
    score: float
    mentions: int
    positive: int
    negative: int
    evidence: tuple[Evidence, ...] = ()
    direction: str = "neutral"  # warm | cold | neutral (tone_direction of the score)
    finding: bool = False  # enough evidence to report: MIN_SENTENCES mentions, MIN_EVIDENCE scored sentences


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """One article's framing: loaded-term rates by voice, top categories, warmest and coldest actors."""

    article: str
    words: int
    outlet_words: int
    quoted_words: int
    outlet_terms: int
    quoted_terms: int
    outlet_rate: float | None  # loaded terms per 1,000 words in the outlet's own voice; None: too few words
    quoted_rate: float | None  # ... per 1,000 quoted words; None: too few quoted words
    relative_rate: float | None  # outlet_rate over the story's outlet-voice rate (1.0 = the story's average)
    scare_quotes: int
    categories: tuple[tuple[str, int], ...] = ()  # outlet voice, most frequent first
    distinct_terms: tuple[str, ...] = ()  # outlet-voice terms no other article uses in its own voice
    warmest: tuple[tuple[str, float], ...] = ()  # (entity id, score), warmest first
    coldest: tuple[tuple[str, float], ...] = ()  # (entity id, score), coldest first


@dataclass(frozen=True, slots=True, kw_only=True)
class Framing:
    """The story's framing: loaded terms, tone table, profiles and contrastive wording."""

    loaded_terms: tuple[LoadedTerm, ...]
    tone: tuple[ToneCell, ...]
    profiles: tuple[Profile, ...]
    naming_contrasts: tuple[NamingContrast, ...]
    claim_contrasts: tuple[ClaimContrast, ...]

    def to_dict(self) -> dict[str, Any]:
        """Report keys: `loaded_terms` and `tone` (DESIGN §5, with extra fields) and `framing`."""
        return {
            "loaded_terms": [dataclasses.asdict(t) for t in self.loaded_terms],
            "tone": [_tone_dict(cell) for cell in self.tone],
            "framing": {
                "profiles": [_profile_dict(p) for p in self.profiles],
                "naming_contrasts": [dataclasses.asdict(c) for c in self.naming_contrasts],
                "claim_contrasts": [dataclasses.asdict(c) for c in self.claim_contrasts],
            },
        }


def _tone_dict(cell: ToneCell) -> dict[str, Any]:
    out = dataclasses.asdict(cell)
    out["evidence"] = [
        {
            "start": e.start,
            "end": e.end,
            "score": e.score,
            "cues": [{"start": s, "end": t, "weight": w} for s, t, w in e.cues],
        }
        for e in cell.evidence
    ]
    return out


def _profile_dict(profile: Profile) -> dict[str, Any]:
    out = dataclasses.asdict(profile)
    out["categories"] = [{"category": c, "count": n} for c, n in profile.categories]
    out["distinct_terms"] = list(profile.distinct_terms)
    out["warmest"] = [{"entity": e, "score": s} for e, s in profile.warmest]
    out["coldest"] = [{"entity": e, "score": s} for e, s in profile.coldest]
    return out


def framing_analyses(comparison: Comparison, *, lexicon: Lexicon | None = None) -> tuple[Analysis, ...]:
    """The comparison's analyses, a layer the pipeline left out read as empty (comparison never runs components)."""
    out = []
    for analysis in comparison.analyses:
        for layer in ("loaded_terms", "tone"):
            if layer not in analysis.layers:
                analysis = analysis.with_layer(layer, ())
        out.append(analysis)
    return tuple(out)


def loaded_terms(analyses: Sequence[Analysis]) -> tuple[LoadedTerm, ...]:
    """Every loaded term of every article, in text order."""
    out = []
    for analysis in analyses:
        text = analysis.article.text
        for span in analysis.layers.get("loaded_terms", ()):
            if not isinstance(span, LoadedTermSpan):
                continue  # a plugin's plain span in this layer: no category or voice to report
            out.append(
                LoadedTerm(
                    article=analysis.article.id,
                    term=span.term or " ".join(span.text_of(text).split()),
                    category=span.category,
                    start=span.start,
                    end=span.end,
                    voice=span.voice,
                    speaker=span.speaker,
                    reported=span.reported,
                    polarity=span.polarity,
                    confidence=span.confidence,
                )
            )
    return tuple(out)


def tone_table(comparison: Comparison, analyses: Sequence[Analysis]) -> tuple[ToneCell, ...]:
    """Tone of each article toward each of the story's actors it mentions (actor x article cells)."""
    index = entity_index(comparison.entities, analyses)
    names = {e.id: e.name for e in comparison.entities}
    order = {e.id: i for i, e in enumerate(comparison.entities)}
    cells = []
    for analysis in analyses:
        aid = analysis.article.id
        by_entity: dict[str, list[ToneSpan]] = defaultdict(list)
        for span in analysis.layers.get("tone", ()):
            if not isinstance(span, ToneSpan):
                continue
            entity = next((index[(aid, m)] for m in span.mentions if (aid, m) in index), None)
            if entity is not None:
                by_entity[entity].append(span)
        for entity, spans in sorted(by_entity.items(), key=lambda kv: order[kv[0]]):
            cells.append(_cell(aid, entity, names[entity], spans))
    return tuple(cells)


def _cell(article: str, entity: str, name: str, spans: Sequence[ToneSpan]) -> ToneCell:
    scores = [s.score for s in spans]
    strongest = sorted((s for s in spans if abs(s.score) > TONE_THRESHOLD), key=lambda s: -abs(s.score))
    evidence = tuple(
        Evidence(start=s.start, end=s.end, score=s.score, cues=tuple((c.start, c.end, c.weight) for c in s.cues))
        for s in sorted(strongest[:EVIDENCE], key=lambda s: s.start)
    )
    score = round(statistics.fmean(scores), 3)
    return ToneCell(
        article=article,
        entity=entity,
        name=name,
        score=score,
        mentions=len(spans),
        positive=sum(x > TONE_THRESHOLD for x in scores),
        negative=sum(x < -TONE_THRESHOLD for x in scores),
        evidence=evidence,
        direction=tone_direction(score),
        finding=len(spans) >= MIN_SENTENCES and len(strongest) >= MIN_EVIDENCE,
    )


def quoted_word_count(analysis: Analysis) -> int:
    """Words of the article inside quotes that speak for someone (direct, partial, embedded, block)."""
    text = analysis.article.text
    ranges = sorted(
        (q.start, q.end) for q in analysis.layers.get("quotes", ()) if q.label in QUOTED_KINDS and is_voice(q, text)
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return sum(len(words(text, start, end)) for start, end in merged)


def profiles(
    analyses: Sequence[Analysis],
    terms: Sequence[LoadedTerm],
    tone: Sequence[ToneCell],
    story_articles: Mapping[str, int] | None = None,
) -> tuple[Profile, ...]:
    """Each article's framing profile, compared with the story's other articles."""
    outlet_terms: dict[str, set[str]] = defaultdict(set)
    for t in terms:
        if t.voice == "outlet" and t.category != "scare quotes":
            outlet_terms[t.article].add(t.term)
    drafts = []
    for analysis in analyses:
        aid = analysis.article.id
        total = len(words(analysis.article.text))
        quoted = quoted_word_count(analysis)
        mine = [t for t in terms if t.article == aid]
        own = [t for t in mine if t.voice == "outlet"]
        others = set().union(*(v for k, v in outlet_terms.items() if k != aid))
        drafts.append(
            Profile(
                article=aid,
                words=total,
                outlet_words=total - quoted,
                quoted_words=quoted,
                outlet_terms=len(own),
                quoted_terms=len(mine) - len(own),
                outlet_rate=_rate(len(own), total - quoted),
                quoted_rate=_rate(len(mine) - len(own), quoted),
                relative_rate=None,
                scare_quotes=sum(t.category == "scare quotes" for t in own),
                categories=tuple(Counter(t.category for t in own).most_common()),
                distinct_terms=tuple(sorted(outlet_terms[aid] - others)),
                **_extremes([c for c in tone if c.article == aid], story_articles or {}),
            )
        )
    story_rate = _rate(sum(p.outlet_terms for p in drafts), sum(p.outlet_words for p in drafts))
    return tuple(
        dataclasses.replace(
            p, relative_rate=round(p.outlet_rate / story_rate, 2) if story_rate and p.outlet_rate is not None else None
        )
        for p in drafts
    )


def _rate(count: int, words_: int) -> float | None:
    """Terms per 1,000 words, or None when the text is too short for a rate to mean anything."""
    return round(1000 * count / words_, 2) if words_ >= MIN_RATE_WORDS else None


def _extremes(cells: Sequence[ToneCell], reach: Mapping[str, int]) -> dict[str, tuple[tuple[str, float], ...]]:
    """The actors an article is warmest and coldest toward (main actors first: those most articles name)."""
    eligible = [c for c in cells if c.finding]
    warm = sorted((c for c in eligible if c.direction == "warm"), key=lambda c: (-c.score, -reach.get(c.entity, 0)))
    cold = sorted((c for c in eligible if c.direction == "cold"), key=lambda c: (c.score, -reach.get(c.entity, 0)))
    return {
        "warmest": tuple((c.entity, c.score) for c in warm[:3]),
        "coldest": tuple((c.entity, c.score) for c in cold[:3]),
    }


def analyze_framing(comparison: Comparison, *, lexicon: Lexicon | None = None) -> Framing:
    """Loaded terms, tone table, profiles and contrastive wording of a compared story."""
    lexicon = lexicon or default_lexicon()
    analyses = framing_analyses(comparison, lexicon=lexicon)
    terms = loaded_terms(analyses)
    tone = tone_table(comparison, analyses)
    reach = {e.id: len(e.articles) for e in comparison.entities}
    return Framing(
        loaded_terms=terms,
        tone=tone,
        profiles=profiles(analyses, terms, tone, reach),
        naming_contrasts=naming_contrasts(comparison, lexicon=lexicon),
        claim_contrasts=claim_contrasts(comparison, analyses, lexicon=lexicon),
    )
