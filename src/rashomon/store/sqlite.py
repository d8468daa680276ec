"""The store: one SQLite file (WAL) of articles, analyses, stories, cached comparisons, feeds and ingest errors.

Plain tables with JSON text columns, so `datasette rashomon.db` explores it. Callers use only `Store`'s
methods, never SQL, so a PostgreSQL backend can follow behind the same interface (docs/store.md).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rashomon.errors import StoreError
from rashomon.group.features import FEATURES_VERSION, Features, features
from rashomon.group.grouper import StoryRecord
from rashomon.model.records import Analysis, Article, content_id
from rashomon.model.serialize import article_from_dict, layers_from_dict, layers_to_dict
from rashomon.store.migrations import migrate

try:
    import fcntl
except ImportError:  # not on Windows: concurrent groupings there are not serialised
    fcntl = None  # type: ignore[assignment]

__all__ = ["Feed", "Store", "StoredStory", "canonical_url", "check_pages", "membership_hash"]

TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")
# Concurrent writers wait: SQLite's own busy timeout, then BUSY_RETRIES more tries with a growing pause
# (three ingests into one store failed with "database is locked").
BUSY_TIMEOUT = 30.0
BUSY_RETRIES = 6
READ_PAGE = 500  # rows per read while grouping
# PRAGMA quick_check reads every page: about a second per 100 MB. Larger stores get the cheap checks only
# (header, size, schema); `rashomon doctor` always checks everything.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
_ARTICLE_COLUMNS = "id, url, source, outlet, title, published, language, text, removed, notes"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | str | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


def canonical_url(url: str | None) -> str | None:
    """The URL with scheme and host lower-cased, no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(TRACKING_PARAMS)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), ""))


