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

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rashomon.analysis.embeddings import Encoder
from rashomon.comparison.align import AlignOptions
from rashomon.comparison.facts.currency import converted, converted_agree, in_dollars
from rashomon.comparison.facts.persons import person_conflicts, spelling_conflicts
from rashomon.comparison.facts.places import place_conflicts
from rashomon.comparison.facts.statements import REVERSAL_OVERLAP, content_stems, contradiction, reversal
from rashomon.comparison.facts.values import (
    Found,
    ValueReader,
    is_population,
    item_keys,
    normalized,
    stated,
    worth_of,
)
from rashomon.model.records import (
    Analysis,
    Article,
    Claim,
    ConflictKind,
    Mention,
    Outcome,
    StatedValue,
    ValueComparison,
    content_id,
)
from rashomon.text.quantities import Quantity, agree, comparable
from rashomon.text.timex import DateValue

MIN_CONFLICT_CONTEXT = 2  # shared context stems for a conflict between aligned sentences ("signed the treaty")
MIN_FIGURE_CONTEXT = 1  # ... for an agreement between sentences of different claims
MIN_FIGURE_CONFLICT_CONTEXT = 2  # ... for a conflict between sentences of different claims
STORY_CONTEXT = 2  # shared context stems for two values of any two sentences of the story to be compared
ITEM_NAMES = 2  # shared name words for two sums paid at, to or for one named thing ("Harbor View Inn")
MAX_RATIO = 2.5  # figures further apart than this measure different things (a part and a total)
MAX_MAGNITUDE_GAP = 1.0  # two magnitudes further apart than this are two quakes
SAME_STATEMENT = 0.6  # cosine two sentences need for their values to conflict (embedding path)
# ... when both count one named thing ("five villages" / "seven villages") and each article gives it one figure:
# the noun says what is counted, so the sentences need only not be about different things, the aligner's own
# floor (AlignOptions.min_cosine: below it two sentences are never one fact). A value between the two (0.4) was
# first set just under one story's pair; on the 12 stories and 86 unannotated ones the floor reports the same.
SAME_NOUN_STATEMENT = AlignOptions().min_cosine
_ANYONE = frozenset({"people", "person", "persons", "individual", "individuals"})  # counted nouns that name no one
_FIGURE_KINDS = ("money", "percent", "count")
_GRAIN = {"day": 0, "week": 0, "month": 1, "season": 1, "quarter": 1, "year": 1, "decade": 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """The conflicts and agreements of a story."""

    conflicts: tuple[ValueComparison, ...] = ()
    agreements: tuple[ValueComparison, ...] = ()


@dataclass(frozen=True, slots=True)
class _Link:
    a: Found
    b: Found
    agree: bool
    basis: str
    by_name: bool = False  # two sums tied to one named thing: the name, not the sentences' words, makes the pair


def find_conflicts(
    claims: Sequence[Claim],
    articles: Sequence[Article],
    *,
    analyses: Sequence[Analysis] = (),
    encoder: Encoder | None = None,
) -> Facts:
    """Compare the values and statements of each multi-article claim's sentences; also match figures across claims.

    With an `encoder` (the embedding path), two values conflict only when their sentences say the same thing
    about them (cosine >= SAME_STATEMENT): a shared noun and a few words are not enough on their own.
    """
    reader = ValueReader(articles, analyses)
    texts = {a.id: a.text for a in articles}
    links: list[_Link] = []
    statements: list[ValueComparison] = []
    for claim in claims:
        if len(claim.articles) < 2:
            continue
        values = {m: reader.found(m.article, claim.id, m.start, m.end) for m in claim.mentions}
        for ma, mb in combinations(claim.mentions, 2):
            if ma.article != mb.article:
                links += pair_values(values[ma], values[mb])
        statements += _statement_conflicts(claim.id, claim.mentions, texts, reversals=True)
    links += _figure_links(claims, reader, links)
    links += _story_links(claims, reader, links)
    links += _named_links(claims, reader, links)
    links = [
        link
        for link in links
        if link.agree or (_plausible(link) and not _both_stated(link, texts, reader) and not _two_scopes(link, reader))
    ]
    if encoder is not None:
        links = _same_statements(links, texts, encoder, reader)
    order = {c.id: i for i, c in enumerate(claims)}
    article_order = {a.id: i for i, a in enumerate(articles)}
    conflicts, agreements = _assemble(links, article_order)
    conflicts += statements + _reversed_statements(claims, texts, {c.id for c in statements})
    conflicts += person_conflicts(claims, analyses)
    conflicts += spelling_conflicts(claims, analyses)
    conflicts += place_conflicts(claims, analyses)
    conflicts.sort(key=lambda c: (order.get(c.claim, len(order)), c.values[0].start))
    agreements.sort(key=lambda c: (order.get(c.claim, len(order)), c.values[0].start))
    return Facts(conflicts=tuple(conflicts), agreements=tuple(agreements))


def _both_stated(link: _Link, texts: dict[str, str], reader: ValueReader) -> bool:
    """Whether either article also states the other's value elsewhere in its text (as written, or any value
    of its kind that agrees with it: "November 22, 2013" states "November 2013").

    An outlet that writes both "1957" and "1958" (charged in one, acquitted the next) does not disagree with
    another's "acquitted in 1958" by its "charged in 1957": two values of one timeline were paired, not one
    fact told two ways (an obituary's dated events paired by their shared words).
    """
    for one, other in ((link.a, link.b), (link.b, link.a)):
        written = texts[other.article][other.start : other.end]
        text = texts[one.article]
        if re.search(rf"(?<![\w.,]){re.escape(written)}(?![\w]|[.,]\d)", text, re.IGNORECASE):
            return True
        if any(_states(value, other.record) for value in reader.records(one.article, 0, len(text))):
            return True
        if _bare_decimal(text[one.sentence[0] : one.sentence[1]], other.record):
            return True
    return False


_DECIMAL = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w]|[.,]\d)")


