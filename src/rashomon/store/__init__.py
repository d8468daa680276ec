"""The SQLite store of articles, analyses, stories, cached reports, feeds and ingest errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.store.migrations import migrate
    from rashomon.store.sqlite import Feed, Store, StoredStory, canonical_url, membership_hash

_EXPORTS = {
    "Feed": "rashomon.store.sqlite",
    "Store": "rashomon.store.sqlite",
    "StoredStory": "rashomon.store.sqlite",
    "canonical_url": "rashomon.store.sqlite",
    "membership_hash": "rashomon.store.sqlite",
    "migrate": "rashomon.store.migrations",
}
__all__ = [
    "Feed",
    "Store",
    "StoredStory",
    "canonical_url",
    "membership_hash",
    "migrate",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
