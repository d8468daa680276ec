"""The whole report on the annotated development stories (../shared/eval/stories), scored by their own scorer.

Each story folder is compared in process exactly as `rashomon compare FOLDER` would (same reading, same
default options unless told), the report is written as JSON to a temporary folder and scored by the set's
`score_story.py`, run as it ships: the figures' definitions are the scorer's, never copied here. The mean
of each figure over stories leaves out a story whose figure is 0 with floor 0 (nothing to find), as
`run_stories.py` does. One figure is added: the share of the listed omissions that are real, judged on the
omissions whose claim matches a gold fact (the article is not among the fact's carriers). The gold is read
in place and never copied.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon_eval.ecbplus import EVAL_DIR_ENV, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Table

if TYPE_CHECKING:
    from rashomon.comparison.compare import CompareOptions
    from rashomon_eval.tasks import EvalOptions

SCORER = "score_story.py"
_FIGURE = re.compile(r"^([a-z][^:]*?): ([0-9.]+) \(floor ([0-9.]+)\)")
# The scorer's figure names (up to the parenthesis) that this project pins, and the one figure added here.
FACT_FIGURES = (
    "facts aligned",
    "omissions found",
    "omissions listed",
    "omissions real",
    "real conflicts found",
    "no false conflicts",
    "summary credits right",
)
OMISSIONS_REAL = "omissions real"
# Share of the summary's credits (sentence, article) whose article states the sentence (`credit.states`,
# written apart from the product's own rule); 1.0 for a summary that credits nothing.
CREDITS_RIGHT = "summary credits right"
# The scorer counts a gold omission found when the article is in a matching claim's `missing` or listed
# among `omissions`; this one counts the listed omissions only (the ones the report says "omits" about).
OMISSIONS_LISTED = "omissions listed"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryScore:
    """One story's figures (name -> value), each figure's floor, and the counts behind the added ones."""

    name: str
    figures: Mapping[str, float]
    floors: Mapping[str, float]
    conflicts_found: int = 0
    conflicts_total: int = 0
    omissions_listed: int = 0
    omissions_judged: int = 0
    omissions_real: int = 0
    seconds: float = 0.0
    lines: tuple[str, ...] = ()  # the scorer's per-item lines ("fact x: best score 0.50", "conflict y: MISSED")


@dataclass(frozen=True, slots=True, kw_only=True)
class StoriesFigures:
    """Every story's score and the mean of each figure over the stories that have something to find."""

    stories: tuple[StoryScore, ...]
    means: Mapping[str, float] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)


def stories_dir(eval_dir: Path | None = None) -> Path:
    """Return the annotated stories folder under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    folder = (eval_dir or default_eval_dir()) / "stories"
    if not (folder / SCORER).is_file():
        raise EvalDataMissing(
            f"annotated stories not found at {folder} (set {EVAL_DIR_ENV} to the folder holding stories/)"
        )
    return folder


def story_names(folder: Path) -> list[str]:
    """The stories that have a gold file beside their folder, sorted."""
    return sorted(
        p.name.removesuffix(".gold.yaml") for p in folder.glob("*.gold.yaml") if (folder / p.name[:-10]).is_dir()
    )


def short_name(figure: str) -> str:
    """A figure's name without its parenthesised explanation ("facts aligned (mean ...)" -> "facts aligned")."""
    return figure.split(" (")[0]


