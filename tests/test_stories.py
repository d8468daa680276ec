"""Story grouping: hand-written multi-story corpora, order independence, stable ids, copies, window, blocking."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from rashomon_eval.stories_eval import adjusted_rand, b_cubed

from rashomon.group.features import record_names
from rashomon.group.grouper import Grouper, GroupOptions, StoryRecord, group

DAY = datetime(2024, 3, 4, 9, tzinfo=UTC)

TEXTS = {
    "quake-a": (
        "Earthquake of magnitude 6.4 strikes Sulawesi",
        "A magnitude 6.4 earthquake struck central Sulawesi early on Monday, collapsing homes in Mamuju and "
        "killing at least 34 people, Indonesia's disaster agency said. Rescuers dug through rubble.",
    ),
    "quake-b": (
        "Dozens dead after Sulawesi quake flattens homes",
        "Rescue teams in Mamuju searched collapsed buildings after the Sulawesi earthquake killed 34 people. "
        "The magnitude 6.4 tremor hit before dawn, the disaster agency said, and aftershocks followed.",
    ),
    "quake-c": (
        "Indonesia: rubble, aftershocks in Mamuju",
        "Survivors of the Sulawesi earthquake slept outdoors in Mamuju as aftershocks rattled the city. "
        "The disaster agency raised the toll to 34 dead; the hospital was damaged by the tremor.",
    ),
    "rates-a": (
        "Central bank holds rates at 5.25%",
        "The Federal Reserve left its benchmark interest rate unchanged at 5.25% on Wednesday, and Jerome "
        "Powell said inflation was cooling but not yet beaten. Markets had expected the pause.",
    ),
    "rates-b": (
        "Fed pauses, Powell warns inflation fight not over",
        "Jerome Powell told reporters the Federal Reserve would keep interest rates at 5.25% for now. "
        "Inflation is cooling, he said, but the central bank was ready to raise rates again.",
    ),
    "rates-c": (
        "Fed keeps interest rates steady",
        "Federal Reserve officials held interest rates at 5.25%, the highest in two decades. Powell said "
        "cooling inflation allowed the pause, while markets rallied on the news.",
    ),
    "strike-a": (
        "Rail workers walk out over pay",
        "Thousands of rail workers in Britain walked out on Thursday in a dispute over pay, halting trains "
        "from London to Manchester. The RMT union said the strike would last two days.",
    ),
    "strike-b": (
        "Trains halted as RMT strike begins",
        "The RMT union began a two-day strike, and trains between London and Manchester stood idle. Rail "
        "workers rejected a pay offer they called far below inflation.",
    ),
}


def record(key: str, *, day: int = 0, text: str | None = None, rid: str | None = None) -> StoryRecord:
    """A record of one written text, published `day` days after DAY."""
    title, body = TEXTS[key]
    return StoryRecord(
        id=rid or key,
        published=DAY + timedelta(days=day),
        title=title,
        text=body if text is None else text,
        outlet=key.rsplit("-", 1)[-1],
    )


CORPUS = [record(k, day=i % 2) for i, k in enumerate(TEXTS)]


def by_story(assignment: dict[str, str]) -> set[frozenset[str]]:
    """The grouping as a set of member sets (ids of stories dropped)."""
    members: dict[str, set[str]] = {}
    for article, story in assignment.items():
        members.setdefault(story, set()).add(article)
    return {frozenset(m) for m in members.values()}


def test_written_stories_are_grouped() -> None:
    """Three stories told by two or three outlets come out as three stories."""
    assert by_story(group(CORPUS)) == {
        frozenset({"quake-a", "quake-b", "quake-c"}),
        frozenset({"rates-a", "rates-b", "rates-c"}),
        frozenset({"strike-a", "strike-b"}),
    }


@pytest.mark.parametrize("seed", range(6))
def test_grouping_does_not_depend_on_input_order(seed: int) -> None:
    """Shuffled input gives the same story ids for every article."""
    shuffled = list(CORPUS)
    random.Random(seed).shuffle(shuffled)
    assert group(shuffled) == group(CORPUS)


def test_story_ids_stay_stable_as_articles_are_added() -> None:
    """Adding later articles keeps every existing article's story id."""
    early = [r for r in CORPUS if not r.id.endswith("c")]
    later = [record("quake-c", day=2), record("rates-c", day=2)]
    before = group(early)
    after = group([*early, *later])
    assert {k: after[k] for k in before} == before
    assert after["quake-c"] == after["quake-a"] and after["rates-c"] == after["rates-a"]


def test_incremental_add_returns_the_joined_story() -> None:
    """`add` starts a story, then returns the same id for an article of that story."""
    grouper = Grouper()
    first = grouper.add(record("rates-a"))
    assert grouper.add(record("rates-b")) == first
    assert grouper.add(record("strike-a")) != first
    assert grouper.stories()[first] == ["rates-a", "rates-b"]


