"""Engines compared on the ingest workload: `prepare_batch` over batches of 64 real texts, per engine.

The texts are BASIL, the AllSides crawl and ECB+, read in place from ../shared/eval (never copied) and
repeated up to `--docs` documents. One row per engine, the fastest of `--runs` runs:

    start-up s    opening the engine until a first one-document batch per worker is back (the workers have
                  imported rashomon by then); the first run's, as a user starting the CLI sees it
    docs/s, run s the whole run after that, results consumed in order as ingest does
    driver CPU s  CPU time of this process during the run (scheduling, serialising, the Dask scheduler)
    close s       closing the engine
    driver MiB    peak RSS of this process (it holds every text of the run, as a list)
    worker MiB    peak RSS of the largest process it started; all MiB: of all of them together (shared
                  pages are counted in each); procs: how many it started (workers, forkserver, Ray's daemons)

Memory is sampled every 0.1 s. Prints figures, never asserts:

    .venv-dev/bin/python benchmarks/bench_engines.py [--docs 5000] [--workers 2] [--runs 1] [--engines serial,dask]

`ray` is measured when it can be imported; it is not a dependency of rashomon. To measure it, install it
out of the way, `pip install --target /tmp/rayenv ray`, and run with `PYTHONPATH=/tmp/rayenv`.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from itertools import cycle, islice
from typing import Any

import psutil
from peaks import Peaks

from rashomon.corpus.prepare import Task, prepare_batch
from rashomon.engines import open_engine
from rashomon.model.records import Document

MIB = 1 << 20
ENGINES = ("serial", "process", "dask", "ray")
COLUMNS = {"start-up s": 2, "docs/s": 0, "run s": 1, "driver CPU s": 1, "close s": 2, "driver MiB": 0,
           "worker MiB": 0, "all MiB": 0, "procs": 0}  # fmt: skip


def tasks(docs: int) -> list[Task]:
    """`docs` Tasks built from the evaluation texts, cycling through them as often as needed."""
    # imported here, not at the top: spawned workers import this script again, and the evaluation code
    # brings spaCy and torch (600 MiB) that the workers do not need
    from rashomon_eval.stories_eval import allsides_records, basil_records, ecbplus_records

    records = [r for r, _ in basil_records()] + [r for r, _ in allsides_records()]
    records += [r for r, *_ in ecbplus_records("all")]
    return [Task(document=Document(text=r.text, title=r.title, source=r.id, outlet=r.outlet, published=r.published),
                 source=r.id) for r in islice(cycle(records), docs)]  # fmt: skip


def batches(items: list[Task], size: int = 64) -> list[list[Task]]:
    """Split `items` into lists of `size`, as ingest does."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class RayEngine:
    """Ray local (`ray.init(num_cpus=workers)`), a remote prepare_batch, `4 * workers` calls in flight."""

    def __init__(self, workers: int) -> None:
        import ray

        self.ray = ray
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        self.window = 4 * workers
        self._remote: dict[Callable[..., Any], Any] = {}

    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Yield fn(item) for each item, in order, with at most `window` in flight."""
        remote = self._remote.setdefault(fn, self.ray.remote(num_cpus=1)(fn))
        pending: deque[Any] = deque()
        for item in items:
            pending.append(remote.remote(item))
            if len(pending) >= self.window:
                yield self.ray.get(pending.popleft())
        while pending:
            yield self.ray.get(pending.popleft())

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.ray.shutdown()


def opener(name: str, workers: int) -> Callable[[], AbstractContextManager[Any]]:
    """A zero-argument function that starts the engine `name`."""
    if name == "ray":
        return lambda: RayEngine(workers)
    return lambda: open_engine(name, workers=workers)


def measure(name: str, work: list[list[Task]], workers: int) -> dict[str, float]:
    """Start the engine, time a first tiny batch, then the whole run; sample memory throughout."""
    docs = sum(len(batch) for batch in work)
    me = psutil.Process()
    with Peaks() as peaks:
        start = time.perf_counter()
        with opener(name, workers)() as engine:
            list(engine.imap(prepare_batch, [work[0][:1]] * workers))
            ready, cpu = time.perf_counter(), sum(me.cpu_times()[:2])
            articles = sum(sum(p.article is not None for p in done) for done in engine.imap(prepare_batch, work))
            finished, cpu = time.perf_counter(), sum(me.cpu_times()[:2]) - cpu
        closed = time.perf_counter()
    return {"start-up s": ready - start, "docs/s": docs / (finished - ready), "run s": finished - ready,
            "driver CPU s": cpu, "close s": closed - finished, "driver MiB": peaks.driver / MIB,
            "worker MiB": peaks.worker / MIB, "all MiB": peaks.others / MIB, "procs": peaks.processes,
            "articles": articles}  # fmt: skip


def available(name: str) -> bool:
    """Whether the engine's library can be imported here."""
    module = {"dask": "distributed", "ray": "ray"}.get(name)
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    """Print one row per engine: start-up, docs/s, peak RSS of the driver and of the processes it started."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1, help="runs per engine; the fastest is printed")
    parser.add_argument("--engines", default=",".join(ENGINES))
    args = parser.parse_args()
    work = batches(tasks(args.docs))
    print(f"{args.docs} documents in {len(work)} batches of 64, {args.workers} workers, {os.cpu_count()} cores")
    print(f"{'engine':8}" + "".join(f"{column:>13}" for column in COLUMNS))
    for name in args.engines.split(","):
        if not available(name):
            print(f"{name:8} not installed")
            continue
        runs = [measure(name, work, 1 if name == "serial" else args.workers) for _ in range(args.runs)]
        row = {**max(runs, key=lambda r: r["docs/s"]), "start-up s": runs[0]["start-up s"]}  # start-up: cold
        print(f"{name:8}" + "".join(f"{row[column]:13.{digits}f}" for column, digits in COLUMNS.items()), flush=True)


if __name__ == "__main__":
    main()
