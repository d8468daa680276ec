"""The store: migrations once, idempotent articles, FTS, analyses, stories, cached comparisons, errors, feeds."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from rashomon.errors import StoreError
from rashomon.model.records import Analysis, Article, Removal, Span
from rashomon.store.migrations import MIGRATIONS, applied
from rashomon.store.sqlite import Store, canonical_url, membership_hash


def article(n: int, *, url: str | None = None, outlet: str = "Gazette", day: int = 1, text: str = "") -> Article:
    body = text or f"Article {n}: the council approved the ferry budget on day {day}."
    return Article(
        id=f"id{n}",
        source=f"s{n}.txt",
        text=body,
        outlet=outlet,
        title=f"Title {n}",
        url=url,
        published=datetime(2025, 3, day, 9),
        removed=(Removal(text="Advertisement", reason="furniture"),),
        notes=("a note",),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "r.db") as opened:
        yield opened


def test_open_sets_wal_foreign_keys_and_migrates_once(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Store.open(path).close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        names = [migration.__name__ for migration in MIGRATIONS]
        assert applied(store.db) == names == ["m001_initial", "m002_features", "m003_web_jobs", "m005_datasette_fts"]
        assert store.integrity_check() == ["ok"]


def test_a_store_from_before_features_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:
    from rashomon.clean.article import make_article
    from rashomon.model.records import Document
    from rashomon.store.migrations import m001_initial, migrate

    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, (m001_initial,))
    db.close()
    with Store.open(path) as store:
        store.add_article(make_article(Document(text="An old article about the harbour. " * 5, source="old.txt")))
    with Store.open(path) as store:
        assert applied(store.db) == ["m001_initial", "m002_features", "m003_web_jobs", "m005_datasette_fts"]
        (record,) = store.iter_story_records()  # no stored features: computed from the text
        assert record.features is not None and "harbour" in record.features.terms


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite, just some text that is long enough to be a header" * 10)
    with pytest.raises(StoreError, match="notes.db: cannot open as a Rashomon database"):
        Store.open(path)


def test_add_article_is_idempotent_by_id_and_canonical_url(store: Store) -> None:
    first = article(1, url="https://News.example/story/?utm_source=x#top")
    assert store.add_article(first) is True
    assert store.add_article(first) is False
    same_page = article(2, url="https://news.example/story")
    assert store.add_article(same_page) is False
    assert store.count() == 1
    assert store.get_article("id1") == first
    assert store.get_article("missing") is None
    assert store.has_article(url="https://news.example/story?utm_medium=y")


def test_canonical_url() -> None:
    assert canonical_url("HTTPS://A.example/x/?b=2&utm_x=1&a=1#f") == "https://a.example/x?a=1&b=2"
    assert canonical_url(None) is None


def test_articles_filters_and_outlets_table(store: Store) -> None:
    for n, (outlet, day) in enumerate([("Gazette", 1), ("Wire", 2), ("Gazette", 3)]):
        store.add_article(article(n, outlet=outlet, day=day))
    assert [a.id for a in store.articles()] == ["id0", "id1", "id2"]
    assert [a.id for a in store.articles(since="2025-03-02")] == ["id1", "id2"]
    assert [a.id for a in store.articles(outlet="Gazette", since=datetime(2025, 3, 2))] == ["id2"]
    assert store.count("outlets") == 2


def test_search_uses_the_full_text_index(store: Store) -> None:
    store.add_article(article(1, text="Storm Ingrid cut power to 40,000 households."))
    store.add_article(article(2, text="The ferry company cancelled sailings."))
    assert [a.id for a in store.search("households storm")] == ["id1"]
    assert [a.id for a in store.search('ferry "sailings')] == ["id2"]  # stray quotes are not FTS syntax
    assert store.search("   ") == []
    assert store.integrity_check() == ["ok"]


def test_analysis_round_trip(store: Store) -> None:
    analysis = Analysis(
        article=article(1),
        layers={"sentences": (Span(start=0, end=10, label="S", attrs={"n": 1}),)},
        provenance=("sentences/1",),
    )
    store.save_analysis(analysis, pipeline="rules")
    assert store.get_analysis("id1", pipeline="rules") == analysis
    assert store.get_analysis("id1", pipeline="spacy") is None


def test_stories_membership_and_cached_comparisons(store: Store) -> None:
    for n, (outlet, day) in enumerate([("Gazette", 1), ("Wire", 4)]):
        store.add_article(article(n, outlet=outlet, day=day))
    store.set_story("st1", ["id0", "id1"], title="Ferry budget")
    [story] = store.stories()
    assert (story.title, story.articles, story.first_published[:10], story.last_published[:10]) == (
        "Ferry budget",
        2,
        "2025-03-01",
        "2025-03-04",
    )
    assert [s.id for s in store.stories(outlet="Wire", since="2025-03-03")] == ["st1"]
    assert store.stories(outlet="Nobody") == []
    assert [a.id for a in store.story_articles("st1")] == ["id0", "id1"]
    key = membership_hash(["id1", "id0"])
    assert key == membership_hash(["id0", "id1", "id0"])
    assert store.cached_comparison("st1", key) is None
    store.cache_comparison("st1", key, {"story": {"title": "Ferry budget"}})
    assert store.cached_comparison("st1", key) == {"story": {"title": "Ferry budget"}}
    store.set_story("st1", ["id0"], title="Ferry budget")
    assert store.stories()[0].articles == 1


def test_story_members_must_be_stored_articles(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.set_story("st1", ["nope"])
    assert store.stories() == []  # the failed transaction left nothing behind


def test_errors_and_feeds(store: Store) -> None:
    store.record_error("corpus.jsonl", 7, "malformed JSON")
    errors = [(e["source"], e["record"], e["reason"]) for e in store.errors()]
    assert errors == [("corpus.jsonl", "7", "malformed JSON")]
    assert store.add_feed("https://news.example/rss") is True
    assert store.add_feed("https://news.example/rss") is False
    store.update_feed("https://news.example/rss", etag='"abc"', last_modified=None, title="News")
    [feed] = store.feeds()
    assert (feed.etag, feed.title, feed.last_polled is not None) == ('"abc"', "News", True)
