"""Tone toward each actor: target-dependent sentiment of the sentences that mention it, with its evidence.

Each sentence that mentions an actor gets a score for that actor from the evaluative words near the
mention, not from the whole sentence: the lexicon's loaded terms (with their polarity) and VADER's
valence lexicon (shipped by the `vaderSentiment` package) give each word a valence; a negator among the
three words before it flips and damps it, a booster or intensifier before it strengthens it. Each word
then counts in proportion to its closeness to the actor's nearest mention, half as much across a clause
boundary or when another actor is closer to it, half as much inside quotation marks (the outlet chose to
quote them, it did not say them), and not at all inside a quote the actor itself speaks or inside a name.
The weighted sum is squashed to (-1, 1) as VADER does.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rashomon.model.layers import EntitySpan, LoadedTermSpan, QuoteSpan, ToneCue, ToneSpan
from rashomon.model.records import Analysis, Span
from rashomon.resources.lexicon import Lexicon, Word, default_lexicon, words
from rashomon.resources.sentiment import NEUTRAL_IN_NEWS, vader
from rashomon.text import attribution as at
from rashomon.text.voice import QUOTED_KINDS

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "NAME?"})
LEXICON_VALENCE = 2.0  # a loaded term weighs about as much as VADER's "strong" words (angry -2.3, great 3.1)
LABEL_VALENCE = 3.0  # a label applied to a person ("dictator") weighs more
NEGATION_SCALAR = -0.74  # VADER's
BOOST = 1.3
QUOTED_WEIGHT = 0.5
CROSS_CLAUSE = 0.5
OTHER_ACTOR_CLOSER = 0.5
DISTANCE_SCALE = 6.0  # words at which a cue's weight halves
ALPHA = 15.0  # VADER's normalisation constant
SPEAKER_REACH = 3  # words around a speaking actor's name that may still describe it ("mused Michael Kovrig")
SPEECH_VERBS = at.STRONG_CUES | at.BARE_CLAUSE_CUES | at.INVERSION_CUES
_CLAUSE_BREAK = re.compile(r"[;:—–()]|,\s+(?:but|while|although|though|whereas|yet)\b|\b(?:but|whereas)\b")


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """An evaluative word or term in a sentence: word index range, offsets, and signed valence."""

    first: int
    last: int
    start: int
    end: int
    valence: float


def _term_polarity(term: Span) -> str | None:
    return term.polarity if isinstance(term, LoadedTermSpan) else term.attrs.get("polarity")


def _term_category(term: Span) -> str:
    return term.category if isinstance(term, LoadedTermSpan) else str(term.attrs.get("category") or term.label)


def sentence_cues(ws: Sequence[Word], terms: Sequence[Span], names: Sequence[Span]) -> list[Cue]:
    """The evaluative cues of one sentence's words, with negation and boosters applied."""
    valences, negators, boosters = vader()
    cues: list[Cue] = []
    covered: set[int] = set()
    intensified: set[int] = set()
    for term in terms:
        inside = [i for i, w in enumerate(ws) if term.start <= w.start < term.end]
        if not inside:
            continue
        covered.update(inside)
        polarity = _term_polarity(term)
        if _term_category(term) == "intensifier":
            intensified.add(inside[-1] + 1)
        if polarity in ("negative", "positive"):
            size = LABEL_VALENCE if term.label in ("pejorative label", "honorific label") else LEXICON_VALENCE
            cues.append(
                Cue(
                    first=inside[0],
                    last=inside[-1],
                    start=term.start,
                    end=term.end,
                    valence=size if polarity == "positive" else -size,
                )
            )
    in_names = {i for n in names for i, w in enumerate(ws) if n.start <= w.start < n.end}
    for i, w in enumerate(ws):
        if i in covered or i in in_names or w.key in NEUTRAL_IN_NEWS or w.key not in valences:
            continue
        cues.append(Cue(first=i, last=i, start=w.start, end=w.end, valence=valences[w.key]))
    out = []
    for cue in sorted(cues, key=lambda c: c.first):
        valence = cue.valence
        before = [ws[k].key for k in range(max(0, cue.first - 3), cue.first)]
        if any(b in negators or b.endswith("n't") for b in before):
            valence *= NEGATION_SCALAR
        if (before and before[-1] in boosters) or cue.first in intensified:
            valence *= BOOST
        out.append(Cue(first=cue.first, last=cue.last, start=cue.start, end=cue.end, valence=valence))
    return out


def cue_weight(
    text: str, cue: Cue, own: Sequence[tuple[int, int]], others: Sequence[tuple[int, int]], ws: Sequence[Word]
) -> float:
    """How much a cue bears on the actor whose mentions (word index ranges) are `own`."""

    def distance(m: tuple[int, int]) -> int:
        return max(0, m[0] - cue.last, cue.first - m[1])

    nearest = min(own, key=distance)
    d = distance(nearest)
    weight = 1.0 / (1.0 + d / DISTANCE_SCALE)
    lo, hi = sorted(
        (
            ws[nearest[1]].end if nearest[1] < cue.first else ws[cue.last].end,
            ws[cue.first].start if nearest[1] < cue.first else ws[nearest[0]].start,
        )
    )
    if _CLAUSE_BREAK.search(text, lo, hi):
        weight *= CROSS_CLAUSE
    if others and min(distance(m) for m in others) < d:
        weight *= OTHER_ACTOR_CLOSER
    return weight