def _bare_decimal(sentence: str, record: Quantity | DateValue) -> bool:
    """Whether `sentence` writes a decimal figure as a bare number that rounds to `record` ("her 2014 federal
    tax rate was 35.72, and, with city and state taxes, a combined rate of 45.8 percent" gives the "35.7
    percent" another outlet reports, then another rate). Whole numbers are too common to be the same figure.
    """
    if not isinstance(record, Quantity) or record.value is None or float(record.value).is_integer():
        return False
    places = len(repr(float(record.value)).split(".")[1])
    return any(round(float(m.group()), places) == record.value for m in _DECIMAL.finditer(sentence))


def _two_scopes(link: _Link, reader: ValueReader) -> bool:
    """Whether the two sentences give other figures of like measure and every one of them differs too.

    "He finished with 269 yards ... and caught 29 passes for 201 yards" and "He had 793 yards and six
    touchdowns ... and caught 39 passes for 302 yards" count two seasons, not one fact told two ways: where an
    outlet misreports a figure, the figures around it that measure the same things agree.
    """
    ra, rb = link.a.record, link.b.record
    if not (isinstance(ra, Quantity) and isinstance(rb, Quantity)):
        return False
    others = []
    for value in (link.a, link.b):
        found = reader.found(value.article, value.claim, *value.sentence)
        records = (f.record for f in found if f.start != value.start)  # not the value, nor it restated ("(700 miles)")
        others.append([r for r in records if isinstance(r, Quantity) and not agree(r, value.record)])
    pairs = [(x, y) for x in others[0] for y in others[1] if x.value is not None and comparable(x, y)]
    return bool(pairs) and not any(agree(x, y) for x, y in pairs)


def _states(value: Quantity | DateValue, record: Quantity | DateValue) -> bool:
    """Whether `value` states `record`: an absolute date within it, or the same figure."""
    if isinstance(value, DateValue) and isinstance(record, DateValue):
        if not (value.resolved and record.resolved) or value.relative:
            return False  # the stating date is written out; the stated one may be read ("Friday" = June 24)
        assert value.first and value.last and record.first and record.last
        return record.first <= value.first and value.last <= record.last
    if isinstance(value, Quantity) and isinstance(record, Quantity):
        # The same figure written another way ("five years" / "5 years"), not one that agrees within rounding:
        # "about $5,700" in a list of sums does not state another outlet's "$5,687.75".
        keys = ((q.kind, q.unit, q.noun, q.value) for q in (value, record))
        return value.value is not None and next(keys) == next(keys)
    return False


