"""Check a store and repair what can be repaired: damaged pages, the search index, an unfinished grouping.

`diagnose` reads everything (SQLite's full integrity check, the FTS index's own check, foreign keys) and the
grouping state; `repair` salvages a damaged file row by row into a fresh store (rows on damaged pages are
lost and counted, the damaged file is kept beside it as `NAME.damaged`), rebuilds the search index, and
groups whatever is not grouped.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rashomon.errors import StoreError
from rashomon.store.sqlite import Store

__all__ = ["Checkup", "Repair", "diagnose", "repair"]

# Copied first to last, so that what a row refers to is there before it; any other table the damaged store
# holds (a later migration's) is copied after these when the fresh store has it too.
_TABLES = ("outlets", "articles", "features", "analyses", "stories", "story_members", "comparisons",
           "ingest_errors", "feeds", "state")  # fmt: skip
_NOT_COPIED = ("_rashomon_migrations", "sqlite_", "articles_fts")
# Rows a table may hold that refer to another table's rows, and where: removed when what they refer to
# was lost with a damaged page.
_ORPHANS = (
    "DELETE FROM features WHERE article_id NOT IN (SELECT id FROM articles)",
    "DELETE FROM analyses WHERE article_id NOT IN (SELECT id FROM articles)",
    "DELETE FROM story_members WHERE article_id NOT IN (SELECT id FROM articles)",
    "DELETE FROM story_members WHERE story_id NOT IN (SELECT id FROM stories)",
    "DELETE FROM comparisons WHERE story_id NOT IN (SELECT id FROM stories)",
    "UPDATE articles SET outlet = NULL WHERE outlet IS NOT NULL AND outlet NOT IN (SELECT name FROM outlets)",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkup:
    """What `diagnose` found: the problems (none when healthy) and what the store holds."""

    path: str
    integrity: tuple[str, ...]  # ("ok",) or what SQLite's integrity check reported
    search_index: str  # "ok" or the problem
    foreign_keys: int  # rows that refer to a row that is not there
    articles: int | None  # None when the articles table cannot be read
    ungrouped: int | None  # stored articles in no story
    grouping_current: bool | None  # every stored article was in the last grouping

    @property
    def damaged(self) -> bool:
        """Whether the file itself is damaged (pages, index or references)."""
        return self.integrity != ("ok",) or self.search_index != "ok" or self.foreign_keys > 0

    @property
    def healthy(self) -> bool:
        """Whether nothing needs repair."""
        return not self.damaged and self.grouping_current is not False

    def lines(self) -> list[str]:
        """The checkup as tab-separated lines: what was checked, what was found."""
        integrity = "ok" if self.integrity == ("ok",) else "damaged: " + "; ".join(self.integrity[:3])
        return [
            f"store\t{self.path}",
            f"integrity\t{integrity}",
            f"search index\t{self.search_index}",
            f"foreign keys\t{'ok' if not self.foreign_keys else f'{self.foreign_keys} broken references'}",
            f"articles\t{'unreadable' if self.articles is None else self.articles}",
            f"in no story\t{'unknown' if self.ungrouped is None else self.ungrouped}",
            f"grouping\t{_grouping(self.grouping_current)}",
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class Repair:
    """What `repair` did: the actions taken, rows salvaged and lost per table, where the damaged file went."""

    actions: tuple[str, ...]
    salvaged: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    damaged_copy: str | None = None


def _grouping(current: bool | None) -> str:
    if current is None:
        return "unknown"
    return "current" if current else "unfinished: run with --repair, or any ingest, to finish it"


def diagnose(path: str | os.PathLike[str]) -> Checkup:
    """Check the store at `path` everywhere, changing nothing."""
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise StoreError(name, "no such store")
    db = sqlite3.connect(name, isolation_level=None, timeout=30)
    try:
        return _checkup(db, name)
    except sqlite3.DatabaseError as error:
        raise StoreError(name, f"cannot be read at all: {error}") from None
    finally:
        db.close()


def _checkup(db: sqlite3.Connection, name: str) -> Checkup:
    try:
        integrity = tuple(row[0] for row in db.execute("PRAGMA integrity_check(100)"))
    except sqlite3.DatabaseError as error:
        integrity = (str(error),)
    search = "ok"
    try:  # FTS5's own check writes nothing, though it is phrased as an insert
        db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        search = f"damaged: {error}"
    try:
        broken = len(db.execute("PRAGMA foreign_key_check").fetchall())
    except sqlite3.DatabaseError:
        broken = 0  # the integrity check has said why
    articles = _scalar(db, "SELECT count(*) FROM articles")
    ungrouped = _scalar(db, "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_members)")
    current = _current(db, articles)
    return Checkup(path=name, integrity=integrity, search_index=search, foreign_keys=broken, articles=articles,
                   ungrouped=ungrouped, grouping_current=current)  # fmt: skip


def _scalar(db: sqlite3.Connection, sql: str) -> int | None:
    try:
        return int(db.execute(sql).fetchone()[0])
    except sqlite3.DatabaseError:
        return None


def _current(db: sqlite3.Connection, articles: int | None) -> bool | None:
    import json

    from rashomon.group.features import FEATURES_VERSION

    if articles is None:
        return None
    try:
        row = db.execute("SELECT value FROM state WHERE key = 'grouped'").fetchone()
    except sqlite3.DatabaseError:
        return None
    if row is None:
        return articles == 0
    state = json.loads(row[0])
    return bool(state.get("articles") == articles and state.get("features") == FEATURES_VERSION)


def repair(path: str | os.PathLike[str], *, progress: Callable[[int], None] | None = None) -> Repair:
    """Repair the store at `path`: salvage a damaged file, rebuild the search index, finish the grouping."""
    name = os.fspath(path)
    checkup = diagnose(name)
    actions: list[str] = []
    salvaged: dict[str, int] = {}
    lost: dict[str, int] = {}
    damaged_copy = None
    if checkup.integrity != ("ok",) or checkup.foreign_keys:
        salvaged, lost, damaged_copy = _salvage(name)
        kept, dropped = sum(salvaged.values()), sum(lost.values())
        actions.append(f"salvaged {kept} rows into a fresh store, {dropped} lost on damaged pages")
        actions.append(f"the damaged file is kept as {damaged_copy}")
    with Store.open(name) as store:
        if checkup.search_index != "ok" and not damaged_copy:
            with store.transaction() as db:
                db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
            actions.append("rebuilt the search index")
        from rashomon.corpus.stories import is_current, regroup

        if not is_current(store):
            counts = regroup(store, progress=progress, resume=True)
            actions.append(f"grouped the articles: {counts.stories} stories ({counts.written} new or changed)")
    return Repair(actions=tuple(actions), salvaged=salvaged, lost=lost, damaged_copy=damaged_copy)


def _salvage(name: str) -> tuple[dict[str, int], dict[str, int], str]:
    """Copy every readable row into a fresh store at `name`; the damaged file moves to `name`.damaged."""
    fresh = name + ".salvage"
    for leftover in (fresh, fresh + "-wal", fresh + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    salvaged: dict[str, int] = {}
    lost: dict[str, int] = {}
    old = sqlite3.connect(f"file:{_uri(name)}?mode=ro", uri=True, isolation_level=None)
    try:
        with Store.open(fresh, check=False) as store:
            store.db.execute("PRAGMA foreign_keys=OFF")  # references are made whole after the copy
            for table in _copy_order(old, store.db):
                salvaged[table], lost[table] = _copy_table(old, store.db, table)
            with store.transaction() as db:
                for statement in _ORPHANS:
                    db.execute(statement)
                db.execute("DELETE FROM state WHERE key IN ('grouped', 'grouper')")  # regroup from scratch
    finally:
        old.close()
    damaged = name + ".damaged"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(name + suffix):
            os.replace(name + suffix, damaged + suffix)
    os.replace(fresh, name)
    return salvaged, lost, damaged


def _copy_order(old: sqlite3.Connection, new: sqlite3.Connection) -> list[str]:
    def tables(db: sqlite3.Connection) -> list[str]:
        try:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
        except sqlite3.DatabaseError:
            return list(_TABLES)
        return [row[0] for row in rows if not row[0].startswith(_NOT_COPIED)]

    have, want = tables(old), set(tables(new))
    ordered = [t for t in _TABLES if t in want and t in have]
    return ordered + [t for t in have if t in want and t not in ordered]


def _copy_table(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> tuple[int, int]:
    """Copy the readable rows of `table`; return (rows copied, rows lost)."""
    columns = [row[1] for row in new.execute(f'PRAGMA table_info("{table}")')]
    try:
        have = {row[1] for row in old.execute(f'PRAGMA table_info("{table}")')}
    except sqlite3.DatabaseError:
        return 0, 0
    shared = [c for c in columns if c in have]
    listed = ", ".join(f'"{c}"' for c in shared)
    insert = f'INSERT OR IGNORE INTO "{table}" ({listed}) VALUES ({", ".join("?" * len(shared))})'
    copied = lost = 0
    new.execute("BEGIN IMMEDIATE")
    try:
        for row in _readable_rows(old, table, listed):
            if row is None:
                lost += 1
                continue
            new.execute(insert, row)
            copied += 1
        new.execute("COMMIT")
    except BaseException:
        if new.in_transaction:
            new.execute("ROLLBACK")
        raise
    return copied, lost


def _readable_rows(db: sqlite3.Connection, table: str, listed: str) -> Iterator[tuple[object, ...] | None]:
    """Each row of `table` that can be read; None for each rowid that cannot (a damaged page)."""
    last = 0
    try:
        for row in db.execute(f'SELECT rowid, {listed} FROM "{table}" ORDER BY rowid'):
            last = row[0]
            yield tuple(row[1:])
        return
    except sqlite3.DatabaseError:
        pass
    # The scan broke on a damaged page: each later row is asked for by its rowid, skipping what fails.
    try:
        highest = db.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or last
    except sqlite3.DatabaseError:
        return
    for rowid in range(last + 1, highest + 1):
        try:
            found = db.execute(f'SELECT {listed} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            yield None
            continue
        if found is not None:
            yield tuple(found)


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(os.path.abspath(path))
