"""How often the conflict finder fires on ClaimDiff train pairs labelled weaken, strengthen or neither.

Each pair becomes two one-sentence articles (published on the pair's date) aligned as one claim, and
`find_conflicts` runs on it. A pair is *reported* when it yields at least one conflict. Precision of
"conflict" for weaken is read at the data's real base rate: weaken pairs reported over all pairs reported
(neither included), and over weaken and strengthen pairs only. The data is read in place, never copied.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.comparison.facts.conflicts import find_conflicts
from rashomon.model.records import Article, Claim, Mention
from rashomon_eval.claimdiff import ClaimPair, load_pairs
from rashomon_eval.metrics import Table

if TYPE_CHECKING:
    from rashomon_eval.tasks import EvalOptions

LABELS = ("weaken", "strengthen", "neither")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictFigures:
    """Pairs and reported pairs per gold label, and conflicts per kind."""

    pairs: Counter[str]
    reported: Counter[str]
    kinds: Counter[str]
    seconds: float = 0.0

    def share(self, label: str) -> float:
        """Share of the label's pairs reported as a conflict."""
        return self.reported[label] / self.pairs[label] if self.pairs[label] else 0.0

    @property
    def precision(self) -> float:
        """Weaken pairs among all pairs reported (at the data's base rate)."""
        total = sum(self.reported.values())
        return self.reported["weaken"] / total if total else 0.0

    @property
    def precision_vs_strengthen(self) -> float:
        """Weaken pairs among weaken and strengthen pairs reported."""
        total = self.reported["weaken"] + self.reported["strengthen"]
        return self.reported["weaken"] / total if total else 0.0

    @property
    def base_rate(self) -> float:
        """Share of weaken pairs among all pairs."""
        total = sum(self.pairs.values())
        return self.pairs["weaken"] / total if total else 0.0


def pair_conflicts(pair: ClaimPair) -> list[str]:
    """The kinds of the conflicts found between the pair's two claims, as two articles of one claim."""
    articles = [Article(id=f"{pair.pair_id}-{side}", source=side, text=text, published=pair.date)
                for side, text in (("a", pair.claim_a), ("b", pair.claim_b))]  # fmt: skip
    mentions = tuple(Mention(article=a.id, start=0, end=len(a.text)) for a in articles)
    claim = Claim(id=f"{pair.pair_id}-claim", text=pair.claim_a, status="consensus",
                  articles=tuple(a.id for a in articles), missing=(), mentions=mentions)  # fmt: skip
    return [c.kind for c in find_conflicts([claim], articles).conflicts]


def run_conflicts(*, eval_dir: Path | None = None) -> ConflictFigures:
    """Run the conflict finder over every ClaimDiff train pair."""
    started = time.perf_counter()
    pairs, reported, kinds = Counter[str](), Counter[str](), Counter[str]()
    for pair in load_pairs(eval_dir):
        found = pair_conflicts(pair)
        pairs[pair.label] += 1
        reported[pair.label] += bool(found)
        kinds.update(found)
    return ConflictFigures(pairs=pairs, reported=reported, kinds=kinds, seconds=time.perf_counter() - started)


def conflicts_table(figures: ConflictFigures) -> Table:
    """One row per gold label (pairs, reported, share), then the precision rows."""
    rows: dict[str, dict[str, float | int | str]] = {
        label: {"pairs": figures.pairs[label], "reported": figures.reported[label], "share": figures.share(label)}
        for label in LABELS
    }
    rows["precision (all reported)"] = {"share": figures.precision}
    rows["precision (vs strengthen)"] = {"share": figures.precision_vs_strengthen}
    rows["weaken base rate"] = {"share": figures.base_rate}
    kinds = ", ".join(f"{k} {n}" for k, n in figures.kinds.most_common()) or "none"
    return Table(name="conflicts_claimdiff_train", columns=("pairs", "reported", "share"), rows=rows,
                 notes=(f"conflicts by kind: {kinds}; {figures.seconds:.1f}s",))  # fmt: skip


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `conflicts` evaluation task: ClaimDiff train only (every split scores the same pairs)."""
    return (conflicts_table(run_conflicts(eval_dir=options.eval_dir)),)
