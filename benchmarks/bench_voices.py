"""What the voices layers (quotes, descriptors, citations) add to the per-article analysis cost.

Runs the base pipeline (sentences, entities) and the base plus each voices component over the
reference story, and over the PolNeAR dev texts when ../shared/eval is present (read in place),
and prints milliseconds per article, for each backend side by side: the blank pipeline (quotes by
rules, the previous default) and the trained spaCy pipeline (the learned attributor plus rules, the
default for `compare`). Parses are cleared before every run, so the trained rows pay for parsing.
Run: `.venv-dev/bin/python benchmarks/bench_voices.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

import rashomon
from rashomon.analysis import nlp
from rashomon.analysis.pipeline import Pipeline
from rashomon.model.records import Article

ROOT = Path(__file__).resolve().parents[1]
STAGES = {
    "base (sentences, entities)": ("sentences", "entities"),
    "+ quotes": ("sentences", "entities", "quotes"),
    "+ quotes, descriptors": ("sentences", "entities", "quotes", "descriptors"),
    "+ quotes, descriptors, citations": ("sentences", "entities", "quotes", "descriptors", "citations"),
}


BACKENDS = (nlp.BLANK, nlp.TRAINED_MODEL)


def pipeline(names: tuple[str, ...], model: str) -> Pipeline:
    """The stage's components on one backend (the components that read a parse share the model)."""
    return Pipeline.from_names(names, config={n: {"model": model} for n in ("sentences", "quotes") if n in names})


def corpora(limit: int) -> dict[str, list[Article]]:
    """The reference story's cleaned articles, and PolNeAR dev texts if the eval data is beside us."""
    story = rashomon.compare(
        [str(ROOT / "examples" / "carney-beijing")], options=rashomon.CompareOptions(model=nlp.BLANK)
    )
    out = {"reference story (5 articles)": list(story.articles)}
    polnear = ROOT.parent / "shared" / "eval" / "polnear" / "data" / "dev" / "text"
    if polnear.is_dir():
        texts = sorted(polnear.glob("*.txt"))[:limit]
        out[f"PolNeAR dev ({len(texts)} articles)"] = [
            Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")) for p in texts
        ]
    return out


def per_article_ms(pipeline: Pipeline, articles: list[Article], repeats: int = 3) -> float:
    """Median over repeats of the mean milliseconds per article."""
    for article in articles[:2]:
        pipeline.analyze(article)  # warm caches (registry, gazetteer, spaCy)
    runs = []
    for _ in range(repeats):
        nlp._parsed.clear()  # every run parses again, as a fresh article would be
        started = time.perf_counter()
        for article in articles:
            pipeline.analyze(article)
        runs.append((time.perf_counter() - started) * 1000 / len(articles))
    return statistics.median(runs)


def main() -> None:
    """Print a table per corpus: stage x backend -> ms per article, and the added cost over that backend's base."""
    parser = argparse.ArgumentParser(description="ms per article of the voices components, per backend")
    parser.add_argument("--limit", type=int, default=20, help="PolNeAR dev articles to time")
    args = parser.parse_args()
    backends = [b for b in BACKENDS if nlp.installed(b) or importlib.util.find_spec(b) is not None]
    for corpus, articles in corpora(args.limit).items():
        print(f"\n{corpus}")
        print(f"{'pipeline':36}" + "".join(f" {b[:22]:>22} {'added':>8}" for b in backends))
        base: dict[str, float] = {}
        for label, names in STAGES.items():
            row = f"{label:36}"
            for backend in backends:
                ms = per_article_ms(pipeline(names, backend), articles)
                base.setdefault(backend, ms)
                row += f" {ms:22.2f} {ms - base[backend]:+8.2f}"
            print(row)


if __name__ == "__main__":
    main()
