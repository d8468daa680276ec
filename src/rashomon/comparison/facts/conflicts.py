"""Conflicts and agreements: where articles state one fact with different numbers, dates or statements.

For each claim carried by two or more articles, the quantities and dates of each article's sentence are
paired with the other articles' only when they measure the same thing (same unit, same counted noun, the
same words around them) and each is the other's best match; a pair that `agree`s within rounding is an
agreement, a pair that does not is a conflict. A figure can also be matched across claims the aligner
kept apart, when the measure, the words around it and the date it is given for all match ("trade ...
US$118.7 billion in 2024" / "Bilateral trade reached an estimated $118bn in 2024"). Statements
contradict when one sentence negates the predicate the other states (rashomon.comparison.facts.statements).
Precision comes before recall: a false conflict misleads readers. Rules: docs/conflicts-and-sources.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rashomon.comparison.facts.statements import contradiction
from rashomon.comparison.facts.values import Found, ValueReader, stated
from rashomon.model.records import Agreement, Analysis, Article, Claim, Conflict, ConflictKind, StatedValue, content_id
from rashomon.text.quantities import Quantity, agree, comparable
from rashomon.text.timex import DateValue

MIN_CONFLICT_CONTEXT = 2  # shared context stems for a conflict between aligned sentences ("signed the treaty")
MIN_FIGURE_CONTEXT = 1  # ... for an agreement between sentences of different claims
MIN_FIGURE_CONFLICT_CONTEXT = 2  # ... for a conflict between sentences of different claims
_FIGURE_KINDS = ("money", "percent", "count")
_GRAIN = {"day": 0, "week": 0, "month": 1, "season": 1, "quarter": 1, "year": 1, "decade": 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """The conflicts and agreements of a story."""

    conflicts: tuple[Conflict, ...] = ()
    agreements: tuple[Agreement, ...] = ()


@dataclass(frozen=True, slots=True)
class _Link:
    a: Found
    b: Found
    agree: bool
    basis: str


def find_conflicts(claims: Sequence[Claim], articles: Sequence[Article], *, analyses: Sequence[Analysis] = ()) -> Facts:
    """Compare the values and statements of each multi-article claim's sentences; also match figures across claims."""
    reader = ValueReader(articles, analyses)
    texts = {a.id: a.text for a in articles}
    links: list[_Link] = []
    statements: list[Conflict] = []
    for claim in claims:
        if len(claim.articles) < 2:
            continue
        values = {m: reader.found(m.article, claim.id, m.start, m.end) for m in claim.mentions}
        for ma, mb in combinations(claim.mentions, 2):
            if ma.article != mb.article:
                links += pair_values(values[ma], values[mb])
        statements += _statement_conflicts(claim, texts)
    links += _figure_links(claims, reader, links)
    order = {c.id: i for i, c in enumerate(claims)}
    article_order = {a.id: i for i, a in enumerate(articles)}
    conflicts, agreements = _assemble(links, article_order)
    conflicts += statements
    conflicts.sort(key=lambda c: (order.get(c.claim, len(order)), c.values[0].start))
    agreements.sort(key=lambda c: (order.get(c.claim, len(order)), c.values[0].start))
    return Facts(conflicts=tuple(conflicts), agreements=tuple(agreements))  # type: ignore[arg-type]


def same_measure(a: Found, b: Found) -> bool:
    """True when two values measure the same kind of thing: same unit, same counted noun, dates of one grain."""
    ra, rb = a.record, b.record
    if isinstance(ra, DateValue) and isinstance(rb, DateValue):
        return ra.resolved and rb.resolved and _GRAIN[ra.granularity] == _GRAIN[rb.granularity]
    if isinstance(ra, Quantity) and isinstance(rb, Quantity):
        if ra.kind == "count" and not (ra.noun and rb.noun):
            return False  # a bare number counts nothing nameable
        if ra.kind == "percent" and a.role != b.role:
            return False  # a share ("29% of cases") is not a change ("risen by 240 percent")
        return comparable(ra, rb)
    return False


