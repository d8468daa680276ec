"""The store's schema as append-only named migrations `m001_...`, applied once each, in order.

Never edit a migration that has shipped: add `m00N_...` below it. Each one runs in its own transaction
and is recorded by name in `_rashomon_migrations`. SQL stays portable (TEXT columns, ISO 8601 dates, JSON
as text) except the FTS5 index, which a PostgreSQL backend would replace with a tsvector column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["MIGRATIONS", "applied", "migrate"]

Migration = Callable[[sqlite3.Connection], None]

_INITIAL = """
CREATE TABLE outlets (
    name TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    canonical_url TEXT UNIQUE,
    source TEXT NOT NULL,
    outlet TEXT REFERENCES outlets(name),
    title TEXT,
    published TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    text TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TABLE analyses (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pipeline TEXT NOT NULL,
    layers TEXT NOT NULL,
    provenance TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (article_id, pipeline)
);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    first_published TEXT,
    last_published TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE story_members (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_members_article ON story_members(article_id);
CREATE TABLE comparisons (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    membership_hash TEXT NOT NULL,
    report TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (story_id, membership_hash)
);
CREATE TABLE ingest_errors (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    record TEXT,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    last_polled TEXT,
    added TEXT NOT NULL
);
"""


def m001_initial(db: sqlite3.Connection) -> None:
    """Outlets, articles (+ FTS5), analyses, stories and members, comparisons, ingest errors, feeds."""
    _run_script(db, _INITIAL)


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Execute `script` statement by statement (executescript would commit the open transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""


def m002_features(db: sqlite3.Connection) -> None:
    """Grouping features per article (rashomon.group.features), so grouping never re-reads or re-stems texts;
    the article a story member copies (wire copies and syndication count once as sources); a key-value
    `state` table (what the stories were last grouped from)."""
    _run_script(
        db,
        """
ALTER TABLE story_members ADD COLUMN copy_of TEXT;
CREATE TABLE features (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX articles_published_id ON articles(published, id);
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
""",
    )


def m003_web_jobs(db: sqlite3.Connection) -> None:
    """Articles added through the web app (`rashomon serve`): one row per submission and one per item (a
    URL, a feed or a pasted text) with its status and outcome, so every worker process can show progress."""
    _run_script(
        db,
        """
CREATE TABLE web_jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    client TEXT,
    worker TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE web_job_items (
    job_id TEXT NOT NULL REFERENCES web_jobs(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    kind TEXT NOT NULL,
    input TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT,
    articles TEXT NOT NULL DEFAULT '[]',
    updated TEXT NOT NULL,
    PRIMARY KEY (job_id, n)
);
""",
    )


def m005_datasette_fts(db: sqlite3.Connection) -> None:
    """The full-text index declared as `content="articles"`, the form datasette recognises for its search box
    (`content='articles'` left the box showing every row), rebuilt from the articles; same triggers."""
    _run_script(
        db,
        """
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content="articles", content_rowid="rowid");
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
""",
    )


MIGRATIONS: tuple[Migration, ...] = (m001_initial, m002_features, m003_web_jobs, m005_datasette_fts)


def applied(db: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied to `db`, in the order they ran."""
    db.execute("CREATE TABLE IF NOT EXISTS _rashomon_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    return [row[0] for row in db.execute("SELECT name FROM _rashomon_migrations ORDER BY rowid")]


def migrate(db: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply each migration not yet recorded, each in one transaction; return the names applied now."""
    done = set(applied(db))
    ran = []
    for migration in migrations:
        if migration.__name__ in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM _rashomon_migrations WHERE name = ?", (migration.__name__,)).fetchone():
                db.execute("COMMIT")  # another process applied it between our check and our lock
                continue
            migration(db)
            now = datetime.now(UTC).isoformat()
            db.execute("INSERT INTO _rashomon_migrations (name, applied_at) VALUES (?, ?)", (migration.__name__, now))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran.append(migration.__name__)
    return ran
