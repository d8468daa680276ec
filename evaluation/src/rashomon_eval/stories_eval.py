"""Story grouping scored on BASIL, the AllSides crawl and ECB+: B-cubed precision, recall, F1 and ARI.

Records are streamed through `stories.group` (canonical order: date, then id). BASIL 2010-2016: gold is
the triplet; the AllSides crawl: gold is the story id, items are headline + lead; ECB+ topics 1-35 has no
dates, so every record is undated and the whole corpus is one window; it is scored against the topic and
against the (topic, sub-topic) gold. Data is read in place from ../shared/eval, never copied.
"""

from __future__ import annotations

import gzip
import json
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.group.grouper import Grouper, GroupOptions, StoryRecord, canonical_key
from rashomon_eval.basil import article_paths, body
from rashomon_eval.ecbplus import (
    EVAL_DIR_ENV,
    EvalDataMissing,
    default_eval_dir,
    ecbplus_dir,
    rebuild_sentence,
    split_topics,
)
from rashomon_eval.metrics import Table

if TYPE_CHECKING:
    from rashomon_eval.tasks import EvalOptions

CRAWL = Path("allsides_neus", "data", "raw_crawled", "headline_11_2021-10-19_crawled_minus_neus_test.jsonl")
COLUMNS = ("P", "R", "F1", "ARI", "items", "gold", "stories", "copies", "scored", "s")
Labelled = list[tuple[StoryRecord, Hashable]]


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupingFigures:
    """B-cubed precision, recall, F1 and ARI of one grouping, with its size and cost."""

    precision: float
    recall: float
    f1: float
    ari: float
    items: int
    gold: int
    stories: int
    copies: int
    comparisons: int
    seconds: float

    def row(self) -> dict[str, float | int]:
        """The figures as one table row."""
        return {"P": self.precision, "R": self.recall, "F1": self.f1, "ARI": self.ari, "items": self.items,
                "gold": self.gold, "stories": self.stories, "copies": self.copies, "scored": self.comparisons,
                "s": self.seconds}  # fmt: skip


def b_cubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against gold (item -> cluster)."""
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pairs = Counter((predicted[i], gold[i]) for i in items)
    sizes_p = Counter(predicted[i] for i in items)
    sizes_g = Counter(gold[i] for i in items)
    precision = sum(n * n / sizes_p[p] for (p, _), n in pairs.items()) / len(items)
    recall = sum(n * n / sizes_g[g] for (_, g), n in pairs.items()) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """Adjusted Rand index of a clustering against gold (scikit-learn's)."""
    from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped]

    items = sorted(gold, key=repr)
    labels_p = {label: n for n, label in enumerate(dict.fromkeys(predicted[i] for i in items))}
    labels_g = {label: n for n, label in enumerate(dict.fromkeys(gold[i] for i in items))}
    return float(adjusted_rand_score([labels_g[gold[i]] for i in items], [labels_p[predicted[i]] for i in items]))


def score_grouping(labelled: Labelled, *, options: GroupOptions | None = None) -> GroupingFigures:
    """Stream the records through a Grouper in canonical order and score the stories against the gold."""
    start = time.perf_counter()
    grouper = Grouper(options=options)
    predicted = {record.id: grouper.add(record) for record, _ in sorted(labelled, key=lambda r: canonical_key(r[0]))}
    seconds = time.perf_counter() - start
    gold = {record.id: label for record, label in labelled}
    precision, recall, f1 = b_cubed(predicted, gold)
    return GroupingFigures(precision=precision, recall=recall, f1=f1, ari=adjusted_rand(predicted, gold),
                           items=len(gold), gold=len(set(gold.values())), stories=len(set(predicted.values())),
                           copies=len(grouper.copies()), comparisons=grouper.comparisons, seconds=seconds)  # fmt: skip


def basil_records(eval_dir: Path | None = None) -> Labelled:
    """BASIL 2010-2016 articles (title + body, dated) with their triplet as gold."""
    out: Labelled = []
    for path in article_paths(eval_dir):
        data = json.loads(path.read_text(encoding="utf-8"))
        published = datetime.combine(date.fromisoformat(data["date"]), datetime.min.time(), UTC)
        record = StoryRecord(
            id=path.stem,
            published=published,
            title=data.get("title") or "",
            text=body(data["body-paragraphs"])[0],
            outlet=str(data.get("source", "")).lower(),
        )
        out.append((record, data["triplet-uuid"]))
    return out


