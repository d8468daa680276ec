"""Ingest: corpora, files and directories into the store; bad records recorded and skipped; idempotent; kill-safe."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from rashomon.cli import cli
from rashomon.corpus.ingest import IngestCounts, ingest
from rashomon.errors import InputError
from rashomon.sources.records import BadRecord, parse_mapping, read_corpus
from rashomon.store.sqlite import Store

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"


def body(n: int) -> str:
    return (
        f"Council meeting {n} approved a budget of {n} million for the ferry service on Tuesday.\n"
        f"The vote on item {n} passed after a long debate about fares and timetables."
    )


def record(n: int, **extra: object) -> dict:
    return {
        "text": body(n),
        "title": f"Story {n}",
        "url": f"https://news.example/{n}",
        "outlet": "Gazette",
        "published": "2025-03-01T09:00:00Z",
        **extra,
    }


def write_jsonl(path: Path, lines: list[str | dict]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), encoding="utf-8"
    )
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "r.db") as opened:
        yield opened


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_jsonl_with_bad_lines_is_stored_and_the_bad_lines_recorded(tmp_path: Path, store: Store) -> None:
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [
            record(1),
            "{not json",
            "[1, 2]",
            {"title": "no text"},
            record(2, published="not a date"),
            "",
            record(3),
        ],
    )
    counts = ingest([str(corpus)], store)
    assert counts == IngestCounts(stored=2, duplicates=0, errors=4)
    reasons = {int(e["record"]): e["reason"] for e in store.errors()}
    assert set(reasons) == {2, 3, 4, 5}
    assert reasons[2].startswith("malformed JSON") and reasons[3] == "expected a JSON object, got an array"
    assert "no text" in reasons[4] and "unreadable date" in reasons[5]
    [article] = store.search("Council meeting 3")
    assert (article.title, article.outlet, article.url, article.published.year) == (
        "Story 3",
        "Gazette",
        "https://news.example/3",
        2025,
    )


def test_the_same_article_twice_is_stored_once(tmp_path: Path, store: Store) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [record(1), record(1), {**record(2), "url": None}])
    assert ingest([str(corpus)], store) == IngestCounts(stored=2, duplicates=1)
    assert ingest([str(corpus)], store) == IngestCounts(stored=0, duplicates=3)
    assert store.count() == 2


def test_undecodable_line_and_oversized_text_are_recorded(tmp_path: Path, store: Store) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(
        json.dumps(record(1)).encode()
        + b"\n"
        + b'{"text": "caf\xe9 \xff"}\n'
        + json.dumps(record(2, text="x " * 600)).encode()
        + b"\n"
    )
    counts = ingest([str(corpus)], store, max_chars=1000)
    assert counts == IngestCounts(stored=1, errors=2)
    reasons = [e["reason"] for e in store.errors()]
    assert reasons[0].startswith("undecodable bytes") and "over the cap of 1,000" in reasons[1]


def test_a_50_mb_article_is_refused_and_the_rest_kept(tmp_path: Path, store: Store) -> None:
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(record(1)) + "\n")
        handle.write('{"text": "' + "word " * 10_000_000 + '"}\n')
        handle.write(json.dumps(record(2)) + "\n")
    assert ingest([str(corpus)], store) == IngestCounts(stored=2, errors=1)
    assert "over the size cap" in store.errors()[0]["reason"]


def test_csv_and_parquet_with_a_column_mapping(tmp_path: Path, store: Store) -> None:
    mapping = parse_mapping(["text=body", "title=headline", "url=link", "published=date", "outlet=source"])
    csv_path = tmp_path / "c.csv"
    csv_path.write_text(
        f'headline,body,link,date,source\nA,"{body(1)}",https://a.example/1,2025-03-01,Wire\n'
        f'B,"{body(2)}",https://a.example/2,2025-03-02,Wire,extra\n',
        encoding="utf-8",
    )
    table = pa.table(
        {
            "headline": ["C"],
            "body": [body(3)],
            "link": ["https://a.example/3"],
            "date": ["2025-03-03"],
            "source": ["Herald"],
        }
    )
    pq.write_table(table, tmp_path / "c.parquet")
    counts = ingest([str(csv_path), str(tmp_path / "c.parquet")], store, mapping=mapping)
    assert counts == IngestCounts(stored=2, errors=1)
    assert "6 fields; the header has 5" in store.errors()[0]["reason"]
    assert sorted((a.title, a.outlet) for a in store.articles()) == [("A", "Wire"), ("C", "Herald")]


def test_read_corpus_yields_bad_records_in_order(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [record(1), "oops"])
    items = list(read_corpus(corpus))
    assert items[1] == BadRecord(2, "malformed JSON: Expecting value (column 1)")


def test_directory_with_a_bad_file_stores_the_others(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.txt").write_text(body(1), encoding="utf-8")
    (folder / "b.txt").write_bytes(PNG_BYTES)
    (folder / "c.md").write_text(body(2), encoding="utf-8")
    write_jsonl(folder / "d.jsonl", [record(3)])
    counts = ingest([str(folder), str(tmp_path / "missing.txt")], store)
    assert counts == IngestCounts(stored=3, errors=2)
    errors = [(Path(e["source"]).name, e["reason"]) for e in store.errors()]
    assert errors[0][0] == "b.txt" and "binary content" in errors[0][1]
    assert errors[1] == ("missing.txt", "no such file or directory")


def test_cli_reports_counts_and_exits_0_with_recorded_errors(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [record(1), "{bad", record(2)])
    result = invoke("ingest", str(corpus), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 0, result.output
    assert "2 stored, 0 duplicates, 1 errors (recorded in" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_cli_empty_corpus_is_a_one_line_error(tmp_path: Path, content: str) -> None:
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text(content, encoding="utf-8")
    result = invoke("ingest", str(corpus), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")
    assert "nothing could be read" in result.stderr and "Traceback" not in result.output
    with Store.open(tmp_path / "x.db") as store:
        assert store.errors()[0]["reason"] == "empty corpus: no records"


def test_cli_bad_map_is_a_one_line_error(tmp_path: Path) -> None:
    result = invoke("ingest", "x.jsonl", "--db", str(tmp_path / "x.db"), "--map", "body=text")
    assert result.exit_code == 1
    assert "--map: unknown field 'body'" in result.stderr
    with pytest.raises(InputError, match="is not FIELD=COLUMN"):
        parse_mapping(["text"])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_midway_then_rerun_stores_each_article_once(tmp_path: Path, workers: str) -> None:
    total = 3000
    corpus = write_jsonl(tmp_path / "big.jsonl", [record(n) for n in range(total)])
    db = tmp_path / "x.db"
    command = [sys.executable, "-m", "rashomon", "ingest", str(corpus), "--db", str(db), "--workers", workers]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        committed = _wait_for_commits(db, process)
        children = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert 0 < committed
    _, alive = psutil.wait_procs(children, timeout=20)
    assert not alive, f"worker processes outlived the killed ingest: {alive}"
    with Store.open(db) as store:
        assert store.integrity_check() == ["ok"]
        assert committed <= store.count() < total  # killed midway: what was committed is there
    rerun = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    with Store.open(db) as store:
        assert store.integrity_check() == ["ok"]
        ids = [row[0] for row in store.db.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == total
        urls = {row[0] for row in store.db.execute("SELECT url FROM articles")}
        assert urls == {f"https://news.example/{n}" for n in range(total)}


def _wait_for_commits(db: Path, process: subprocess.Popen) -> int:
    """Poll the store (read-only) until some articles are committed; fail if the process ends first."""
    while process.poll() is None:
        if db.exists():
            try:
                with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as reader:
                    count = reader.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0  # schema not created yet
            if count >= 50:
                return count
        time.sleep(0.05)
    pytest.fail(f"ingest finished before it could be killed (exit {process.returncode})")


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"


def _stored(db: Path) -> tuple[dict[str, str], list[str]]:
    with Store.open(db) as store:
        found = dict(store.db.execute("SELECT article_id, data FROM features").fetchall())
        stories = sorted(f"{s.id} {s.articles} {s.sources}" for s in store.stories())
    return found, stories


def test_cli_ingest_on_two_worker_processes_stores_and_groups_what_one_process_does(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [record(n) for n in range(40)] + ["{bad"])
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = invoke("ingest", str(EXAMPLE), str(corpus), "--db", str(one))
    second = invoke("ingest", str(EXAMPLE), str(corpus), "--db", str(two), "--workers", "2")
    assert first.exit_code == second.exit_code == 0, second.output
    assert "45 stored, 0 duplicates, 1 errors" in second.stderr and "stories (" in second.stderr
    features_one, stories_one = _stored(one)
    assert (features_one, stories_one) == _stored(two) and len(features_one) == 45
    assert any(line.endswith(" 5 5") for line in stories_one)  # the reference story: 5 articles, 5 sources


def test_cli_stories_lists_without_regrouping_an_unchanged_store(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert invoke("ingest", str(EXAMPLE), "--db", db).exit_code == 0
    listed = invoke("stories", "--db", db)
    assert listed.exit_code == 0 and "new or changed" not in listed.stderr  # grouped at ingest already
    regrouped = invoke("stories", "--db", db, "--window", "2")
    assert "1 stories (0 new or changed, 0 removed)" in regrouped.stderr
    again = invoke("ingest", str(EXAMPLE), "--db", db)
    assert "0 stored, 5 duplicates" in again.stderr and "stories (" not in again.stderr


def test_cli_ingest_with_a_pipeline_stores_span_layers(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = invoke("ingest", str(EXAMPLE), "--db", str(db), "--pipeline", "sentences,entities", "--no-group")
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert store.count("analyses") == store.count("articles") == 5 and store.count("stories") == 0
        article = next(a for a in store.articles() if a.outlet == "Global News")
        analysis = store.get_analysis(article.id)
        assert analysis is not None and any(
            article.text[s.start : s.end] == "Mark Carney" for s in analysis.layers["entities"]
        )


@pytest.mark.parametrize(("option", "message"), [
    (["--engine", "spark"], "unknown engine 'spark'; use one of: serial, process, dask"),
    (["--pipeline", "sentences,quotes"], "quotes requires 'entities'"),
    (["--pipeline", "nonsense"], "unknown component 'nonsense'"),
])  # fmt: skip
def test_cli_bad_engine_or_pipeline_is_a_one_line_error_and_creates_no_store(tmp_path: Path, option: list[str],
                                                                             message: str) -> None:  # fmt: skip
    result = invoke("ingest", str(EXAMPLE), "--db", str(tmp_path / "x.db"), *option)
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def test_library_ingest_groups_the_store_as_the_command_does(tmp_path) -> None:
    import rashomon

    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"text": "Storm Ingrid cut power to 40,000 homes on the north coast on Monday.", "outlet": "Gazette"},
        {"text": "Storm Ingrid left 40,000 homes on the north coast without power on Monday.", "outlet": "Wire"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with rashomon.Store.open(tmp_path / "r.db") as store:
        counts = rashomon.ingest([str(corpus)], store)
        assert counts.stored == 2 and counts.grouped is not None
        [story] = store.stories()
        assert story.articles == 2
        comparison = store.report(story.id)
        assert isinstance(comparison, rashomon.Comparison)
        assert store.report_dict(story.id)["story"]["articles"] == 2
        assert rashomon.ingest([str(corpus)], store, group=False).grouped is None