def _plausible(link: _Link) -> bool:
    """Two figures for one fact: far apart (a part and a total, $43,000 and $750,000) they measure two things."""
    ra, rb = link.a.record, link.b.record
    if not (isinstance(ra, Quantity) and isinstance(rb, Quantity)) or not (ra.value and rb.value):
        return True
    if ra.noun == "magnitude" and rb.noun == "magnitude":
        # A log scale: agencies' readings of one quake differ by tenths ("5.9" / "6.1"); a 3.8 is an aftershock.
        return abs(ra.value - rb.value) <= MAX_MAGNITUDE_GAP
    first, second = abs(ra.value), abs(rb.value)
    if converted(ra, rb):
        first, second = abs(in_dollars(ra, link.a.year) or first), abs(in_dollars(rb, link.b.year) or second)
    return max(first, second) <= MAX_RATIO * min(first, second)


def _same_statements(
    links: Sequence[_Link], texts: dict[str, str], encoder: Encoder, reader: ValueReader
) -> list[_Link]:
    """Keep the conflicting figures whose two sentences are close in meaning (dates keep their event-word rule).

    A magnitude names its quake by itself: two readings within MAX_MAGNITUDE_GAP conflict however differently
    the sentences are worded ("The 5.2-magnitude quake shook the port town" / "after a magnitude-4.8 tremor
    hit the coast", cosine below SAME_STATEMENT), unless their sentences date two different days (a quake
    "in February" is another quake than the one "on Sunday"). Two populations in aligned sentences are kept too:
    the place they belong to is their guard (two named places never pair, `_may_conflict`). Two counts of one
    named thing ("five villages" / "seven villages") need only SAME_NOUN_STATEMENT: the noun says what is counted.
    """
    keep = []
    for link in links:
        if not link.agree and (_magnitudes(link) or link.by_name):
            if not _dated_apart(reader, link.a, link.b):
                keep.append(link)
            continue
        keep.append(link)
    links = keep
    conflicting = [link for link in links if not link.agree and isinstance(link.a.record, Quantity)]
    if not conflicting:
        return list(links)
    sentences = sorted({(v.article, *v.sentence) for link in conflicting for v in (link.a, link.b)})
    rows = {key: i for i, key in enumerate(sentences)}
    vectors = encoder.encode([texts[article][start:end] for article, start, end in sentences])
    keep = []
    for link in links:
        if not link.agree and isinstance(link.a.record, Quantity) and not (_magnitudes(link) or link.by_name):
            if link.basis == "claim" and is_population(link.a.record) and is_population(link.b.record):
                keep.append(link)  # aligned sentences giving a place two populations: the place is the guard
                continue
            i, j = rows[(link.a.article, *link.a.sentence)], rows[(link.b.article, *link.b.sentence)]
            same_thing = _same_thing(link)
            ones = (_one_figure(reader, link.a), _one_figure(reader, link.b)) if same_thing else (False, False)
            if same_thing and not any(ones):
                continue  # both count the thing several ways (one player's points, another's): no one fact
            one_thing = same_thing and all(ones)
            if float(vectors[i] @ vectors[j]) < (SAME_NOUN_STATEMENT if one_thing else SAME_STATEMENT):
                continue
        keep.append(link)
    return keep


def _same_thing(link: _Link) -> bool:
    """Two counts of one named thing ("villages", "pages"; not "people", which names no one), or two sums of money
    that are the value of one named thing ("a $2.5 million necklace" / "a necklace worth £1.2m")."""
    ra, rb = link.a.record, link.b.record
    if not (isinstance(ra, Quantity) and isinstance(rb, Quantity)) or ra.kind != rb.kind:
        return False
    if ra.kind == "money":
        return bool(link.a.worth) and link.a.worth == link.b.worth
    return ra.kind == "count" and bool(ra.noun) and ra.noun == rb.noun and ra.noun not in _ANYONE