def score_report(
    report: Mapping[str, Any], gold_path: Path, *, scorer: Path
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Run the set's scorer on a report; return {figure: (value, floor)} and its per-item lines."""
    with tempfile.TemporaryDirectory(prefix="rashomon-stories-") as tmp:
        path = Path(tmp, "report.json")
        path.write_text(json.dumps(report), encoding="utf-8")
        run = subprocess.run([sys.executable, str(scorer), str(path), str(gold_path), "--part", "all"],
                             capture_output=True, text=True, check=False)  # fmt: skip
    figures: dict[str, tuple[float, float]] = {}
    lines = []
    for line in run.stdout.splitlines():
        if m := _FIGURE.match(line):
            figures[short_name(m.group(1))] = (float(m.group(2)), float(m.group(3)))
        elif line.startswith("  "):
            lines.append(line.strip())
    if not figures:
        raise RuntimeError(f"{scorer.name} printed no figures for {gold_path.name}: {run.stderr.strip()[-300:]}")
    return figures, lines


def _norm(text: str) -> str:
    """The scorer's normalisation (accents, quote marks, dashes, spaces, case), so words match as it matches them."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _article_keys(report: Mapping[str, Any], pattern: str) -> dict[str, str]:
    """Article id -> gold key, by the gold's `match` regex on the source path."""
    out = {}
    for article in report.get("articles", []):
        if m := re.search(pattern, str(article.get("source") or "")):
            out[str(article["id"])] = m.group(1)
    return out


def judge_omissions(report: Mapping[str, Any], gold: Mapping[str, Any]) -> tuple[int, int, int]:
    """(listed, judged, real) omissions: judged when the claim states a gold fact, real when the article lacks it.

    A mention states a fact when it holds every word of one of the fact's `any` entries (the scorer's rule);
    a claim states the fact most of its mentions state, when at least half of them do (the scorer's purity
    rule: a claim whose mentions mostly say something else is not that fact's claim, so the fact says nothing
    about whether its omission is real).
    """
    keys = _article_keys(report, gold.get("match") or r"(\d{3})_[0-9a-f]{16}")
    claims = {c["id"]: c for c in report.get("claims", []) or []}
    listed = judged = real = 0
    for omission in report.get("omissions", []) or []:
        listed += 1
        claim = claims.get(omission.get("claim"))
        if claim is None:
            continue
        texts = [_norm(m.get("text", "")) for m in claim.get("mentions", []) or []]

        def stating(fact: Mapping[str, Any], texts: Sequence[str] = texts) -> int:
            return sum(any(all(_norm(w) in t for w in entry) for entry in fact["any"]) for t in texts)

        best = max(gold.get("facts", []), key=stating, default=None)
        if best is None or not stating(best) or 2 * stating(best) < len(texts):
            continue
        judged += 1
        real += keys.get(str(omission.get("article"))) not in set(best["in"])
    return listed, judged, real


def listed_found(report: Mapping[str, Any], gold: Mapping[str, Any]) -> float:
    """Share of the gold omissions listed among the report's `omissions` for a claim stating the fact."""
    wanted = gold.get("omissions") or []
    if not wanted:
        return 1.0
    keys = _article_keys(report, gold.get("match") or r"(\d{3})_[0-9a-f]{16}")
    facts = {f["id"]: f for f in gold.get("facts", [])}
    claims = {c["id"]: c for c in report.get("claims", []) or []}
    listed = {(keys.get(str(o.get("article"))), o.get("claim")) for o in report.get("omissions", []) or []}
    hits = 0
    for omission in wanted:
        fact = facts[omission["fact"]]
        for key, claim_id in listed:
            claim = claims.get(claim_id)
            if key != omission["a"] or claim is None or len(claim.get("articles", [])) < 2:
                continue
            texts = [_norm(m.get("text", "")) for m in claim.get("mentions", []) or []]
            if any(all(_norm(w) in t for w in entry) for entry in fact["any"] for t in texts):
                hits += 1
                break
    return hits / len(wanted)


def compare_story(folder: Path, options: CompareOptions | None = None) -> dict[str, Any]:
    """Compare one story folder as `rashomon compare FOLDER` does and return the report dict."""
    from rashomon.comparison.compare import compare
    from rashomon.render.json import report_dict

    return report_dict(compare([str(folder)], options=options))


def score_one(folder: Path, *, options: CompareOptions | None = None) -> StoryScore:
    """Compare one story and score its report against the gold beside it."""
    import yaml

    started = time.perf_counter()
    report = compare_story(folder, options)
    seconds = time.perf_counter() - started
    gold_path = folder.parent / f"{folder.name}.gold.yaml"
    figures, lines = score_report(report, gold_path, scorer=folder.parent / SCORER)
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    listed, judged, real = judge_omissions(report, gold)
    values = {name: value for name, (value, _) in figures.items()}
    floors = {name: floor for name, (_, floor) in figures.items()}
    values[OMISSIONS_REAL] = real / judged if judged else 1.0
    values[OMISSIONS_LISTED] = listed_found(report, gold)
    floors[OMISSIONS_LISTED] = 0.0 if not gold.get("omissions") else 0.8
    floors[OMISSIONS_REAL] = 0.0 if not judged else 0.85
    values[CREDITS_RIGHT] = credits_right(folder.name, report)
    floors[CREDITS_RIGHT] = 1.0
    conflicts = [line for line in lines if line.startswith("conflict ")]
    return StoryScore(name=folder.name, figures=values, floors=floors, seconds=seconds, lines=tuple(lines),
                      conflicts_found=sum(line.endswith("found") for line in conflicts), conflicts_total=len(conflicts),
                      omissions_listed=listed, omissions_judged=judged, omissions_real=real)  # fmt: skip


def credits_right(name: str, report: Mapping[str, Any]) -> float:
    """Share of the summary's credits whose outlet states the credited sentence."""
    from rashomon_eval.credit import check_report  # credit reads the stories through this module

    credits = check_report(name, report)
    return sum(c.states for c in credits) / len(credits) if credits else 1.0


def means(stories: Sequence[StoryScore]) -> tuple[dict[str, float], dict[str, int]]:
    """The mean of each figure over the stories, leaving out a 0 whose floor is 0 (nothing to find there)."""
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for story in stories:
        for name, value in story.figures.items():
            if story.floors.get(name) == 0.0 and value == 0.0:
                continue
            sums[name] = sums.get(name, 0.0) + value
            counts[name] = counts.get(name, 0) + 1
    return {name: sums[name] / counts[name] for name in sums}, counts


def run_stories(*, eval_dir: Path | None = None, options: CompareOptions | None = None) -> StoriesFigures:
    """Compare and score every annotated story."""
    folder = stories_dir(eval_dir)
    scores = tuple(score_one(folder / name, options=options) for name in story_names(folder))
    mean, counts = means(scores)
    return StoriesFigures(stories=scores, means=mean, counts=counts)


def stories_table(figures: StoriesFigures, *, columns: Sequence[str] = FACT_FIGURES) -> Table:
    """One row per story and a last row of means, with the counts behind conflicts and omissions in the notes."""
    rows: dict[str, dict[str, float | int | str]] = {
        s.name: {**{c: s.figures[c] for c in columns if c in s.figures}, "s": s.seconds} for s in figures.stories
    }
    rows["mean"] = {c: figures.means[c] for c in columns if c in figures.means}
    found = sum(s.conflicts_found for s in figures.stories)
    total = sum(s.conflicts_total for s in figures.stories)
    listed = sum(s.omissions_listed for s in figures.stories)
    judged = sum(s.omissions_judged for s in figures.stories)
    real = sum(s.omissions_real for s in figures.stories)
    notes = (
        f"real conflicts found: {found} of {total}; omissions listed {listed}, judged against a gold fact {judged}, "
        f"real {real}",
    )
    return Table(name="stories_gold", columns=(*columns, "s"), rows=rows, formats={"s": "{:.1f}"}, notes=notes)


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `stories-gold` evaluation task: every annotated story (every split scores the same stories)."""
    compare = options.compare_options()
    return (stories_table(run_stories(eval_dir=options.eval_dir, options=compare)),)
