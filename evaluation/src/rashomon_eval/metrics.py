"""Precision, recall and F1 from counts (pairwise for groupings), and the tables the eval command prints."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

Item = Hashable
Pair = frozenset[Item]
Cell = float | int | str


@dataclass(frozen=True, slots=True, kw_only=True)
class PairCounts:
    """Counts of gold, predicted and correct items (pairs, spans); precision, recall and F1 derive from them."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    def __add__(self, other: PairCounts) -> PairCounts:
        """Sum two counts (micro-averaging adds counts before dividing)."""
        return PairCounts(
            gold=self.gold + other.gold,
            predicted=self.predicted + other.predicted,
            correct=self.correct + other.correct,
        )

    @property
    def precision(self) -> float:
        """Correct over predicted pairs; 0.0 when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct over gold pairs; 0.0 when there is no gold pair."""
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# Span matching counts the same three numbers as pair counting; the neutral name reads better there.
Counts = PairCounts


@dataclass(frozen=True, slots=True, kw_only=True)
class Accuracy:
    """How many of the scored items were right."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        """Sum two tallies."""
        return Accuracy(correct=self.correct + other.correct, total=self.total + other.total)

    @property
    def value(self) -> float:
        """Correct over total; 0.0 when nothing was scored."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """One evaluation's scores and the size of what was scored."""

    precision: float
    recall: float
    f1: float
    gold_pairs: int
    predicted_pairs: int
    correct_pairs: int
    documents: int
    sentences: int
    clusters: int
    seconds: float

    @classmethod
    def from_counts(
        cls, counts: PairCounts, *, documents: int, sentences: int, clusters: int, seconds: float
    ) -> Figures:
        """Build figures from summed pair counts and the corpus size."""
        return cls(
            precision=counts.precision,
            recall=counts.recall,
            f1=counts.f1,
            gold_pairs=counts.gold,
            predicted_pairs=counts.predicted,
            correct_pairs=counts.correct,
            documents=documents,
            sentences=sentences,
            clusters=clusters,
            seconds=seconds,
        )


def _pairs_within(groups: Iterable[Iterable[Item]], document: Callable[[Item], Hashable]) -> set[Pair]:
    """Return the unordered pairs of items of different documents that share a group."""
    pairs: set[Pair] = set()
    for group in groups:
        for a, b in combinations(sorted(set(group), key=repr), 2):
            if document(a) != document(b):
                pairs.add(frozenset((a, b)))
    return pairs


def pairwise(
    predicted: Iterable[Iterable[Item]],
    gold: Mapping[Item, Iterable[Hashable]],
    *,
    document: Callable[[Item], Hashable],
) -> PairCounts:
    """Count cross-document pairs: predicted when in one group, gold when their label sets intersect.

    `gold` maps an item to its labels (an item may carry several, or none); `document` names the
    document an item belongs to, and pairs within one document are never counted.
    """
    members: dict[Hashable, list[Item]] = defaultdict(list)
    for item, labels in gold.items():
        for label in set(labels):
            members[label].append(item)
    gold_pairs = _pairs_within(members.values(), document)
    predicted_pairs = _pairs_within(predicted, document)
    return PairCounts(gold=len(gold_pairs), predicted=len(predicted_pairs), correct=len(gold_pairs & predicted_pairs))


_COLUMNS = (
    ("precision", "P", "{:.3f}"),
    ("recall", "R", "{:.3f}"),
    ("f1", "F1", "{:.3f}"),
    ("gold_pairs", "gold", "{:d}"),
    ("predicted_pairs", "pred", "{:d}"),
    ("correct_pairs", "correct", "{:d}"),
    ("documents", "docs", "{:d}"),
    ("sentences", "sents", "{:d}"),
    ("clusters", "clusters", "{:d}"),
    ("seconds", "s", "{:.1f}"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A named table of figures: rows of cells keyed by column, with notes printed under it."""

    name: str
    columns: tuple[str, ...]
    rows: Mapping[str, Mapping[str, Cell]]
    formats: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def cell(self, row: str, column: str) -> str:
        """Format one cell: the column's format if given, else 3 decimals for floats; blank when absent."""
        value = self.rows[row].get(column)
        if value is None:
            return ""
        if column in self.formats:
            return self.formats[column].format(value)
        return f"{value:.3f}" if isinstance(value, float) else str(value)


def counts_row(counts: PairCounts) -> dict[str, Cell]:
    """One table row of counts: P, R, F1, gold, pred, correct."""
    return {
        "P": counts.precision,
        "R": counts.recall,
        "F1": counts.f1,
        "gold": counts.gold,
        "pred": counts.predicted,
        "correct": counts.correct,
    }


def figures_table(figures: Mapping[str, Figures], *, key: str = "evaluation") -> Table:
    """Turn named alignment figures into a table, one row per name."""
    rows = {name: {title: getattr(f, attr) for attr, title, _ in _COLUMNS} for name, f in figures.items()}
    formats = {title: fmt for _, title, fmt in _COLUMNS}
    return Table(name=key, columns=tuple(title for _, title, _ in _COLUMNS), rows=rows, formats=formats)


def format_table(table: Table) -> str:
    """Render a table as fixed-width text: header, rule, one line per row, then its notes."""
    header = [table.name, *table.columns]
    rows = [[name, *(table.cell(name, column) for column in table.columns)] for name in table.rows]
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [header, ["-" * w for w in widths], *rows]
    text = "\n".join("  ".join(_cells(line, widths)).rstrip() for line in lines)
    return "\n".join([text, *table.notes])


def format_figures(figures: Mapping[str, Figures], *, key: str = "evaluation") -> str:
    """Render named figures as a fixed-width text table, one row per name."""
    return format_table(figures_table(figures, key=key))


def _cells(line: list[str], widths: list[int]) -> list[str]:
    """Pad a row's cells: the name column left-aligned, the figures right-aligned."""
    pairs = zip(line, widths, strict=True)
    return [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(pairs)]