def _one_figure(reader: ValueReader, value: Found) -> bool:
    """Whether the article gives the thing `value` counts or prices one figure throughout ("five villages" and
    again "five villages"). An article that counts "passes" 17, 28 and 34 times counts several things (one
    player's, another's): the noun does not name one fact there."""
    record = value.record
    assert isinstance(record, Quantity)
    text = reader.articles[value.article].text
    for other in reader.records(value.article, 0, len(text), dates=False):
        if not isinstance(other, Quantity) or other.kind != record.kind or other.value == record.value:
            continue
        same = worth_of(text, other, len(text)) == value.worth if record.kind == "money" else comparable(other, record)
        if same and (record.kind == "money" or other.noun) and not agree(other, record):
            return False
    return True


def _magnitudes(link: _Link) -> bool:
    ra, rb = link.a.record, link.b.record
    return isinstance(ra, Quantity) and isinstance(rb, Quantity) and ra.noun == rb.noun == "magnitude"


def _dated_apart(reader: ValueReader, a: Found, b: Found) -> bool:
    """True when both sentences state resolved dates and none of one agrees with any of the other."""
    dates_a = [v.record for v in reader.found(a.article, a.claim, *a.sentence) if isinstance(v.record, DateValue)]
    dates_b = [v.record for v in reader.found(b.article, b.claim, *b.sentence) if isinstance(v.record, DateValue)]
    dates_a, dates_b = [d for d in dates_a if d.resolved], [d for d in dates_b if d.resolved]
    return bool(dates_a and dates_b) and not any(agree(x, y) for x in dates_a for y in dates_b)


def same_measure(a: Found, b: Found) -> bool:
    """True when two values measure the same kind of thing: same unit, same counted noun, dates of one grain."""
    ra, rb = a.record, b.record
    if isinstance(ra, DateValue) and isinstance(rb, DateValue):
        return ra.resolved and rb.resolved and _GRAIN[ra.granularity] == _GRAIN[rb.granularity]
    if isinstance(ra, Quantity) and isinstance(rb, Quantity):
        if converted(ra, rb):
            return converted_agree(ra, a.year, rb, b.year) is not None  # comparable through the year's rate
        if ra.kind == "count" and not (ra.noun and rb.noun):
            return False  # a bare number counts nothing nameable
        if "part" in (a.role, b.role):
            return False  # "4 minutes" of "4 minutes 48 seconds" is no duration by itself
        if a.role != b.role:
            return False  # a share ("29% of cases") is not a change ("risen by 240 percent"), a rate not a count
        return comparable(ra, rb)
    return False


def _may_conflict(value: Found, other: Found) -> bool:
    """Whether a value may conflict with its match (both ways are checked); any matched pair may agree.

    Not when the names around the two are disjoint ("a Mississippi law" / "this new Texas law") and each value has
    one of them within its context words (a name further off may be another part of the clause's); not for
    loose dates (resolved against an inferred publication date, or "N years ago"); a day must sit by the
    same word as the other's ("voted Tuesday" / "voted Wednesday", not "arguments Wednesday").
    """
    if value.beside and other.beside and value.names and other.names and not value.names & other.names:
        return False
    record = value.record
    other_record = other.record
    if (
        isinstance(record, DateValue)
        and isinstance(other_record, DateValue)
        and record.relative
        and other_record.relative
    ):
        if record.anchor != other_record.anchor:
            return False  # "June 28", "February" read against two different article dates: not comparable
        if _year_less(record) and _year_less(other_record) and _month_day(record) == _month_day(other_record):
            return False  # "set the sentencing for June 28" / "has been set for June 28": only the guessed year differs
    if not isinstance(record, DateValue):
        return True
    if _deictic_slip(record, other_record):
        return False
    if record.granularity in ("day", "week") and value.head not in other.context:
        return False
    return not record.relative or (record.anchor_source == "published" and record.rule != "ago")


# Days named from the moment of writing. A page's date stamp gives that moment only to within a day (a story
# written on Saturday is stamped Sunday in print, online after midnight, or in another time zone), so "yesterday"
# read against it may be the other outlet's "Friday" and a day apart is no conflict; a weekday or a date written
# out does not move with the stamp.
_DEICTIC_DAYS = frozenset({"yesterday", "today", "tonight", "tomorrow", "this"})


