"""Where per-article work runs: in this process, a local process pool, or a Dask cluster.

An engine maps a module-level function over an iterable and yields the results in input order, keeping at
most `window` calls in flight, so an endless stream is processed in flat memory and the caller can write
results as they come. The function must be pure (rashomon.corpus.prepare.prepare_batch is the one ingest uses):
the same input gives the same output on any engine, which `tests/test_engines.py` checks.

    with open_engine("process", workers=2) as engine:
        for result in engine.imap(prepare_batch, batches):
            ...

Names: `serial` (no parallelism), `process` (concurrent.futures, forkserver processes), `dask` (a local
Dask cluster of `workers` single-threaded worker processes, listening on 127.0.0.1 only) and
`dask://HOST:PORT` or `tcp://HOST:PORT` (an existing Dask scheduler; its workers need rashomon installed).
An exception raised by the function on a worker is raised again in the caller, as itself (same type and
message), when its result is reached; the calls still in flight are cancelled. docs/scale-out.md says why Dask.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, Self, TypeVar
from urllib.parse import urlsplit

from rashomon.errors import RashomonError

__all__ = ["ENGINES", "Engine", "open_engine"]

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("serial", "process", "dask")


class Engine(Protocol):
    """Maps a pure function over items, results in input order."""

    name: str
    workers: int

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield fn(item) for each item, in order."""
        ...

    def close(self) -> None:
        """Release processes and connections."""
        ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


class _Base:
    name = "serial"

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass


class SerialEngine(_Base):
    """Runs everything in this process."""

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield fn(item) for each item, in order."""
        return map(fn, items)


class _Windowed(_Base, ABC):
    """Submits up to `window` calls ahead and yields their results in order."""

    window: int

    @abstractmethod
    def submit(self, fn: Callable[[T], R], item: T) -> Any:
        """Start fn(item) and return its future."""

    def result(self, future: Any) -> Any:
        return future.result()

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield fn(item) for each item, in order, with at most `window` in flight."""
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(self.submit(fn, item))
                if len(pending) >= self.window:
                    yield self.result(pending.popleft())
            while pending:
                yield self.result(pending.popleft())
        finally:  # an error, or a caller that stopped early: nothing left running for nobody
            for future in pending:
                future.cancel()


class ProcessEngine(_Windowed):
    """A local pool of worker processes (forkserver: no threads or open handles inherited)."""

    name = "process"

    def __init__(self, workers: int, *, preload: Iterable[str] = ("rashomon.corpus.prepare",)) -> None:
        super().__init__(workers)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        self.window = 4 * workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_watch_parent,
                                         initargs=(os.getpid(),))  # fmt: skip

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        return self._pool.submit(fn, item)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """In a pool worker: exit when the process that started the pool is gone (killed with SIGKILL, say).

    A worker blocked on the pool's call queue never sees its parent die: with forkserver its OS parent is
    the fork server, and the queue's pipe stays open in the other workers. Without this, a killed ingest
    leaves its workers (and the fork server) behind for good.
    """

    def watch() -> None:
        while True:
            time.sleep(every)
            if not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, name="rashomon-watch-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the pid now belongs to another user
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:  # no /proc (macOS): trust kill()
        return True


class DaskEngine(_Windowed):
    """A Dask cluster: a new local one of `workers` processes, or an existing scheduler at `address`."""

    name = "dask"

    def __init__(self, workers: int, *, address: str | None = None, timeout: float = 30) -> None:
        super().__init__(workers)
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise RashomonError("engine 'dask' needs Dask: pip install 'rashomon[distributed]'") from None
        self._cluster: Any = None  # distributed ships no type information
        self._client: Any = None
        # Dask keeps the last `low-level-log-length` (1,000) messages each connection sent, for debugging,
        # when under 1 MB: every batch of articles the client submits. That held about one batch per task
        # in the ingesting process (163 -> 566 MiB over 1,400 batches of 256 KB); keep none.
        quiet = dask.config.set({"distributed.admin.low-level-log-length": 0})
        try:
            if address is None:
                # 127.0.0.1 only; the HTTP endpoints on a free port, not 8787 (dashboard_address=None alone
                # still binds 8787, and a second cluster on the machine would then warn)
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR,
                                             scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})  # fmt: skip
                self._client = Client(self._cluster, set_as_default=False)
            else:
                # a Client that cannot connect retries until `timeout`, then prints a traceback as it is
                # collected; a plain TCP connect first fails at once, and quietly, when nothing listens
                _check_listening(address, timeout)
                self._client = Client(address, timeout=timeout, set_as_default=False)
                try:
                    self._client.wait_for_workers(1, timeout=timeout)
                except TimeoutError:
                    raise TimeoutError(f"no worker joined within {timeout:g} s") from None
        except (OSError, TimeoutError, ValueError) as error:
            self.close()
            what = f"use the Dask scheduler at {address}" if address else "start a local Dask cluster"
            raise RashomonError(f"cannot {what}: {_one_line(error)}") from None
        finally:
            quiet.__exit__(None, None, None)
        self.address: str = self._client.scheduler.address  # where more workers can join (`dask worker ADDRESS`)
        self.workers = len(self._client.scheduler_info().get("workers", {})) or workers
        self.window = 4 * max(1, self.workers)

    def submit(self, fn: Callable[[T], R], item: T) -> Any:
        return self._client.submit(fn, item, pure=False)  # pure=False: no hashing of the batch for a key

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def _check_listening(address: str, timeout: float) -> None:
    """Raise OSError unless something accepts TCP connections at the `tcp://HOST:PORT` address."""
    parts = urlsplit(address)
    if not parts.hostname:
        raise ValueError(f"no host in {address!r}; expected dask://HOST:PORT")
    with socket.create_connection((parts.hostname, parts.port or 8786), timeout=timeout):
        pass


def _one_line(error: BaseException) -> str:
    return (str(error).strip() or type(error).__name__).splitlines()[0]


def open_engine(name: str = "serial", *, workers: int = 1, timeout: float = 30) -> Engine:
    """Start the engine called `name` with `workers` workers (see the module docs for names).

    `timeout` bounds, in seconds, the wait for a Dask scheduler at `dask://HOST:PORT` and for its first worker.
    """
    if workers < 1:
        raise RashomonError(f"workers must be 1 or more, not {workers}")
    if name.startswith(("dask://", "tcp://")):
        return DaskEngine(workers, address="tcp://" + name.split("://", 1)[1], timeout=timeout)
    if name == "dask":
        return DaskEngine(workers)
    if name == "process":
        return ProcessEngine(workers) if workers > 1 else SerialEngine()
    if name == "serial":
        return SerialEngine()
    raise RashomonError(f"unknown engine {name!r}; use one of: {', '.join(ENGINES)}, or dask://HOST:PORT")
