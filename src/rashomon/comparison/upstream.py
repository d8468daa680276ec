"""Shared upstream sources: passages several articles copied or closely paraphrased from one text.

Two sentences of different articles come from one text when they share a long run of words: at least
`MIN_SHARED` word 4-grams (about a dozen words in order) covering `MIN_CONTAINMENT` of the shorter
sentence, or a shorter run covering most of it. Quotes linked as the same words (`also_in`) are the same
upstream text too (an editorial, a statement) even when the sentences around them differ. Matches in
consecutive sentences of both articles join into one passage. A claim then counts its independent
sources: carriers whose mentions fall in the same shared passage count once (`Claim.sources`).
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from rashomon.comparison.voices import quoted_pieces
from rashomon.model.records import Analysis, Claim, Passage, Quote, SharedSource, SourceKind, content_id
from rashomon.text.quotemarks import strip_marks

SHINGLE = 4
MIN_SHARED = 10  # shared 4-grams: a formulaic lede ("Prime Minister Mark Carney arrived in Beijing on Wednesday") has 7
MIN_CONTAINMENT = 0.3
SHORT_SHARED = 8  # ... or this many (about eleven words), covering CLOSE_CONTAINMENT of the shorter sentence
CLOSE_CONTAINMENT = 0.8
COPIED = 0.8  # containment from which a match reads as copied rather than paraphrased
QUOTE_COVER = 0.8  # share of the shorter quote's words found, in order, in the other
_WORD = re.compile(r"[\w'’]+")

Node = tuple[str, int, int]  # article, start, end


@dataclass(frozen=True, slots=True, kw_only=True)
class _Sentence:
    article: str
    index: int
    start: int
    end: int
    shingles: frozenset[tuple[str, ...]]


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(strip_marks(text))]


def _sentences(analyses: Sequence[Analysis]) -> list[_Sentence]:
    out = []
    for analysis in analyses:
        text = analysis.article.text
        for i, span in enumerate(analysis.sentences):
            words = _words(text[span.start : span.end])
            shingles = frozenset(tuple(words[k : k + SHINGLE]) for k in range(len(words) - SHINGLE + 1))
            if shingles:
                out.append(_Sentence(article=analysis.article.id, index=i, start=span.start, end=span.end,
                                     shingles=shingles))  # fmt: skip
    return out


def match(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Containment of the shorter sentence's 4-grams in the other when the two share a passage, else 0."""
    shared = len(a & b)
    if not shared:
        return 0.0
    containment = shared / min(len(a), len(b))
    if (shared >= MIN_SHARED and containment >= MIN_CONTAINMENT) or (
        shared >= SHORT_SHARED and containment >= CLOSE_CONTAINMENT
    ):
        return containment
    return 0.0


def _sentence_links(sentences: Sequence[_Sentence]) -> dict[tuple[Node, Node], float]:
    """Matching sentence pairs of different articles, found through a 4-gram index."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for shingle in s.shingles:
            index[shingle].append(i)
    candidates = {pair for ids in index.values() for pair in _cross_article_pairs(ids, sentences)}
    links = {}
    for i, j in candidates:
        a, b = sentences[i], sentences[j]
        if score := match(a.shingles, b.shingles):
            links[((a.article, a.start, a.end), (b.article, b.start, b.end))] = score
    return links


def _cross_article_pairs(ids: list[int], sentences: Sequence[_Sentence]) -> Iterator[tuple[int, int]]:
    """The pairs of `combinations(ids, 2)` whose sentences belong to different articles, in that order.

    Pairs within one article are never generated, not generated and dropped: a 4-gram repeated by 5,000
    sentences of one article made 12.5 million pairs to throw away (5 s), and a single article none to keep.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for k, i in enumerate(ids):
        positions[sentences[i].article].append(k)
    if len(positions) < 2:
        return
    for k, i in enumerate(ids):
        own = sentences[i].article
        later = [_from(p, bisect_right(p, k)) for article, p in positions.items() if article != own]
        for m in heapq.merge(*later):
            yield i, ids[m]


def _from(values: list[int], start: int) -> Iterator[int]:
    return (values[j] for j in range(start, len(values)))


def _quote_links(quotes: Sequence[Quote], texts: dict[str, str]) -> dict[tuple[Node, Node], float]:
    """Pairs of quotes of different articles that give the same words (the voices' `also_in` links)."""
    shared = [q for q in quotes if q.also_in]
    words = {q.id: [_words(p) for p in quoted_pieces(texts[q.article][q.start : q.end])] for q in shared}
    links = {}
    for a, b in combinations(shared, 2):
        if b.article in a.also_in and a.article != b.article:
            if (cover := max(_cover(x, y) for x in words[a.id] for y in words[b.id])) >= QUOTE_COVER:
                links[((a.article, a.start, a.end), (b.article, b.start, b.end))] = cover
    return links