def _may_conflict(value: Found, other: Found) -> bool:
    """Whether a value may conflict with its match (both ways are checked); any matched pair may agree.

    Not when the names around the two are disjoint ("a Mississippi law" / "this new Texas law"); not for
    loose dates (resolved against an inferred publication date, or "N years ago"); a day must sit by the
    same word as the other's ("voted Tuesday" / "voted Wednesday", not "arguments Wednesday").
    """
    if value.names and other.names and not value.names & other.names:
        return False
    record = value.record
    if not isinstance(record, DateValue):
        return True
    if record.granularity in ("day", "week") and value.head not in other.context:
        return False
    return not record.relative or (record.anchor_source == "published" and record.rule != "ago")


def _score(a: Found, b: Found) -> int:
    return len(a.context & b.context)


def _best(options: list[tuple[int, bool, int]]) -> int | None:
    """Index of the unique best (score, agrees) option, or None on a tie."""
    if not options:
        return None
    options = sorted(options, reverse=True)
    if len(options) > 1 and options[0][:2] == options[1][:2]:
        return None
    return options[0][2]


def pair_values(first: Sequence[Found], second: Sequence[Found], *, basis: str = "claim") -> list[_Link]:
    """Link each value of one sentence to its mutual best match in the other: an agreement or a conflict."""
    cands = {(i, j): _score(a, b) for i, a in enumerate(first) for j, b in enumerate(second) if same_measure(a, b)}
    agrees = {ij: agree(first[ij[0]].record, second[ij[1]].record) for ij in cands}
    best_a = {i: _best([(s, agrees[(i, j)], j) for (i2, j), s in cands.items() if i2 == i]) for i, _ in cands}
    best_b = {j: _best([(s, agrees[(i, j)], i) for (i, j2), s in cands.items() if j2 == j]) for _, j in cands}
    links = []
    for (i, j), score in cands.items():
        if best_a.get(i) != j or best_b.get(j) != i:
            continue
        a, b = first[i], second[j]
        one_to_one = sum(1 for i2, _ in cands if i2 == i) == 1 and sum(1 for _, j2 in cands if j2 == j) == 1
        dated = isinstance(a.record, DateValue)
        if agrees[(i, j)]:
            # Dates must share event wording; a lone pair of quantities in aligned sentences need not.
            if score >= 1 or (one_to_one and not dated):
                links.append(_Link(a, b, True, basis))
            continue
        other_agrees = any(agrees[k] for k in cands if (k[0] == i) != (k[1] == j))
        if score >= MIN_CONFLICT_CONTEXT and not other_agrees and _may_conflict(a, b) and _may_conflict(b, a):
            links.append(_Link(a, b, False, basis))
    return links


def _figure_links(claims: Sequence[Claim], reader: ValueReader, taken: Sequence[_Link]) -> list[_Link]:
    """Match money, percentages and counts across claims: same measure, same words around it, same date."""
    linked = {(link.a.key, link.b.article) for link in taken} | {(link.b.key, link.a.article) for link in taken}
    by_article: dict[str, list[Found]] = defaultdict(list)
    for claim in claims:
        for m in claim.mentions:
            for value in reader.found(m.article, claim.id, m.start, m.end, dates=False):
                if isinstance(value.record, Quantity) and value.record.kind in _FIGURE_KINDS:
                    by_article[value.article].append(value)
    links = []
    for first, second in combinations(sorted(by_article), 2):
        pool_a = [v for v in by_article[first] if (v.key, second) not in linked]
        pool_b = [v for v in by_article[second] if (v.key, first) not in linked]
        candidates = [
            (a, b)
            for a in pool_a
            for b in pool_b
            if a.claim != b.claim and _score(a, b) >= MIN_FIGURE_CONTEXT and same_measure(a, b)
        ]
        candidates = [(a, b) for a, b in candidates if _same_date(reader, a, b)]
        if candidates:
            links += [
                link
                for link in pair_values(
                    sorted({a for a, _ in candidates}, key=_pos),
                    sorted({b for _, b in candidates}, key=_pos),
                    basis="figure",
                )
                if link.agree or _score(link.a, link.b) >= MIN_FIGURE_CONFLICT_CONTEXT
            ]
    return links


def _pos(value: Found) -> tuple[int, int]:
    return (value.start, value.end)