def _deictic_slip(record: DateValue, other: Quantity | DateValue) -> bool:
    """Whether a day told from the moment of writing ("yesterday") is within a day of the other date."""
    if not (isinstance(other, DateValue) and record.rule in _DEICTIC_DAYS and record.first and other.first):
        return False
    return other.granularity == "day" and abs((record.first - other.first).days) <= 1


def _year_less(record: DateValue) -> bool:
    """A date written without its year ("June 28", "January"), whose year was guessed from the tense."""
    return (record.rule or "").startswith(("nearest-year", "month-"))


def _month_day(record: DateValue) -> tuple[int, ...]:
    assert record.first is not None and record.last is not None
    return (record.first.month, record.first.day, record.last.month, record.last.day)


def _converted(a: Found, b: Found) -> bool:
    ra, rb = a.record, b.record
    return isinstance(ra, Quantity) and isinstance(rb, Quantity) and converted(ra, rb)


def _agree(a: Found, b: Found) -> bool:
    """Whether two matched values agree: within rounding, or, in two currencies, within the rate's tolerance."""
    ra, rb = a.record, b.record
    if isinstance(ra, Quantity) and isinstance(rb, Quantity) and converted(ra, rb):
        return bool(converted_agree(ra, a.year, rb, b.year))
    return agree(ra, rb)


def _score(a: Found, b: Found) -> int:
    return len(a.context & b.context)


def _best(options: list[tuple[bool, int, bool, float, int]]) -> int | None:
    """Index of the unique best (same thing, score, agrees, closeness) option, or None on a tie."""
    if not options:
        return None
    options = sorted(options, reverse=True)
    if len(options) > 1 and options[0][:4] == options[1][:4]:
        return None
    return options[0][4]


def _closeness(a: Found, b: Found) -> float:
    """How near two figures are (minus their log ratio, rounded): on equal words the nearer figure is the match."""
    ra, rb = a.record, b.record
    if isinstance(ra, Quantity) and isinstance(rb, Quantity) and ra.value and rb.value:
        return -round(abs(math.log(abs(ra.value) / abs(rb.value))), 1)
    return 0.0


def pair_values(
    first: Sequence[Found], second: Sequence[Found], *, basis: str = "claim", min_conflict: int = MIN_CONFLICT_CONTEXT
) -> list[_Link]:
    """Link each value of one sentence to its mutual best match in the other: an agreement or a conflict."""
    cands = {(i, j): _score(a, b) for i, a in enumerate(first) for j, b in enumerate(second) if same_measure(a, b)}
    agrees = {ij: _agree(first[ij[0]], second[ij[1]]) for ij in cands}
    near = {(i, j): _closeness(first[i], second[j]) for i, j in cands}
    # A sum is matched first with a sum of the same thing: "a necklace worth £1.2m" with "a $2.5 million necklace",
    # not with "$2 million of jewelry" it agrees with by the exchange rate's tolerance.
    thing = {(i, j): bool(first[i].worth) and first[i].worth == second[j].worth for i, j in cands}
    best_a = {
        i: _best([(thing[(i, j)], s, agrees[(i, j)], near[(i, j)], j) for (i2, j), s in cands.items() if i2 == i])
        for i, _ in cands
    }
    best_b = {
        j: _best([(thing[(i, j)], s, agrees[(i, j)], near[(i, j)], i) for (i, j2), s in cands.items() if j2 == j])
        for _, j in cands
    }
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
        # Another match that agrees means this one is not the fact's; a match through an exchange rate counts
        # only with as many shared words: its tolerance is wide, so sums of two different thefts in two
        # currencies ("$3 million" of one, £2m of another) often agree by rate alone.
        other_agrees = any(
            agrees[k] and ((thing[k], cands[k]) >= (thing[(i, j)], score) or not _converted(first[k[0]], second[k[1]]))
            for k in cands if (k[0] == i) != (k[1] == j)
        )  # fmt: skip
        # Two populations measure one thing by their noun alone: one more shared word says of one place.
        needed = 1 if is_population(a.record) and is_population(b.record) else min_conflict
        if (a.modifier or b.modifier or a.role == "offset") and not (a.head in b.context and b.head in a.context):
            continue  # "the 2012 attack" dates the attack, "nine days before" times its own event: the same one needed
        if score >= needed and not other_agrees and _may_conflict(a, b) and _may_conflict(b, a):
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


