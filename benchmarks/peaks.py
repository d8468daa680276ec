"""Peak memory of a process and of its descendants, sampled in a thread (shared by the benchmarks)."""

from __future__ import annotations

import os
import threading

import psutil


class Peaks:
    """Samples a process (default: this one) and all its descendants every `every` seconds; keeps the peaks.

    `metric` is "rss" or "pss" (proportional set size: shared pages split between their users, so the
    workers of a forkserver sum fairly). Peaks: `driver` (the process), `worker` (the largest descendant),
    `others` (all descendants together), `processes` (the most descendants at once).
    """

    def __init__(self, pid: int | None = None, *, every: float = 0.1, metric: str = "rss") -> None:
        self.pid = pid or os.getpid()
        self.metric = metric
        self.driver = self.worker = self.others = self.processes = 0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Peaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _size(self, process: psutil.Process) -> int:
        try:
            return process.memory_full_info().pss if self.metric == "pss" else process.memory_info().rss
        except psutil.Error:
            return 0

    def _run(self) -> None:
        try:
            me = psutil.Process(self.pid)
        except psutil.Error:
            return
        while True:
            self.driver = max(self.driver, self._size(me))
            try:
                children = me.children(recursive=True)
            except psutil.Error:
                children = []
            sizes = [self._size(child) for child in children]
            self.worker = max([self.worker, *sizes])
            self.others = max(self.others, sum(sizes))
            self.processes = max(self.processes, len(children))
            if self._stop.wait(self._every):
                return
