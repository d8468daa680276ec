"""What the voices layers (quotes, descriptors, citations) add to the per-article analysis cost.

Runs the base pipeline (sentences, entities) and the base plus each voices component over the
reference story, and over the PolNeAR dev texts when ../shared/eval is present (read in place),
and prints milliseconds per article. Run: `.venv-dev/bin/python benchmarks/bench_voices.py`.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import rashomon
from rashomon.analysis.pipeline import Pipeline
from rashomon.model.records import Article

ROOT = Path(__file__).resolve().parents[1]
STAGES = {
    "base (sentences, entities)": ("sentences", "entities"),
    "+ quotes": ("sentences", "entities", "quotes"),
    "+ quotes, descriptors": ("sentences", "entities", "quotes", "descriptors"),
    "+ quotes, descriptors, citations": ("sentences", "entities", "quotes", "descriptors", "citations"),
}


def corpora() -> dict[str, list[Article]]:
    """The reference story's cleaned articles, and PolNeAR dev texts if the eval data is beside us."""
    out = {"reference story (5 articles)": list(rashomon.compare([str(ROOT / "examples" / "carney-beijing")]).articles)}
    polnear = ROOT.parent / "shared" / "eval" / "polnear" / "data" / "dev" / "text"
    if polnear.is_dir():
        texts = sorted(polnear.glob("*.txt"))
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
        started = time.perf_counter()
        for article in articles:
            pipeline.analyze(article)
        runs.append((time.perf_counter() - started) * 1000 / len(articles))
    return statistics.median(runs)


def main() -> None:
    """Print a table: corpus x stage -> ms per article, and the added cost over the base."""
    for corpus, articles in corpora().items():
        print(f"\n{corpus}")
        print(f"{'pipeline':36} {'ms/article':>10} {'added':>8}")
        base = None
        for label, names in STAGES.items():
            ms = per_article_ms(Pipeline.from_names(names), articles)
            base = ms if base is None else base
            print(f"{label:36} {ms:10.2f} {ms - base:+8.2f}")


if __name__ == "__main__":
    main()
