"""Load the labelled quantity and date tables under tests/data and score an extractor against them.

Shared by tests/test_quantities.py, tests/test_timex.py and benchmarks/bench_quantities.py.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled case: a sentence, the surface to find in it, and the expected fields."""

    kind: str
    sentence: str
    surface: str
    expected: Mapping[str, Any]

    @property
    def bounds(self) -> tuple[int, int]:
        """Character offsets of the surface in the sentence."""
        start = self.sentence.index(self.surface)
        return start, start + len(self.surface)


def load(name: str) -> list[Row]:
    """Read tests/data/<name>.tsv into rows (kind is the first column)."""
    with (DATA / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [Row(r.pop("kind", None) or r.pop("type"), r.pop("sentence"), r.pop("surface"), r) for r in reader]


def overlapping(row: Row, found: Iterable[Any]) -> Any | None:
    """Return the found value overlapping the row's surface most, or None."""
    start, end = row.bounds
    best, best_overlap = None, 0
    for value in found:
        overlap = min(end, value.end) - max(start, value.start)
        if overlap > best_overlap:
            best, best_overlap = value, overlap
    return best


def quantity_ok(row: Row, found: Iterable[Any]) -> bool:
    """Return True when the quantity read at the row's surface has the expected normalised fields."""
    q = overlapping(row, found)
    if row.kind == "none":
        return q is None
    if q is None:
        return False
    e = row.expected
    return (
        q.kind == row.kind
        and math.isclose(q.value, float(e["value"]), rel_tol=1e-9)
        and q.unit == e["unit"]
        and math.isclose(q.precision, float(e["precision"]), rel_tol=1e-9)
        and q.qualifier == e["qualifier"]
        and (not e["noun"] or q.noun == e["noun"])
    )


def date_ok(row: Row, found: Iterable[Any]) -> bool:
    """Return True when the date read at the row's surface names the expected day range and qualifier."""
    d = overlapping(row, found)
    if d is None or d.first is None:
        return False
    e = row.expected
    first, last = date.fromisoformat(e["first"]), date.fromisoformat(e["last"])
    return d.first == first and d.last == last and d.qualifier == e["qualifier"]


def score(rows: Iterable[Row], check: Callable[[Row], bool]) -> tuple[dict[str, float], dict[str, int], list[Row]]:
    """Return (accuracy per kind, cases per kind, failed rows) of `check` over `rows`."""
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    failed = []
    for row in rows:
        total[row.kind] += 1
        if check(row):
            right[row.kind] += 1
        else:
            failed.append(row)
    return {k: right[k] / total[k] for k in total}, dict(total), failed
