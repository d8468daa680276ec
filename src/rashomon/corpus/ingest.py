"""Ingest sources into the store: files and directories as `compare` reads them, and corpora record by record.

Reading happens here, in order; the per-article work (`rashomon.corpus.prepare.prepare`: cleaning, grouping
features, optional span layers) runs on an engine (`rashomon.engines`: this process, a process pool or a
Dask cluster) in batches, and each prepared batch is stored in one transaction as it comes back. A killed
run loses at most the batches in flight and a rerun stores only what is missing. A bad file or record is
recorded in `ingest_errors` with its reason and skipped; the run goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from rashomon.corpus.prepare import Prepared, Task, check_pipeline, prepare_batch
from rashomon.corpus.stories import RegroupCounts, ensure_grouped, is_current
from rashomon.engines import Engine, SerialEngine
from rashomon.errors import InputError
from rashomon.group.grouper import GroupOptions
from rashomon.model.records import Document
from rashomon.sources.fetch import is_url
from rashomon.sources.files import display_path
from rashomon.sources.manifest import MANIFEST_NAMES, find_manifest
from rashomon.sources.read import NOT_ARTICLES, read_story
from rashomon.sources.readers import ARTICLE_EXTENSIONS, suffix
from rashomon.sources.records import (
    CORPUS_FORMATS,
    MAX_TEXT_CHARS,
    BadRecord,
    Record,
    corpus_format,
    read_corpus,
    read_json_records,
)
from rashomon.store.sqlite import Store

__all__ = ["IngestCounts", "estimate", "ingest"]

Progress = Callable[[int], None]


@dataclass(slots=True)
class IngestCounts:
    """What one ingest run did: articles stored, duplicates skipped, errors recorded, and the regrouping."""

    stored: int = 0
    duplicates: int = 0
    errors: int = 0
    grouped: RegroupCounts | None = field(default=None, compare=False)  # None: not grouped (nothing new, or off)

    @property
    def read(self) -> int:
        """Articles read, new or not."""
        return self.stored + self.duplicates


@dataclass(slots=True)
class _Run:
    store: Store
    mapping: Mapping[str, str] | None
    max_chars: int
    progress: Progress | None
    counts: IngestCounts
    pipeline: tuple[str, ...] | None

    def tick(self, n: int = 1) -> None:
        if self.progress is not None and n:
            self.progress(n)

    def error(self, source: str, record: int | None, reason: str) -> None:
        self.store.record_error(source, record, reason)
        self.counts.errors += 1
        self.tick()


def ingest(
    sources: Sequence[str],
    store: Store,
    *,
    mapping: Mapping[str, str] | None = None,
    max_chars: int = MAX_TEXT_CHARS,
    progress: Progress | None = None,
    engine: Engine | None = None,
    pipeline: Sequence[str] | None = None,
    batch_size: int = 64,
    group: bool = True,
    group_options: GroupOptions | None = None,
    group_progress: Progress | None = None,
) -> IngestCounts:
    """Read, prepare and store every article of `sources`, then group the store into stories.

    Bad files and records are recorded in `ingest_errors` and skipped. `engine` runs the per-article work
    (default: this process); `pipeline` names analysis components whose span layers are stored too
    (default: none, the fast path: cleaning and grouping features only). With `group` (the default) the
    stored articles are regrouped when anything new was stored, resuming the last grouping when it can.
    """
    run = _Run(store=store, mapping=mapping, max_chars=max_chars, progress=progress, counts=IngestCounts(),
               pipeline=tuple(pipeline) if pipeline else None)  # fmt: skip
    if run.pipeline:
        check_pipeline(run.pipeline)  # a bad component list fails here, once, not on every record
    engine = engine or SerialEngine()
    for prepared in engine.imap(prepare_batch, _batches(_tasks(run, sources), batch_size)):
        _store(run, prepared)
    if group and (run.counts.stored or not is_current(store)):  # new articles, or a grouping cut short
        run.counts.grouped = ensure_grouped(store, options=group_options, progress=group_progress)
    return run.counts


def _batches(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch


def _tasks(run: _Run, sources: Sequence[str]) -> Iterator[Task]:
    for source in sources:
        if source != "-" and not is_url(source) and os.path.isdir(source):
            manifest = _manifest(source)
            try:
                paths = _directory_files(source)
            except InputError as error:
                run.error(display_path(source), None, error.problem)
                continue
            if not paths:
                kinds = ", ".join(sorted(ARTICLE_EXTENSIONS | _CORPUS_SUFFIXES))
                run.error(
                    display_path(source),
                    None,
                    f"no article or corpus files ({kinds}, or these gzipped) in this directory",
                )
            for path in paths:
                yield from _guarded(run, path, _file_tasks(run, path, manifest=manifest))
        elif source != "-" and not is_url(source) and not os.path.lexists(source):
            run.error(display_path(source), None, "no such file or directory")
        else:
            yield from _guarded(run, source, _file_tasks(run, source, manifest=None))


def _guarded(run: _Run, source: str, tasks: Iterator[Task]) -> Iterator[Task]:
    """The tasks of one source; anything that stops them is recorded against the source and the run goes on.

    Before, one unreadable record or file ended the whole ingest and the batch of good records read before
    it was never stored.
    """
    try:
        yield from tasks
    except InputError as error:
        run.error(display_path(source), None, error.problem)
    except (ValueError, RecursionError, LookupError, MemoryError, OSError) as error:
        # A third-party reader failing on what the user gave: recorded, named, and the run goes on.
        run.error(
            display_path(source), None, f"could not be read ({type(error).__name__}: {' '.join(str(error).split())})"
        )


def _file_tasks(run: _Run, source: str, *, manifest: str | None) -> Iterator[Task]:
    if corpus_format(source) is not None and not is_url(source):
        yield from _corpus_tasks(run, source)
        return
    if run.mapping and suffix(source) == ".json" and not is_url(source):
        yield from _corpus_tasks(run, source, records=read_json_records)  # another tool's JSON, mapped
        return
    name = display_path(source)
    try:
        ingested = read_story([source], manifest=manifest, strict=False)
    except InputError as error:
        run.error(name, None, error.problem)
        return
    for skipped in ingested.skipped:  # a record of a JSON array or JSONL file that could not be read
        run.error(name, None, skipped.problem)
    for document in ingested.documents:
        yield from _task(run, document, source=name, record=None)


def _corpus_tasks(run: _Run, path: str, *, records: Callable[..., Iterator[Record]] = read_corpus) -> Iterator[Task]:
    seen = 0
    name = display_path(path)
    try:
        for item in records(path, mapping=run.mapping, max_chars=run.max_chars):
            seen += 1
            if isinstance(item, BadRecord):
                run.error(name, item.record, item.reason)
            else:
                yield from _task(run, item, source=name, record=int(item.source.rpartition("#")[2]))
    except InputError as error:
        run.error(name, None, error.problem)
        return
    if seen == 0:
        run.error(name, None, "empty corpus: no records")


def _task(run: _Run, document: Document, *, source: str, record: int | None) -> Iterator[Task]:
    if len(document.text) > run.max_chars:
        run.error(source, record, f"text of {len(document.text):,} characters is over the cap of {run.max_chars:,}")
        return
    if document.url and run.store.has_article(url=document.url):
        run.counts.duplicates += 1  # known page: skip the cleaning
        run.tick()
        return
    yield Task(document=document, source=source, record=record, pipeline=run.pipeline)


def _store(run: _Run, batch: Sequence[Prepared]) -> None:
    good = [p for p in batch if p.article is not None]
    for failed in (p for p in batch if p.article is None):
        run.error(failed.source, failed.record, failed.error or "not an article")
    added = run.store.add_prepared([(p.article, p.features, p.analysis) for p in good])  # type: ignore[misc]
    run.counts.stored += sum(added)
    run.counts.duplicates += len(added) - sum(added)
    run.tick(len(good))


def _manifest(directory: str) -> str | None:
    found = find_manifest(directory)
    return os.path.join(directory, found.name) if found is not None else None


_CORPUS_SUFFIXES = frozenset(CORPUS_FORMATS)


def _directory_files(directory: str) -> list[str]:
    """The article and corpus files of a directory and its subdirectories (hidden ones skipped), sorted."""
    wanted = ARTICLE_EXTENSIONS | _CORPUS_SUFFIXES
    found = []
    for root, dirs, files in os.walk(directory, onerror=_unlistable(directory)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, name) for name in sorted(files)
                  if not name.startswith(".") and name not in MANIFEST_NAMES
                  and suffix(name) in wanted and Path(name).stem.lower() not in NOT_ARTICLES]  # fmt: skip
    return found


def _unlistable(directory: str) -> Callable[[OSError], None]:
    def fail(error: OSError) -> None:
        if os.path.normpath(error.filename or "") == os.path.normpath(directory):
            raise InputError(directory, f"cannot list: {error.strerror or error}")

    return fail


def estimate(sources: Iterable[str]) -> int:
    """Roughly how many progress steps ingesting `sources` takes (corpus lines or rows, files), for a bar."""
    total = 0
    for source in sources:
        if is_url(source) or source == "-":
            total += 1
        elif os.path.isdir(source):
            total += estimate(_directory_files(source))
        elif not _regular(source):
            total += 1  # a FIFO or a device is never opened, here or by the ingest
        elif corpus_format(source) == "parquet":
            total += _parquet_rows(source)
        elif corpus_format(source) is not None:
            total += _line_count(source)
        else:
            total += 1
    return total


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _line_count(path: str) -> int:
    try:
        with open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 1


def _parquet_rows(path: str) -> int:
    try:
        import pyarrow.parquet as pq

        rows: int = pq.ParquetFile(path).metadata.num_rows  # pyarrow is untyped here
        return rows
    except Exception:  # noqa: BLE001 - only an estimate; ingest reports the real problem
        return 1
