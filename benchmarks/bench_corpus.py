"""Corpus mode end to end: ingest + analyse + group throughput and peak memory at 10k, 20k and 50k articles.

The corpus is built from the BASIL, AllSides-crawl and ECB+ texts read in place from ../shared/eval (never
copied into the repository): each synthetic story takes the members of one gold story, shuffles their
sentences and adds one sentence of another story, 20 stories a day (benchmarks/bench_stories.py). It is
written once per size as a JSONL file in a temporary directory, then timed through the library exactly as
the command line, as a user would: `rashomon ingest corpus.jsonl --workers N --engine E --no-group` (read,
clean and compute grouping features on the engine's workers, the default fast path without span layers,
and store in SQLite), then `rashomon stories` (group the stored articles into stories). Times are wall
clock, process start-up included. Peak memory (PSS, sampled every 100 ms) is given for the ingesting
process, for its worker processes together, and for the grouping process.

    .venv-dev/bin/python benchmarks/bench_corpus.py [--sizes 10000 20000 50000] [--workers 2] [--engine process dask]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stories import source_stories, synthetic  # noqa: E402
from peaks import Peaks  # noqa: E402


def rashomon(*args: str) -> tuple[float, int, int, str]:
    """Run one `rashomon` command as the user would; return seconds, peak driver and workers PSS, stderr."""
    command = [sys.executable, "-m", "rashomon", *args]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with Peaks(process.pid, metric="pss") as peak:
        _, err = process.communicate()
    seconds = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {err.strip().splitlines()[-1:]}")
    return seconds, peak.driver, peak.others, err


def write_corpus(path: Path, n: int, sources: list) -> None:
    """Write `n` synthetic records as JSONL (date order, one URL each)."""
    with path.open("w", encoding="utf-8") as out:
        for record in synthetic(n, sources):
            out.write(json.dumps({"text": record.text, "title": record.title, "outlet": record.outlet,
                                  "published": record.published.isoformat(),
                                  "url": f"https://bench.example/{record.id}"}) + "\n")  # fmt: skip


def run(corpus: Path, db: Path, *, engine: str, workers: int) -> dict[str, float]:
    """`rashomon ingest --no-group` then `rashomon stories` (which groups) into a new store; the figures."""
    ingest_s, driver, pool, err = rashomon("ingest", str(corpus), "--db", str(db), "--engine", engine,
                                           "--workers", str(workers), "--no-group")  # fmt: skip
    stored = int(re.search(r"(\d+) stored", err).group(1))  # type: ignore[union-attr]
    group_s, group_driver, _, err = rashomon("stories", "--db", str(db))
    stories = int(re.search(r"(\d+) stories \(", err).group(1))  # type: ignore[union-attr]
    return {"articles": stored, "ingest_per_s": stored / ingest_s, "group_per_s": stored / group_s,
            "total_per_s": stored / (ingest_s + group_s), "stories": stories, "driver_mib": driver / 2**20,
            "workers_mib": pool / 2**20, "group_mib": group_driver / 2**20,
            "db_mib": db.stat().st_size / 2**20}  # fmt: skip


def main() -> None:
    """Print one line of figures per engine and corpus size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 50_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--engine", nargs="+", default=["process", "dask"])
    args = parser.parse_args()
    sources = source_stories()
    print(f"{psutil.cpu_count()} cores; workers={args.workers}; fast path (cleaning + grouping features)")
    print(f"{'engine':>8} {'articles':>8} {'ingest/s':>8} {'group/s':>8} {'total/s':>8} {'stories':>8} "
          f"{'ingest MiB':>10} {'workers MiB':>11} {'group MiB':>9} {'db MiB':>7}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = Path(tmp, f"corpus-{n}.jsonl")
            write_corpus(corpus, n, sources)
            for engine in args.engine:
                db = Path(tmp, f"{engine}-{n}.db")
                f = run(corpus, db, engine=engine, workers=args.workers)
                print(f"{engine:>8} {f['articles']:>8} {f['ingest_per_s']:>8.0f} {f['group_per_s']:>8.0f} "
                      f"{f['total_per_s']:>8.0f} {f['stories']:>8} {f['driver_mib']:>10.0f} {f['workers_mib']:>11.0f} "
                      f"{f['group_mib']:>9.0f} {f['db_mib']:>7.0f}", flush=True)  # fmt: skip
                db.unlink()


if __name__ == "__main__":
    main()
