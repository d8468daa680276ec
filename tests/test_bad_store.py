"""Ingest and the store under bad records, a full disk, concurrent writers, a damaged file, unfinished grouping."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rashomon.cli import cli
from rashomon.corpus.ingest import ingest
from rashomon.corpus.stories import is_current, regroup
from rashomon.errors import StoreError
from rashomon.store.doctor import diagnose, repair
from rashomon.store.sqlite import Store


def body(n: int) -> str:
    return (
        f"Council meeting {n} approved a budget of {n} million for ferry route {n} on Tuesday.\n"
        f"The vote on item {n} passed after a long debate about fares and timetables on route {n}."
    )


def record(n: int) -> dict:
    return {"text": body(n), "title": f"Route {n}", "url": f"https://news.example/{n}", "outlet": "Gazette",
            "published": f"2025-03-{1 + n % 27:02d}T09:00:00Z"}  # fmt: skip


def write_jsonl(path: Path, lines: list[str | dict]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def unreadable_lines() -> list[str]:
    deep_text = json.dumps({"text": [[["x"]]], "title": "deep"}).replace('[[["x"]]]', "[" * 900 + '"x"' + "]" * 900)
    return [
        "[" * 100_000 + "]" * 100_000,  # nested too deep for json (RecursionError)
        '{"text": "Five thousand digits", "n": ' + "9" * 5000 + "}",  # past Python's int string limit
        deep_text,  # parses, but the paragraphs nested 900 deep overflowed the paragraph joiner
    ]


def test_bad_records_are_recorded_and_every_good_one_stored(tmp_path: Path) -> None:
    lines: list[str | dict] = [record(n) for n in range(70)]  # more than one batch of 64 before them
    lines += unreadable_lines()
    lines += [record(n) for n in range(70, 75)]
    corpus = write_jsonl(tmp_path / "news.jsonl", lines)
    result = invoke("ingest", str(corpus), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 0, result.output  # rc 2 and nothing stored before
    with Store.open(tmp_path / "x.db") as store:
        assert store.count("articles") == 75 + 1  # the deep text field is an article, its words joined
        reasons = {e["record"]: e["reason"] for e in store.errors()}
    assert reasons == {
        "71": "malformed JSON: nested too deeply",
        "72": "malformed JSON: a number with too many digits",
    }


def test_a_non_utf8_file_name_does_not_abort_a_directory_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    folder.mkdir()
    (folder / "a.txt").write_text(body(1), encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(body(2), encoding="utf-8")
    (folder / "z.txt").write_text(body(3), encoding="utf-8")
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "x.db") as store:
        sources = sorted(a.source for a in store.articles())
    assert sources == [str(folder / "a.txt"), str(folder / "caf\\xe9.txt"), str(folder / "z.txt")]


def test_a_fifo_in_a_directory_ingest_is_recorded_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(body(1), encoding="utf-8")
    os.mkfifo(tmp_path / "corpus.jsonl")  # the progress estimate and the reader both opened it and blocked
    result = invoke("ingest", str(tmp_path / "a.txt"), str(tmp_path / "corpus.jsonl"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "x.db") as store:
        assert store.count("articles") == 1
        assert [e["reason"] for e in store.errors()] == [
            "not a regular file but a FIFO (named pipe); name a file or a directory"
        ]


def test_a_full_disk_is_named_and_what_was_committed_stays(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", [record(n) for n in range(400)])
    with Store.open(tmp_path / "x.db") as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 60}")  # SQLite's own "disk full"
        with pytest.raises(StoreError) as caught:
            ingest([str(corpus)], store)
    # Was "cannot rollback - no transaction is active", which hid the cause.
    assert str(caught.value).startswith(f"{tmp_path / 'x.db'}: disk full: cannot write (database or disk is full)")
    with Store.open(tmp_path / "x.db") as store:
        kept = store.count("articles")
        assert 0 < kept < 400 and store.integrity_check() == ["ok"]


def test_a_grouping_that_reads_while_another_process_commits_is_not_locked_out(tmp_path, monkeypatch) -> None:
    with Store.open(tmp_path / "x.db") as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(40)]))], store)
    other = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    added = iter(range(100, 140))

    def someone_else_commits(n: int) -> None:
        other.execute("UPDATE state SET value = value WHERE key = 'nothing'")  # any commit moves the snapshot
        other.execute(f"INSERT INTO ingest_errors (source, reason, at) VALUES ('x{next(added)}', 'r', 't')")

    monkeypatch.setattr("rashomon.store.sqlite.READ_PAGE", 7)
    with Store.open(tmp_path / "x.db") as store:
        # A cursor held across the grouper's writes made them fail: "database is locked" (a stale snapshot).
        counts = regroup(store, drain_every=3, progress=someone_else_commits)
        assert counts.stories > 0 and is_current(store)
    other.close()


def test_three_ingests_into_one_store_all_succeed_and_all_is_grouped(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    corpora = []
    for k in range(3):
        corpora.append(write_jsonl(tmp_path / f"c{k}.jsonl", [record(1000 * k + n) for n in range(150)]))
    runs = [subprocess.Popen([sys.executable, "-m", "rashomon", "ingest", str(c), "--db", db],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in corpora]  # fmt: skip
    outcomes = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    with Store.open(db) as store:
        assert store.count("articles") == 450
        assert is_current(store)
        members = {a for ids in store.story_members().values() for a in ids}
        assert members == {a.id for a in store.articles()}  # every article in a story


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(4096 * (size // 4096 // 2))
        handle.write(b"\xff" * 4096)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(300)]))], store)
        regroup(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(db)
    return db


def test_a_damaged_store_is_refused_with_one_line_naming_doctor(damaged: Path) -> None:
    result = invoke("stories", "--db", str(damaged))  # was read and written without complaint
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {damaged}: damaged: database disk image is malformed; run `rashomon doctor --db {damaged}`"
        " to see what is damaged and `--repair` to salvage the rest"
    ]


def test_doctor_reports_damage_and_repair_salvages_the_rest(damaged: Path) -> None:
    checked = invoke("doctor", "--db", str(damaged))
    assert checked.exit_code == 1
    assert "integrity\tdamaged: database disk image is malformed" in checked.stdout
    repaired = invoke("doctor", "--db", str(damaged), "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "the damaged file is kept as" in repaired.stdout
    checkup = diagnose(damaged)
    assert checkup.healthy and checkup.integrity == ("ok",) and checkup.ungrouped == 0
    assert 250 < (checkup.articles or 0) <= 300
    assert (damaged.parent / "x.db.damaged").exists()
    with Store.open(damaged) as store:
        assert store.integrity_check() == ["ok"]


def test_doctor_on_a_healthy_store_changes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(5)]))], store)
        regroup(store)
    result = invoke("doctor", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "integrity\tok", "search index\tok", "foreign keys\tok", "articles\t5", "in no story\t0", "grouping\tcurrent",
    ]  # fmt: skip
    assert repair(tmp_path / "x.db").actions == ()


def test_doctor_rebuilds_a_broken_search_index(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(5)]))], store)
        regroup(store)
        store.db.execute("DELETE FROM articles_fts_data WHERE id > 10")  # the index's pages (not its structure)
    assert diagnose(tmp_path / "x.db").search_index.startswith("damaged")
    assert repair(tmp_path / "x.db").actions == ("rebuilt the search index",)
    with Store.open(tmp_path / "x.db") as store:
        assert [a.title for a in store.search("route 3")] == ["Route 3"]


def test_articles_stored_without_grouping_are_grouped_by_the_next_ingest(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    corpus = write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(8)])
    assert invoke("ingest", str(corpus), "--db", db, "--no-group").exit_code == 0  # as a killed grouping leaves it
    again = invoke("ingest", str(corpus), "--db", db)  # stores nothing new: it used to skip the grouping
    assert "0 stored, 8 duplicates" in again.stderr and "stories (" in again.stderr
    with Store.open(db) as store:
        assert is_current(store) and len({a for ids in store.story_members().values() for a in ids}) == 8


def test_the_store_carries_no_absolute_path_the_user_did_not_give(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clips").mkdir()
    (tmp_path / "clips" / "a.txt").write_text(body(1), encoding="utf-8")
    (tmp_path / "clips" / "empty.txt").write_text("", encoding="utf-8")
    write_jsonl(tmp_path / "clips" / "c.jsonl", [record(2), "not json"])
    assert invoke("ingest", "clips", "--db", "x.db").exit_code == 0
    with sqlite3.connect(tmp_path / "x.db") as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        cells = [str(cell) for table in tables if not table.startswith("articles_fts")
                 for row in db.execute(f'SELECT * FROM "{table}"') for cell in row]  # fmt: skip
    assert any(os.path.join("clips", "a.txt") in cell for cell in cells)
    assert not any(str(tmp_path) in cell for cell in cells)
