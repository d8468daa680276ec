"""Align sentences across articles into claims: the lexical default (TF-IDF over stems and actors).

Each sentence becomes a bag of stemmed content words, numbers and canonical actor ids, weighted by
TF-IDF over the story. Sentences of different articles are merged greedily, most similar pair first,
into groups with at most one sentence per article, as long as the average similarity between the two
groups stays above a threshold (average linkage keeps one shared word from chaining unrelated facts).

With `AlignOptions(embedding=...)` a sentence-embedding model re-scores the candidate pairs only: pairs
of different articles at or above a low lexical similarity, or stating the same normalised amount or
date. The other pairs keep their lexical score, and sentences in no candidate pair are never encoded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rashomon.comparison.facts.values import date_of, has_value_layers, quantity_of
from rashomon.comparison.rerank import expand, rare_actors, rescore
from rashomon.model.layers import SentenceSpan
from rashomon.model.records import Analysis, Span
from rashomon.resources.wordlists import NAME_SUFFIXES
from rashomon.text.quantities import Quantity, find_quantities
from rashomon.text.terms import terms
from rashomon.text.timex import DateValue, find_dates


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignOptions:
    """Knobs of the lexical aligner; defaults measured on ECB+ dev (docs/alignment.md)."""

    threshold: float = 0.3
    linkage: float = 0.15
    duplicate_threshold: float = 0.8
    min_words: int = 4
    # The embedding re-ranker (rashomon.analysis.embeddings): None keeps the lexical path, else a backend name
    # such as "onnx" or "sentence-transformers:PATH", or AUTO: the default backend when it is installed, else
    # lexical (`resolve`). Corpus work (ingest, grouping) keeps None; `compare` and `report` use AUTO. A
    # candidate pair (lexical >= candidate_floor, or one normalised amount, date or rarely named actor in
    # common) scores lexical + max(0, cosine - cosine_floor): the model adds evidence to shared words, never
    # replaces them, because within one story most sentences are close in embedding space (docs/alignment.md).
    embedding: str | None = None
    candidate_floor: float = 0.1
    cosine_floor: float = 0.4
    # ... except that a cosine this high is a candidate with no word in common: "stole jewellery" / "stealing
    # jewelry" share no stem (spelling, irregular verbs). The omission search's "cosine alone" limit; lower
    # (0.65) joined look-alikes and cost a gold omission on the annotated stories (docs/alignment.md).
    candidate_cosine: float = 0.75
    # Stating one same normalised amount or date ("three-year", "Sunday" = 2025-06-01) is evidence of one fact.
    value_bonus: float = 0.05
    amount_pairing: bool = True  # pair lone sentences of two articles that state the same sum of money
    amount_min_similarity: float = 0.1
    # An actor several articles name in at most this many sentences each ("Jeb Bush" in a story about Clinton)
    # marks what one particular fact is about: sharing one counts as sharing a value (embedding path).
    rare_actor_sentences: int = 2
    # Below this cosine two sentences are never one claim, whatever words they share: a shared number or
    # phrase alone is not one fact (embedding path).
    min_cosine: float = 0.3
    # Multi-membership (embedding path): after merging, each claim takes from every article that lacks it the
    # sentences whose mean score against its members is >= expand_mean with one pair >= expand_pair, even a
    # sentence already in another claim: a sentence may state several facts ("four men rammed the Casty store
    # near Place Vendome") that other outlets tell one per sentence.
    expand_mean: float = 0.3
    expand_pair: float = 0.35


AUTO = "auto"


def resolve(options: AlignOptions) -> tuple[AlignOptions, str | None]:
    """Replace AUTO by the default embedding backend when installed, else by lexical with a one-line note."""
    if options.embedding != AUTO:
        return options, None
    from rashomon.analysis.embeddings import DEFAULT_BACKEND, unavailable

    reason = unavailable(DEFAULT_BACKEND)
    if reason is None:
        return replace(options, embedding=DEFAULT_BACKEND), None
    return replace(options, embedding=None), f"claims aligned lexically: {reason}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """One alignable sentence, clause or age: its article, its span, and its position in the article (0..1)."""

    article: str
    span: Span
    position: float
    sentence: Span | None = None  # a clause's or an age's whole sentence; None for a sentence


def units(analyses: Sequence[Analysis], *, min_words: int = 4) -> list[Unit]:
    """Return the sentences that can carry a claim (no headings, no fragments), and the clauses of each
    sentence that states several facts: a clause aligns on its own, so one outlet's two-fact sentence can
    join two claims that other outlets tell one sentence each."""
    out = []
    for analysis in analyses:
        text = analysis.article.text
        sentences = [s for s in analysis.sentences if not (isinstance(s, SentenceSpan) and s.heading)]
        sentences = [s for s in sentences if _states(s.text_of(text), min_words)]
        for i, span in enumerate(sentences):
            position = i / max(1, len(sentences))
            out.append(Unit(article=analysis.article.id, span=span, position=position))
            bounds = span.clauses if isinstance(span, SentenceSpan) else ()
            for start, end in zip(bounds[::2], bounds[1::2], strict=True):
                if len(text[start:end].split()) >= min_words:
                    clause = Span(start=start, end=end, label="clause")
                    out.append(Unit(article=analysis.article.id, span=clause, position=position, sentence=span))
            for age in ages(analysis, span):
                out.append(Unit(article=analysis.article.id, span=age, position=position, sentence=span))
    return out


# A person's age beside the name: "Anthony LaCalamita III, 38,", "Anthony LaCalamita III, a 38-year-old Troy
# resident" or "38-year-old Anthony LaCalamita".
_AGE_AFTER = re.compile(r"(?:,?[ \t]+(?:Jr\.|Sr\.|II|III|IV))?,[ \t]+(?:(\d{1,3}),|an?[ \t]+(\d{1,3})-year-old\b)")
_AGE_BEFORE = re.compile(r"\b(\d{1,3})-year-old[ \t]+$")


def ages(analysis: Analysis, sentence: Span) -> list[Span]:
    """Each person's age the sentence gives beside the name, as a span over both (label "age"; attrs: the age and
    the family name).

    An age is a fact of its own that outlets tell inside sentences about other things ("Anthony LaCalamita III,
    38, had been arrested following a chase" / "Police said they had located Anthony LaCalamita, 38, of Troy"):
    as a unit of its own it aligns with the other outlets' statements of it, as a clause does.
    """
    text, out = analysis.article.text, []
    for entity in analysis.entities:
        if entity.label != "PERSON" or not sentence.start <= entity.start < entity.end <= sentence.end:
            continue
        after = _AGE_AFTER.match(text, entity.end, sentence.end)
        before = _AGE_BEFORE.search(text, max(sentence.start, entity.start - 20), entity.start)
        words = [w for w in entity.text_of(text).split() if w.lower().rstrip(".,") not in NAME_SUFFIXES]
        if not words:
            continue
        # The family name says which person, whatever else the outlets write ("Anthony LaCalamita III" / "LaCalamita").
        attrs = {"name": words[-1].lower().removesuffix("'s").removesuffix("’s")}
        if after:  # ", 38," ends at the number; ", a 38-year-old" at "old"
            age, stop = (after.group(1), after.end(1)) if after.group(1) else (after.group(2), after.end())
            out.append(Span(start=entity.start, end=stop, label="age", attrs={**attrs, "age": age}))
        elif before:
            out.append(Span(start=before.start(), end=entity.end, label="age", attrs={**attrs, "age": before.group(1)}))
    return out


_QUESTION_END = re.compile(r"\?[\s\"'”’)\]]*$")


def _states(sentence: str, min_words: int) -> bool:
    """Whether a sentence can state a fact: long enough, and no question ("Is the photo of him?" states nothing
    another outlet could tell)."""
    return len(sentence.split()) >= min_words and _QUESTION_END.search(sentence) is None


_TITLE_BEFORE = re.compile(r"(?:\b[A-Z][\w.'’-]*\s+)+$")


def mask_names(text: str, offset: int, names: Sequence[Span]) -> str:
    """Blank out actor names and the capitalised title words just before them ("Prime Minister X")."""
    chars = list(text)
    for span in names:
        start, end = span.start - offset, span.end - offset
        if not 0 <= start < end <= len(text):
            continue
        title = _TITLE_BEFORE.search(text[:start])
        start = title.start() if title else start
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def similarity(docs: Sequence[list[str]]) -> np.ndarray:
    """Return the cosine similarity matrix of TF-IDF vectors of the term lists.

    The weights are scikit-learn's `TfidfVectorizer(sublinear_tf=True)`: 1 + ln(tf) times the smoothed idf
    ln((1 + n) / (1 + df)) + 1, each row scaled to unit length (tests/test_align.py checks the figures against
    it). Computed here, term by term over the documents that hold it, because importing scikit-learn cost
    0.6 s of every 2.6 s `compare` and pulled SciPy into the install for this one product.
    """
    n = len(docs)
    postings: dict[str, dict[int, int]] = {}
    for row, doc in enumerate(docs):
        for term in doc:
            counts = postings.setdefault(term, {})
            counts[row] = counts.get(row, 0) + 1
    if not postings:
        return np.zeros((n, n))
    sizes = np.fromiter((len(c) for c in postings.values()), dtype=np.intp, count=len(postings))
    rows = np.fromiter((r for c in postings.values() for r in c), dtype=np.intp, count=int(sizes.sum()))
    tf = np.fromiter((t for c in postings.values() for t in c.values()), dtype=np.float64, count=len(rows))
    idf = np.log((1.0 + n) / (1.0 + sizes)) + 1.0
    weights = (1.0 + np.log(tf)) * np.repeat(idf, sizes)
    norms = np.bincount(rows, weights=weights**2, minlength=n)
    unit = weights * np.divide(1.0, np.sqrt(norms), out=np.zeros(n), where=norms > 0)[rows]
    # Every pair of documents that share a term gains the product of their weights for it. A term held by
    # few documents adds its pairs directly (a term in one document adds to its diagonal only); the common
    # terms, whose pairs grow with the square of their documents, go through one dense matrix product.
    ends = np.cumsum(sizes)
    common = sizes > _DENSE_DF
    firsts, seconds = [], []
    for size, end in zip(sizes[~common].tolist(), ends[~common].tolist(), strict=True):
        span = np.arange(end - size, end)
        firsts.append(np.repeat(span, size))
        seconds.append(np.tile(span, size))
    left = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.intp)
    right = np.concatenate(seconds) if seconds else np.zeros(0, dtype=np.intp)
    pairs = np.bincount(rows[left] * n + rows[right], weights=unit[left] * unit[right], minlength=n * n)
    out = pairs.astype(np.float64, copy=False).reshape(n, n)
    if common.any():
        column = np.repeat(np.cumsum(common) - 1, sizes)
        held = np.repeat(common, sizes)
        dense = np.zeros((n, int(common.sum())))
        dense[rows[held], column[held]] = unit[held]
        out += dense @ dense.T
    return out


# A term in more documents than this is weighed in the dense product (see `similarity`).
_DENSE_DF = 48


def align(
    analyses: Sequence[Analysis],
    *,
    actors: Mapping[tuple[str, int], str] | None = None,
    options: AlignOptions | None = None,
) -> list[list[Unit]]:
    """Group alignable sentences of the articles into claims; each group is one claim's mentions."""
    return align_story(analyses, actors=actors, options=options).groups


@dataclass(frozen=True, slots=True, kw_only=True)
class Alignment:
    """The claims' mention groups and the scores they were merged on (which omissions and confidence read)."""

    groups: list[list[Unit]]
    scored: Scored


def align_story(
    analyses: Sequence[Analysis],
    *,
    actors: Mapping[tuple[str, int], str] | None = None,
    options: AlignOptions | None = None,
) -> Alignment:
    """Align the articles' sentences into claim groups, keeping the pair scores."""
    options = resolve(options or AlignOptions())[0]
    scored = score_units(analyses, actors=actors, options=options)
    apart = ages_apart(scored, clause_apart(scored, options))
    groups = group(scored, options=options, apart=apart)
    groups = _pair_same_amounts(groups, scored, analyses, options) if options.amount_pairing else groups
    if scored.cosine is not None:
        groups = expand(groups, scored.items, scored.similarity, options=options, apart=apart)
    return Alignment(groups=whole_sentences(groups, scored.items), scored=scored)


def clause_apart(scored: Scored, options: AlignOptions) -> np.ndarray | None:
    """Pairs with a clause that may never share a claim: cosine under `min_cosine` (embedding path only).

    For two sentences the guard is on the pair's score, and a group's average linkage may still hold two
    members that are far apart. A clause is short, so one shared name scores it high against one member
    ("... William McGinley, confirmed in a statement that ..." with "... said the statement from Grimm's
    attorney, William McGinley"); it must not sit in a claim beside a member it is far from in meaning.
    """
    if scored.cosine is None:
        return None
    clause = np.array([u.sentence is not None for u in scored.items], dtype=bool)
    apart: np.ndarray = (scored.cosine < options.min_cosine) & (clause[:, None] | clause[None, :])
    return apart


def ages_apart(scored: Scored, apart: np.ndarray | None) -> np.ndarray | None:
    """`apart` with the pairs an age unit may never share a claim with: any unit but another age of the same person.

    An age is one fact about one person; beside a sentence it would take that sentence's place in the claim.
    """
    is_age = np.array([u.span.label == "age" for u in scored.items], dtype=bool)
    if not is_age.any():
        return apart
    names = np.array([u.span.attrs.get("name", "") for u in scored.items], dtype=object)
    out = (is_age[:, None] != is_age[None, :]) | (
        is_age[:, None] & is_age[None, :] & (names[:, None] != names[None, :])
    )
    combined: np.ndarray = out if apart is None else (apart | out)
    return combined


def whole_sentences(groups: Sequence[Sequence[Unit]], items: Sequence[Unit]) -> list[list[Unit]]:
    """Each group with its clauses replaced by their sentences; a group of one article whose sentences all
    stand in another group is dropped (a clause aligned with no other outlet adds no claim)."""
    whole = {(u.article, u.span.start, u.span.end): u for u in items if u.sentence is None}
    mapped: list[list[Unit]] = []
    for group in groups:
        if all(u.span.label == "age" for u in group):
            first: dict[str, Unit] = {}  # an article that gives the age twice tells the fact once
            for unit in sorted(group, key=lambda u: (u.article, u.span.start)):
                first.setdefault(unit.article, unit)
            if len(first) > 1:  # an age is its own claim, shown by its own words
                mapped.append(list(first.values()))
            continue
        by_start: dict[tuple[str, int], Unit] = {}
        for unit in group:
            span = unit.sentence or unit.span
            sentence = whole.get((unit.article, span.start, span.end), unit)
            by_start[(sentence.article, sentence.span.start)] = sentence
        mapped.append(sorted(by_start.values(), key=lambda u: (u.article, u.span.start)))
    shared = {(u.article, u.span.start, u.span.end) for g in mapped if len({u.article for u in g}) > 1 for u in g}
    seen: set[frozenset[tuple[str, int, int]]] = set()
    out = []
    for group in mapped:
        key = frozenset((u.article, u.span.start, u.span.end) for u in group)
        if key in seen or (len({u.article for u in group}) == 1 and key <= shared):
            continue
        seen.add(key)
        out.append(group)
    return out


def _pair_same_amounts(
    groups: list[list[Unit]], scored: Scored, analyses: Sequence[Analysis], options: AlignOptions
) -> list[list[Unit]]:
    """Join two sentences left alone in different articles that state the same sum of money.

    "US$118.7 billion in 2024" and "an estimated $118bn in 2024" share few words but one figure (to two
    significant digits, same currency). Only sentences no claim took are paired, and only when they share
    some wording too, so a figure never drags a sentence out of the claim its words put it in.
    """
    index = {id(unit): i for i, unit in enumerate(scored.items)}
    alone = [g[0] for g in groups if len(g) == 1]
    by_id = {a.article.id: a for a in analyses}
    keys = {id(u): frozenset(k for k in _unit_amounts(by_id[u.article], u.span) if k[0] == "money") for u in alone}
    paired: set[int] = set()
    out = [g for g in groups if len(g) > 1]
    for a_i, a in enumerate(alone):
        if id(a) in paired or not keys[id(a)]:
            continue
        best = None
        for b in alone[a_i + 1 :]:
            if id(b) in paired or b.article == a.article or not keys[id(a)] & keys[id(b)]:
                continue
            sim = scored.similarity[index[id(a)], index[id(b)]]
            if sim >= options.amount_min_similarity and (best is None or sim > best[0]):
                best = (sim, b)
        if best is not None:
            paired |= {id(a), id(best[1])}
            out.append(sorted([a, best[1]], key=lambda u: (u.article, u.span.start)))
    out += [[u] for u in alone if id(u) not in paired]
    return out


def group(scored: Scored, *, options: AlignOptions | None = None, apart: np.ndarray | None = None) -> list[list[Unit]]:
    """Merge scored units into claims: greedy average linkage, refinement, then repeats.

    `apart` marks the pairs that may never share a claim (`clause_apart` and `ages_apart`, computed here when not
    given).
    """
    options = options or AlignOptions()
    items, sim = scored.items, scored.similarity
    apart = apart if apart is not None else ages_apart(scored, clause_apart(scored, options))
    groups = _cluster(items, sim, options.threshold, options.linkage, apart)
    groups = _refine(groups, items, sim, options.threshold, options.linkage, apart)
    groups = _attach_repeats(groups, items, sim, options.duplicate_threshold)
    return [[items[i] for i in sorted(g, key=lambda i: (items[i].article, items[i].span.start))] for g in groups]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scored:
    """The alignable units and their pairwise similarity, with how many pairs were re-scored and units encoded."""

    items: list[Unit]
    similarity: np.ndarray
    pairs: int = 0
    encoded: int = 0
    cosine: np.ndarray | None = None  # the embedding path's cosine of every pair of units; None on the lexical path
    terms: tuple[tuple[str, ...], ...] = ()  # each unit's content stems, numbers and actor ids (the lexical bag)


def score_units(
    analyses: Sequence[Analysis],
    *,
    actors: Mapping[tuple[str, int], str] | None = None,
    options: AlignOptions | None = None,
) -> Scored:
    """Return the units and the similarity matrix the aligner merges on (lexical, then re-scored if asked)."""
    options = options or AlignOptions()
    actors = actors or {}
    items = units(analyses, min_words=options.min_words)
    texts = {a.article.id: a.article.text for a in analyses}
    docs = []
    named_ids = []
    for unit in items:
        named = _actor_mentions(analyses, actors, unit)
        text = mask_names(unit.span.text_of(texts[unit.article]), unit.span.start, [span for span, _ in named])
        ids = sorted({actor for _, actor in named})
        # An age is its person and its number, however written ("LaCalamita, 38" / "38-year-old LaCalamita").
        attrs = unit.span.attrs
        docs.append([f"age:{attrs['age']}", f"name:{attrs['name']}"] if unit.span.label == "age" else terms(text, ids))
        named_ids.append({actor for _, actor in named})
    # Ages are scored among themselves: counted with the sentences they would move every term's weight.
    age = np.array([u.span.label == "age" for u in items], dtype=bool)
    sim = np.zeros((len(items), len(items)))
    for kind in (age, ~age):
        rows = np.flatnonzero(kind)
        sim[np.ix_(rows, rows)] = similarity([docs[i] for i in rows])
    options = resolve(options)[0]
    if not options.embedding:
        return Scored(items=items, similarity=sim, terms=tuple(map(tuple, docs)))
    sentences = [unit.span.text_of(texts[unit.article]) for unit in items]
    values = stated_values(analyses, items)
    plain = np.flatnonzero(~age).tolist()
    rare = rare_actors([items[i] for i in plain], [named_ids[i] for i in plain], most=options.rare_actor_sentences)
    values = [v | {("actor", a) for a in ids & rare} for v, ids in zip(values, named_ids, strict=True)]
    rescored, cosine, pairs = rescore(items, sentences, sim, values=values, options=options)
    rescored[age[:, None] != age[None, :]] = 0.0
    return Scored(items=items, similarity=rescored, pairs=pairs, encoded=len(items), cosine=cosine,
                  terms=tuple(map(tuple, docs)))  # fmt: skip


def provenance(options: AlignOptions | None = None) -> str:
    """The versioned name of the aligner the options select, with the embedding backend when there is one."""
    options = resolve(options or AlignOptions())[0]
    if not options.embedding:
        return "rashomon.align.lexical.v1"
    from rashomon.analysis.embeddings import parse_name

    runtime, model = parse_name(options.embedding)
    return f"rashomon.align.rerank.v1({runtime}:{model})"


def stated_values(analyses: Sequence[Analysis], items: Sequence[Unit]) -> list[frozenset[tuple[str, ...]]]:
    """The normalised amounts and day dates each unit states (its `quantities`/`dates` layers, else parsed)."""
    by_id = {a.article.id: a for a in analyses}
    return [_unit_values(by_id[unit.article], unit.span) for unit in items]


def _sentence_records(analysis: Analysis, span: Span) -> tuple[tuple[Quantity, ...], tuple[DateValue, ...]]:
    """The quantities and dates one sentence states: its typed layers when analysed, else parsed from it."""
    text = analysis.article.text
    if has_value_layers(analysis):
        layers = analysis.layers
        quantities = tuple(quantity_of(q, text) for q in layers["quantities"] if span.start <= q.start < span.end)  # type: ignore[arg-type]
        dates = tuple(date_of(d, text) for d in layers["dates"] if span.start <= d.start < span.end)  # type: ignore[arg-type]
        return quantities, dates
    sentence = span.text_of(text)
    return find_quantities(sentence), find_dates(sentence, published=analysis.article.published)


def _unit_amounts(analysis: Analysis, span: Span) -> frozenset[tuple[str, ...]]:
    """The normalised amounts one sentence states, as hashable keys."""
    quantities, _ = _sentence_records(analysis, span)
    return frozenset(k for k in map(_amount_key, quantities) if k)


def _unit_values(analysis: Analysis, span: Span) -> frozenset[tuple[str, ...]]:
    """The amounts and day dates one sentence states, as hashable keys."""
    _, dates = _sentence_records(analysis, span)
    days = {("date", str(d.first), str(d.last)) for d in dates if d.granularity == "day" and d.first}
    return _unit_amounts(analysis, span) | days


def _amount_key(quantity: Quantity) -> tuple[str, ...] | None:
    """A hashable amount, to two significant figures; small bare counts ("two sides") say too little."""
    value = quantity.value
    if value == 0 or (quantity.kind == "count" and abs(value) < 10):
        return None
    return (quantity.kind, quantity.unit, f"{value:.2g}")


def _actor_mentions(
    analyses: Sequence[Analysis], actors: Mapping[tuple[str, int], str], unit: Unit
) -> list[tuple[Span, str]]:
    """Return the entity mentions inside a unit's sentence that name a story actor, with its id."""
    analysis = next(a for a in analyses if a.article.id == unit.article)
    return [
        (e, actors[(unit.article, e.start)])
        for e in analysis.entities
        if unit.span.start <= e.start < unit.span.end and (unit.article, e.start) in actors
    ]


def _cluster(
    items: list[Unit], sim: np.ndarray, threshold: float, linkage: float, apart: np.ndarray | None = None
) -> list[set[int]]:
    """Merge groups joined by a pair above `threshold` whose average similarity stays above `linkage`.

    At most one sentence per article per group, and no two units `apart` marks.
    """
    n = len(items)
    group_of = list(range(n))
    members: dict[int, set[int]] = {i: {i} for i in range(n)}
    article_sets: dict[int, set[str]] = {i: {items[i].article} for i in range(n)}
    rows, cols = np.nonzero(np.triu(sim >= threshold, k=1))
    pairs = sorted(zip(rows.tolist(), cols.tolist(), strict=True), key=lambda p: -sim[p[0], p[1]])
    for i, j in pairs:
        a, b = group_of[i], group_of[j]
        if a == b or article_sets[a] & article_sets[b]:
            continue
        rows_a, rows_b = sorted(members[a]), sorted(members[b])
        block = sim[np.ix_(rows_a, rows_b)]
        if (
            block.mean() < linkage
            or not _shares_with_most(block)
            or (apart is not None and apart[np.ix_(rows_a, rows_b)].any())
        ):
            continue
        for k in members[b]:
            group_of[k] = a
        members[a] |= members.pop(b)
        article_sets[a] |= article_sets.pop(b)
    return list(members.values())


def _shares_with_most(block: np.ndarray) -> bool:
    """Whether more than half of the pairs between two groups are candidates (score > 0: a shared word, value or
    close meaning). The mean alone let a sentence that shares nothing with one of a claim's two sentences in
    ("Among the potential candidates are Reps. Lynch, Capuano and Markey" joining "Lynch is expected to announce
    his bid Thursday"), so the claim stopped showing the outlet that never says so as missing it."""
    return bool((block > 0).mean() > 0.5)


def _refine(
    groups: list[set[int]],
    items: list[Unit],
    sim: np.ndarray,
    threshold: float,
    linkage: float,
    apart: np.ndarray | None = None,
) -> list[set[int]]:
    """Swap in or add each article's best-fitting free sentence; greedy merging can pick a weaker one.

    A short sentence sharing two words with one member ("Just landed in Beijing") can win the greedy
    pass, while another sentence of the same article fits the whole group better.
    """
    by_article: dict[str, list[int]] = {}
    for i, unit in enumerate(items):
        by_article.setdefault(unit.article, []).append(i)
    multi = [g for g in groups if len(g) > 1]
    free = {i for g in groups if len(g) == 1 for i in g}
    for _ in range(2):
        for group in sorted(multi, key=len, reverse=True):
            for article, candidates in by_article.items():
                current = [i for i in group if items[i].article == article]
                others = [i for i in group if items[i].article != article]
                if not others:
                    continue
                pool = [i for i in candidates if i in free and not (apart is not None and apart[i, others].any())]
                if not pool:
                    continue
                best = max(pool, key=lambda i: sim[i, others].mean())
                fit = sim[best, others].mean()
                # Against three or more members the mean is evidence enough; against fewer, one pair
                # must also clear the pair threshold.
                if (
                    fit < linkage
                    or not _shares_with_most(sim[best, others])
                    or (len(others) < 3 and sim[best, others].max() < threshold)
                ):
                    continue
                if current and fit <= sim[current[0], others].mean():
                    continue
                for i in current:
                    group.discard(i)
                    free.add(i)
                group.add(best)
                free.discard(best)
    return (
        [g for g in multi if len(g) > 1] + [{i} for i in sorted(free)] + [{i} for g in multi if len(g) == 1 for i in g]
    )


def _attach_repeats(groups: list[set[int]], items: list[Unit], sim: np.ndarray, threshold: float) -> list[set[int]]:
    """Fold a singleton into a group that already holds a near-identical sentence of its own article."""
    kept = [g for g in groups if len(g) > 1]
    # The first kept group holding a near-identical sentence is the lowest place among one numpy row's
    # matches: a Python pass over every kept group for every singleton took 40 s for 5,000 sentences.
    place = {j: k for k, g in enumerate(kept) for j in g}
    articles = np.array([unit.article for unit in items], dtype=object)
    for group in groups:
        if len(group) > 1:
            continue
        (i,) = group
        near = np.flatnonzero((sim[i] >= threshold) & (articles == items[i].article))
        homes = [place[j] for j in near.tolist() if j in place]
        if homes:
            kept[min(homes)].add(i)
            place[i] = min(homes)
        else:
            kept.append(group)
            place[i] = len(kept) - 1
    return kept