def test_wire_copies_are_grouped_and_counted_once() -> None:
    """A syndicated copy with a new headline joins the story as a copy; the story counts it once as a source."""
    title, body = TEXTS["quake-a"]
    grouper = Grouper()
    story = grouper.add(record("quake-a"))
    copy = StoryRecord(
        id="quake-a-syndicated", published=DAY, title="Deadly quake hits Indonesia", text=body + " (Reuters)"
    )
    assert grouper.add(copy) == story
    grouper.add(record("quake-b"))
    assert grouper.copies() == {"quake-a-syndicated": "quake-a"}
    assert len(grouper.stories()[story]) == 3 and grouper.sources(story) == 2


def test_stories_close_after_the_window() -> None:
    """An article past the window starts a new story; the old one is closed and drained."""
    grouper = Grouper(options=GroupOptions(window_days=3))
    old = grouper.add(record("rates-a"))
    new = grouper.add(record("rates-b", day=10))
    assert new != old
    assert grouper.drain() == {old: ["rates-a"]}
    assert set(grouper.stories()) == {new}


def test_a_story_covers_at_most_two_days_from_its_first_article_to_its_last() -> None:
    """Follow-ups that keep a story going past two days start a new one; the window alone would chain them."""
    both = f"{TEXTS['quake-a'][1]} {TEXTS['quake-b'][1]} Rescuers ended the search on Thursday."
    chained = [record("quake-a"), record("quake-b", day=1), record("quake-c", day=3, text=both)]
    stories = by_story(group(chained))
    assert stories == {frozenset({"quake-a", "quake-b"}), frozenset({"quake-c"})}
    unbounded = by_story(group(chained, options=GroupOptions(max_span_days=float("inf"))))
    assert unbounded == {frozenset({"quake-a", "quake-b", "quake-c"})}


def test_undated_records_share_one_window() -> None:
    """Without dates (ECB+), records are grouped by content alone."""
    undated = [StoryRecord(id=r.id, title=r.title, text=r.text) for r in CORPUS]
    assert by_story(group(undated)) == by_story(group(CORPUS))


def unrelated(n: int) -> list[StoryRecord]:
    """`n` articles with no shared content words, one a minute apart."""
    rng = random.Random(7)
    letters = "bcdfghjklmnpqrstvwxz"
    out = []
    for i in range(n):
        words = ["".join(rng.choice(letters) for _ in range(7)) for _ in range(40)]
        out.append(StoryRecord(id=f"a{i:05d}", published=DAY + timedelta(minutes=i), text=" ".join(words)))
    return out


def test_blocking_scores_no_unrelated_pairs() -> None:
    """On unrelated articles the grouper scores no story at all: the work does not grow with all pairs."""
    grouper = Grouper()
    for r in unrelated(600):
        grouper.add(r)
    assert grouper.comparisons == 0 and len(grouper.stories()) == 600


def test_comparisons_grow_linearly_with_repeated_stories() -> None:
    """Many stories on few shared words: scorings per article stay bounded by the posting cap."""

    def corpus(n: int) -> list[StoryRecord]:
        keys = sorted(TEXTS)
        return [record(keys[i % len(keys)], day=i // 50, rid=f"r{i:05d}") for i in range(n)]

    counts = []
    for n in (400, 1600):
        grouper = Grouper(options=GroupOptions(max_postings=20))
        for r in corpus(n):
            grouper.add(r)
        counts.append(grouper.comparisons)
    assert counts[1] <= 4 * counts[0] * 1.2


def test_names_are_capitalised_runs() -> None:
    """Names are runs of capitalised words, without sentence-initial function words."""
    assert record_names("The RMT union said Jerome Powell met The Federal Reserve.") >= {
        "jerome powell",
        "federal reserve",
    }


def test_b_cubed_and_ari_on_a_known_grouping() -> None:
    """B-cubed of one merged pair among singletons; ARI is 1 for the gold itself."""
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y"}
    precision, recall, f1 = b_cubed(predicted, gold)
    assert (round(precision, 4), recall) == (round((2 / 3 * 2 + 1 / 3 + 1) / 4, 4), 1.0)
    assert 0 < f1 < 1
    assert adjusted_rand(gold, gold) == 1.0


def test_a_grouper_resumed_from_its_json_state_goes_on_exactly_like_the_original() -> None:
    import json

    records = sorted([record(k, day=i % 3) for i, k in enumerate(TEXTS)]
                     + [record(k, day=4 + i % 3, rid=f"{k}-later") for i, k in enumerate(TEXTS)]
                     + [record("quake-a", day=9, rid="quake-wire", text=TEXTS["quake-a"][1])],
                     key=lambda r: (r.published, r.id))  # fmt: skip
    original = Grouper()
    for r in records[:9]:
        original.add(r)
    original.drain()
    state = json.loads(json.dumps(original.state()))
    resumed = Grouper.from_state(state)
    assert resumed.state() == state  # nothing the next record depends on is lost: df, clock, copies, stories
    assert [resumed.add(r) for r in records[9:]] == [original.add(r) for r in records[9:]]
    assert resumed.copies() == original.copies() and resumed.stories() == original.stories()
    with pytest.raises(ValueError, match="grouper state version"):
        Grouper.from_state({**state, "version": 0})