def _story_links(claims: Sequence[Claim], reader: ValueReader, taken: Sequence[_Link]) -> list[_Link]:
    """Compare like with like across the whole story: values of any two sentences of different articles.

    Sentences the aligner kept apart may still give one fact two values ("home to 120,000 people" / "about
    200,000 residents"). Two values are linked when they measure the same thing (same kind, unit, counted
    noun or length, date grain) and share at least STORY_CONTEXT words around them; as everywhere, each
    must be the other's best match and a conflict needs names that are not disjoint.
    """
    linked = {(link.a.key, link.b.article) for link in taken} | {(link.b.key, link.a.article) for link in taken}
    by_article: dict[str, dict[tuple[str, int, int], Found]] = defaultdict(dict)
    for claim in claims:
        for m in claim.mentions:
            found = reader.found(m.article, claim.id, m.start, m.end)
            for value in found:
                if not _times_a_figure(value, found):
                    by_article[value.article].setdefault(value.key, value)
    links = []
    for first, second in combinations(sorted(by_article), 2):
        pool_a = [v for v in by_article[first].values() if (v.key, second) not in linked]
        pool_b = [v for v in by_article[second].values() if (v.key, first) not in linked]
        pairs = [(a, b) for a in pool_a for b in pool_b if _score(a, b) >= 1 and same_measure(a, b)]
        if pairs:
            side_a = sorted({a for a, _ in pairs}, key=_pos)
            side_b = sorted({b for _, b in pairs}, key=_pos)
            matched = pair_values(side_a, side_b, basis="story", min_conflict=1)
            links += [link for link in matched if _story_link_holds(link)]
    return links


def _named_links(claims: Sequence[Claim], reader: ValueReader, taken: Sequence[_Link]) -> list[_Link]:
    """Sums tied to one named thing in two articles ("$5,687 at the Harbor View Inn" / "a $5,587 stay at the
    Harbor View Inn"), wherever their sentences stand.

    In a list of expenses the words around each sum are the whole list's, so no context pass pairs it; the
    name it was paid at, to or for says what it measures. Each sum must be the only one of its article tied
    to a name sharing ITEM_NAMES words with the other's, both ways; a conflict must still be plausible (not a
    part and a total). Such a pair is not held to the embedding path's sentence guard: the name is the guard,
    as a magnitude is for its quake.
    """
    linked = {(link.a.key, link.b.article) for link in taken} | {(link.b.key, link.a.article) for link in taken}
    by_article: dict[str, dict[tuple[str, int, int], Found]] = defaultdict(dict)
    for claim in claims:
        for m in claim.mentions:
            for value in reader.found(m.article, claim.id, m.start, m.end, dates=False):
                if value.item:
                    by_article[value.article].setdefault(value.key, value)

    def tied(value: Found, pool: Iterable[Found]) -> list[Found]:
        keys = item_keys(value.item)
        return [o for o in pool if len(keys & item_keys(o.item)) >= ITEM_NAMES and same_measure(value, o)]

    links = []
    for first, second in combinations(sorted(by_article), 2):
        for a in by_article[first].values():
            matches = tied(a, by_article[second].values())
            if len(matches) != 1 or tied(matches[0], by_article[first].values()) != [a]:
                continue
            b = matches[0]
            if (a.key, second) not in linked and (b.key, first) not in linked:
                links.append(_Link(a, b, _agree(a, b), "story", by_name=True))
    return links


def _times_a_figure(value: Found, sentence: Sequence[Found]) -> bool:
    """A date right after a figure ("$1.2 billion in 2023") says when the figure held: the figure pass reads it."""
    if not isinstance(value.record, DateValue):
        return False
    return any(isinstance(v.record, Quantity) and 0 <= value.start - v.end <= 4 for v in sentence)


