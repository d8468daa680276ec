"""Tests for manifest loading, validation and metadata parsing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rashomon.errors import ManifestError
from rashomon.sources.manifest import Metadata, find_manifest, load_manifest, parse_metadata, to_utc

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"


def write_story(tmp_path: Path, manifest: object, *, files: tuple[str, ...] = ("a.txt", "b.txt")) -> Path:
    for name in files:
        (tmp_path / name).write_text("Some article text.\n", encoding="utf-8")
    path = tmp_path / "manifest.json"
    path.write_text(manifest if isinstance(manifest, str) else json.dumps(manifest), encoding="utf-8")
    return path


def test_example_manifest_loads_story_and_entries() -> None:
    manifest = load_manifest(EXAMPLE / "manifest.json")
    assert manifest.story == "Canadian Prime Minister Mark Carney's visit to Beijing, January 2026"
    assert list(manifest.entries) == sorted(p.name for p in EXAMPLE.glob("*.txt"))
    assert manifest.entries["000_157620802a43c7f4.txt"].metadata.outlet == "Global Times"
    assert manifest.entries["001_49feeb1da4e40101.txt"].metadata == Metadata()
    assert manifest.entries["001_49feeb1da4e40101.txt"].note == "outlet not known"


def test_published_dates_become_aware_utc(tmp_path: Path) -> None:
    path = write_story(
        tmp_path,
        {
            "articles": [
                {"file": "a.txt", "published": "2026-01-14"},
                {"file": "b.txt", "published": "2026-01-14T09:30:00-05:00"},
            ]
        },
    )
    entries = load_manifest(path).entries
    assert entries["a.txt"].metadata.published == datetime(2026, 1, 14, tzinfo=UTC)
    assert entries["b.txt"].metadata.published == datetime(2026, 1, 14, 14, 30, tzinfo=UTC)


def test_yaml_manifest_with_unquoted_dates_and_aliases(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    path = tmp_path / "manifest.yaml"
    path.write_text(
        "story: Harbour storm\narticles:\n  - file: a.txt\n    source: The Coastal Courier\n    date: 2026-01-14\n",
        encoding="utf-8",
    )
    manifest = load_manifest(path)
    assert manifest.story == "Harbour storm"
    assert manifest.entries["a.txt"].metadata == Metadata(
        outlet="The Coastal Courier", published=datetime(2026, 1, 14, tzinfo=UTC)
    )
    assert find_manifest(tmp_path) == path


def test_entry_for_matches_paths_relative_to_the_manifest(tmp_path: Path) -> None:
    path = write_story(tmp_path, {"articles": [{"file": "a.txt", "outlet": "Wire"}]})
    manifest = load_manifest(path)
    entry = manifest.entry_for(tmp_path / "." / "a.txt")
    assert entry is not None and entry.metadata.outlet == "Wire"
    assert manifest.entry_for(tmp_path / "b.txt") is None


@pytest.mark.parametrize(
    "manifest, message",
    [
        (
            {"articles": [{"file": "a.txt"}, {"file": "b.txt"}, {"file": "c.txt", "published": "yesterday"}]},
            "manifest.json: articles[2].published: not a date: 'yesterday'",
        ),
        ({"articles": [{"outlet": "Wire"}]}, "manifest.json: articles[0]: missing required field 'file'"),
        (
            {"articles": [{"file": "a.txt", "outlet": 42}]},
            "manifest.json: articles[0].outlet: expected text or null, got int: 42",
        ),
        (
            {"articles": [{"file": "a.txt", "date": "soon"}]},
            "manifest.json: articles[0].date: not a date: 'soon'",
        ),
        (
            {"articles": [{"file": "missing.txt"}]},
            "manifest.json: articles[0].file: no such file: 'missing.txt'",
        ),
        (
            {"articles": [{"file": "a.txt"}, {"file": "a.txt"}]},
            "manifest.json: articles[1].file: 'a.txt' is listed twice",
        ),
        (
            {"articles": [{"file": "a.txt", "publisher": "X"}]},
            "manifest.json: articles[0]: unknown field 'publisher'; "
            "expected one of: file, outlet, title, url, published, note, source, date",
        ),
        ({"story": "S"}, "manifest.json: articles: expected a list of entries, got nothing"),
        ({"story": ["S"], "articles": []}, "manifest.json: story: expected text or null, got list: ['S']"),
        (["a.txt"], "manifest.json: expected an object with 'articles', got list"),
        (
            '{"articles": [\n  {"file": "a.txt",}\n]}',
            "manifest.json: invalid JSON at line 2, column 20: Expecting property name enclosed in double quotes",
        ),
    ],
    ids=[
        "bad-date",
        "no-file",
        "outlet-type",
        "alias-date",
        "missing-file",
        "duplicate",
        "unknown-field",
        "no-articles",
        "story-type",
        "not-object",
        "invalid-json",
    ],
)
def test_malformed_manifest_names_the_field(tmp_path: Path, manifest: object, message: str) -> None:
    path = write_story(tmp_path, manifest, files=("a.txt", "b.txt", "c.txt"))
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    assert str(caught.value) == f"{path.parent}/{message}"
    assert "\n" not in str(caught.value)


def test_invalid_yaml_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yml"
    path.write_text("articles:\n  - file: [a.txt\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"manifest\.yml: invalid YAML at line 3, column 1: expected ',' or '\]'"):
        load_manifest(path)


def test_missing_manifest_is_a_manifest_error(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="nope.json: no such file"):
        load_manifest(tmp_path / "nope.json")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-01-14", datetime(2026, 1, 14, tzinfo=UTC)),
        ("2026-01-14T09:30:00Z", datetime(2026, 1, 14, 9, 30, tzinfo=UTC)),
        ("2026-01-14 23:30:00+08:00", datetime(2026, 1, 14, 15, 30, tzinfo=UTC)),
        ("2026-01-14T09:30:00", datetime(2026, 1, 14, 9, 30, tzinfo=UTC)),
        (date(2026, 1, 14), datetime(2026, 1, 14, tzinfo=UTC)),
        (None, None),
    ],
    ids=["date", "zulu", "offset", "naive", "date-object", "null"],
)
def test_to_utc(value: object, expected: datetime | None) -> None:
    assert to_utc(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "14/01/2026", 20260114, ""], ids=["word", "slashes", "int", "empty"])
def test_to_utc_rejects_non_dates(value: object) -> None:
    with pytest.raises(ValueError, match="not a date"):
        to_utc(value)


def test_parse_metadata_prefers_canonical_names_over_aliases() -> None:
    metadata = parse_metadata(
        {"source": "Alias Post", "outlet": "The Real Post", "date": "2026-02-01", "author": "ignored"}
    )
    assert metadata == Metadata(outlet="The Real Post", published=datetime(2026, 2, 1, tzinfo=UTC))


def test_metadata_over_keeps_known_fields() -> None:
    stated = Metadata(outlet="Manifest Outlet", title=None)
    page = Metadata(outlet="Site Name", title="Page Title", url="https://example.com/a")
    assert stated.over(page) == Metadata(outlet="Manifest Outlet", title="Page Title", url="https://example.com/a")