def squash(raw: float) -> float:
    """Map a sum of valences to (-1, 1) (VADER's normalisation)."""
    return raw / math.sqrt(raw * raw + ALPHA)


def tone_spans(analysis: Analysis, lexicon: Lexicon) -> tuple[ToneSpan, ...]:
    """One span per (sentence, actor mentioned in it): the actor's name, score, mentions and weighted cues."""
    text = analysis.article.text
    actors = [e for e in analysis.entities if isinstance(e, EntitySpan) and e.label in ACTOR_LABELS and e.name]
    terms: Sequence[Span] | None = analysis.layers.get("loaded_terms")
    if terms is None:
        terms = tuple(
            LoadedTermSpan(
                start=m.start,
                end=m.end,
                label=m.term.category,
                term=m.term.text,
                category=m.term.category,
                voice="outlet",
                polarity=None if m.term.polarity == "none" else m.term.polarity,
            )
            for m in lexicon.find(text)
        )
    quotes = analysis.layers.get("quotes", ())
    out: list[ToneSpan] = []
    last_person: str | None = None
    for sentence in analysis.sentences:
        names = [e for e in actors if sentence.start <= e.start < sentence.end]
        ws = words(text, sentence.start, sentence.end)
        subject = last_person if ws and ws[0].key in ("he", "she") else None
        people = [e.name for e in names if e.label == "PERSON"]
        last_person = people[-1] if people else last_person
        if not names or not ws:
            continue
        cues = sentence_cues(ws, [t for t in terms if sentence.start <= t.start < sentence.end], names)
        by_actor: dict[str, list[tuple[int, int]]] = defaultdict(list)
        starts: dict[str, list[int]] = defaultdict(list)
        for e in names:
            covered = [i for i, w in enumerate(ws) if e.start <= w.start < e.end] or [0]
            by_actor[e.name].append((covered[0], covered[-1]))
            starts[e.name].append(e.start)
        for name, own in by_actor.items():
            others = [m for other, ms in by_actor.items() if other != name for m in ms]
            if subject is not None and subject != name and subject not in by_actor:
                others.append((0, 0))  # "He is evidently hoping to secure Xi's forgiveness": he is not Xi
            speaking = any(_speaks(ws, m) for m in own)
            weighted = []
            for cue in cues:
                factor = _voice_factor(cue, name, quotes, text)
                if speaking and not any(_describes(text, ws, cue, m) for m in own):
                    factor = 0.0  # "..., Lü said": the clause is about what Lü speaks of, not about Lü
                if factor:
                    weighted.append((cue, factor * cue_weight(text, cue, own, others, ws)))
            raw = sum(cue.valence * w for cue, w in weighted)
            out.append(
                ToneSpan(
                    start=sentence.start,
                    end=sentence.end,
                    entity=name,
                    score=round(squash(raw), 3),
                    mentions=tuple(starts[name]),
                    cues=tuple(
                        ToneCue(start=c.start, end=c.end, weight=round(c.valence * w, 3))
                        for c, w in weighted
                        if abs(c.valence * w) > 0.05
                    ),
                )
            )
    return tuple(out)


def _speaks(ws: Sequence[Word], mention: tuple[int, int]) -> bool:
    """True when a speech verb stands right before or after the mention ("Lü said", "said Lü", "Lü, ..., told")."""
    after = [w.key for w in ws[mention[1] + 1 : mention[1] + 3]]
    before = [w.key for w in ws[max(0, mention[0] - 2) : mention[0]]]
    return (
        bool(set(after) & SPEECH_VERBS) or bool(before and before[-1] in SPEECH_VERBS) or before == ["according", "to"]
    )


def _describes(text: str, ws: Sequence[Word], cue: Cue, mention: tuple[int, int]) -> bool:
    """A cue next to a speaker's name describes the speaker: "mused Michael Kovrig — one of the hostages"."""
    if cue.first > mention[1]:
        return cue.first - mention[1] <= SPEAKER_REACH
    between = text[ws[cue.last].end : ws[mention[0]].start]
    return mention[0] - cue.last <= SPEAKER_REACH and not re.search(r"[,;:]", between)


def _voice_factor(cue: Cue, name: str, quotes: Sequence[Span], text: str) -> float:
    """0 inside the actor's own words, QUOTED_WEIGHT inside someone else's quote, else 1."""
    around = [q for q in quotes if q.start <= cue.start and cue.end <= q.end]
    if any(isinstance(q, QuoteSpan) and q.speaker_name == name for q in around):
        return 0.0
    return QUOTED_WEIGHT if any(q.label in QUOTED_KINDS for q in around) else 1.0


class Tone:
    """Score the tone toward each actor in each sentence that mentions it."""

    def __init__(self, lexicon: str | None = None) -> None:
        self.lexicon = default_lexicon(lexicon)

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `tone` layer (uses `loaded_terms` and `quotes` when present)."""
        return analysis.with_layer("tone", tone_spans(analysis, self.lexicon))


def register_components(register: Callable[..., None]) -> None:
    """Register the tone component."""
    register("tone", Tone, requires=("sentences", "entities"), assigns=("tone",), version=1)