def _story_link_holds(link: _Link) -> bool:
    """Whether a link between sentences the aligner kept apart is about one fact.

    An agreement needs STORY_CONTEXT shared words. A conflicting date must sit beside the same event word on
    both sides ("term ends in 2019" / "term ends in 2018"); a conflicting figure needs the same counted noun
    and a shared word ("50,000 pages of printed emails" / "55,000 pages of Clinton's emails"), or one more
    shared word than an agreement. On the embedding path a conflicting figure's sentences must also say the
    same thing (`_same_statements`).
    """
    score = _score(link.a, link.b)
    if link.agree:
        return score >= STORY_CONTEXT
    ra, rb = link.a.record, link.b.record
    if isinstance(ra, DateValue):
        return link.a.head in link.b.context and link.b.head in link.a.context and score >= STORY_CONTEXT
    same_noun = isinstance(ra, Quantity) and isinstance(rb, Quantity) and bool(ra.noun) and ra.noun == rb.noun
    if same_noun and ra.noun in _ANYONE:
        # "People" names no fact by itself: one of the two must sit by the other's word for what happened to
        # them ("killed more than 26,000 people" / "31,000 people were killed in the disaster"), not "100
        # people set off to march" / "200 people attended the vigil".
        return score >= STORY_CONTEXT + 1 or link.a.head in link.b.context or link.b.head in link.a.context
    return score >= STORY_CONTEXT + 1 or same_noun or _same_thing(link)


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


def _assemble(
    links: Iterable[_Link], article_order: dict[str, int]
) -> tuple[list[ValueComparison], list[ValueComparison]]:
    """One record per fact: values that agree form an agreement; values that disagree form a conflict.

    A conflict holds the two values of each disagreeing link, links that word both sides alike merged into
    one record ("2018" in two outlets against "2019"); the values that agree with either side in other words
    are shown as agreements, never inside the conflict, so a conflict never chains through other facts.
    """
    links = list(links)
    agreeing = _Union()
    values: dict[tuple[str, int, int], Found] = {}
    for link in links:
        values[link.a.key], values[link.b.key] = link.a, link.b
        agreeing.find(link.a.key), agreeing.find(link.b.key)
        if link.agree:
            agreeing.join(link.a.key, link.b.key)
    members: dict[tuple[str, int, int], set[tuple[str, int, int]]] = defaultdict(set)
    for key in values:
        members[agreeing.find(key)].add(key)
    sides: dict[frozenset[str], list[_Link]] = defaultdict(list)
    for link in links:
        if not link.agree:
            sides[frozenset((_wording(link.a), _wording(link.b)))].append(link)
    conflicts = []
    for joined in sides.values():
        keys = {k for link in joined for k in (link.a.key, link.b.key)}
        first = _wording(joined[0].a)
        side = {k: 0 if _wording(values[k]) == first else 1 for k in keys}
        conflicts.append(_record(keys, side, values, joined, article_order, "conflict"))
    agreements = []
    for root, keys in members.items():
        joined = [link for link in links if link.agree and agreeing.find(link.a.key) == root]
        if len(keys) > 1 and joined:
            agreements.append(_record(keys, dict.fromkeys(keys, 0), values, joined, article_order, "agreement"))
    return conflicts, agreements


def _wording(value: Found) -> str:
    """A value's normalised reading, to merge links that give the same two values."""
    return str(normalized(value.record))


def _record(
    keys: Iterable[tuple[str, int, int]],
    group: dict[tuple[str, int, int], int],
    values: dict[tuple[str, int, int], Found],
    joined: Sequence[_Link],
    article_order: dict[str, int],
    outcome: Outcome,
) -> ValueComparison:
    """The record of some linked values, each with its group number (values of one group agree)."""
    keys = sorted(keys, key=lambda k: (article_order.get(k[0], 0), k[1]))
    first = values[keys[0]]
    bases = {link.basis for link in joined}
    basis = "claim" if bases == {"claim"} else ("figure" if "figure" in bases else "story")
    shared = max(_shared(link) for link in joined)
    return ValueComparison(
        id=content_id("|".join(f"{k[0]}:{k[1]}" for k in keys)), claim=first.claim, kind=kind_of(first),
        values=tuple(stated(values[k], group[k]) for k in keys), outcome=outcome, basis=basis,
        about=describe(joined[0].a, joined[0].b), confidence=_confidence(shared, basis),
    )  # fmt: skip


def _shared(link: _Link) -> int:
    """What two linked values share: words around them, or the words of the name both are paid at, to or for."""
    if link.by_name:
        return len(item_keys(link.a.item) & item_keys(link.b.item))
    return _score(link.a, link.b)


