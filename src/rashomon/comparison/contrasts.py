"""Contrastive wording: the words one outlet uses that the other outlets' versions of the same thing do not.

Two kinds. **Claims**: for each claim carried by two or more articles, the evaluative words of one
article's sentence whose stems appear in none of the other articles' sentences for that claim ("hostage"
where the others say "detained"); evaluative means a loaded term or a word VADER scores at 1.0 or more.
**Naming**: for each actor two or more articles name, the descriptor words one article attaches to it
that no other article uses for it ("dictator" where the others say "President"), flagged when loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rashomon.model.layers import LoadedTermSpan
from rashomon.model.records import Analysis, Comparison
from rashomon.resources.lexicon import Lexicon, Word, default_lexicon, words
from rashomon.resources.sentiment import NEUTRAL_IN_NEWS, vader
from rashomon.text.terms import STOP_WORDS, stem
from rashomon.text.voice import voice_of

EVALUATIVE = 1.0  # |VADER valence| at which a word not in the lexicon counts as evaluative


@dataclass(frozen=True, slots=True, kw_only=True)
class ContrastWord:
    """A word (or loaded term) of one article's sentence that the other articles' sentences lack."""

    start: int
    end: int
    term: str | None  # the lexicon entry, when the word is a loaded term
    category: str | None
    voice: str  # outlet | quoted
    speaker: str | None = None
    valence: float | None = None  # VADER's valence, when the word is not a loaded term


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimContrast:
    """One article's wording of a shared claim: the sentence, and its words no other article's sentence has."""

    claim: str
    article: str
    start: int
    end: int
    words: tuple[ContrastWord, ...]
    others: tuple[str, ...]  # the other articles carrying the claim


@dataclass(frozen=True, slots=True, kw_only=True)
class NamingContrast:
    """Descriptor words one article attaches to an actor that no other article naming the actor uses."""

    entity: str
    name: str
    article: str
    words: tuple[str, ...]  # lower-case descriptor words unique to this article
    loaded: tuple[str, ...]  # the loaded terms among its descriptors of this actor (lexicon entries)
    descriptors: tuple[str, ...]  # this article's descriptions of the actor
    others: tuple[tuple[str, tuple[str, ...]], ...]  # (article, its descriptions) for the other articles naming it


def _stem(key: str) -> str:
    return stem(key.replace("'", ""))


def _content(ws: Sequence[Word]) -> list[Word]:
    return [w for w in ws if w.key not in STOP_WORDS and any(c.isalpha() for c in w.key)]


def claim_contrasts(
    comparison: Comparison, analyses: Sequence[Analysis], *, lexicon: Lexicon | None = None
) -> tuple[ClaimContrast, ...]:
    """For each claim of two or more articles, each article's evaluative words the others' sentences lack."""
    lexicon = lexicon or default_lexicon()
    by_id = {a.article.id: a for a in analyses}
    valences = vader()[0]
    out = []
    for claim in comparison.claims:
        if len(claim.articles) < 2:
            continue
        stems = {}
        for m in claim.mentions:
            text = by_id[m.article].article.text
            stems[(m.article, m.start)] = {_stem(w.key) for w in _content(words(text, m.start, m.end))}
        for m in claim.mentions:
            others = set().union(*(s for (a, _), s in stems.items() if a != m.article))
            found = _unique_words(by_id[m.article], m.start, m.end, others, lexicon, valences)
            if found:
                out.append(
                    ClaimContrast(
                        claim=claim.id,
                        article=m.article,
                        start=m.start,
                        end=m.end,
                        words=found,
                        others=tuple(a for a in claim.articles if a != m.article),
                    )
                )
    return tuple(out)


def _unique_words(
    analysis: Analysis, start: int, end: int, others: set[str], lexicon: Lexicon, valences: Mapping[str, float]
) -> tuple[ContrastWord, ...]:
    text = analysis.article.text
    quotes = analysis.layers.get("quotes", ())
    terms = [
        t
        for t in analysis.layers.get("loaded_terms", ())
        if isinstance(t, LoadedTermSpan) and start <= t.start and t.end <= end
    ]
    out: list[ContrastWord] = []
    covered: set[int] = set()
    for t in terms:
        inner = _content(words(text, t.start, t.end)) or words(text, t.start, t.end)
        covered.update(w.start for w in words(text, t.start, t.end))
        if t.term is None or not all(_stem(w.key) in others for w in inner):
            out.append(
                ContrastWord(
                    start=t.start,
                    end=t.end,
                    term=t.term,
                    category=t.category,
                    voice=t.voice,
                    speaker=t.speaker,
                )
            )
    for w in _content(words(text, start, end)):
        valence = valences.get(w.key)
        if (
            w.start in covered
            or w.key in NEUTRAL_IN_NEWS
            or valence is None
            or abs(valence) < EVALUATIVE
            or _stem(w.key) in others
        ):
            continue
        voice, speaker, _ = voice_of(w.start, w.end, quotes, text)
        out.append(
            ContrastWord(
                start=w.start, end=w.end, term=None, category=None, voice=voice, speaker=speaker, valence=valence
            )
        )
    return tuple(sorted(out, key=lambda c: c.start))


def naming_contrasts(comparison: Comparison, *, lexicon: Lexicon | None = None) -> tuple[NamingContrast, ...]:
    """Descriptor words one article uses for an actor that no other article naming the actor uses."""
    lexicon = lexicon or default_lexicon()
    texts = {a.id: a.text for a in comparison.articles}
    described: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for d in comparison.descriptors or ():
        phrase = " ".join(texts[d.article][d.start : d.end].split())
        if phrase not in described[d.entity][d.article]:
            described[d.entity][d.article].append(phrase)
    out = []
    for entity in comparison.entities:
        cells = described.get(entity.id)
        naming = list(entity.articles)
        if not cells or len(naming) < 2:
            continue
        name_words = {w.key for alias in (entity.name, *entity.aliases) for w in words(alias)}
        # Capitalised words name things ("Canada's Prime Minister"), unless the lexicon has them ("Strongman X").
        vocab = {
            a: {
                w.key
                for p in cells.get(a, ())
                for w in _content(words(p))
                if not p[w.start].isupper() or lexicon.lookup(w.key)
            }
            - name_words
            for a in naming
        }
        for article in naming:
            unique = vocab[article] - set().union(*(v for a, v in vocab.items() if a != article))
            if not unique:
                continue
            loaded = tuple(dict.fromkeys(m.term.text for p in cells[article] for m in lexicon.find(p)))
            out.append(
                NamingContrast(
                    entity=entity.id,
                    name=entity.name,
                    article=article,
                    words=tuple(sorted(unique)),
                    loaded=loaded,
                    descriptors=tuple(cells[article]),
                    others=tuple((a, tuple(cells.get(a, ()))) for a in naming if a != article),
                )
            )
    out.sort(key=lambda c: (not c.loaded, -len(c.others)))
    return tuple(out)
