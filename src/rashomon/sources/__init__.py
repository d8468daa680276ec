"""Reading sources: files, directories, URLs, stdin and corpora into `Document`s, manifests applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.sources.extract import Extracted, extract_html
    from rashomon.sources.fetch import Fetched, fetch, is_url
    from rashomon.sources.manifest import (
        MANIFEST_NAMES,
        Manifest,
        ManifestEntry,
        Metadata,
        find_manifest,
        load_manifest,
        parse_metadata,
    )
    from rashomon.sources.read import Ingested, read_sources, read_story, read_url
    from rashomon.sources.readers import ARTICLE_EXTENSIONS, read_bytes
    from rashomon.sources.records import CORPUS_FORMATS, BadRecord, parse_mapping, read_corpus, read_json_records

_EXPORTS = {
    "ARTICLE_EXTENSIONS": "rashomon.sources.readers",
    "BadRecord": "rashomon.sources.records",
    "CORPUS_FORMATS": "rashomon.sources.records",
    "Extracted": "rashomon.sources.extract",
    "Fetched": "rashomon.sources.fetch",
    "Ingested": "rashomon.sources.read",
    "MANIFEST_NAMES": "rashomon.sources.manifest",
    "Manifest": "rashomon.sources.manifest",
    "ManifestEntry": "rashomon.sources.manifest",
    "Metadata": "rashomon.sources.manifest",
    "extract_html": "rashomon.sources.extract",
    "fetch": "rashomon.sources.fetch",
    "find_manifest": "rashomon.sources.manifest",
    "is_url": "rashomon.sources.fetch",
    "load_manifest": "rashomon.sources.manifest",
    "parse_mapping": "rashomon.sources.records",
    "parse_metadata": "rashomon.sources.manifest",
    "read_bytes": "rashomon.sources.readers",
    "read_corpus": "rashomon.sources.records",
    "read_json_records": "rashomon.sources.records",
    "read_sources": "rashomon.sources.read",
    "read_story": "rashomon.sources.read",
    "read_url": "rashomon.sources.read",
}
__all__ = [
    "ARTICLE_EXTENSIONS",
    "BadRecord",
    "CORPUS_FORMATS",
    "Extracted",
    "Fetched",
    "Ingested",
    "MANIFEST_NAMES",
    "Manifest",
    "ManifestEntry",
    "Metadata",
    "extract_html",
    "fetch",
    "find_manifest",
    "is_url",
    "load_manifest",
    "parse_mapping",
    "parse_metadata",
    "read_bytes",
    "read_corpus",
    "read_json_records",
    "read_sources",
    "read_story",
    "read_url",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
