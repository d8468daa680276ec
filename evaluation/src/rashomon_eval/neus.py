"""The neutral summary on NeuS (AllSides roundups), read in place from ../shared/eval/allsides_neus.

Each NeuS story gives up to three outlets' headline and lead; Rashomon compares them as one story and
its neutral summary is scored against the AllSides roundup (ROUGE-1/2/L F1, `rouge-score` with stemming),
beside a lead baseline (the first outlet's lead, the usual extractive baseline). The summary's loaded-term
rate outside quotes is set beside the sources' own-voice rates (the loaded-language lexicon stands in for
NeuS's NRC-VAD lexicon, which may not be redistributed), and faithfulness is the share of the summary's
numbers and capitalised words that occur in the sources.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon.errors import RashomonError
from rashomon.model.records import Article
from rashomon_eval.ecbplus import EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Table
from rashomon_eval.tasks import EvalOptions

FOLDER = Path("allsides_neus") / "data" / "naacl2022_lrc_roundup_random_order_probe"
_TOKEN = re.compile(r"\b(?:\d[\d,.]*|[A-Z][\w’'-]+)")


@dataclass(frozen=True, slots=True, kw_only=True)
class NeusStory:
    """One NeuS story: its outlets' (headline, lead) pairs and the AllSides roundup."""

    index: int
    items: tuple[tuple[str, str], ...]
    roundup: str


def load_stories(split: str = "val", *, eval_dir: Path | None = None) -> list[NeusStory]:
    """Read NeuS `split` (train or val) in place."""
    folder = (eval_dir or default_eval_dir()) / FOLDER
    source, target = folder / f"{split}.source", folder / f"{split}.target"
    if not source.is_file() or not target.is_file():
        raise EvalDataMissing(f"{folder}: NeuS {split} files are missing (see ../shared/eval/README.md)")
    sources = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    targets = target.read_text(encoding="utf-8").rstrip("\n").split("\n")
    stories = []
    for i, (line, gold) in enumerate(zip(sources, targets, strict=True)):
        items = []
        for segment in line.split(" [SEP] "):
            title, _, lead = segment.removeprefix("TITLE=> ").partition(" ARTICLE=> ")
            if lead.strip():
                items.append((title.strip(), lead.strip()))
        roundup = gold.partition("ARTICLE=> ")[2].strip() or gold
        stories.append(NeusStory(index=i, items=tuple(items), roundup=roundup))
    return stories


def story_articles(story: NeusStory) -> list[Article]:
    """One article per outlet item: its headline as the first paragraph, then its lead."""
    return [
        Article(id=f"s{story.index}-{k}", source=f"neus:{story.index}:{k}", title=title, text=f"{title}.\n{lead}")
        for k, (title, lead) in enumerate(story.items)
    ]


def faithfulness(summary: str, sources: Sequence[str]) -> float | None:
    """Share of the summary's numbers and capitalised words that occur in the sources (None if it has none)."""
    tokens = _TOKEN.findall(summary)
    if not tokens:
        return None
    pool = " ".join(sources)
    return sum(1 for t in tokens if t in pool) / len(tokens)


@dataclass(frozen=True, slots=True, kw_only=True)
class NeusFigures:
    """Mean ROUGE F1 of the summary and of the lead baseline, loaded-term rates, faithfulness, cost."""

    stories: int
    rouge: dict[str, float]
    lead_rouge: dict[str, float]
    summary_rate: float
    source_rate: float
    faithful: float
    seconds: float


def run_neus(split: str = "val", *, eval_dir: Path | None = None, limit: int | None = None) -> NeusFigures:
    """Compare every NeuS story of `split` and score its neutral summary."""
    from rouge_score import rouge_scorer

    from rashomon.comparison.compare import compare_articles

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    stories = [s for s in load_stories(split, eval_dir=eval_dir) if len(s.items) >= 2][:limit]
    scores: dict[str, list[float]] = {k: [] for k in ("rouge1", "rouge2", "rougeL")}
    lead: dict[str, list[float]] = {k: [] for k in scores}
    summary_rates, source_rates, faithful = [], [], []
    started = time.perf_counter()
    for story in stories:
        articles = story_articles(story)
        try:
            comparison = compare_articles(articles)
        except RashomonError:
            continue
        summary = comparison.summary
        for key, value in scorer.score(story.roundup, summary.text).items():
            scores[key].append(value.fmeasure)
        for key, value in scorer.score(story.roundup, story.items[0][1]).items():
            lead[key].append(value.fmeasure)
        if summary.loaded_rate is not None and comparison.framing is not None:
            summary_rates.append(summary.loaded_rate)
            # Pooled over the story's outlets: each lead alone is too short for a rate of its own.
            profiles = comparison.framing.profiles
            own_words = sum(p.outlet_words for p in profiles)
            source_rates.append(1000 * sum(p.outlet_terms for p in profiles) / own_words if own_words else 0.0)
        share = faithfulness(summary.text, [a.text for a in articles])
        if share is not None:
            faithful.append(share)
    mean = lambda xs: statistics.fmean(xs) if xs else 0.0  # noqa: E731 - a local shorthand
    return NeusFigures(
        stories=len(scores["rouge1"]),
        rouge={k: mean(v) for k, v in scores.items()},
        lead_rouge={k: mean(v) for k, v in lead.items()},
        summary_rate=mean(summary_rates),
        source_rate=mean(source_rates),
        faithful=mean(faithful),
        seconds=time.perf_counter() - started,
    )


def neus_table(figures: NeusFigures, split: str) -> Table:
    """ROUGE rows for the summary and the lead baseline; loaded-term rates; faithfulness."""
    rows = {
        "neutral summary": {
            "rouge1": figures.rouge["rouge1"],
            "rouge2": figures.rouge["rouge2"],
            "rougeL": figures.rouge["rougeL"],
        },
        "lead baseline": {
            "rouge1": figures.lead_rouge["rouge1"],
            "rouge2": figures.lead_rouge["rouge2"],
            "rougeL": figures.lead_rouge["rougeL"],
        },
        "loaded terms / 1,000 words: summary": {"rouge1": figures.summary_rate},
        "loaded terms / 1,000 words: sources": {"rouge1": figures.source_rate},
        "faithfulness (names, numbers)": {"rouge1": figures.faithful},
    }
    return Table(
        name=f"neus_{split}_summary",
        columns=("rouge1", "rouge2", "rougeL"),
        rows=rows,
        notes=(
            f"{figures.stories} stories with 2+ outlets; rates and faithfulness in the first column; "
            f"{figures.seconds:.1f}s",
        ),
    )


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `summary` evaluation task: NeuS val (train when --split train)."""
    split = "train" if options.split == "train" else "val"
    return (neus_table(run_neus(split, eval_dir=options.eval_dir), split),)
