"""Loaded terms: loaded words and phrases in an article, each in the outlet's voice or a quoted one.

Two sources, one layer of `LoadedTermSpan`s:

- the **learned model** (`analysis.learned.loaded`, trained on BABE's train split) scores every word in
  its sentence; a word at or above its threshold is loaded in context (category `loaded in context`,
  adjacent words joined into one phrase), with its probability as `confidence`;
- the **lexicon** names the category. Its hedges, certainty markers and verbs of attribution ("alleged",
  "actually", "claim") are loaded only in some contexts, so with the model present they count only where
  the model scores them loaded too; every other entry counts as listed, with the model's score beside it.

Without the weights or the encoder, the lexicon alone decides (the rules before the model).

A term inside quotation marks that the quotes layer gives to a speaker (a direct, partial, embedded or
block quote), or inside a closed quoted stretch longer than a scare quote, is the speaker's word, counted
apart from the outlet's. A paraphrase (an indirect quote) is the outlet's wording of someone's view, so it
stays in the outlet's voice, with the person it reports in `reported`. A short quoted phrase (1-4 words)
that no speaker is given is a scare quote: the outlet's distance from the words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from rashomon.analysis.components.sentences import paragraphs
from rashomon.analysis.learned.loaded import CONTEXTUAL, LoadedModel, SentenceScores, load_model
from rashomon.analysis.nlp import configured_model, has_parser, load_nlp, parse_paragraphs
from rashomon.model.layers import LoadedTermSpan
from rashomon.model.records import Analysis, Span
from rashomon.resources.lexicon import Lexicon, default_lexicon, words
from rashomon.resources.sentiment import vader
from rashomon.text.quotemarks import quoted_spans
from rashomon.text.spans import Intervals
from rashomon.text.terms import STOP_WORDS
from rashomon.text.voice import QUOTED_KINDS, SCARE_MAX_WORDS, marked_stretches, speaker_of, speaker_span, voice_of

__all__ = [
    "CONTEXTUAL",
    "LEARNED_CATEGORY",
    "SCARE_CATEGORY",
    "LoadedTerms",
    "find_loaded_terms",
    "quoted_labels",
    "scare_quotes",
]

SCARE_CATEGORY = "scare quotes"
LEARNED_CATEGORY = "loaded in context"
# The particles of phrasal verbs ("churn out", "mow down", "wind up"); "on", "in" and "over" are left out,
# being prepositions far more often than particles after a flagged word ("frenzy over", "mired in").
_PARTICLES = frozenset({"out", "up", "down", "off", "away", "back", "into"})


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
    scare: list[tuple[int, int]] = []
    labels: list[tuple[int, int]] = []
    # Each test asks whether some span starts before a point and ends beyond another: a bisection over the
    # spans sorted by start with the furthest end so far, where a pass over every quote for every quoted
    # stretch was quadratic (2,500 quotes in an article: 25 s).
    spoken = Intervals((q.start, q.end) for q in quotes if speaker_of(q, text) is not None)
    speakers = Intervals(s for s in (speaker_span(q) for q in quotes) if s is not None)
    holders = Intervals((q.start, q.end) for q in quotes if q.label in QUOTED_KINDS)
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


def scare_quotes(text: str, quotes: Sequence[Span]) -> list[tuple[int, int]]:
    """Short quoted phrases (1-4 words) that no speaker is given, not a speaker phrase nor a reported label."""
    return quoted_labels(text, quotes)[0]


def _sentences(analysis: Analysis) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in analysis.sentences if s.end > s.start]
    return spans or ([(0, len(analysis.article.text))] if analysis.article.text.strip() else [])


def _learned_words(
    text: str,
    scores: Sequence[SentenceScores],
    threshold: float,
    taken: Sequence[tuple[int, int]] = (),
    modifiers: Mapping[int, int] | None = None,
) -> list[tuple[int, int, float]]:
    """Words the model flags, adjacent ones joined into a phrase: (start, end, highest probability).

    A word inside a lexicon match (`taken`) is reported by the lexicon, and it ends the phrase rather than
    joining it: "allegedly mowed into" used to overlap the lexicon's "allegedly" and was dropped whole.
    A flagged verb's particle joins it ("churning out", "mowed down"): the particle is a stop word, but the
    phrasal verb is the loaded phrase. A flagged noun takes the nouns that modify it (`modifiers`: a noun's
    start -> its compound's start, from a parse): the model reads "machine" as loaded in "the message
    machine", but the metaphor is the compound.
    """
    out: list[tuple[int, int, float]] = []
    for sentence in scores:
        for k, w in enumerate(sentence.words):
            if w.probability < threshold or text[w.start : w.end].lower() in STOP_WORDS:
                continue
            if any(s < w.end and w.start < e for s, e in taken):
                continue
            end = w.end
            following = sentence.words[k + 1] if k + 1 < len(sentence.words) else None
            if (
                following is not None
                and text[following.start : following.end].lower() in _PARTICLES
                and not text[end : following.start].strip()
                and not any(s < following.end and following.start < e for s, e in taken)
            ):
                end = following.end
            if out and out[-1][1] <= w.start and re.fullmatch(r"[\s-]*", text[out[-1][1] : w.start]):
                s, _, p = out[-1]
                out[-1] = (s, end, max(p, w.probability))
            else:
                begin = (modifiers or {}).get(w.start, w.start)
                if any(s < w.start and begin < e for s, e in taken) or (out and out[-1][1] > begin):
                    begin = w.start
                out.append((begin, end, w.probability))
    return out


def compound_modifiers(text: str, model: str) -> dict[int, int]:
    """Each common noun with common nouns compounded before it: its start -> the first modifier's start."""
    out: dict[int, int] = {}
    bounds = list(paragraphs(text))
    for (offset, _end), doc in zip(bounds, parse_paragraphs(model, [text[a:b] for a, b in bounds]), strict=True):
        for token in doc:
            if token.pos_ != "NOUN":
                continue
            first = token
            while first.i > 0 and (left := doc[first.i - 1]).dep_ == "compound" and left.head.i == token.i:
                if left.pos_ != "NOUN":
                    break
                first = left
            if first.i != token.i:
                # a modifier is a whole word: "left-wing mob", never "wing mob"
                begin = offset + first.idx
                while (hyphen := re.search(r"[\w'’]+-$", text[max(0, begin - 40) : begin])) is not None:
                    begin -= len(hyphen.group())
                out[offset + token.idx] = begin
    return out


def _probability(scores: Sequence[SentenceScores], start: int, end: int) -> float | None:
    inside = [w.probability for s in scores if s.start <= start < s.end for w in s.words if start <= w.start < end]
    return max(inside) if inside else None


def _needed(model: LoadedModel, category: str, size: int, text: str, start: int) -> float:
    """The word score a lexicon match needs: its category's threshold, except that an idiom of two or more
    content words ("hat in hand", "took a nosedive") carries its context in its own wording, and the word
    model, which scores words one by one, cannot see it; hedges and the like still need the model."""
    content = [w for w in words(text, start, start + size) if w.key not in STOP_WORDS]
    if len(content) >= 2 and category not in CONTEXTUAL:
        return 0.0
    return model.category_threshold(category)


def find_loaded_terms(
    analysis: Analysis, lexicon: Lexicon, *, model: LoadedModel | None = None, nlp: str | None = None
) -> tuple[LoadedTermSpan, ...]:
    """Loaded-term spans of one analysed article (label = category), with voice, speaker, polarity, confidence.

    `nlp` names a spaCy pipeline with a parser: a flagged noun then takes the nouns compounded before it.
    """
    text = analysis.article.text
    quotes = analysis.layers.get("quotes", ())
    scare, labels = quoted_labels(text, quotes)
    marked = marked_stretches(text)
    scores = model.score(text, _sentences(analysis), lexicon) if model is not None else []
    threshold = model.word_threshold if model is not None else 1.0

    def voice(start: int, end: int) -> tuple[str, str | None, str | None]:
        said, speaker, reported = voice_of(start, end, quotes, text, marked=marked)
        if said == "outlet" and any(s <= start and end <= e for s, e in labels):
            said = "quoted"
        return said, speaker, reported

    out: list[LoadedTermSpan] = []
    taken: list[tuple[int, int]] = []
    for match in lexicon.find(text):
        term = match.term
        confidence = _probability(scores, match.start, match.end) if model is not None else None
        if model is not None and (confidence or 0.0) < _needed(
            model, term.category, match.end - match.start, text, match.start
        ):
            continue
        said, speaker, reported = voice(match.start, match.end)
        taken.append((match.start, match.end))
        out.append(
            LoadedTermSpan(
                start=match.start,
                end=match.end,
                label=term.category,
                term=term.text,
                category=term.category,
                voice=said,  # type: ignore[arg-type]
                speaker=speaker,
                reported=reported,
                polarity=None if term.polarity == "none" else term.polarity,
                confidence=None if confidence is None else round(confidence, 3),
            )
        )
    valences = vader()[0]
    modifiers = compound_modifiers(text, nlp) if nlp is not None and scores else {}
    for start, end, p in _learned_words(text, scores, threshold, taken, modifiers):
        if any(s < end and start < e for s, e in taken):
            continue
        said, speaker, reported = voice(start, end)
        phrase = " ".join(text[start:end].split())
        valence = sum(valences.get(w.key, 0.0) for w in words(phrase))
        out.append(
            LoadedTermSpan(
                start=start,
                end=end,
                label=LEARNED_CATEGORY,
                term=phrase.lower(),
                category=LEARNED_CATEGORY,
                voice=said,  # type: ignore[arg-type]
                speaker=speaker,
                reported=reported,
                polarity="negative" if valence < 0 else "positive" if valence > 0 else None,
                confidence=round(p, 3),
            )
        )
    for start, end in scare:
        # A quoted phrase is most often a title, a name or a term of art ("tone", "Obamacare"): on BABE's
        # train rows 8 % of scare-quote tokens were annotated biased. With the model, it is a scare quote
        # only where the model scores one of its words loaded in context.
        confidence = _probability(scores, start, end) if model is not None else None
        if model is not None and (confidence or 0.0) < threshold:
            continue
        _voice, _speaker, reported = voice_of(start, end, quotes, text)
        out.append(
            LoadedTermSpan(
                start=start,
                end=end,
                label=SCARE_CATEGORY,
                term=None,
                category=SCARE_CATEGORY,
                voice="outlet",
                reported=reported,
                confidence=None if confidence is None else round(confidence, 3),
            )
        )
    return tuple(sorted(out, key=lambda s: (s.start, s.end)))


class LoadedTerms:
    """Find loaded terms with the learned model and the lexicon (extended by $RASHOMON_LOADED_TERMS, `lexicon`).

    `learned=False` (or missing weights or encoder) leaves the lexicon alone to decide.
    """

    def __init__(self, lexicon: str | None = None, learned: bool = True, model: str | None = None) -> None:
        self.lexicon = default_lexicon(lexicon)
        self.model = load_model() if learned else None
        self.models = {"loaded": self.model.name} if self.model is not None else {}
        # The spaCy pipeline the sentences were parsed with (its parse is cached): with a parser, a flagged
        # noun's compound modifiers join the phrase; the blank pipeline has none.
        spacy = configured_model(model)
        self.nlp = spacy if self.model is not None and has_parser(load_nlp(spacy)) else None

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `loaded_terms` layer."""
        spans = find_loaded_terms(analysis, self.lexicon, model=self.model, nlp=self.nlp)
        return analysis.with_layer("loaded_terms", spans)


def register_components(register: Callable[..., None]) -> None:
    """Register the loaded_terms component."""
    register("loaded_terms", LoadedTerms, requires=("sentences", "quotes"), assigns=("loaded_terms",), version=3)
