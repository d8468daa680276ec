"""Read-only queries the web pages need and `Store` does not offer: paged, filtered, searchable lists.

Plain portable SQL over the store's tables (FTS5 aside, as in `Store.search`), through `store.db`, so a
PostgreSQL store would need the same few statements; they are candidates to move into `Store` itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rashomon.store.sqlite import Store, canonical_url, membership_hash

__all__ = [
    "Page",
    "StoryQuery",
    "article_id_for_url",
    "cached_report",
    "fts_query",
    "last_error_id",
    "latest_errors",
    "list_outlets",
    "list_stories",
    "outlet_row",
    "outlet_story_ids",
    "stories_of",
    "story_of",
    "story_row",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryQuery:
    """Which stories to list: full-text words, a date range, an outlet, and the page."""

    q: str | None = None
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page of a list: its items, the total across pages, and where it sits."""

    items: Sequence[dict[str, Any]]
    total: int
    page: int
    per_page: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one, even when empty)."""
        return max(1, -(-self.total // self.per_page))


def fts_query(text: str) -> str | None:
    """An FTS5 query that matches every word of `text` as a literal, or None when there is no word."""
    words = ['"' + word.replace('"', '""') + '"' for word in text.split()]
    return " ".join(words) or None


_STORY_COLUMNS = (
    "s.id, s.title, s.first_published, s.last_published,"
    " (SELECT count(*) FROM story_members m WHERE m.story_id = s.id) AS articles,"
    " (SELECT count(*) FROM story_members m WHERE m.story_id = s.id AND m.copy_of IS NULL) AS sources"
)


def _story_filters(query: StoryQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    match = fts_query(query.q or "")
    if match is not None:
        clauses.append(
            "s.id IN (SELECT m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
        )
        params.append(match)
    if query.since is not None:
        clauses.append("s.last_published >= ?")
        params.append(query.since.isoformat())
    if query.until is not None:
        # Dates are ISO text: anything before the next day's date string is on or before `until`.
        clauses.append("s.first_published < ?")
        params.append((query.until + timedelta(days=1)).isoformat())
    if query.outlet:
        clauses.append(
            "s.id IN (SELECT m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id WHERE a.outlet = ?)"
        )
        params.append(query.outlet)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def list_stories(store: Store, query: StoryQuery) -> Page:
    """One page of stories, newest first (undated last), with their outlets, articles and independent sources."""
    where, params = _story_filters(query)
    total = store.db.execute(f"SELECT count(*) FROM stories s{where}", params).fetchone()[0]
    sql = (
        f"SELECT {_STORY_COLUMNS} FROM stories s{where}"
        " ORDER BY s.last_published IS NULL, s.last_published DESC, s.id LIMIT ? OFFSET ?"
    )
    offset = (query.page - 1) * query.per_page
    rows = [dict(row) for row in store.db.execute(sql, [*params, query.per_page, offset])]
    outlets = _outlets_of(store, [row["id"] for row in rows])
    for row in rows:
        row["outlets"] = outlets.get(row["id"], [])
    return Page(items=rows, total=total, page=query.page, per_page=query.per_page)


def story_row(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story's row (as in `list_stories`), or None when there is no such story."""
    row = store.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    found = dict(row)
    found["outlets"] = _outlets_of(store, [story_id]).get(story_id, [])
    return found


def _outlets_of(store: Store, story_ids: Sequence[str]) -> dict[str, list[str]]:
    if not story_ids:
        return {}
    marks = ", ".join("?" for _ in story_ids)
    sql = (
        "SELECT DISTINCT m.story_id, a.outlet FROM story_members m JOIN articles a ON a.id = m.article_id"
        f" WHERE m.story_id IN ({marks}) AND a.outlet IS NOT NULL ORDER BY 1, 2"
    )
    out: dict[str, list[str]] = {}
    for story_id, outlet in store.db.execute(sql, list(story_ids)):
        out.setdefault(story_id, []).append(outlet)
    return out


def list_outlets(store: Store, *, page: int = 1, per_page: int = 50) -> Page:
    """One page of outlets, most articles first, with their article and story counts and latest date."""
    total = store.db.execute("SELECT count(*) FROM outlets").fetchone()[0]
    sql = (
        "SELECT o.name, count(a.id) AS articles, max(a.published) AS last_published,"
        " (SELECT count(DISTINCT m.story_id) FROM story_members m JOIN articles b ON b.id = m.article_id"
        " WHERE b.outlet = o.name) AS stories"
        " FROM outlets o LEFT JOIN articles a ON a.outlet = o.name GROUP BY o.name"
        " ORDER BY articles DESC, o.name LIMIT ? OFFSET ?"
    )
    rows = [dict(row) for row in store.db.execute(sql, (per_page, (page - 1) * per_page))]
    return Page(items=rows, total=total, page=page, per_page=per_page)


def outlet_row(store: Store, name: str) -> dict[str, Any] | None:
    """An outlet's name, article count and first-seen date, or None when no article came from it."""
    row = store.db.execute(
        "SELECT o.name, o.first_seen, o.meta, (SELECT count(*) FROM articles a WHERE a.outlet = o.name) AS articles"
        " FROM outlets o WHERE o.name = ?",
        (name,),
    ).fetchone()
    if row is None:
        return None
    found = dict(row)
    found["meta"] = json.loads(found["meta"] or "{}")
    return found


def story_of(store: Store, article_id: str) -> str | None:
    """The id of the story an article belongs to, or None before it is grouped."""
    row = store.db.execute("SELECT story_id FROM story_members WHERE article_id = ? LIMIT 1", (article_id,)).fetchone()
    return row[0] if row else None


def stories_of(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """The story of each of these articles that is grouped already."""
    if not article_ids:
        return {}
    marks = ", ".join("?" for _ in article_ids)
    sql = f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})"
    return {row[0]: row[1] for row in store.db.execute(sql, list(article_ids))}


def article_id_for_url(store: Store, url: str) -> str | None:
    """The id of the stored article with this URL (canonicalised), or None."""
    row = store.db.execute("SELECT id FROM articles WHERE canonical_url = ?", (canonical_url(url),)).fetchone()
    return row[0] if row else None


def cached_report(store: Store, story_id: str) -> dict[str, Any] | None:
    """The story's cached comparison for its current members, or None when it has to be computed."""
    members = store.members_of(story_id)
    if not members:
        return None
    return store.cached_comparison(story_id, membership_hash(members))


def latest_errors(store: Store, source: str, *, after: int) -> list[dict[str, Any]]:
    """Ingest errors recorded for `source` after the error row id `after`, oldest first."""
    sql = "SELECT record, reason FROM ingest_errors WHERE source = ? AND id > ? ORDER BY id LIMIT 20"
    return [dict(row) for row in store.db.execute(sql, (source, after))]


def last_error_id(store: Store) -> int:
    """The id of the latest ingest error row (0 when there is none)."""
    return int(store.db.execute("SELECT coalesce(max(id), 0) FROM ingest_errors").fetchone()[0])


def outlet_story_ids(store: Store, name: str, *, limit: int) -> list[str]:
    """The ids of the latest stories with an article from this outlet, newest first."""
    sql = (
        "SELECT s.id FROM stories s WHERE s.id IN (SELECT m.story_id FROM story_members m JOIN articles a"
        " ON a.id = m.article_id WHERE a.outlet = ?) ORDER BY s.last_published IS NULL, s.last_published DESC,"
        " s.id LIMIT ?"
    )
    return [row[0] for row in store.db.execute(sql, (name, limit))]
