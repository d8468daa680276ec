"""Export: the reference story's articles, story and claims as JSONL and Parquet, read back; atomic writes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rashomon.cli import cli
from rashomon.corpus import export as export_module
from rashomon.corpus.export import export
from rashomon.corpus.stories import compare_story, regroup
from rashomon.errors import OutputError, RashomonError
from rashomon.store.sqlite import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
TABLES = ("articles", "stories", "claims")
FORMATS = ("jsonl", "parquet")
OUTLETS = ["Breitbart", "Global News", "Global Times", "The English Chronicle"]  # one article's outlet is unknown
COLUMNS = {
    "articles": ["id", "url", "source", "outlet", "title", "published", "language", "text", "removed", "notes",
                 "story_id"],
    "stories": ["id", "title", "first_published", "last_published", "articles", "members", "outlets"],
    "claims": ["story_id", "id", "status", "text", "articles", "outlets", "missing", "sources", "mentions"],
}  # fmt: skip


def read_rows(path: Path) -> list[dict]:
    """The rows of an exported file, as dicts; Parquet's JSON text columns decoded to compare with JSONL."""
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = pq.read_table(path).to_pylist()
    for row in rows:
        for key in ("removed", "notes"):
            if key in row:
                row[key] = json.loads(row[key])
    return rows


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], Path], list[str]]:
    """The reference story ingested, grouped and exported six ways through the CLI: db, files, stderr lines."""
    folder = tmp_path_factory.mktemp("export")
    db = folder / "r.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    with Store.open(db) as store:
        assert regroup(store).stories == 1
    files, last_lines = {}, []
    for what in TABLES:
        for fmt in FORMATS:
            files[what, fmt] = folder / f"{what}.{fmt}"
            result = runner.invoke(cli, ["export", what, "-o", str(files[what, fmt]), "--db", str(db)])
            assert result.exit_code == 0, result.output
            last_lines.append(result.stderr.splitlines()[-1])
    return db, files, last_lines


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "empty.db") as opened:
        yield opened


@pytest.mark.parametrize("fmt", FORMATS)
def test_articles_are_the_stored_articles_with_their_story(exported, fmt: str) -> None:
    db, files, _ = exported
    rows = read_rows(files["articles", fmt])
    with Store.open(db) as store:
        stored = {a.id: a for a in store.articles()}
        [story_id] = store.story_members()
    assert [row["id"] for row in rows] == [a.id for a in stored.values()]
    assert sorted(o for o in (row["outlet"] for row in rows) if o) == OUTLETS
    for row in rows:
        article = stored[row["id"]]
        assert (row["text"], row["title"], row["story_id"]) == (article.text, article.title, story_id)
        assert row["removed"] == [{"text": r.text, "reason": r.reason} for r in article.removed]
    times = next(row for row in rows if row["outlet"] == "Global Times")
    assert times["published"] == "2026-01-14T00:00:00+00:00" and times["language"] == "en"
    assert "manifest note: outlet inferred from the text ('told the Global Times')" in times["notes"]
    assert times["source"].endswith("000_157620802a43c7f4.txt")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_story_row_lists_its_members_and_outlets(exported, fmt: str) -> None:
    db, files, _ = exported
    [row] = read_rows(files["stories", fmt])
    with Store.open(db) as store:
        [(story_id, members)] = store.story_members().items()
    assert (row["id"], row["articles"], sorted(row["members"])) == (story_id, 5, sorted(members))
    assert row["outlets"] == OUTLETS
    assert row["first_published"] == row["last_published"] == "2026-01-14T00:00:00+00:00"
    assert row["title"].startswith("Canadian Prime Minister Mark Carney arrived in Beijing")


@pytest.mark.parametrize("fmt", FORMATS)
def test_claims_are_the_reports_claims_with_outlets_and_sentences(exported, fmt: str) -> None:
    db, files, _ = exported
    rows = read_rows(files["claims", fmt])
    with Store.open(db) as store:
        [story_id] = store.story_members()
        comparison, report = compare_story(store, story_id)
        texts = {a.id: a.text for a in store.articles()}
        outlets = {a.id: a.outlet for a in store.articles()}
    assert comparison is None  # the export cached the report
    assert [row["id"] for row in rows] == [claim["id"] for claim in report["claims"]]
    assert {row["story_id"] for row in rows} == {story_id}
    assert {row["status"] for row in rows} == {"consensus", "shared", "unique"}
    consensus = next(row for row in rows if "first visit by a Canadian leader to China" in row["text"])
    assert consensus["status"] == "consensus"
    assert sorted(consensus["outlets"]) == OUTLETS and consensus["missing"] == [] and consensus["sources"] == 5
    for row in rows:
        assert row["outlets"] == list(dict.fromkeys(o for a in row["articles"] if (o := outlets[a])))
        for mention in row["mentions"]:
            assert texts[mention["article"]][mention["start"] : mention["end"]] == mention["text"]
            assert mention["outlet"] == outlets[mention["article"]]