def _cover(a: list[str], b: list[str]) -> float:
    """Share of the shorter word list found, in order, in the other."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0
    found = sum(m.size for m in SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks())
    return found / len(short)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: Node, b: Node) -> None:
        self.parent[self.find(a)] = self.find(b)


def find_shared_sources(analyses: Sequence[Analysis], quotes: Sequence[Quote] = ()) -> tuple[SharedSource, ...]:
    """Group the passages that several articles took from one upstream text."""
    texts = {a.article.id: a.article.text for a in analyses}
    sentence_links = _sentence_links(_sentences(analyses))
    quote_links = _quote_links(quotes, texts)
    union = _Union()
    for a, b in [*sentence_links, *quote_links]:
        union.join(a, b)
    _join_overlaps(union)
    _join_runs(union, sentence_links, analyses)
    components: dict[Node, set[Node]] = defaultdict(set)
    for node in list(union.parent):
        components[union.find(node)].add(node)
    quoted = {n for link in quote_links for n in link}
    order = {a.article.id: i for i, a in enumerate(analyses)}
    groups = []
    for nodes in components.values():
        passages = _passages(nodes, texts)
        articles = tuple(sorted({p.article for p in passages}, key=order.__getitem__))
        if len(articles) < 2:
            continue
        scores = [s for links in (sentence_links, quote_links) for (a, b), s in links.items() if a in nodes]
        similarity = round(max(scores, default=0.0), 3)
        groups.append(SharedSource(id=content_id("|".join(f"{p.article}:{p.start}" for p in passages)),
                                   kind=_kind(nodes, quoted, articles, similarity), articles=articles,
                                   passages=passages, similarity=similarity))  # fmt: skip
    groups.sort(key=lambda g: (order[g.passages[0].article], g.passages[0].start))
    return tuple(groups)


def _kind(nodes: set[Node], quoted: set[Node], articles: Sequence[str], similarity: float) -> SourceKind:
    """Same quote when every article's part is a linked quote; else copied or paraphrased by containment."""
    if all(any(n in quoted and n[0] == article for n in nodes) for article in articles):
        return "same quote"
    return "copied" if similarity >= COPIED else "paraphrased"


def _join_overlaps(union: _Union) -> None:
    """Join spans of one article that overlap (a quote inside a matched sentence)."""
    by_article: dict[str, list[Node]] = defaultdict(list)
    for node in list(union.parent):
        by_article[node[0]].append(node)
    for nodes in by_article.values():
        for a, b in combinations(nodes, 2):
            if a[1] < b[2] and b[1] < a[2]:
                union.join(a, b)


def _join_runs(union: _Union, links: Iterable[tuple[Node, Node]], analyses: Sequence[Analysis]) -> None:
    """Join matches in consecutive sentences of both articles into one passage."""
    spans = {a.article.id: [(s.start, s.end) for s in a.sentences] for a in analyses}
    position = {(article, span[0]): i for article, items in spans.items() for i, span in enumerate(items)}

    def following(node: Node) -> Node | None:
        i = position.get((node[0], node[1]))
        items = spans[node[0]]
        return (node[0], *items[i + 1]) if i is not None and i + 1 < len(items) else None

    linked = set(links)
    for a, b in linked:
        na, nb = following(a), following(b)
        if na and nb and ((na, nb) in linked or (nb, na) in linked):
            union.join(a, na)


def _passages(nodes: Iterable[Node], texts: dict[str, str]) -> tuple[Passage, ...]:
    """Merge each article's overlapping or adjacent spans into passages."""
    out: list[Passage] = []
    for node in sorted(nodes):
        last = out[-1] if out else None
        if last and last.article == node[0] and not texts[node[0]][last.end : node[1]].strip():
            out[-1] = Passage(article=last.article, start=last.start, end=max(last.end, node[2]))
        elif last and last.article == node[0] and node[1] < last.end:
            out[-1] = Passage(article=last.article, start=last.start, end=max(last.end, node[2]))
        else:
            out.append(Passage(article=node[0], start=node[1], end=node[2]))
    return tuple(out)


def count_sources(claims: Sequence[Claim], groups: Sequence[SharedSource]) -> tuple[Claim, ...]:
    """Set each claim's `sources`: its carriers, with those whose mentions share one upstream passage counted once."""
    out = []
    for claim in claims:
        union = _Union()
        for article in claim.articles:
            union.find((article, 0, 0))
        for group in groups:
            touched = [
                m.article
                for m in claim.mentions
                if any(p.article == m.article and p.start < m.end and m.start < p.end for p in group.passages)
            ]
            for a, b in zip(touched, touched[1:], strict=False):
                union.join((a, 0, 0), (b, 0, 0))
        roots = {union.find((article, 0, 0)) for article in claim.articles}
        out.append(dataclasses.replace(claim, sources=len(roots)))
    return tuple(out)
