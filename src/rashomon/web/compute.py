"""Story comparisons computed in the background on first view, then served from the store's cache.

A comparison takes seconds, so a page never waits for one: the first view starts it on this process's
small pool and shows progress; once done, `Store.cache_comparison` keeps it under the story's membership
hash, so every worker process serves it from then on until an article joins or leaves the story. Each
process computes a story at most once at a time; two worker processes may both compute the same story on
its very first views (the result is the same and the cache write idempotent; docs/web.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

from rashomon.errors import RashomonError
from rashomon.store.sqlite import Store

__all__ = ["Comparisons", "Compute", "FAILURE_SHOWN_S", "Progress"]

log = logging.getLogger("rashomon.web")

# A failed comparison is reported for this long, then the next view tries again.
FAILURE_SHOWN_S = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """Where a story's comparison stands: queued, running or failed (with a message fit for a client)."""

    story_id: str
    state: str
    started: float
    error: str | None = None

    @property
    def elapsed(self) -> float:
        """Seconds since the comparison was asked for."""
        return max(0.0, time.monotonic() - self.started)


Compute = Callable[[Store, str], object]


def _compare(store: Store, story_id: str) -> object:
    from rashomon.corpus.stories import compare_story

    return compare_story(store, story_id)


class Comparisons:
    """Start comparisons in the background and say where each one stands; one per story at a time."""

    def __init__(self, store_path: str, *, workers: int = 1, compute: Compute = _compare) -> None:
        self.store_path = store_path
        self.compute = compute
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rashomon-compare")
        self._lock = threading.Lock()
        self._progress: dict[str, Progress] = {}

    def start(self, story_id: str) -> Progress:
        """Return the story's progress, starting its comparison unless one is under way or just failed."""
        with self._lock:
            current = self._progress.get(story_id)
            if current is not None and (current.state != "failed" or current.elapsed < FAILURE_SHOWN_S):
                return current
            progress = self._progress[story_id] = Progress(story_id=story_id, state="queued", started=time.monotonic())
        future = self._pool.submit(self._run, story_id)
        future.add_done_callback(lambda done: self._finished(story_id, done))
        return progress

    def _run(self, story_id: str) -> None:
        with self._lock:
            self._progress[story_id] = replace(self._progress[story_id], state="running")
        with Store.open(self.store_path) as store:
            self.compute(store, story_id)

    def _finished(self, story_id: str, done: Future[None]) -> None:
        error = None if done.cancelled() else done.exception()
        with self._lock:
            if error is None:
                self._progress.pop(story_id, None)  # the cache has it now (or it was dropped at shutdown)
                return
            if isinstance(error, RashomonError):
                message = str(error)
            else:
                log.error("comparison of story %s failed", story_id, exc_info=error)
                message = "the comparison failed on the server (logged there)"
            self._progress[story_id] = replace(self._progress[story_id], state="failed", error=message)

    def progress(self, story_id: str) -> Progress | None:
        """The story's progress, or None when nothing is under way for it in this process."""
        with self._lock:
            return self._progress.get(story_id)

    def close(self) -> None:
        """Stop taking work; comparisons under way finish, queued ones are dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)
