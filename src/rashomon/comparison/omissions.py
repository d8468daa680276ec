"""Verified omissions: an article is said to omit a claim only after its whole text was searched for the claim.

A claim that most of the other articles carry is a candidate omission for each article that has no mention
of it. Before listing it, the article's whole text is searched for the claim's key terms (the content
words, numbers and actors its carriers share, less words the whole story uses everywhere) and for the
sentence closest to it in meaning (the aligner's pair score and, on the embedding path, the cosine). The
omission is listed only when neither finds the fact: a false accusation of leaving a fact out is the most
damaging error a comparison can make, so precision comes first and a doubtful case is left out. Each listed
omission carries its evidence: the closest sentence, its similarity and the share of key terms found.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.comparison.align import Scored
from rashomon.comparison.facts.values import ValueReader
from rashomon.model.records import Article, Claim, Mention, Omission
from rashomon.text.quantities import Quantity, agree
from rashomon.text.timex import DateValue

__all__ = ["OmissionOptions", "verify_omissions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OmissionOptions:
    """When a candidate omission is listed; defaults measured on the annotated stories (docs/alignment.md)."""

    # Found: the article's text holds at least this share (IDF-weighted) of the claim's key terms ...
    max_coverage: float = 0.5
    # ... or one of its sentences scores at least this against the claim's mentions (mean pair score) ...
    max_similarity: float = 0.25
    # ... or reaches this cosine with one of them (embedding path): the fact told in other words; within one
    # story most sentences are close in embedding space, so a cosine alone must be high ...
    max_cosine: float = 0.75
    # ... or a lower cosine together with part of the key terms.
    paraphrase_cosine: float = 0.6
    paraphrase_coverage: float = 0.3
    # Terms in more than this share of the story's sentences say nothing particular ("Clinton", "email").
    ubiquitous: float = 0.15
    # Listed only when every piece of evidence stays more than this far (a share of its limit) from finding it.
    min_confidence: float = 0.0
    # Found, too, when a sentence of the article states a value the claim's carriers agree on (a date, a sum,
    # a counted thing) beside one of the claim's key terms: "the vote is set for May 4" and "voters go to the
    # polls on May 4" tell one fact in different words. A bare count under this is too common to say so.
    specific_count: float = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class _Search:
    """What searching one article for one claim found: the closest sentence and the key terms present."""

    closest: int | None
    similarity: float
    cosine: float | None
    coverage: float
    terms: tuple[str, ...]
    found: tuple[str, ...]


def verify_omissions(
    claims: Sequence[Claim],
    articles: Sequence[Article],
    scored: Scored,
    terms: Sequence[Sequence[str]],
    *,
    options: OmissionOptions | None = None,
) -> tuple[Omission, ...]:
    """The omissions that survive a search of the omitting article, each with its evidence and confidence."""
    options = options or OmissionOptions()
    others = len(articles) - 1
    if others < 1:
        return ()
    index = {(u.article, u.span.start, u.span.end): i for i, u in enumerate(scored.items)}
    weights = _idf(terms, ubiquitous=options.ubiquitous)
    # An age ("Anthony LaCalamita III, 38") is searched for among ages, a sentence's fact among sentences.
    by_article: dict[tuple[str, bool], list[int]] = {}
    for i, unit in enumerate(scored.items):
        by_article.setdefault((unit.article, unit.span.label == "age"), []).append(i)
    reader = ValueReader(articles)
    texts = {a.id: a.text for a in articles}
    out = []
    for claim in claims:
        if 2 * len(claim.articles) <= others:
            continue  # not carried by most of the other articles: no one is expected to tell it
        members = [index[k] for m in claim.mentions if (k := (m.article, m.start, m.end)) in index]
        if not members:
            continue
        key = _key_terms([terms[i] for i in members], [scored.items[i].article for i in members], weights)
        shared = _shared_values(members, scored, reader, options)
        age = scored.items[members[0]].span.label == "age"
        for article in claim.missing:
            if age and _gives_the_age(texts[article], scored.items[members[0]].span.attrs["age"]):
                continue  # the age in other words ("LaCalamita, who is 38"): not omitted
            candidates = by_article.get((article, age), [])
            search = _search(members, candidates, key, scored, terms, weights)
            if _states_a_shared_value(candidates, shared, key, scored, terms, reader):
                continue  # the fact is told with its value in other words
            confidence = _confidence(search, options)
            if confidence > options.min_confidence:
                out.append(_omission(article, claim, search, confidence, scored))
    return tuple(out)


def _gives_the_age(text: str, age: str) -> bool:
    """Whether the number of an age is anywhere in the text (precision first: it may give the age another way)."""
    return re.search(rf"(?<![\d.,]){age}(?![\d]|[.,]\d)", text) is not None


def _values(unit: int, scored: Scored, reader: ValueReader) -> tuple[Quantity | DateValue, ...]:
    item = scored.items[unit]
    return reader.records(item.article, item.span.start, item.span.end)


def _specific(value: Quantity | DateValue, options: OmissionOptions) -> bool:
    """A value that says which fact it is: a resolved date, a sum, a share, a duration, a named or large count."""
    if isinstance(value, DateValue):
        return value.resolved
    return value.kind != "count" or bool(value.noun) or abs(value.value) >= options.specific_count


def _shared_values(
    members: Sequence[int], scored: Scored, reader: ValueReader, options: OmissionOptions
) -> list[Quantity | DateValue]:
    """The claim's specific values that two of its carriers agree on (all of a lone carrier's)."""
    by_article: dict[str, list[Quantity | DateValue]] = {}
    for i in members:
        by_article.setdefault(scored.items[i].article, []).extend(
            v for v in _values(i, scored, reader) if _specific(v, options)
        )
    if len(by_article) == 1:
        return next(iter(by_article.values()))
    return [
        v
        for article, values in by_article.items()
        for v in values
        if any(agree(v, w) for other, ws in by_article.items() if other != article for w in ws)
    ]


def _states_a_shared_value(
    candidates: Sequence[int],
    shared: Sequence[Quantity | DateValue],
    key: dict[str, float],
    scored: Scored,
    terms: Sequence[Sequence[str]],
    reader: ValueReader,
) -> bool:
    """True when one of the article's sentences states a shared value of the claim beside one of its key terms."""
    if not shared or not key:
        return False
    for i in candidates:
        if not _parts(terms[i]) & set(key):
            continue
        if any(agree(v, w) for v in _values(i, scored, reader) for w in shared):
            return True
    return False


