"""Cleaning throughput: articles per second of `make_article` on the BASIL, AllSides and ECB+ texts.

The texts are read in place from ../shared/eval (never copied). Each set is cleaned `--runs` times after one
warm-up pass; the best run is reported, as the least disturbed by other work on the machine. Prints figures,
never asserts:

    .venv-dev/bin/python benchmarks/bench_clean.py [--runs 5] [--profile basil]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from rashomon_eval.stories_eval import StoryRecord, allsides_records, basil_records, ecbplus_records

from rashomon.clean.article import make_article
from rashomon.errors import EmptySource
from rashomon.model.records import Document


def documents(records: list[StoryRecord]) -> list[Document]:
    """Build the Documents ingest would hand to `make_article`."""
    return [Document(text=r.text, source=r.id, title=r.title, outlet=r.outlet, published=r.published) for r in records]


def clean_all(docs: list[Document]) -> None:
    """Clean every document once, as ingest does (empty ones are skipped there too)."""
    for doc in docs:
        try:
            make_article(doc)
        except EmptySource:
            pass


def best_seconds(docs: list[Document], runs: int) -> float:
    """Return the fastest of `runs` timed passes over `docs`, after one untimed warm-up pass."""
    clean_all(docs)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        clean_all(docs)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print articles/s and ms/article of make_article per set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", choices=["basil", "allsides", "ecbplus"], help="cProfile one set instead")
    args = parser.parse_args()
    sets = {
        "basil": documents([r for r, _ in basil_records()]),
        "allsides": documents([r for r, _ in allsides_records()]),
        "ecbplus": documents([r for r, *_ in ecbplus_records("all")]),
    }
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(clean_all, sets[args.profile])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return
    print(f"{'set':<10} {'articles':>8} {'chars/article':>13} {'articles/s':>10} {'ms/article':>10}")
    for name, docs in sets.items():
        seconds = best_seconds(docs, args.runs)
        chars = sum(len(d.text) for d in docs) / len(docs)
        rate, ms = len(docs) / seconds, 1000 * seconds / len(docs)
        print(f"{name:<10} {len(docs):>8} {chars:>13.0f} {rate:>10.0f} {ms:>10.2f}")


if __name__ == "__main__":
    main()