@pytest.mark.parametrize("what", TABLES)
def test_jsonl_and_parquet_hold_the_same_rows(exported, what: str) -> None:
    _, files, _ = exported
    assert read_rows(files[what, "jsonl"]) == read_rows(files[what, "parquet"])
    assert pq.read_schema(files[what, "parquet"]).names == COLUMNS[what]


def test_the_cli_says_how_many_rows_it_wrote(exported) -> None:
    _, files, lines = exported
    claims = len(read_rows(files["claims", "jsonl"]))
    assert lines == [
        f"{count} rows written to {files[what, fmt]}"
        for what, count in (("articles", 5), ("stories", 1), ("claims", claims))
        for fmt in FORMATS
    ]


@pytest.mark.parametrize("what", TABLES)
@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".parquet"])
def test_an_empty_store_gives_valid_empty_files(store: Store, tmp_path: Path, what: str, suffix: str) -> None:
    path = tmp_path / f"{what}{suffix}"
    assert export(store, what, path) == 0
    if suffix == ".parquet":
        table = pq.read_table(path)
        assert (table.num_rows, table.column_names) == (0, COLUMNS[what])
    else:
        assert path.read_bytes() == b""


def test_parquet_is_written_in_row_groups(exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "ROW_GROUP", 2)
    ticks: list[int] = []
    with Store.open(exported[0]) as store:
        assert export(store, "articles", tmp_path / "a.parquet", progress=ticks.append) == 5
    assert pq.ParquetFile(tmp_path / "a.parquet").num_row_groups == 3 and ticks == [1] * 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_error_midway_leaves_the_old_file_and_no_temp(exported, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"articles.{fmt}"
    target.write_text("the previous export\n")
    with Store.open(exported[0]) as store:
        articles = store.iter_articles

        def failing(**options):
            yield from list(articles(**options))[:3]
            raise RuntimeError("disk pulled out")

        store.iter_articles = failing
        with pytest.raises(RuntimeError, match="disk pulled out"):
            export(store, "articles", target)
    assert target.read_text() == "the previous export\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_missing_directory_is_a_one_line_error_and_nothing_is_written(exported, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "claims.parquet"
    result = CliRunner().invoke(cli, ["export", "claims", "-o", str(target), "--db", str(exported[0])])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {target}: cannot write: directory {target.parent} does not exist"
    )
    assert not target.parent.exists()


def test_an_unknown_suffix_is_a_one_line_error_naming_the_file(exported, tmp_path: Path) -> None:
    target = tmp_path / "articles.csv"
    result = CliRunner().invoke(cli, ["export", "articles", "-o", str(target), "--db", str(exported[0])])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {target}: suffix '.csv' names no export format; use .jsonl, .ndjson, .parquet or --format\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_format_overrides_the_suffix(exported, tmp_path: Path) -> None:
    target = tmp_path / "articles.out"
    result = CliRunner().invoke(
        cli, ["export", "articles", "-o", str(target), "--format", "parquet", "--db", str(exported[0])]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(target).num_rows == 5


def test_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "stories", "-o", str(tmp_path / "s.jsonl"), "--db", str(tmp_path / "none.db")]
    )
    assert result.exit_code == 1 and "none.db: no such store" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_parquet_without_pyarrow_says_how_to_install_it_and_jsonl_still_works(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    target = tmp_path / "stories.parquet"
    with pytest.raises(OutputError, match=r"writing Parquet needs pyarrow: pip install 'rashomon\[parquet\]'$"):
        export(store, "stories", target)
    assert not target.exists()
    assert export(store, "stories", tmp_path / "stories.jsonl") == 0


def test_an_unknown_table_lists_the_choices(store: Store, tmp_path: Path) -> None:
    with pytest.raises(RashomonError, match=r"^cannot export 'quotes'; choose one of: articles, stories, claims$"):
        export(store, "quotes", tmp_path / "q.jsonl")