def _idf(terms: Sequence[Sequence[str]], *, ubiquitous: float) -> dict[str, float]:
    """Each term's inverse sentence frequency in the story; terms in too many sentences weigh nothing.

    Ages ("age:38", "name:lacalamita": `align.ages`) are counted among the ages, other terms among the sentences.
    """
    frequency = Counter(t for doc in terms for t in _parts(doc))
    ages = sum(1 for doc in terms if any(t.startswith("age:") for t in doc))
    sizes = (max(1, ages), max(1, len(terms) - ages))

    def weight(term: str, f: int) -> float:
        if term.startswith(("age:", "name:")):  # a few ages, all of them particular
            return math.log(1 + sizes[0] / f)
        return 0.0 if f / sizes[1] > ubiquitous else math.log(sizes[1] / f)

    return {t: weight(t, f) for t, f in frequency.items()}


def _key_terms(docs: Sequence[Sequence[str]], carriers: Sequence[str], weights: dict[str, float]) -> dict[str, float]:
    """The terms that say what the claim is: in two or more carriers' mentions (all of a lone mention's)."""
    per_article: dict[str, set[str]] = {}
    for doc, article in zip(docs, carriers, strict=True):
        per_article.setdefault(article, set()).update(doc)
    counts = Counter(t for found in per_article.values() for t in _parts(found))
    needed = 2 if len(per_article) > 1 else 1
    return {t: weights.get(t, 0.0) for t, c in counts.items() if c >= needed and weights.get(t, 0.0) > 0.0}


def _parts(doc: Iterable[str]) -> set[str]:
    """A bag of terms with each hyphenated term also split ("secret-ballot" also gives "secret", "ballot")."""
    out = set(doc)
    out.update(part for t in doc if "-" in t and not t.startswith("@") for part in t.split("-") if part)
    return out


def _search(
    members: Sequence[int],
    candidates: Sequence[int],
    key: dict[str, float],
    scored: Scored,
    terms: Sequence[Sequence[str]],
    weights: dict[str, float],
) -> _Search:
    """Search one article's sentences for the claim: the closest sentence and the key terms anywhere in it."""
    if not candidates:
        return _Search(closest=None, similarity=0.0, cosine=None, coverage=0.0, terms=tuple(key), found=())
    sim = scored.similarity[np.ix_(candidates, members)].mean(axis=1)
    best = int(np.argmax(sim))
    cosine = None if scored.cosine is None else float(scored.cosine[np.ix_(candidates, members)].max())
    present = {t for i in candidates for t in _parts(terms[i])} & set(key)
    total = sum(key.values())
    coverage = sum(key[t] for t in present) / total if total else 0.0
    return _Search(closest=candidates[best], similarity=float(sim[best]), cosine=cosine, coverage=coverage,
                   terms=tuple(sorted(key)), found=tuple(sorted(present)))  # fmt: skip


def _confidence(search: _Search, options: OmissionOptions) -> float:
    """How sure the search is that the fact is absent: 0 when any evidence finds it, else the distance left."""
    if search.coverage >= options.max_coverage or search.similarity >= options.max_similarity:
        return 0.0
    if search.cosine is not None and search.cosine >= options.max_cosine:
        return 0.0
    if search.cosine is not None and search.cosine >= options.paraphrase_cosine:
        if search.coverage >= options.paraphrase_coverage:
            return 0.0
    margins = [1 - search.coverage / options.max_coverage, 1 - search.similarity / options.max_similarity]
    if search.cosine is not None:
        margins.append(1 - max(0.0, search.cosine) / options.max_cosine)
    return round(min(margins), 3)


def _omission(article: str, claim: Claim, search: _Search, confidence: float, scored: Scored) -> Omission:
    closest = None
    if search.closest is not None:
        unit = scored.items[search.closest]
        closest = Mention(article=unit.article, start=unit.span.start, end=unit.span.end)
    return Omission(article=article, claim=claim.id, confidence=confidence, closest=closest,
                    similarity=round(search.similarity, 3),
                    cosine=None if search.cosine is None else round(search.cosine, 3),
                    coverage=round(search.coverage, 3), terms=search.terms, found=search.found)  # fmt: skip
