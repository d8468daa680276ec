"""Read what the user named (files, directories, URLs, "-" for stdin) into Documents, manifests applied."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rashomon.errors import EmptySource, InputError, SourceNotFound, UnsupportedSource
from rashomon.model.records import Document
from rashomon.sources.files import display_path, is_url, read_regular
from rashomon.sources.manifest import MANIFEST_NAMES, Manifest, Metadata, find_manifest, load_manifest
from rashomon.sources.readers import (
    ARTICLE_EXTENSIONS,
    MAX_SOURCE_BYTES,
    Skip,
    display,
    gunzip,
    read_bytes,
    suffix,
)

if TYPE_CHECKING:  # httpx and the fetcher cost 0.1 s to import; a story read from files never needs them
    import httpx

# Files that sit beside articles in a directory but are about the collection, not part of it.
NOT_ARTICLES = ("readme", "license", "licence", "changelog", "contributing", "notes")
MEDIA_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/plain": "text",
    "text/markdown": "markdown",
}
FEED_START = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


@dataclass(frozen=True, slots=True, kw_only=True)
class Ingested:
    """What ingest produced: the documents in order, the story title if stated, notes, and what was skipped."""

    documents: tuple[Document, ...]
    title: str | None = None
    notes: tuple[str, ...] = ()
    skipped: tuple[InputError, ...] = ()  # each source, file or record that could not be read (not strict)


@dataclass(slots=True)
class _Run:
    """Per-call state: the explicit manifest, the HTTP client, stdin, the caps, and what was gathered."""

    manifest: Manifest | None
    client: httpx.Client | None
    stdin: BinaryIO | None
    strict: bool = True
    max_bytes: int = MAX_SOURCE_BYTES
    documents: list[Document] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    title: str | None = None
    skipped: list[InputError] = dataclasses.field(default_factory=list)

    def attempt(self, name: str, read: Callable[[], None]) -> None:
        """Run `read`; when not strict, a source that cannot be read is kept in `skipped` instead of raised."""
        try:
            read()
        except InputError as error:
            if self.strict:
                raise
            self.skipped.append(error)
        except (ValueError, RecursionError, LookupError, MemoryError, OSError) as error:
            # A third-party reader failing on what the user gave (trafilatura on a pathological page): one
            # line naming the source, the cause chained for --debug.
            failure = UnsupportedSource(name, f"could not be read ({type(error).__name__}: {_one_line(error)})")
            if self.strict:
                raise failure from error
            self.skipped.append(failure)

    def skip(self, error: InputError) -> None:
        """Keep one unreadable record of a file (JSON array, JSONL) and go on, or raise when strict."""
        if self.strict:
            raise error
        self.skipped.append(error)


def read_story(
    sources: Sequence[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
    strict: bool = True,
    max_bytes: int = MAX_SOURCE_BYTES,
) -> Ingested:
    """Read every source into Documents, with the story title and notes on anything skipped.

    With an explicit `manifest` and no sources, the files the manifest lists are read. With `strict`
    the first source, file or record that cannot be read raises; without it each is left out and kept in
    `Ingested.skipped`, and only a story with nothing readable left raises. Each file, standard input and
    each decompressed archive may hold at most `max_bytes`.
    """
    explicit = load_manifest(manifest) if manifest is not None else None
    if not sources and explicit is not None:
        base = os.path.dirname(explicit.path)
        sources = [os.path.join(base, file) for file in explicit.entries]
    if not sources:
        raise InputError("sources", "none given; name a file, a directory, a URL or '-' for stdin")
    run = _Run(manifest=explicit, client=client, stdin=stdin, strict=strict, max_bytes=max_bytes,
               title=explicit.story if explicit else None)  # fmt: skip
    for source in sources:
        run.attempt(display(display_path(source)), functools.partial(_read_one, run, source))
    if not run.documents and run.skipped:
        raise _nothing_readable(run.skipped)
    return Ingested(documents=tuple(run.documents), title=run.title, notes=tuple(run.notes), skipped=tuple(run.skipped))


def _nothing_readable(skipped: list[InputError]) -> InputError:
    """The error for a story none of whose sources could be read: the one error, or a count and the first."""
    if len(skipped) == 1:
        return skipped[0]
    first = skipped[0]
    return EmptySource("sources", f"none of {len(skipped)} could be read; the first: {first}")


def read_sources(
    sources: Sequence[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> list[Document]:
    """Read every source into Documents (see `read_story` for the story title and notes)."""
    return list(read_story(sources, manifest=manifest, client=client, stdin=stdin).documents)


def _read_one(run: _Run, source: str) -> None:
    if source == "-":
        run.documents.extend(read_bytes(_read_stdin(run), source="-", skip=run.skip))
    elif is_url(source):
        run.documents.extend(read_url(source, client=run.client, skip=run.skip))
    elif os.path.isdir(source):
        _read_directory(run, source)
    elif os.path.lexists(source):
        _read_file(run, source, run.manifest)
    else:
        raise SourceNotFound(display_path(source), "no such file or directory")


def _read_stdin(run: _Run) -> bytes:
    """Standard input, at most `run.max_bytes` of it; a closed or unreadable stdin is one clear error."""
    stream = run.stdin if run.stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None or stream.closed:  # started with stdin closed (`0<&-`): Python sets sys.stdin to None
        raise InputError("<stdin>", "cannot read standard input: it is closed")
    try:
        data = stream.read(run.max_bytes + 1)
    except (ValueError, OSError) as error:  # closed meanwhile, or a descriptor that cannot be read
        raise InputError("<stdin>", f"cannot read standard input: {_one_line(error)}") from None
    if data is None:
        raise InputError("<stdin>", "cannot read standard input: no data is ready (non-blocking)")
    if len(data) > run.max_bytes:
        raise UnsupportedSource("<stdin>", f"too large: over {run.max_bytes:,} bytes, the cap for one source")
    return data


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def read_url(url: str, *, client: httpx.Client | None = None, skip: Skip | None = None) -> list[Document]:
    """Fetch `url` and read the response by its content type (sniffed when the server names none)."""
    from rashomon.sources.fetch import fetch

    fetched = fetch(url, client=client)
    fmt = _url_format(url, fetched.media_type, fetched.content)
    return read_bytes(fetched.content, source=url, fmt=fmt, url=fetched.url, encoding=fetched.charset, skip=skip)


def _url_format(url: str, media: str | None, content: bytes) -> str | None:
    if media is None:
        return None
    # Feeds are often served as plain XML, so the opening bytes are checked too.
    if media in FEED_TYPES or (media.endswith("xml") and FEED_START.search(content[:2048])):
        raise UnsupportedSource(url, f"is a feed ({media}); give the URLs of its articles")
    if media in MEDIA_FORMATS:
        return MEDIA_FORMATS[media]
    if media.endswith("+json"):
        return "json"
    if media.endswith("xml"):
        return "html"
    raise UnsupportedSource(url, f"unsupported content type {media!r}; expected HTML, text or JSON")


def _read_file(run: _Run, path: str, manifest: Manifest | None) -> None:
    name = display_path(path)  # what the report and errors call it: printable, writable as UTF-8
    data = read_regular(path, limit=run.max_bytes, label=name)
    if path.lower().endswith(".gz"):
        data = gunzip(data, source=name, limit=run.max_bytes)
    documents = read_bytes(data, source=name, skip=run.skip)
    entry = manifest.entry_for(path) if manifest is not None else None
    if entry is not None:
        notes = (f"manifest note: {entry.note}",) if entry.note else ()
        documents = [_apply(document, entry.metadata, notes) for document in documents]
    run.documents.extend(documents)


def _apply(document: Document, stated: Metadata, notes: tuple[str, ...]) -> Document:
    own = Metadata(outlet=document.outlet, title=document.title, url=document.url, published=document.published)
    merged = stated.over(own)
    return dataclasses.replace(
        document,
        outlet=merged.outlet,
        title=merged.title,
        url=merged.url,
        published=merged.published,
        notes=(*document.notes, *notes),
    )


def _read_directory(run: _Run, directory: str) -> None:
    manifest = run.manifest
    if manifest is None:
        found = find_manifest(directory)
        manifest = load_manifest(os.path.join(directory, found.name)) if found is not None else None
        if manifest is not None and run.title is None:
            run.title = manifest.story
    names = _article_names(directory)
    listed = {name for name in names if manifest is not None and manifest.entry_for(Path(directory, name))}
    read = 0
    for name in names:
        path = os.path.join(directory, name)
        if listed and name not in listed:
            run.notes.append(f"skipped {display_path(path)}: not listed in {_label(manifest)}")
        elif not listed and Path(name).stem.lower() in NOT_ARTICLES:
            run.notes.append(f"skipped {display_path(path)}: not an article")
        else:
            run.attempt(display_path(path), functools.partial(_read_file, run, path, manifest))
            read += 1
    if read == 0:
        kinds = ", ".join(sorted(ARTICLE_EXTENSIONS))
        raise EmptySource(display_path(directory), f"no article files ({kinds}) in this directory")


def _article_names(directory: str) -> list[str]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        raise InputError(display_path(directory), f"cannot list: {error.strerror or error}") from None
    return [
        entry.name
        for entry in entries
        if entry.is_file()
        and not entry.name.startswith(".")
        and entry.name not in MANIFEST_NAMES
        and suffix(entry.name) in ARTICLE_EXTENSIONS
    ]


def _label(manifest: Manifest | None) -> str:
    return os.path.basename(manifest.path) if manifest is not None else "the manifest"
