"""Read what the user named (files, directories, URLs, "-" for stdin) into Documents, manifests applied."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from rashomon.errors import EmptySource, InputError, SourceNotFound, UnsupportedSource
from rashomon.model.records import Document
from rashomon.sources.fetch import fetch, is_url
from rashomon.sources.manifest import MANIFEST_NAMES, Manifest, Metadata, find_manifest, load_manifest
from rashomon.sources.readers import ARTICLE_EXTENSIONS, gunzip, read_bytes, suffix

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
    """What ingest produced: the documents in order, the story title if stated, and notes."""

    documents: tuple[Document, ...]
    title: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Run:
    """Per-call state: the explicit manifest, the HTTP client, stdin, and what was gathered."""

    manifest: Manifest | None
    client: httpx.Client | None
    stdin: BinaryIO | None
    documents: list[Document] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    title: str | None = None


def read_story(
    sources: Sequence[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> Ingested:
    """Read every source into Documents, with the story title and notes on anything skipped.

    With an explicit `manifest` and no sources, the files the manifest lists are read.
    """
    explicit = load_manifest(manifest) if manifest is not None else None
    if not sources and explicit is not None:
        base = os.path.dirname(explicit.path)
        sources = [os.path.join(base, file) for file in explicit.entries]
    if not sources:
        raise InputError("sources", "none given; name a file, a directory, a URL or '-' for stdin")
    run = _Run(manifest=explicit, client=client, stdin=stdin, title=explicit.story if explicit else None)
    for source in sources:
        _read_one(run, source)
    return Ingested(documents=tuple(run.documents), title=run.title, notes=tuple(run.notes))


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
        stream = run.stdin if run.stdin is not None else sys.stdin.buffer
        run.documents.extend(read_bytes(stream.read(), source="-"))
    elif is_url(source):
        run.documents.extend(read_url(source, client=run.client))
    elif os.path.isdir(source):
        _read_directory(run, source)
    elif os.path.exists(source):
        _read_file(run, source, run.manifest)
    else:
        raise SourceNotFound(source, "no such file or directory")


def read_url(url: str, *, client: httpx.Client | None = None) -> list[Document]:
    """Fetch `url` and read the response by its content type (sniffed when the server names none)."""
    fetched = fetch(url, client=client)
    fmt = _url_format(url, fetched.media_type, fetched.content)
    return read_bytes(fetched.content, source=url, fmt=fmt, url=fetched.url, encoding=fetched.charset)


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
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if path.lower().endswith(".gz"):
        data = gunzip(data, source=path)
    documents = read_bytes(data, source=path)
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
        if listed and name not in listed:
            run.notes.append(f"skipped {os.path.join(directory, name)}: not listed in {_label(manifest)}")
        elif not listed and Path(name).stem.lower() in NOT_ARTICLES:
            run.notes.append(f"skipped {os.path.join(directory, name)}: not an article")
        else:
            _read_file(run, os.path.join(directory, name), manifest)
            read += 1
    if read == 0:
        kinds = ", ".join(sorted(ARTICLE_EXTENSIONS))
        raise EmptySource(directory, f"no article files ({kinds}) in this directory")


def _article_names(directory: str) -> list[str]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        raise InputError(directory, f"cannot list: {error.strerror or error}") from None
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
