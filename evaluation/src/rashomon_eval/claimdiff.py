"""Claim pairs on ClaimDiff (train): how often the aligner puts each kind of labelled pair in one claim.

ClaimDiff (Ko et al. 2022) labels pairs of claims from two outlets' articles on one story: claim B
strengthens claim A, weakens it, or neither. Each topic becomes a story of two articles, each made of
that outlet's labelled claims (one sentence each, the gold `sentences` layer), analysed with the
`entities` component as in `rashomon compare`. A pair is *aligned* when its two claims land in one
group. `strengthen` pairs should be aligned, `neither` pairs should not; a `weaken` pair is a conflict,
which the conflict finder can only see once the aligner has put both claims in one claim.

Conflicts: `rashomon eval conflicts` (claimdiff_conflicts.py) scores the conflict finder on each pair
given as one claim. End to end, the finder only sees pairs this aligner put together: `conflict_counts`
takes any `ConflictJudge` (the two claims -> conflict or not), e.g. one that aligns first and then calls
`rashomon.comparison.facts.conflicts`, and scores it against `weaken` over every labelled pair, so at ClaimDiff's real
base rate (197 of 1,857 train pairs, 10.6 %).
"""

from __future__ import annotations

import importlib.util
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rashomon.comparison.actors import alignment_actors
from rashomon.comparison.align import AlignOptions, Unit, group, score_units
from rashomon.model.records import Analysis, Article, Span
from rashomon_eval.ecbplus import Annotator, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import PairCounts, Table

if TYPE_CHECKING:
    from rashomon_eval.tasks import EvalOptions

