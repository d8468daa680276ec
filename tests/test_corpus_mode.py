"""Corpus mode as the README documents it: another tool's JSON articles ingested with a mapping, grouped, reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rashomon.cli import cli
from rashomon.corpus import BadRecord, read_json_records
from rashomon.errors import InputError
from rashomon.evaluation.ecbplus import default_eval_dir
from rashomon.store import Store

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
        assert all(a.outlet.lower() in {"nyt", "fox", "hpo"} and a.published for a in store.articles())
        steele = next(a for a in store.articles() if a.title == "Michael Steele Criticized for Afghanistan Comments")
        assert steele.text.startswith("WASHINGTON — Michael Steele") and "\n“This is not something" in steele.text
    together = sum(len({story_of[t] for t in titles}) == 1 for titles in triplets.values())
    assert together >= 0.8 * len(triplets)  # most 2010 triplets are one story each
    story = story_of["Michael Steele Criticized for Afghanistan Comments"]
    report = invoke("report", story, "--db", db, "--format", "json")
    assert report.exit_code == 0, report.output
    assert {a["outlet"].lower() for a in json.loads(report.stdout)["articles"]} == {"nyt", "fox", "hpo"}


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