def describe(a: Found, b: Found) -> str:
    """What two linked values measure, in the words around them ("pages of emails delivered")."""
    if a.item and len(item_keys(a.item) & item_keys(b.item)) >= ITEM_NAMES:
        return f"amount {a.item}"
    noun = ""
    if isinstance(a.record, Quantity) and a.record.noun:
        noun = a.record.noun
    words = [w for w in a.words if w in set(b.words) and w != noun][:4]
    if isinstance(a.record, DateValue):
        return "when: " + " ".join(words) if words else "a date"
    label = {"money": "amount", "percent": "percentage", "duration": "duration"}.get(
        a.record.kind if isinstance(a.record, Quantity) else "", "number"
    )
    return f"{label} of {noun}" + (f" ({' '.join(words)})" if words else "") if noun else f"{label}: {' '.join(words)}"


def _confidence(shared: int, basis: str) -> float:
    """How sure a comparison is that two values are about one fact: more shared words, aligned sentences."""
    base = {"claim": 0.6, "figure": 0.55, "story": 0.45}.get(basis, 0.45)
    return round(min(0.95, base + 0.1 * shared), 2)


def _reversed_statements(claims: Sequence[Claim], texts: dict[str, str], done: set[str]) -> list[ValueComparison]:
    """Statements told reversed in sentences the aligner kept apart (the stance guard never merges them)."""
    owner: dict[tuple[str, int, int], str] = {}
    for claim in claims:
        for m in claim.mentions:
            owner.setdefault((m.article, m.start, m.end), claim.id)
    mentions = [Mention(article=a, start=s, end=e) for a, s, e in owner]
    stems = [content_stems(texts[m.article][m.start : m.end]) for m in mentions]
    out = []
    for (i, ma), (j, mb) in combinations(enumerate(mentions), 2):
        if ma.article == mb.article or owner[(ma.article, ma.start, ma.end)] == owner[(mb.article, mb.start, mb.end)]:
            continue
        union = len(stems[i] | stems[j])
        if not union or len(stems[i] & stems[j]) < REVERSAL_OVERLAP * union:
            continue
        found = _statement_conflicts(owner[(ma.article, ma.start, ma.end)], (ma, mb), texts, reversals=True)
        out += [c for c in found if c.id not in done]
    return out


def _statement_conflicts(
    claim: str, mentions: Sequence[Mention], texts: dict[str, str], *, reversals: bool = False
) -> list[ValueComparison]:
    """Contradictions between sentences of one claim: one negates what another states plainly (or reverses it)."""
    found: dict[str, dict[tuple[str, int], StatedValue]] = defaultdict(dict)
    for ma, mb in combinations(mentions, 2):
        if ma.article == mb.article:
            continue
        first, second = texts[ma.article][ma.start : ma.end], texts[mb.article][mb.start : mb.end]
        hit = contradiction(first, second) or (reversal(first, second) if reversals else None)
        if hit is None:
            continue
        neg, pos = (ma, mb) if hit.negative_first else (mb, ma)
        denied = texts[neg.article][neg.start + hit.negative[0] : neg.start + hit.negative[1]]
        if denied.lower() in texts[pos.article].lower():
            continue  # the other outlet writes the denial too (one quote in both): it does not disagree
        for mention, span, polarity in ((neg, hit.negative, "negative"), (pos, hit.positive, "positive")):
            start, end = mention.start + span[0], mention.start + span[1]
            found[hit.predicate][(mention.article, start)] = StatedValue(
                article=mention.article, claim=claim, start=start, end=end, sentence_start=mention.start,
                sentence_end=mention.end, normalized=polarity,
                display=f"{polarity}: {texts[mention.article][start:end]}",
                attrs={"predicate": hit.predicate, "polarity": polarity}, group=0 if polarity == "negative" else 1,
            )  # fmt: skip
    return [
        ValueComparison(id=content_id(f"{claim}|statement|{predicate}"), claim=claim, kind="statement",
                        values=tuple(sorted(values.values(), key=lambda v: (v.group, v.article))),
                        about="whether " + next(v.display.split(": ", 1)[-1] for v in values.values()
                                                if v.normalized == "positive"), confidence=0.7)
        for predicate, values in found.items()
    ]  # fmt: skip