LABELS = ("strengthen", "weaken", "neither")
_FILES = ("ClaimDiff-S/ClaimDiff-strength-train.json", "ClaimDiff-W/ClaimDiff-weak-train.json")
# Given the two claims of a pair (A, then B), True when the judge finds them in conflict.
ConflictJudge = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimPair:
    """One labelled pair: claim A of article A, claim B of article B, and how B relates to A."""

    pair_id: str
    topic: str
    article_a: str
    claim_a: str
    article_b: str
    claim_b: str
    label: str
    date: datetime | None = None  # the story's date, when the pair gives one


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicStory:
    """One ClaimDiff topic ready to align: analyses with entities, and where each claim sits."""

    topic: str
    analyses: tuple[Analysis, ...]
    position: dict[tuple[str, str], tuple[str, int]]
    pairs: tuple[ClaimPair, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PairFigures:
    """Per label: how many pairs, how many aligned, and the AUROC of the pair score (strengthen vs neither)."""

    total: dict[str, int]
    aligned: dict[str, int]
    auroc: float
    seconds: float

    def rate(self, label: str) -> float:
        """The share of a label's pairs that were aligned."""
        return self.aligned[label] / self.total[label] if self.total[label] else 0.0


def claimdiff_dir(eval_dir: Path | None = None) -> Path:
    """Return the ClaimDiff folder under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    folder = (eval_dir or default_eval_dir()) / "claimdiff"
    if not all((folder / name).is_file() for name in _FILES):
        raise EvalDataMissing(f"ClaimDiff evaluation data not found at {folder} (set RASHOMON_EVAL_DIR)")
    return folder


def load_pairs(eval_dir: Path | None = None) -> list[ClaimPair]:
    """Read the train pairs, joining the strength and weakness labels into one of LABELS."""
    folder = claimdiff_dir(eval_dir)
    strong, weak = ({d["pair_id"]: d for d in json.loads((folder / n).read_text("utf-8"))["data"]} for n in _FILES)
    pairs = []
    for pair_id, item in strong.items():
        label = "weaken" if weak[pair_id]["relation"] else ("strengthen" if item["relation"] else "neither")
        date = datetime.fromisoformat(item["date"]).replace(tzinfo=UTC) if item.get("date") else None
        pairs.append(ClaimPair(
            pair_id=str(pair_id), topic=item["topic"], article_a=item["article_a"], claim_a=item["claim_a"].strip(),
            article_b=item["article_b"], claim_b=item["claim_b"].strip(), label=label, date=date,
        ))  # fmt: skip
    return pairs


def prepare(pairs: Sequence[ClaimPair], *, model: str | None = None) -> list[TopicStory]:
    """Build one two-article story per topic, each article the claims its pairs quote, with entities."""
    annotate = Annotator(model)
    by_topic: dict[str, list[ClaimPair]] = defaultdict(list)
    for pair in pairs:
        by_topic[pair.topic].append(pair)
    stories = []
    for topic in sorted(by_topic):
        claims: dict[str, list[str]] = defaultdict(list)
        for pair in by_topic[topic]:
            for article, claim in ((pair.article_a, pair.claim_a), (pair.article_b, pair.claim_b)):
                if claim not in claims[article]:
                    claims[article].append(claim)
        analyses = tuple(annotate(_article(f"{topic}|{title}", texts)) for title, texts in sorted(claims.items()))
        position = {(t, c): (f"{topic}|{t}", i) for t, texts in claims.items() for i, c in enumerate(texts)}
        stories.append(TopicStory(topic=topic, analyses=analyses, position=position, pairs=tuple(by_topic[topic])))
    return stories


def score(stories: Sequence[TopicStory], options: AlignOptions | None = None) -> PairFigures:
    """Align each topic and count, per label, the pairs whose two claims share a group."""
    started = time.perf_counter()
    options = options or AlignOptions()
    total: dict[str, int] = dict.fromkeys(LABELS, 0)
    aligned: dict[str, int] = dict.fromkeys(LABELS, 0)
    scores: dict[str, list[float]] = defaultdict(list)
    for story in stories:
        actors = alignment_actors(story.analyses)
        scored = score_units(story.analyses, actors=actors, options=options)
        group_of = _groups(group(scored, options=options), story)
        # Only whole claims are scored: a piece of one (an age, `align.ages`) is not what a pair compares.
        index = {_key(unit, story): i for i, unit in enumerate(scored.items) if unit.sentence is None}
        for pair in story.pairs:
            a, b = story.position[(pair.article_a, pair.claim_a)], story.position[(pair.article_b, pair.claim_b)]
            total[pair.label] += 1
            aligned[pair.label] += a in group_of and group_of.get(a) == group_of.get(b)
            i, j = index.get(a), index.get(b)
            scores[pair.label].append(float(scored.similarity[i, j]) if i is not None and j is not None else 0.0)
    auroc = _auroc(scores["strengthen"], scores["neither"])
    return PairFigures(total=total, aligned=aligned, auroc=auroc, seconds=time.perf_counter() - started)


def conflict_counts(pairs: Sequence[ClaimPair], judge: ConflictJudge) -> PairCounts:
    """Score a conflict judge against the `weaken` label over every pair (the real base rate)."""
    gold = predicted = correct = 0
    for pair in pairs:
        said = judge(pair.claim_a, pair.claim_b)
        gold += pair.label == "weaken"
        predicted += said
        correct += said and pair.label == "weaken"
    return PairCounts(gold=gold, predicted=predicted, correct=correct)


def pairs_table(figures: dict[str, PairFigures]) -> Table:
    """One row per aligner: the aligned share of each label and the pair score's AUROC."""
    rows = {
        name: {
            **{f"{label} aligned": f.rate(label) for label in LABELS},
            "AUROC s/n": f.auroc,
            "pairs": sum(f.total.values()),
            "s": f.seconds,
        }
        for name, f in figures.items()
    }
    columns = (*(f"{label} aligned" for label in LABELS), "AUROC s/n", "pairs", "s")
    notes = ("aligned = both claims in one claim group; AUROC of the aligner's pair score, strengthen vs neither",)
    return Table(name="claimdiff_train_pairs", columns=columns, rows=rows, formats={"s": "{:.1f}"}, notes=notes)


def run_pairs(
    *, eval_dir: Path | None = None, model: str | None = None, options: dict[str, AlignOptions] | None = None
) -> dict[str, PairFigures]:
    """Read ClaimDiff train once and score each named aligner configuration (default: the lexical one)."""
    stories = prepare(load_pairs(eval_dir), model=model)
    return {name: score(stories, align) for name, align in (options or {"lexical": AlignOptions()}).items()}


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `claim-pairs` task: the lexical aligner, and the embedding one (`--align`, else onnx when installed)."""
    align = options.align or AlignOptions()
    backend = align.embedding or ("onnx" if importlib.util.find_spec("onnxruntime") else None)
    configurations = {"lexical": replace(align, embedding=None)}
    if backend:
        configurations[backend] = replace(align, embedding=backend)
    return (pairs_table(run_pairs(eval_dir=options.eval_dir, model=options.model, options=configurations)),)


def _article(article_id: str, claims: Sequence[str]) -> Analysis:
    """An article made of one claim per line, with those lines as its gold `sentences` layer."""
    spans, offset = [], 0
    for index, claim in enumerate(claims):
        spans.append(Span(start=offset, end=offset + len(claim), label="sentence", attrs={"paragraph": index}))
        offset += len(claim) + 1
    article = Article(id=article_id, source=article_id, text="\n".join(claims))
    return Analysis(article=article, layers={"sentences": tuple(spans), "ner": ()}, provenance=("claimdiff",))


def _key(unit: Unit, story: TopicStory) -> tuple[str, int]:
    """The (article, claim index) of a unit: its sentence's position in the article."""
    analysis = next(a for a in story.analyses if a.article.id == unit.article)
    return unit.article, next(i for i, s in enumerate(analysis.sentences) if s.start == unit.span.start)


def _groups(groups: list[list[Unit]], story: TopicStory) -> dict[tuple[str, int], int]:
    """Map each grouped claim (article, index) to its group number; claims left alone are absent."""
    return {
        _key(unit, story): n
        for n, group in enumerate(groups)
        if len(group) > 1
        for unit in group
        if unit.sentence is None
    }


def _auroc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """The probability that a positive outscores a negative (ties count half); 0.5 with either side empty."""
    if not positive or not negative:
        return 0.5
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))
