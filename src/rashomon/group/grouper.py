"""Group articles into stories, incrementally, within a time window (DESIGN.md §1).

Each record arrives once and joins the best-matching open story or starts one. Candidates come from an
inverted index over *keys*: the record's most distinctive stemmed content terms (by IDF over the open
window) and its capitalised names. Only stories sharing at least `min_shared` keys are scored, and keys
carried by too many open stories are skipped, so the work per record is bounded and never all pairs. The
decision is the cosine of TF-IDF vectors (the record against the story's summed term bag) plus a bonus
for shared names, less a penalty growing with the date gap. Near-identical texts (wire copies,
syndication) are found by the MinHash estimate of word 5-gram Jaccard among the candidates' members and
always join the story of the text they copy; they count once as sources.

A record carries its `rashomon.group.features.Features` when they were computed elsewhere (a worker, a Dask
cluster, the store); otherwise they are computed from its title and text with the same function.

`group()` processes records in a canonical order (published, then id; undated records last), so its
result never depends on input order. A story's id is the content hash of its first member in that order,
so it stays the same as later articles join. Only the window's stories are kept in the index: a story
whose last article is more than `window_days` older than the newest date seen is closed, so memory stays
flat over a long stream. Undated records (ECB+) are never closed: a corpus without dates is one window.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

import numpy as np

from rashomon.group.features import Features, features
from rashomon.model.records import content_id

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UNDATED = float("inf")


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRecord:
    """One article as the grouper sees it: id, date, text (or precomputed terms and names), outlet."""

    id: str
    published: datetime | None = None
    title: str = ""
    text: str = ""
    outlet: str | None = None
    features: Features | None = None  # None: computed from title and text


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupOptions:
    """Knobs of the grouper; defaults tuned on BASIL, the AllSides crawl and ECB+ train (docs/stories.md)."""

    window_days: float = 5.0
    threshold: float = 0.22  # join when cosine + name bonus - date penalty reaches this
    name_weight: float = 0.15  # times the share of the record's names the story carries
    date_weight: float = 0.2  # times the gap in days over the window
    keys: int = 24  # distinctive terms of a record used as blocking keys (plus its names)
    min_shared: int = 2  # keys a story must share with the record to be scored
    max_postings: int = 100  # keys carried by more open stories than this are too common to block on
    copy_jaccard: float = 0.7  # word 5-gram Jaccard from which a text is a copy of another
    title_weight: int = 2  # a title's terms count this many times
    max_span_days: float = 2.0  # a story never covers more days than this, first article to last


@dataclass(slots=True)
class _Story:
    id: str
    first: float
    last: float
    members: list[str] = field(default_factory=list)
    bag: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    prints: list[str] = field(default_factory=list)  # members whose text has shingles, in arrival order
    signatures: np.ndarray | None = None  # their MinHash signatures, one row each
    vector: dict[str, float] = field(default_factory=dict)  # TF-IDF weights as of the last join
    norm: float = 0.0


def canonical_key(record: StoryRecord) -> tuple[float, str]:
    """The canonical processing order: published (undated last), then id."""
    return (_timestamp(record.published), record.id)


def _timestamp(published: datetime | None) -> float:
    if published is None:
        return _UNDATED
    aware = published if published.tzinfo else published.replace(tzinfo=UTC)
    return (aware - _EPOCH).total_seconds() / 86400.0


class Grouper:
    """Incremental story grouping: `add()` one record at a time, read `stories()` and `copies()`."""

    def __init__(self, *, options: GroupOptions | None = None) -> None:
        """Start with no stories."""
        self.options = options or GroupOptions()
        self._open: dict[str, _Story] = {}
        self._closed: dict[str, list[str]] = {}
        self._postings: dict[str, set[str]] = defaultdict(set)
        # Document frequencies over every record seen, not just the window: a window holds too few stories to
        # tell a common word from a distinctive one. The vocabulary grows sublinearly (Heaps' law).
        self._df: Counter[str] = Counter()
        self._seen = 0
        self._expiry: list[tuple[float, str]] = []
        self._clock = -_UNDATED
        self._copies: dict[str, str] = {}  # copy article id -> the article it copies
        self.comparisons = 0  # story scorings made, for tests and benchmarks of the blocking

    def add(self, record: StoryRecord) -> str:
        """Place one record in a story and return the story id."""
        when = _timestamp(record.published)
        if when != _UNDATED and when > self._clock:
            self._clock = when
            self._evict()
        found = record.features or features(record.title, record.text, title_weight=self.options.title_weight)
        bag, names = found.terms, set(found.names)
        vector = self._vector(bag)
        keys = self._keys(bag, names, vector)
        story, copied = self._match(vector, names, keys, found, when)
        if story is None:
            story = _Story(id=content_id(f"story:{record.id}"), first=when, last=when)
            self._open[story.id] = story
        if copied is not None:
            self._copies[record.id] = copied
        self._join(story, record.id, bag, names, keys, found, when)
        return story.id

    def stories(self) -> dict[str, list[str]]:
        """Return every story so far (open and closed): story id -> article ids in arrival order."""
        out = dict(self._closed)
        out.update({sid: list(story.members) for sid, story in self._open.items()})
        return out

    def copies(self) -> dict[str, str]:
        """Return near-identical texts found: copy article id -> the earlier article it copies."""
        return dict(self._copies)

    def sources(self, story_id: str) -> int:
        """Count a story's independent sources: its articles, each group of copies counted once."""
        members = self.stories()[story_id]
        return sum(1 for member in members if member not in self._copies)

    def state(self) -> dict[str, Any]:
        """The grouper's state as JSON-ready data, to resume later with `Grouper.from_state`.

        Only what the next record can depend on is kept: the open stories (members, bags, names, keys,
        MinHash signatures, vectors as of their last join), the document frequencies, the clock and the
        copies among open members. Call it after `drain()`: closed stories are not part of it.
        """
        return {"version": STATE_VERSION, "options": asdict(self.options), "seen": self._seen, "clock": self._clock,
                "df": dict(sorted(self._df.items())), "copies": dict(sorted(self._copies.items())),
                "open": [_story_state(story) for _, story in sorted(self._open.items())]}  # fmt: skip

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Grouper:
        """A grouper that goes on exactly where the one whose `state()` this is stopped."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"grouper state version {state.get('version')!r}, expected {STATE_VERSION}")
        grouper = cls(options=GroupOptions(**state["options"]))
        grouper._seen, grouper._clock = int(state["seen"]), float(state["clock"])
        grouper._df = Counter(state["df"])
        grouper._copies = dict(state["copies"])
        for data in state["open"]:
            story = _story_from_state(data)
            grouper._open[story.id] = story
            for key in story.keys:
                grouper._postings[key].add(story.id)
            if story.last != _UNDATED:
                heapq.heappush(grouper._expiry, (story.last, story.id))
        return grouper

    def drain(self) -> dict[str, list[str]]:
        """Hand over the closed stories and forget them (keeps memory flat on an endless stream)."""
        closed, self._closed = self._closed, {}
        for members in closed.values():
            for member in members:
                self._copies.pop(member, None)
        return closed

    def _keys(self, bag: Mapping[str, int], names: set[str], vector: Mapping[str, float]) -> set[str]:
        # vector[t] = (1 + log tf) * idf, the same product as idf * (1 + log tf)
        ranked = heapq.nlargest(self.options.keys, bag, key=lambda t: (vector[t], t))
        return {f"t:{t}" for t in ranked} | {f"n:{n}" for n in names}

    def _candidates(self, keys: set[str]) -> list[_Story]:
        shared: Counter[str] = Counter()
        for key in keys:
            posting = self._postings.get(key)
            if posting and len(posting) <= self.options.max_postings:
                shared.update(posting)
        return [self._open[sid] for sid, n in shared.items() if n >= self.options.min_shared]

    def _match(self, vector: Mapping[str, float], names: set[str], keys: set[str], found: Features,
               when: float) -> tuple[_Story | None, str | None]:  # fmt: skip
        options = self.options
        best, best_score = None, options.threshold
        norm = math.sqrt(sum(w * w for w in vector.values()))
        for story in sorted(self._candidates(keys), key=lambda s: s.id):
            gap = self._gap(story, when)
            if gap > options.window_days or self._span(story, when) > options.max_span_days:
                continue
            self.comparisons += 1
            copied = self._copy_of(story, found)
            if copied is not None:
                return story, copied
            weight = story.vector.get  # map() runs the products in C, in the same order as a generator would
            dot = sum(map(operator.mul, vector.values(), map(weight, vector.keys(), repeat(0.0))))
            score = dot / (norm * story.norm) if norm and story.norm else 0.0
            if names:
                score += options.name_weight * sum(1 for n in names if n in story.names) / len(names)
            score -= options.date_weight * gap / options.window_days
            if score > best_score:
                best, best_score = story, score
        return best, None

    def _copy_of(self, story: _Story, found: Features) -> str | None:
        """The first member of `story` that `found`'s text copies (MinHash Jaccard estimate), if any."""
        if story.signatures is None or not found.has_shingles:
            return None
        agree = np.count_nonzero(story.signatures == found.minhash, axis=1) / story.signatures.shape[1]
        hits = np.flatnonzero(agree >= self.options.copy_jaccard)
        return story.prints[int(hits[0])] if len(hits) else None

    @staticmethod
    def _span(story: _Story, when: float) -> float:
        """How many days the story would cover with a record published `when`."""
        if when == _UNDATED or story.last == _UNDATED:
            return 0.0
        return max(story.last, when) - min(story.first, when)

    @staticmethod
    def _gap(story: _Story, when: float) -> float:
        if when == _UNDATED or story.last == _UNDATED:
            return 0.0
        return max(0.0, story.first - when, when - story.last)

    def _vector(self, bag: Mapping[str, int]) -> dict[str, float]:
        """TF-IDF weights: (1 + log tf) * log((seen + 2) / (df + 1)), df over every record seen."""
        total, df, log = self._seen + 2, self._df.get, math.log
        return {t: (1 + log(n)) * log(total / (df(t, 0) + 1)) for t, n in bag.items()}

    def _join(self, story: _Story, article: str, bag: Mapping[str, int], names: set[str], keys: set[str],
              found: Features, when: float) -> None:  # fmt: skip
        self._seen += 1
        self._df.update(bag.keys())
        story.bag.update(bag)
        story.vector = self._vector(story.bag)
        story.norm = math.sqrt(sum(w * w for w in story.vector.values()))
        story.names.update(names)
        for key in keys - story.keys:
            self._postings[key].add(story.id)
        story.keys |= keys
        story.members.append(article)
        if found.has_shingles:
            row = found.minhash[np.newaxis, :]
            story.signatures = row if story.signatures is None else np.vstack([story.signatures, row])
            story.prints.append(article)
        if when != _UNDATED:
            dated = story.last != _UNDATED
            story.first, story.last = (min(story.first, when), max(story.last, when)) if dated else (when, when)
            heapq.heappush(self._expiry, (story.last, story.id))

    def _evict(self) -> None:
        horizon = self._clock - self.options.window_days
        while self._expiry and self._expiry[0][0] < horizon:
            last, sid = heapq.heappop(self._expiry)
            story = self._open.get(sid)
            if story is None or story.last != last:
                continue  # closed already, or the story moved on since this entry
            self._close(story)

    def _close(self, story: _Story) -> None:
        del self._open[story.id]
        self._closed[story.id] = story.members
        for key in story.keys:
            posting = self._postings[key]
            posting.discard(story.id)
            if not posting:
                del self._postings[key]


STATE_VERSION = 1


def _story_state(story: _Story) -> dict[str, Any]:
    return {"id": story.id, "first": story.first, "last": story.last, "members": story.members,
            "bag": dict(story.bag), "names": dict(story.names), "keys": sorted(story.keys), "prints": story.prints,
            "signatures": story.signatures.tolist() if story.signatures is not None else None,
            "vector": story.vector, "norm": story.norm}  # fmt: skip


def _story_from_state(data: Mapping[str, Any]) -> _Story:
    signatures = np.asarray(data["signatures"], dtype=np.uint64) if data["signatures"] is not None else None
    return _Story(id=data["id"], first=float(data["first"]), last=float(data["last"]), members=list(data["members"]),
                  bag=Counter(data["bag"]), names=Counter(data["names"]), keys=set(data["keys"]),
                  prints=list(data["prints"]), signatures=signatures, vector=dict(data["vector"]),
                  norm=float(data["norm"]))  # fmt: skip


def group(records: Iterable[StoryRecord], *, options: GroupOptions | None = None) -> dict[str, str]:
    """Group records into stories in canonical order; return article id -> story id (order-independent)."""
    grouper = Grouper(options=options)
    return {record.id: grouper.add(record) for record in sorted(records, key=canonical_key)}
