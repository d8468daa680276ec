"""Character spans sorted by start with the furthest end so far: overlap questions answered by bisection.

Asking of every span whether it overlaps, covers or reaches past a point made the quote finder, the
learned-quote merge and the scare-quote test quadratic (thousands of quotes in one article: minutes).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["Intervals"]


class Intervals:
    """Spans (start, end) sorted by start, each with the furthest end among it and those before it."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        given = list(spans)
        self.order = sorted(range(len(given)), key=given.__getitem__)  # equal spans keep their input order
        self.spans = [given[i] for i in self.order]
        self.starts = [start for start, _ in self.spans]
        self.furthest = list(itertools.accumulate((end for _, end in self.spans), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether some span starts at or before `start` and ends at or after `end`."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.furthest[index] >= end

    def beyond(self, point: int, *, starting_before: int) -> bool:
        """Whether a span that starts before `starting_before` ends after `point`."""
        index = bisect_left(self.starts, starting_before)
        return index > 0 and self.furthest[index - 1] > point

    def overlapping(self, start: int, end: int) -> list[int]:
        """The input positions of the spans that share a character with [start, end)."""
        k = bisect_left(self.starts, end)
        out = []
        while k > 0 and self.furthest[k - 1] > start:
            k -= 1
            s, e = self.spans[k]
            if min(e, end) > max(s, start):
                out.append(self.order[k])
        return out
