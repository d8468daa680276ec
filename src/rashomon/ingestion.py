"""Ingest sources into the store: files and directories as `compare` reads them, and corpora record by record.

Every article is cleaned with `make_article` and stored in its own transaction, so a killed run loses at
most the article in flight and a rerun stores only what is missing. A bad file or record is recorded in
`ingest_errors` with its reason and skipped; the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon.clean import make_article
from rashomon.corpus import MAX_TEXT_CHARS, BadRecord, corpus_format, read_corpus
from rashomon.errors import InputError
from rashomon.fetch import is_url
from rashomon.manifest import MANIFEST_NAMES, find_manifest
from rashomon.model import Document
from rashomon.readers import ARTICLE_EXTENSIONS
from rashomon.sources import NOT_ARTICLES, read_story
from rashomon.store import Store

__all__ = ["IngestCounts", "estimate", "ingest"]

Progress = Callable[[int], None]


@dataclass(slots=True)
class IngestCounts:
    """What one ingest run did: articles stored, duplicates skipped, errors recorded."""

    stored: int = 0
    duplicates: int = 0
    errors: int = 0

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

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(1)

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
) -> IngestCounts:
    """Read, clean and store every article of `sources`; bad files and records are recorded and skipped."""
    run = _Run(store=store, mapping=mapping, max_chars=max_chars, progress=progress, counts=IngestCounts())
    for source in sources:
        _ingest_one(run, source)
    return run.counts


def _ingest_one(run: _Run, source: str) -> None:
    if source != "-" and not is_url(source) and os.path.isdir(source):
        manifest = _manifest(source)
        for path in _directory_files(source):
            _ingest_file(run, path, manifest=manifest)
    elif source != "-" and not is_url(source) and not os.path.exists(source):
        run.error(source, None, "no such file or directory")
    else:
        _ingest_file(run, source, manifest=None)


def _ingest_file(run: _Run, source: str, *, manifest: str | None) -> None:
    if corpus_format(source) is not None and not is_url(source):
        _ingest_corpus(run, source)
        return
    try:
        documents = read_story([source], manifest=manifest).documents
    except InputError as error:
        run.error(source, None, error.problem)
        return
    for document in documents:
        _store(run, document, source=source, record=None)


def _ingest_corpus(run: _Run, path: str) -> None:
    seen = 0
    try:
        for item in read_corpus(path, mapping=run.mapping, max_chars=run.max_chars):
            seen += 1
            if isinstance(item, BadRecord):
                run.error(path, item.record, item.reason)
            else:
                _store(run, item, source=path, record=int(item.source.rpartition("#")[2]))
    except InputError as error:
        run.error(path, None, error.problem)
        return
    if seen == 0:
        run.error(path, None, "empty corpus: no records")


def _store(run: _Run, document: Document, *, source: str, record: int | None) -> None:
    if len(document.text) > run.max_chars:
        run.error(source, record, f"text of {len(document.text):,} characters is over the cap of {run.max_chars:,}")
        return
    if document.url and run.store.has_article(url=document.url):
        run.counts.duplicates += 1  # known page: skip the cleaning
        run.tick()
        return
    try:
        article = make_article(document)
    except InputError as error:
        run.error(source, record, error.problem)
        return
    if run.store.add_article(article):
        run.counts.stored += 1
    else:
        run.counts.duplicates += 1
    run.tick()


def _manifest(directory: str) -> str | None:
    found = find_manifest(directory)
    return os.path.join(directory, found.name) if found is not None else None


def _directory_files(directory: str) -> list[str]:
    try:
        names = sorted(entry.name for entry in os.scandir(directory) if entry.is_file())
    except OSError as error:
        raise InputError(directory, f"cannot list: {error.strerror or error}") from None
    wanted = ARTICLE_EXTENSIONS | {".csv", ".parquet", ".ndjson"}
    return [
        os.path.join(directory, name)
        for name in names
        if not name.startswith(".")
        and name not in MANIFEST_NAMES
        and Path(name).suffix.lower() in wanted
        and Path(name).stem.lower() not in NOT_ARTICLES
    ]


def estimate(sources: Iterable[str]) -> int:
    """Roughly how many progress steps ingesting `sources` takes (corpus lines or rows, files), for a bar."""
    total = 0
    for source in sources:
        if is_url(source) or source == "-":
            total += 1
        elif os.path.isdir(source):
            total += estimate(_directory_files(source))
        elif corpus_format(source) == "parquet":
            total += _parquet_rows(source)
        elif corpus_format(source) is not None:
            total += _line_count(source)
        else:
            total += 1
    return total


def _line_count(path: str) -> int:
    try:
        with open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 1


def _parquet_rows(path: str) -> int:
    try:
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # noqa: BLE001 - only an estimate; ingest reports the real problem
        return 1