def _same_date(reader: ValueReader, a: Found, b: Found) -> bool:
    """True when both sentences give a resolved date and two of those dates agree."""
    dates_a = [v.record for v in reader.found(a.article, a.claim, *a.sentence) if isinstance(v.record, DateValue)]
    dates_b = [v.record for v in reader.found(b.article, b.claim, *b.sentence) if isinstance(v.record, DateValue)]
    return any(x.resolved and y.resolved and agree(x, y) for x in dates_a for y in dates_b)


def kind_of(value: Found) -> ConflictKind:
    """Contract kind: date, number (a count of things) or quantity (money, percentage, duration)."""
    record = value.record
    if isinstance(record, DateValue):
        return "date"
    return "number" if record.kind == "count" else "quantity"


class _Union:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, int, int], tuple[str, int, int]] = {}

    def find(self, key: tuple[str, int, int]) -> tuple[str, int, int]:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: tuple[str, int, int], b: tuple[str, int, int]) -> None:
        self.parent[self.find(a)] = self.find(b)


def _assemble(links: Iterable[_Link], article_order: dict[str, int]) -> tuple[list[Conflict], list[Agreement]]:
    """Group linked values into one record per fact: a conflict when any pair disagrees, else an agreement."""
    links = list(links)
    every, agreeing = _Union(), _Union()
    values: dict[tuple[str, int, int], Found] = {}
    for link in links:
        values[link.a.key], values[link.b.key] = link.a, link.b
        every.join(link.a.key, link.b.key)
        if link.agree:
            agreeing.join(link.a.key, link.b.key)
    components: dict[tuple[str, int, int], list[_Link]] = defaultdict(list)
    for link in links:
        components[every.find(link.a.key)].append(link)
    conflicts: list[Conflict] = []
    agreements: list[Agreement] = []
    for members in components.values():
        keys = sorted(
            {k for link in members for k in (link.a.key, link.b.key)}, key=lambda k: (article_order.get(k[0], 0), k[1])
        )
        groups: dict[tuple[str, int, int], int] = {}
        stated_values = tuple(stated(values[k], groups.setdefault(agreeing.find(k), len(groups))) for k in keys)
        first = values[keys[0]]
        basis = "figure" if any(link.basis == "figure" for link in members) else "claim"
        record_id = content_id("|".join(f"{k[0]}:{k[1]}" for k in keys))
        fields = {
            "id": record_id,
            "claim": first.claim,
            "kind": kind_of(first),
            "values": stated_values,
            "basis": basis,
        }
        if all(link.agree for link in members):
            agreements.append(Agreement(**fields))
        else:
            conflicts.append(Conflict(**fields))
    return conflicts, agreements


def _statement_conflicts(claim: Claim, texts: dict[str, str]) -> list[Conflict]:
    """Contradictions between the claim's sentences: one negates what another states plainly."""
    found: dict[str, dict[tuple[str, int], StatedValue]] = defaultdict(dict)
    for ma, mb in combinations(claim.mentions, 2):
        if ma.article == mb.article:
            continue
        hit = contradiction(texts[ma.article][ma.start : ma.end], texts[mb.article][mb.start : mb.end])
        if hit is None:
            continue
        neg, pos = (ma, mb) if hit.negative_first else (mb, ma)
        for mention, span, polarity in ((neg, hit.negative, "negative"), (pos, hit.positive, "positive")):
            start, end = mention.start + span[0], mention.start + span[1]
            found[hit.predicate][(mention.article, start)] = StatedValue(
                article=mention.article, claim=claim.id, start=start, end=end, sentence_start=mention.start,
                sentence_end=mention.end, normalized=polarity,
                display=f"{polarity}: {texts[mention.article][start:end]}",
                attrs={"predicate": hit.predicate, "polarity": polarity}, group=0 if polarity == "negative" else 1,
            )  # fmt: skip
    return [
        Conflict(id=content_id(f"{claim.id}|statement|{predicate}"), claim=claim.id, kind="statement",
                 values=tuple(sorted(values.values(), key=lambda v: (v.group, v.article))))
        for predicate, values in found.items()
    ]  # fmt: skip
