"""Intervals: overlap, cover and reach answered by bisection, the same as asking every span."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.text.spans import Intervals

spans = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])), max_size=15)
points = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, deadline=2000)
@given(given_spans=spans, query=points)
def test_each_answer_is_the_one_every_span_gives(given_spans: list[tuple[int, int]], query: tuple[int, int]) -> None:
    start, end = query
    index = Intervals(given_spans)
    shared = {i for i, (s, e) in enumerate(given_spans) if min(e, end) > max(s, start)}
    assert set(index.overlapping(start, end)) == shared
    assert index.covers(start, end) == any(s <= start and end <= e for s, e in given_spans)
    assert index.beyond(start, starting_before=end) == any(s < end and e > start for s, e in given_spans)


def test_a_quote_inside_a_paraphrase_is_covered_and_overlapping() -> None:
    index = Intervals([(40, 60), (0, 30), (10, 20)])
    assert index.covers(12, 18) and not index.covers(25, 35)
    assert sorted(index.overlapping(15, 45)) == [0, 1, 2]
    assert index.overlapping(30, 40) == []  # touching ends share no character