def allsides_records(eval_dir: Path | None = None) -> Labelled:
    """The AllSides crawl's outlet items (headline + lead, dated by their story) with the story id as gold."""
    path = (eval_dir or default_eval_dir()) / CRAWL
    if not path.is_file():
        raise EvalDataMissing(f"AllSides crawl not found at {path} (set {EVAL_DIR_ENV})")
    out: Labelled = []
    for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        story = json.loads(line)
        published = datetime.fromisoformat(story["date"])
        for side, item in sorted((story.get("news") or {}).items()):
            if not item or not item.get("newsTitle"):
                continue
            record = StoryRecord(
                id=f"{story['id']}:{side}",
                published=published,
                title=item["newsTitle"],
                text=" ".join(item.get("newBody") or ()),
                outlet=item.get("newsSource"),
            )
            out.append((record, story["id"]))
    return out


def ecbplus_records(split: str = "all", *, eval_dir: Path | None = None) -> list[tuple[StoryRecord, int, str]]:
    """ECB+ documents of a split as undated records (every sentence), with topic and sub-topic gold."""
    folder = ecbplus_dir(eval_dir)
    topics = split_topics(split)
    out = []
    for topic_dir in sorted(folder.joinpath("ECB+").iterdir(), key=lambda p: p.name):
        if not topic_dir.name.isdigit() or int(topic_dir.name) not in topics:
            continue
        for path in sorted(topic_dir.glob("*.xml.gz")):
            name = path.name.removesuffix(".xml.gz")
            words: dict[int, list[str]] = defaultdict(list)
            for token in ET.fromstring(gzip.decompress(path.read_bytes())).iter("token"):
                words[int(token.get("sentence", "0"))].append(token.text or "")
            text = "\n".join(rebuild_sentence(words[n]) for n in sorted(words))
            subtopic = "ecbplus" if name.endswith("ecbplus") else "ecb"
            out.append((StoryRecord(id=name, text=text), int(topic_dir.name), subtopic))
    return out


def run_stories(*, eval_dir: Path | None = None, split: str = "all",
                options: GroupOptions | None = None) -> dict[str, GroupingFigures]:  # fmt: skip
    """Score the grouping on every data set present: name -> figures."""
    figures = {"basil_stories": score_grouping(basil_records(eval_dir), options=options),
               "allsides_crawl_stories": score_grouping(allsides_records(eval_dir), options=options)}  # fmt: skip
    ecb = ecbplus_records(split, eval_dir=eval_dir)
    figures[f"ecbplus_{split}_topic_stories"] = score_grouping([(r, t) for r, t, _ in ecb], options=options)
    figures[f"ecbplus_{split}_subtopic_stories"] = score_grouping([(r, (t, s)) for r, t, s in ecb], options=options)
    return figures


def stories_table(figures: Mapping[str, GroupingFigures]) -> Table:
    """The grouping figures as the table `rashomon eval stories` prints."""
    formats = {"P": "{:.3f}", "R": "{:.3f}", "F1": "{:.3f}", "ARI": "{:.3f}", "s": "{:.1f}"}
    notes = ("B-cubed P/R/F1 and ARI, records streamed in date order (then id); ECB+ has no dates, so it is one "
             "window; 'scored' counts story comparisons made after blocking.",)  # fmt: skip
    return Table(name="stories", columns=COLUMNS, rows={k: f.row() for k, f in figures.items()}, formats=formats,
                 notes=notes)  # fmt: skip


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `stories` task: BASIL, the AllSides crawl and ECB+ (the split's topics; dev is 23-25)."""
    split = "all" if options.split not in ("dev", "train") else options.split
    return (stories_table(run_stories(eval_dir=options.eval_dir, split=split)),)


def sweep(labelled: Sequence[Labelled], grid: Sequence[GroupOptions]) -> list[tuple[GroupOptions, list[float]]]:
    """B-cubed F1 of each option set on each labelled corpus (for tuning on developer data)."""
    return [(o, [score_grouping(data, options=o).f1 for data in labelled]) for o in grid]