def membership_hash(article_ids: Iterable[str]) -> str:
    """A content id of a story's member set (order-free), to key cached comparisons."""
    return content_id("\n".join(sorted(set(article_ids))))


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredStory:
    """A story row: id, title, publication span, member count and independent sources (copies once)."""

    id: str
    title: str | None
    first_published: str | None
    last_published: str | None
    articles: int
    sources: int
    created: str
    updated: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """A polled feed: its URL, title and the validators of the last response."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled: str | None = None


class Store:
    """A Rashomon database; open with `Store.open(path)`, use as a context manager or call `close()`."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, check: bool = True) -> Store:
        """Open (creating if needed) the database at `path`: WAL, foreign keys on, migrations applied.

        With `check`, a damaged file is refused before anything is written to it (`check_pages`); a
        damaged store was read and written without complaint. `rashomon doctor` reports and repairs.
        """
        name = os.fspath(path)
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(name, isolation_level=None, timeout=BUSY_TIMEOUT)
            db.row_factory = sqlite3.Row
            if check and name != ":memory:":
                check_pages(db, name)
            if name != ":memory:":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            store = cls(db, name)
            store._retrying(lambda: migrate(db))
        except sqlite3.DatabaseError as error:
            if db is not None:
                db.close()
            raise _store_error(name, error, doing="cannot open as a Rashomon database") from None
        except BaseException:
            if db is not None:
                db.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction: committed on success, rolled back on error.

        Starting waits for other writers (SQLite's busy timeout, then a few retries); a full disk or a
        lock held too long is a StoreError naming the database, with what was committed before kept.
        """
        if self.db.in_transaction:
            yield self.db
            return
        self._retrying(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield self.db
        except BaseException as error:
            # SQLite rolls some failures back itself (a full disk among them); a second ROLLBACK then
            # failed with "no transaction is active", which hid the cause.
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                raise _store_error(self.path, error, doing="cannot write") from error
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise _store_error(self.path, error, doing="cannot commit") from error

    def _retrying(self, step: Callable[[], object]) -> None:
        """Run `step`, again after a pause while another process holds the write lock (BUSY_RETRIES times)."""
        for attempt in range(BUSY_RETRIES + 1):
            try:
                step()
                return
            except sqlite3.OperationalError as error:
                if not _busy(error) or attempt == BUSY_RETRIES:
                    raise _store_error(self.path, error, doing="cannot write") from error
                time.sleep(min(2.0, 0.05 * 2**attempt))

    @contextmanager
    def grouping_lock(self) -> Iterator[None]:
        """Hold the store's grouping lock (a lock file beside it) so that only one process groups at once.

        Two ingests grouping at once each deleted the stories the other had just made; the second now
        waits, then finds the stories grouped or groups what is left.
        """
        if self.path == ":memory:" or fcntl is None:
            yield
            return
        with open(self.path + ".grouping.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def integrity_check(self) -> list[str]:
        """SQLite's integrity check plus the FTS index's; `["ok"]` when all is well."""
        problems = [row[0] for row in self.db.execute("PRAGMA integrity_check")]
        try:
            self.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as error:
            problems = [p for p in problems if p != "ok"] + [f"articles_fts: {error}"]
        problems += [f"foreign key: {tuple(row)}" for row in self.db.execute("PRAGMA foreign_key_check")]
        if len(problems) > 1:
            problems = [p for p in problems if p != "ok"]
        return problems

    # Articles

    def add_article(self, article: Article) -> bool:
        """Store `article` in its own transaction; False if its id or canonical URL is already stored."""
        canonical = canonical_url(article.url)
        with self.transaction() as db:
            if article.outlet:
                db.execute(
                    "INSERT INTO outlets (name, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (article.outlet, _now()),
                )
            cursor = db.execute(
                "INSERT INTO articles (id, url, canonical_url, source, outlet, title, published, language, text,"
                " removed, notes, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    article.id,
                    article.url,
                    canonical,
                    article.source,
                    article.outlet,
                    article.title,
                    _iso(article.published),
                    article.language,
                    article.text,
                    json.dumps([{"text": r.text, "reason": r.reason} for r in article.removed]),
                    json.dumps(list(article.notes)),
                    _now(),
                ),
            )
            return cursor.rowcount == 1

    def add_prepared(self, items: Iterable[tuple[Article, Features | None, Analysis | None]],
                     *, pipeline: str = "default") -> list[bool]:  # fmt: skip
        """Store articles with their features and analyses in one transaction; True for each new article.

        A duplicate article (same id or canonical URL) keeps what is stored; its features and analysis are
        not written again.
        """
        added = []
        with self.transaction() as db:
            for article, found, analysis in items:
                new = self.add_article(article)
                added.append(new)
                if not new:
                    continue
                if found is not None:
                    db.execute("INSERT INTO features (article_id, version, data) VALUES (?, ?, ?) ON CONFLICT"
                               " (article_id) DO UPDATE SET version = excluded.version, data = excluded.data",
                               (article.id, found.version, json.dumps(found.to_dict())))  # fmt: skip
                if analysis is not None:
                    self.save_analysis(analysis, pipeline=pipeline)
        return added

    def iter_story_records(self, *, after: tuple[str | None, str] | None = None) -> Iterator[StoryRecord]:
        """Stream the stored articles as the grouper sees them, in canonical order (published, then id).

        `after` = (published as stored, id) of an article: only those after it in that order. Stored
        features are used as they are; an article stored without them (or with an older version) gets
        them computed from its text here. Rows come in pages, each its own short read: a cursor held open
        across the grouper's writes made another process's commit fail those writes ("database is locked").
        """
        sql = (
            "SELECT a.id, a.published, a.outlet, a.title, a.text, f.version, f.data FROM articles a"
            " LEFT JOIN features f ON f.article_id = a.id{where} ORDER BY a.published IS NULL, a.published, a.id"
            " LIMIT ?"
        )
        while True:
            where, params = _after(after)
            rows = self.db.execute(sql.format(where=where), [*params, READ_PAGE]).fetchall()
            for row in rows:
                published = datetime.fromisoformat(row["published"]) if row["published"] else None
                if row["data"] is not None and row["version"] == FEATURES_VERSION:
                    found = Features.from_dict(json.loads(row["data"]))
                else:
                    found = features(row["title"] or "", row["text"])
                yield StoryRecord(id=row["id"], published=published, title=row["title"] or "", outlet=row["outlet"],
                                  text=row["text"][:300], features=found)  # fmt: skip
            if len(rows) < READ_PAGE:
                return
            after = (rows[-1]["published"], rows[-1]["id"])

    def count_after(self, after: tuple[str | None, str]) -> int:
        """How many stored articles come after `after` in canonical order (see `iter_story_records`)."""
        where, params = _after(after)
        return int(self.db.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0])

    def order_key(self, article_id: str) -> tuple[str | None, str]:
        """An article's place in canonical order: (published as stored, id)."""
        row = self.db.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return row[0], article_id

    def has_article(self, article_id: str | None = None, *, url: str | None = None) -> bool:
        """Whether an article with this id, or this URL (canonicalised), is stored."""
        if article_id is not None and self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            return True
        canonical = canonical_url(url)
        query = "SELECT 1 FROM articles WHERE canonical_url = ?"
        return canonical is not None and self.db.execute(query, (canonical,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(self, *, since: datetime | str | None = None, outlet: str | None = None) -> list[Article]:
        """Stored articles, oldest first, published on or after `since` and from `outlet` when given."""
        return list(self.iter_articles(since=since, outlet=outlet))

    def iter_articles(self, *, since: datetime | str | None = None, outlet: str | None = None) -> Iterator[Article]:
        """Stream the stored articles, oldest first (undated last), one row in memory at a time."""
        where, params = _filters(since=since, outlet=outlet)
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles{where} ORDER BY published IS NULL, published, id"
        for row in self.db.execute(query, params):
            yield _article(row)

    def count(self, table: str = "articles") -> int:
        """Number of rows in one of the store's tables."""
        if table not in {"articles", "outlets", "analyses", "features", "stories", "comparisons", "ingest_errors",
                         "feeds"}:  # fmt: skip
            raise ValueError(f"no table {table!r}")
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def search(self, query: str, *, limit: int = 50) -> list[Article]:
        """Articles whose title or text contain every word of `query`, best match first (FTS5)."""
        words = ['"' + word.replace('"', '""') + '"' for word in query.split()]
        if not words:
            return []
        sql = (
            f"SELECT {', '.join('a.' + c for c in _ARTICLE_COLUMNS.split(', '))} FROM articles_fts f"
            " JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        return [_article(row) for row in self.db.execute(sql, (" ".join(words), limit))]

    # Analyses

    def save_analysis(self, analysis: Analysis, *, pipeline: str = "default") -> None:
        """Store an analysis's layers and provenance under (article id, pipeline name), replacing any before."""
        with self.transaction() as db:
            self.add_article(analysis.article)
            db.execute(
                "INSERT INTO analyses (article_id, pipeline, layers, provenance, created) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (article_id, pipeline) DO UPDATE SET layers = excluded.layers,"
                " provenance = excluded.provenance, created = excluded.created",
                (
                    analysis.article.id,
                    pipeline,
                    json.dumps(layers_to_dict(analysis.layers)),
                    json.dumps(list(analysis.provenance)),
                    _now(),
                ),
            )

    def get_analysis(self, article_id: str, *, pipeline: str = "default") -> Analysis | None:
        """The stored analysis of this article by this pipeline, or None."""
        row = self.db.execute(
            "SELECT layers, provenance FROM analyses WHERE article_id = ? AND pipeline = ?", (article_id, pipeline)
        ).fetchone()
        article = self.get_article(article_id) if row else None
        if row is None or article is None:
            return None
        return Analysis(
            article=article,
            layers=layers_from_dict(json.loads(row["layers"])),
            provenance=tuple(json.loads(row["provenance"])),
        )

    # Stories

    def set_story(self, story_id: str, article_ids: Iterable[str], title: str | None = None,
                  copies: Mapping[str, str] | None = None) -> None:  # fmt: skip
        """Create or replace a story and its member articles (which must be stored).

        `copies` maps a member to the member it is a near-identical copy of; copies count once as sources.
        """
        members = sorted(set(article_ids))
        copies = copies or {}
        with self.transaction() as db:
            now = _now()
            db.execute(
                "INSERT INTO stories (id, title, created, updated) VALUES (?, ?, ?, ?) ON CONFLICT (id)"
                " DO UPDATE SET title = coalesce(excluded.title, stories.title), updated = excluded.updated",
                (story_id, title, now, now),
            )
            db.execute("DELETE FROM story_members WHERE story_id = ?", (story_id,))
            db.executemany(
                "INSERT INTO story_members (story_id, article_id, copy_of) VALUES (?, ?, ?)",
                [(story_id, article_id, copies.get(article_id)) for article_id in members],
            )
            db.execute(
                "UPDATE stories SET first_published = (SELECT min(a.published) FROM articles a JOIN story_members m"
                " ON m.article_id = a.id WHERE m.story_id = stories.id), last_published = (SELECT max(a.published)"
                " FROM articles a JOIN story_members m ON m.article_id = a.id WHERE m.story_id = stories.id)"
                " WHERE id = ?",
                (story_id,),
            )

    def members_of(self, story_id: str) -> dict[str, str | None]:
        """A stored story's members, each with the member it copies (None for an independent source)."""
        sql = "SELECT article_id, copy_of FROM story_members WHERE story_id = ? ORDER BY article_id"
        return {row[0]: row[1] for row in self.db.execute(sql, (story_id,))}

    def iter_story_ids(self) -> Iterator[str]:
        """Stream the stored stories' ids."""
        for row in self.db.execute("SELECT id FROM stories ORDER BY id"):
            yield row[0]

    def delete_story(self, story_id: str) -> None:
        """Remove a story, its membership and its cached comparisons (the articles stay)."""
        with self.transaction() as db:
            db.execute("DELETE FROM comparisons WHERE story_id = ?", (story_id,))
            db.execute("DELETE FROM story_members WHERE story_id = ?", (story_id,))
            db.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def story_members(self) -> dict[str, list[str]]:
        """Every stored story's member article ids."""
        out: dict[str, list[str]] = {}
        for story_id, article_id in self.db.execute("SELECT story_id, article_id FROM story_members ORDER BY 1, 2"):
            out.setdefault(story_id, []).append(article_id)
        return out

    def stories(self, *, since: datetime | str | None = None, outlet: str | None = None) -> list[StoredStory]:
        """Stories last published on or after `since` with an article from `outlet`, newest first."""
        clauses, params = [], []
        if since is not None:
            clauses.append("s.last_published >= ?")
            params.append(_iso(since))
        if outlet is not None:
            clauses.append(
                "s.id IN (SELECT m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id"
                " WHERE a.outlet = ?)"
            )
            params.append(outlet)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        sql = (
            "SELECT s.*, (SELECT count(*) FROM story_members m WHERE m.story_id = s.id) AS articles,"
            " (SELECT count(*) FROM story_members m WHERE m.story_id = s.id AND m.copy_of IS NULL) AS sources"
            f" FROM stories s{where} ORDER BY s.last_published DESC, s.id"
        )
        return [StoredStory(**{key: row[key] for key in row.keys()}) for row in self.db.execute(sql, params)]

    def story_articles(self, story_id: str) -> list[Article]:
        """The member articles of a story, oldest first."""
        columns = ", ".join("a." + column for column in _ARTICLE_COLUMNS.split(", "))
        sql = (
            f"SELECT {columns} FROM articles a JOIN story_members m ON m.article_id = a.id"
            " WHERE m.story_id = ? ORDER BY a.published, a.id"
        )
        return [_article(row) for row in self.db.execute(sql, (story_id,))]

    def cache_comparison(self, story_id: str, membership: str, report: Mapping[str, Any]) -> None:
        """Keep a story's comparison report (a JSON-ready dict) for one membership hash."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO comparisons (story_id, membership_hash, report, created) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (story_id, membership_hash) DO UPDATE SET report = excluded.report,"
                " created = excluded.created",
                (story_id, membership, json.dumps(report), _now()),
            )

    def cached_comparison(self, story_id: str, membership: str) -> dict[str, Any] | None:
        """The cached report for this story and membership hash, or None."""
        row = self.db.execute(
            "SELECT report FROM comparisons WHERE story_id = ? AND membership_hash = ?", (story_id, membership)
        ).fetchone()
        return json.loads(row[0]) if row else None

    # State

    def get_state(self, key: str) -> Any:
        """The JSON value stored under `key`, or None."""
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_state(self, key: str, value: Any) -> None:
        """Store a JSON value under `key`."""
        with self.transaction() as db:
            db.execute("INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
                       " value = excluded.value", (key, json.dumps(value)))  # fmt: skip

    # Ingest errors and feeds

    def record_error(self, source: str, record: str | int | None, reason: str) -> None:
        """Record why one source or record was skipped."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO ingest_errors (source, record, reason, at) VALUES (?, ?, ?, ?)",
                (source, None if record is None else str(record), reason, _now()),
            )

    def errors(self) -> list[dict[str, Any]]:
        """Recorded ingest errors, oldest first."""
        sql = "SELECT source, record, reason, at FROM ingest_errors ORDER BY id"
        return [dict(row) for row in self.db.execute(sql)]

    def add_feed(self, url: str, *, title: str | None = None) -> bool:
        """Subscribe to a feed; False if it was already there."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO feeds (url, title, added) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (url, title, _now())
            )
            return cursor.rowcount == 1

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe from a feed (its stored articles stay); False if it was not subscribed."""
        with self.transaction() as db:
            return db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount == 1

    def feeds(self) -> list[Feed]:
        """The subscribed feeds, in the order added."""
        sql = "SELECT url, title, etag, last_modified, last_polled FROM feeds ORDER BY added, url"
        return [Feed(**dict(row)) for row in self.db.execute(sql)]

    def update_feed(self, url: str, *, etag: str | None, last_modified: str | None, title: str | None) -> None:
        """Remember a feed's validators and title after a poll."""
        with self.transaction() as db:
            db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, title = coalesce(?, title), last_polled = ?"
                " WHERE url = ?",
                (etag, last_modified, title, _now(), url),
            )


def check_pages(db: sqlite3.Connection, name: str) -> None:
    """Raise a StoreError when the database file is damaged: its header and size always, every page when small.

    A page-damaged store was read and written without complaint until a query happened to touch the page.
    """
    try:
        size = os.path.getsize(name)
    except OSError:
        return  # a new file: nothing to check yet
    if size == 0:
        return
    with open(name, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(b"SQLite format 3\x00"):
        raise StoreError(name, "cannot open as a Rashomon database: not a SQLite file (its header is wrong)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if page_size and pages and size < page_size * pages and not os.path.exists(name + "-wal"):
        raise StoreError(
            name,
            f"damaged: the file is cut short ({size:,} bytes, {page_size * pages:,} expected); "
            + _DOCTOR.format(db=name),
        )
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the schema parses
    if size <= QUICK_CHECK_MAX_BYTES:
        problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise StoreError(name, f"damaged: {problems[0]}; " + _DOCTOR.format(db=name))


_DOCTOR = "run `rashomon doctor --db {db}` to see what is damaged and `--repair` to salvage the rest"


def _busy(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _store_error(path: str, error: sqlite3.DatabaseError, *, doing: str) -> StoreError:
    """A StoreError for what SQLite said, naming a full disk, a lock and damage as such."""
    text = " ".join(str(error).split())
    lower = text.lower()
    if "full" in lower:
        return StoreError(
            path, f"disk full: {doing} ({text}); free some space and run again, nothing committed is lost"
        )
    if _busy(error):
        return StoreError(
            path, f"{doing}: the database is locked by another process (waited {BUSY_TIMEOUT:g}s and retried)"
        )
    if "malformed" in lower or "corrupt" in lower:
        return StoreError(path, f"damaged: {text}; " + _DOCTOR.format(db=path))
    if "not a database" in lower or "file is encrypted" in lower:
        return StoreError(path, f"{doing}: not a SQLite database ({text})")
    return StoreError(path, f"{doing}: {text}")


def _after(after: tuple[str | None, str] | None) -> tuple[str, list[Any]]:
    """WHERE clause for the articles after (published, id) in the order published IS NULL, published, id."""
    if after is None:
        return "", []
    published, article_id = after
    if published is None:  # undated sort last: only undated articles with a greater id come after
        return " WHERE a.published IS NULL AND a.id > ?", [article_id]
    return (
        " WHERE a.published IS NULL OR a.published > ? OR (a.published = ? AND a.id > ?)",
        [published, published, article_id],
    )


def _filters(*, since: datetime | str | None, outlet: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if since is not None:
        clauses.append("published >= ?")
        params.append(_iso(since))
    if outlet is not None:
        clauses.append("outlet = ?")
        params.append(outlet)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _article(row: sqlite3.Row) -> Article:
    data = dict(row)
    data["removed"] = json.loads(data["removed"])
    data["notes"] = json.loads(data["notes"])
    return article_from_dict(data)
