"""The store as datasette sees it: its search box finds articles, and the shipped metadata's queries run."""

from __future__ import annotations

import json
import sqlite3
from importlib.resources import files
from pathlib import Path

import pytest

from rashomon.model.records import Article
from rashomon.store.sqlite import Store

datasette_utils = pytest.importorskip("datasette.utils", reason="datasette is a dev dependency")


def _store(path: Path) -> None:
    with Store.open(path) as store:
        store.add_article(Article(id="a1", source="a.txt", outlet="Gazette", title="Ferry", text="The ferry sank."))
        store.add_article(
            Article(id="a2", source="b.txt", outlet="Wire", title="Budget", text="Council budget passed.")
        )
        store.set_story("s1", ["a1", "a2"], title="Ferry")


def metadata() -> dict[str, object]:
    data = json.loads(files("rashomon.store").joinpath("datasette.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_datasette_detects_the_full_text_index(tmp_path: Path) -> None:
    _store(tmp_path / "rashomon.db")
    with sqlite3.connect(tmp_path / "rashomon.db") as db:
        assert datasette_utils.detect_fts(db, "articles") == "articles_fts"
        # the query datasette's search box runs (searchmode "escaped"), against the detected table
        found = db.execute(
            "select id from articles where rowid in (select rowid from articles_fts where articles_fts match ?)",
            (datasette_utils.escape_fts("ferry"),),
        ).fetchall()
    assert found == [("a1",)]


def test_the_shipped_metadata_queries_run(tmp_path: Path) -> None:
    _store(tmp_path / "rashomon.db")
    queries = metadata()["databases"]["rashomon"]["queries"]  # type: ignore[index]
    params = {"story_id": "s1", "words": "budget"}
    with sqlite3.connect(tmp_path / "rashomon.db") as db:
        results = {name: db.execute(q["sql"], params).fetchall() for name, q in queries.items()}
    assert results["stories_by_size"][0][:3] == ("s1", "Ferry", 2)
    assert [row[0] for row in results["search_articles"]] == ["a2"]
    assert sorted(row[0] for row in results["articles_per_outlet"]) == ["Gazette", "Wire"]


def test_the_metadata_labels_every_column_of_the_main_tables(tmp_path: Path) -> None:
    _store(tmp_path / "rashomon.db")
    tables = metadata()["databases"]["rashomon"]["tables"]  # type: ignore[index]
    with sqlite3.connect(tmp_path / "rashomon.db") as db:
        for table in ("articles", "stories", "story_members", "ingest_errors"):
            columns = {row[1] for row in db.execute(f"pragma table_info({table})")}
            assert set(tables[table]["columns"]) <= columns, table
        assert set(tables["articles"]["columns"]) == columns_of(db, "articles")


def columns_of(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"pragma table_info({table})")}
