"""Corpus mode as the README documents it: another tool's JSON articles ingested with a mapping, grouped, reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rashomon_eval.ecbplus import default_eval_dir

from rashomon.cli import cli
from rashomon.errors import InputError
from rashomon.sources.records import BadRecord, read_json_records
from rashomon.store.sqlite import Store

BASIL_MAP = ["--map", "text=body-paragraphs", "--map", "published=date", "--map", "outlet=source"]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def basil_year(year: str) -> Path:
    folder = default_eval_dir() / "basil" / "articles" / year
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but BASIL is missing at {folder}")
        pytest.skip(f"needs ../shared/eval/basil (not on this machine): {folder}")
    return folder


def test_basil_articles_ingest_with_a_mapping_group_into_their_triplets_and_report(tmp_path: Path) -> None:
    folder = basil_year("2010")
    db = str(tmp_path / "basil.db")
    result = invoke("ingest", str(folder.parent), *BASIL_MAP, "--db", db)  # subfolders by year are walked
    assert result.exit_code == 0, result.output
    assert "210 stored, 0 duplicates, 0 errors" in result.stderr
    triplets = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        triplets.setdefault(data["triplet-uuid"], []).append(data["title"].strip())
    with Store.open(db) as store:
        story_of = {row[0]: row[1] for row in store.db.execute(
            "SELECT a.title, m.story_id FROM articles a JOIN story_members m ON m.article_id = a.id")}  # fmt: skip
        names = {"The New York Times", "Fox News", "HuffPost"}  # BASIL's codes nyt, fox, hpo, named readably
        assert all(a.outlet in names and a.published for a in store.articles())
        steele = next(a for a in store.articles() if a.title == "Michael Steele Criticized for Afghanistan Comments")
        assert steele.text.startswith("WASHINGTON — Michael Steele") and "\n“This is not something" in steele.text
    together = sum(len({story_of[t] for t in titles}) == 1 for titles in triplets.values())
    assert together >= 0.8 * len(triplets)  # most 2010 triplets are one story each
    story = story_of["Michael Steele Criticized for Afghanistan Comments"]
    report = invoke("report", story, "--db", db, "--format", "json")
    assert report.exit_code == 0, report.output
    assert {a["outlet"] for a in json.loads(report.stdout)["articles"]} == {
        "The New York Times",
        "Fox News",
        "HuffPost",
    }


def test_json_records_join_nested_paragraphs_and_read_arrays(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"body": [["First paragraph."], ["Second", "part."]], "headline": "H"}), "utf-8")
    (doc,) = read_json_records(one, mapping={"text": "body", "title": "headline"})
    assert doc.text == "First paragraph.\n\nSecond part." and doc.title == "H" and doc.source.endswith("one.json#1")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "A text."}, 3, {"nope": 1}]), "utf-8")
    first, second, third = read_json_records(many)
    assert first.text == "A text."
    assert second == BadRecord(2, "expected a JSON object, got a number")
    assert third == BadRecord(3, "no text in column 'text'")


def test_a_malformed_json_file_is_a_recorded_error_and_the_directory_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "articles" / "2020"
    folder.mkdir(parents=True)
    (folder / "a.json").write_text(json.dumps({"body": "The council approved the ferry budget on Tuesday."}), "utf-8")
    (folder / "b.json").write_text("{not json", "utf-8")
    with pytest.raises(InputError, match=r"b\.json: malformed JSON"):
        list(read_json_records(folder / "b.json", mapping={"text": "body"}))
    db = str(tmp_path / "x.db")
    result = invoke("ingest", str(tmp_path / "articles"), "--map", "text=body", "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 stored, 0 duplicates, 1 errors" in result.stderr
    with Store.open(db) as store:
        (error,) = store.errors()
        assert error["source"].endswith("b.json") and error["reason"].startswith("malformed JSON")


ARTICLE_HTML = (
    "<html><head><title>Ferry fares frozen</title></head><body><article><h1>Ferry fares frozen</h1>"
    "<p>The harbour council froze ferry fares for a year on Tuesday, after a long debate about the budget.</p>"
    "<p>Councillors said the ferry service would keep its timetable and that no route would close.</p>"
    "</article></body></html>"
)


def test_gzipped_pages_and_corpora_are_read_as_what_their_inner_name_says(tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "fares.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    records = [{"text": f"Story {n}: the council met on Tuesday and voted on item {n} of the budget.", "title": f"T{n}"}
               for n in range(3)]  # fmt: skip
    lines = "\n".join(json.dumps(r) for r in records) + "\n{broken\n"
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    db = str(tmp_path / "x.db")
    result = invoke("ingest", str(folder), "--db", db)
    assert result.exit_code == 0, result.output
    assert "4 stored, 0 duplicates, 1 errors" in result.stderr  # the broken line, streamed from the archive
    with Store.open(db) as store:
        assert any(a.title == "Ferry fares frozen" and "froze ferry fares" in a.text for a in store.articles())
        assert store.errors()[0]["record"] == "4" and "malformed JSON" in store.errors()[0]["reason"]


def test_corrupt_gzip_and_a_gzip_bomb_are_recorded_errors(tmp_path: Path) -> None:
    import gzip

    from rashomon.sources.readers import MAX_GUNZIPPED_BYTES

    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8b\x08\x00not gzip at all")
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b" " * (MAX_GUNZIPPED_BYTES + 10)))
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "A full record of text here."}\n' * 50)[:-30])
    db = str(tmp_path / "x.db")
    result = invoke("ingest", str(tmp_path), "--db", db)
    assert "Traceback" not in result.output
    with Store.open(db) as store:
        reasons = {Path(e["source"]).name: e["reason"] for e in store.errors()}
    assert reasons["bad.html.gz"].startswith("not readable gzip data")
    assert reasons["bomb.txt.gz"] == f"decompresses to over {MAX_GUNZIPPED_BYTES:,} bytes"
    assert reasons["cut.jsonl.gz"].startswith("unreadable after line")


def test_a_directory_without_articles_is_a_recorded_error(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = invoke("ingest", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1 and "nothing could be read" in result.stderr
    with Store.open(tmp_path / "x.db") as store:
        assert store.errors()[0]["reason"].startswith("no article or corpus files (")
