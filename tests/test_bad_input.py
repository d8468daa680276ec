"""Bad input through the command line and the library: one-line errors that name the file and the problem."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import rashomon
from rashomon.cli import cli
from rashomon.errors import InputError, ManifestError, RashomonError, SourceNotFound, UnsupportedSource
from rashomon.sources.read import read_story
from rashomon.sources.readers import MAX_SOURCE_BYTES
from report_helpers import CLI_GAZETTE as GAZETTE
from report_helpers import CLI_WIRE as WIRE
from report_helpers import assert_valid_report, two_articles

# cp1252 bytes: curly apostrophe and quotes (0x92, 0x93, 0x94) and accented letters (0xe9, 0xef).
CP1252_ARTICLE = (
    "The mayor\u2019s \u201cplan\u201d for the caf\u00e9 district was approved by the council on Monday.\n\n"
    "Residents called the r\u00e9sum\u00e9 of the project na\u00efve, but the vote passed eleven to four.\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in `tmp_path` with two good articles, gazette.txt and wire.txt, so messages name short paths."""
    monkeypatch.chdir(tmp_path)
    return two_articles(tmp_path)


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def report(result: Result) -> dict:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_valid_report(data)
    return data


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """The command failed with one line on stderr naming every fragment, nothing on stdout, no traceback."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


# --- sources that cannot be read -------------------------------------------------------------------


def _clippings(root: Path) -> None:
    folder = root / "clippings"
    folder.mkdir()
    (folder / "photo.png").write_bytes(PNG_BYTES)
    (folder / "README.txt").write_text("Clippings collected for the storm story.\n", encoding="utf-8")


BAD_SOURCES = [
    ("missing.txt", None, "missing.txt", "no such file"),
    ("clippings", _clippings, "clippings", "no article files"),
    ("blank.txt", b"", "blank.txt", "empty file"),
    ("spaces.txt", b"  \n\n\t \n", "spaces.txt", "empty file"),
    ("photo.txt", PNG_BYTES, "photo.txt", "binary content"),
    ("nul.txt", b"Storm Ingrid cut power\x00\x00\x00 to 40,000 homes.", "nul.txt", "binary content"),
    ("noise.txt", bytes(range(128, 256)) * 20, "noise.txt", "undecodable"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "menu.html", "no article"),
    ("record.json", b'{"outlet": "Harbour Gazette", "text": 5}', "record.json", "text: expected text"),
    ("broken.json", b'{"text": "Storm Ingrid cut power",', "broken.json", "invalid JSON"),
]


def _bad_source(root: Path, name: str, content: bytes | Callable[[Path], None] | None) -> None:
    if callable(content):
        content(root)
    elif content is not None:
        (root / name).write_bytes(content)


@pytest.mark.parametrize(
    "name, content, named, problem", BAD_SOURCES, ids=[case[0].split(".")[0] for case in BAD_SOURCES]
)
def test_unreadable_source_is_skipped_with_a_warning_and_a_note(story, name, content, named, problem):
    _bad_source(story, name, content)
    result = invoke("compare", name, "gazette.txt")
    data = report(result)
    assert [a["source"] for a in data["articles"]] == ["gazette.txt"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(warnings) == 1 and named in warnings[0] and problem in warnings[0], result.stderr
    assert warnings[0] in data["notes"]


@pytest.mark.parametrize(
    "name, content, named, problem", BAD_SOURCES, ids=[case[0].split(".")[0] for case in BAD_SOURCES]
)
def test_unreadable_source_is_a_one_line_error_with_strict(story, name, content, named, problem):
    _bad_source(story, name, content)
    assert_one_line_error(invoke("compare", "--strict", name, "gazette.txt"), named, problem)


def test_a_story_with_nothing_readable_is_a_one_line_error(story):
    (story / "blank.txt").write_bytes(b"")
    (story / "photo.txt").write_bytes(PNG_BYTES)
    result = invoke("compare", "blank.txt", "photo.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: sources: none of 2 could be read; the first: blank.txt: empty file"
    )


def test_one_empty_file_among_many_good_ones_is_skipped(story):
    folder = story / "many"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n:02d}.txt").write_text(GAZETTE if n % 2 else WIRE, encoding="utf-8")
    (folder / "03.txt").write_bytes(b"")
    result = invoke("compare", "many")
    data = report(result)
    assert len(data["articles"]) == 2  # the other copies are the same two articles, counted once
    assert [line for line in result.stderr.splitlines() if line.startswith("skipped")] == [
        f"skipped {os.path.join('many', '03.txt')}: empty file"
    ]


def test_empty_stdin_is_named_stdin(story):
    assert_one_line_error(invoke("compare", "--strict", "-", "gazette.txt", input=b""), "<stdin>", "empty")


def test_binary_source_raises_from_the_library(story):
    (story / "photo.txt").write_bytes(PNG_BYTES)
    with pytest.raises(UnsupportedSource, match=r"^photo\.txt: binary"):
        read_story(["photo.txt", "gazette.txt"])


def test_missing_source_raises_from_compare_when_strict(story):
    with pytest.raises(SourceNotFound, match=r"^missing\.txt: no such file"):
        rashomon.compare(["missing.txt", "gazette.txt"], strict=True)


def test_missing_source_is_a_note_and_a_warning_from_compare(story):
    warned: list[str] = []
    comparison = rashomon.compare(["missing.txt", "gazette.txt"], warn=warned.append)
    assert warned == ["skipped missing.txt: no such file or directory"]
    assert warned[0] in comparison.notes
    assert [a.source for a in comparison.articles] == ["gazette.txt"]


def test_error_stays_one_line_for_a_path_with_a_newline(story):
    assert_one_line_error(invoke("compare", "--strict", "two\nlines.txt", "gazette.txt"), "lines.txt")


# --- encodings ------------------------------------------------------------------------------------


def test_cp1252_article_is_decoded_into_the_report(story):
    (story / "council.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))
    data = report(invoke("compare", "council.txt", "gazette.txt"))
    texts = [a["text"] for a in data["articles"]]
    assert "The mayor\u2019s \u201cplan\u201d for the caf\u00e9 district" in texts[0]
    assert "r\u00e9sum\u00e9 of the project na\u00efve" in texts[0]


def test_cp1252_article_is_decoded_by_the_library(story):
    (story / "council.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))
    [document] = read_story(["council.txt"]).documents
    assert document.text == CP1252_ARTICLE.strip()


# --- one article, or the same article twice --------------------------------------------------------


def test_one_article_is_a_valid_report_of_unique_claims(story):
    data = report(invoke("compare", "gazette.txt"))
    assert data["story"]["articles"] == 1
    assert data["claims"]
    assert {claim["status"] for claim in data["claims"]} == {"unique"}
    assert any("only one article" in note for note in data["notes"])


def _copy(root: Path) -> list[str]:
    (root / "gazette-copy.txt").write_text(GAZETTE, encoding="utf-8")
    return ["gazette.txt", "gazette-copy.txt"]


@pytest.mark.parametrize(
    "sources", [lambda root: ["gazette.txt", "gazette.txt"], _copy], ids=["same-path", "same-text"]
)
def test_same_article_twice_is_counted_once(story, sources):
    names = sources(story)
    data = report(invoke("compare", *names))
    assert data["story"]["articles"] == 1
    assert len(data["articles"]) == 1
    assert any(f"{names[1]}: same article as {names[0]}" in note for note in data["notes"])


# --- manifests ------------------------------------------------------------------------------------


def _entry(**fields: object) -> str:
    return json.dumps({"articles": [{"file": "gazette.txt", **fields}]})


BAD_MANIFESTS = [
    ("bad-date", _entry(published="last Tuesday"), "articles[0].published"),
    ("outlet-not-text", _entry(outlet=5), "articles[0].outlet"),
    ("unknown-field", _entry(author="Lena Marsh"), "unknown field 'author'"),
    (
        "no-file",
        json.dumps({"articles": [{"outlet": "Harbour Gazette"}]}),
        "articles[0]: missing required field 'file'",
    ),
    ("file-absent", json.dumps({"articles": [{"file": "gone.txt"}]}), "articles[0].file"),
    ("articles-not-list", json.dumps({"articles": {"file": "gazette.txt"}}), "articles: expected a list"),
    ("invalid-json", '{"articles": [', "invalid JSON at line 1"),
]


@pytest.mark.parametrize("text, field", [case[1:] for case in BAD_MANIFESTS], ids=[c[0] for c in BAD_MANIFESTS])
def test_malformed_manifest_error_names_the_field(story, text, field):
    (story / "sources.json").write_text(text, encoding="utf-8")
    result = invoke("compare", "--manifest", "sources.json", "gazette.txt", "wire.txt")
    assert_one_line_error(result, "sources.json", field)


def test_malformed_yaml_manifest_names_the_line(story):
    (story / "sources.yaml").write_text("articles:\n  - file: gazette.txt\n   outlet: [\n", encoding="utf-8")
    result = invoke("compare", "--manifest", "sources.yaml", "gazette.txt")
    assert_one_line_error(result, "sources.yaml", "invalid YAML at line")


def test_malformed_manifest_in_a_directory_is_found_and_named(story):
    folder = story / "ingrid"
    folder.mkdir()
    (folder / "gazette.txt").write_text(GAZETTE, encoding="utf-8")
    (folder / "manifest.json").write_text(_entry(outlet=["Harbour Gazette"]), encoding="utf-8")
    assert_one_line_error(invoke("compare", "ingrid"), os.path.join("ingrid", "manifest.json"), "articles[0].outlet")


def test_malformed_manifest_raises_from_the_library(story):
    (story / "sources.json").write_text(_entry(published="last Tuesday"), encoding="utf-8")
    with pytest.raises(ManifestError, match=r"articles\[0\]\.published: not a date"):
        rashomon.compare(["gazette.txt"], manifest="sources.json")


# --- outputs that cannot be written ---------------------------------------------------------------


def test_output_under_a_regular_file_fails_without_a_partial_file(story):
    before = sorted(os.listdir(story))
    result = invoke("compare", "gazette.txt", "wire.txt", "-o", "gazette.txt/report.json")
    assert_one_line_error(result, "gazette.txt/report.json", "not a directory")
    assert sorted(os.listdir(story)) == before
    assert (story / "gazette.txt").read_text(encoding="utf-8") == GAZETTE


def test_output_that_is_a_directory_fails(story):
    (story / "reports").mkdir()
    assert_one_line_error(invoke("compare", "gazette.txt", "wire.txt", "-o", "reports"), "reports", "cannot write")
    assert os.listdir(story / "reports") == []


def _good_report(root: Path) -> bytes:
    assert invoke("compare", "gazette.txt", "wire.txt", "-o", "report.json").exit_code == 0
    return (root / "report.json").read_bytes()


def test_failed_write_through_a_report_leaves_it_intact(story):
    good = _good_report(story)
    result = invoke("compare", "gazette.txt", "-o", "report.json/")
    assert_one_line_error(result, "report.json/", "cannot write")
    assert (story / "report.json").read_bytes() == good
    assert_valid_report(json.loads(good))


def test_write_failing_midway_keeps_the_old_report_and_no_temp_file(story, monkeypatch):
    good = _good_report(story)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("rashomon.output.os.fsync", disk_full)
    result = invoke("compare", "gazette.txt", "-o", "report.json")
    assert_one_line_error(result, "report.json", "No space left on device")
    assert (story / "report.json").read_bytes() == good
    assert sorted(os.listdir(story)) == ["gazette.txt", "report.json", "wire.txt"]


def test_output_with_an_unrendered_suffix_names_the_file(story):
    result = invoke("compare", "gazette.txt", "wire.txt", "-o", "report.pdf")
    assert_one_line_error(result, "report.pdf")


# --- tracebacks -----------------------------------------------------------------------------------


def test_unexpected_error_is_one_line_and_suggests_debug(story, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sys.modules[rashomon.compare.__module__], "compare", broken)
    result = invoke("compare", "gazette.txt")
    assert_one_line_error(result, "internal error: ZeroDivisionError: division by zero", "--debug")


def test_debug_lets_the_library_error_through(story):
    result = invoke("--debug", "compare", "--strict", "missing.txt", "gazette.txt")
    assert isinstance(result.exception, SourceNotFound)
    assert isinstance(result.exception, RashomonError)


@pytest.mark.parametrize("debug, traceback", [((), False), (("--debug",), True)], ids=["plain", "debug"])
def test_traceback_only_with_debug_in_a_real_process(story, debug, traceback):
    args = [sys.executable, "-m", "rashomon", *debug, "compare", "--strict", "missing.txt", "gazette.txt"]
    process = subprocess.run(args, capture_output=True, text=True, check=False)
    assert process.returncode == 1
    assert process.stdout == ""
    assert ("Traceback" in process.stderr) is traceback
    assert process.stderr.strip().splitlines()[-1].endswith("missing.txt: no such file or directory")


# --- issue 17: sources that are not files, too large, malformed in new ways -------------------------


def _strict_and_lenient(story: Path, name: str, *fragments: str) -> None:
    """`name` fails compare --strict with one line naming it, and is skipped (warned, noted) without it."""
    assert_one_line_error(invoke("compare", "--strict", name, "gazette.txt"), name, *fragments)
    result = invoke("compare", name, "gazette.txt")
    data = report(result)
    assert [a["source"] for a in data["articles"]] == ["gazette.txt"]
    warning = next(line for line in result.stderr.splitlines() if line.startswith("skipped "))
    assert all(fragment in warning for fragment in (name, *fragments)) and warning in data["notes"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_as_a_source_without_reading_it(story, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    os.symlink(device, story / "article.txt")  # also through a link: /dev/zero used to be read until memory ran out
    _strict_and_lenient(story, "article.txt", "not a regular file but a character device")


def test_a_fifo_is_refused_as_a_source_without_blocking(story):
    os.mkfifo(story / "pipe.txt")  # opening it to read blocked until a writer came, i.e. forever
    _strict_and_lenient(story, "pipe.txt", "not a regular file but a FIFO")


def test_a_file_over_the_size_cap_is_refused(story):
    with open(story / "huge.txt", "wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)  # sparse: nothing written, nothing read beyond the cap
    _strict_and_lenient(story, "huge.txt", f"too large: over {MAX_SOURCE_BYTES:,} bytes")


def test_stdin_over_the_cap_is_refused(story):
    with pytest.raises(UnsupportedSource, match=r"^<stdin>: too large: over 1,000 bytes"):
        read_story(["-"], stdin=io.BytesIO(WIRE.encode() * 10), max_bytes=1000)


def test_a_closed_stdin_is_a_one_line_error(story):
    closed = io.BytesIO(b"text")
    closed.close()
    with pytest.raises(InputError, match=r"^<stdin>: cannot read standard input: it is closed$"):
        read_story(["-"], stdin=closed)


def test_a_closed_stdin_in_a_real_process_is_one_line(story):
    command = f"{sys.executable} -m rashomon compare --strict - gazette.txt 0<&-"
    process = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert process.returncode == 1
    assert process.stderr.splitlines() == ["Error: <stdin>: cannot read standard input: it is closed"]


def test_a_symlink_loop_is_named_as_such(story):
    os.symlink("loop-b.txt", story / "loop-a.txt")
    os.symlink("loop-a.txt", story / "loop-b.txt")
    _strict_and_lenient(story, "loop-a.txt", "symbolic link loop")


def test_a_dangling_symlink_is_named_as_such(story):
    os.symlink("gone.txt", story / "link.txt")
    _strict_and_lenient(story, "link.txt", "symbolic link to nothing")


def test_a_truncated_gzip_file_is_refused_not_read_in_part(story):
    packed = gzip.compress(((GAZETTE + "\n") * 50).encode())
    (story / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])  # gave rc 0 with half the text
    _strict_and_lenient(story, "cut.txt.gz", "truncated gzip data")


def test_bytes_after_a_gzip_archive_are_refused(story):
    (story / "tail.txt.gz").write_bytes(gzip.compress(GAZETTE.encode()) + b"not gzip at all")
    _strict_and_lenient(story, "tail.txt.gz", "bytes after the archive")


def test_concatenated_gzip_members_are_read_whole(story):
    (story / "two.txt.gz").write_bytes(gzip.compress(b"Storm Ingrid cut power. ") + gzip.compress(GAZETTE.encode()))
    [document] = read_story(["two.txt.gz"]).documents
    assert document.text == "Storm Ingrid cut power. " + GAZETTE.strip()


def test_a_file_mixing_utf8_and_latin1_is_read_as_both_with_a_note(story):
    utf8 = "The caf\u00e9 owner\u2019s r\u00e9sum\u00e9 was read out at the hearing on Monday.\n"
    latin1 = "Na\u00efve plans for the caf\u00e9 district were approved by eleven votes to four.\n"
    (story / "mixed.txt").write_bytes(utf8.encode("utf-8") + latin1.encode("latin-1"))
    [document] = read_story(["mixed.txt"]).documents  # used to be read wholly as windows-1252: "cafÃ©"
    assert document.text == (utf8 + latin1).strip()
    assert document.notes == ("mixed encodings: 2 bytes that are not UTF-8 were read as windows-1252",)
    data = report(invoke("compare", "mixed.txt", "gazette.txt"))
    assert data["articles"][0]["notes"][0].startswith("mixed encodings")


def test_a_meta_charset_that_is_no_codec_falls_back_to_detection(story):
    page = (
        b'<html><head><meta charset="undefined"><title>Storm</title></head><body><article><p>'
        + CP1252_ARTICLE.encode("cp1252").replace(b"\n\n", b"</p><p>")
        + b"</p></article></body></html>"
    )
    (story / "page.html").write_bytes(page)  # raised UnicodeError ("undefined encoding") before
    [document] = read_story(["page.html"]).documents
    assert "caf\u00e9 district" in document.text


def test_a_non_utf8_file_name_in_a_directory_is_read_and_named_printably(story):
    folder = story / "odd"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    name = os.fsdecode(b"caf\xe9.txt")  # not UTF-8: Python keeps the byte as a lone surrogate
    (folder / name).write_text(GAZETTE, encoding="utf-8")
    result = invoke("compare", "odd", "-o", "report.json")  # the write failed, blaming report.json
    assert result.exit_code == 0, result.output
    data = json.loads((story / "report.json").read_text(encoding="utf-8"))
    assert sorted(a["source"] for a in data["articles"]) == [
        os.path.join("odd", "caf\\xe9.txt"),
        os.path.join("odd", "wire.txt"),
    ]


def test_a_lone_surrogate_in_a_json_string_becomes_a_replacement_character(story):
    (story / "record.json").write_text(
        json.dumps({"outlet": "Harbour Gazette \ud800", "text": GAZETTE.replace("Tuesday", "Tues\udc00day")}),
        encoding="utf-8",
    )
    result = invoke("compare", "record.json", "wire.txt", "-o", "report.json")
    assert result.exit_code == 0, result.output
    data = json.loads((story / "report.json").read_text(encoding="utf-8"))
    gazette = next(a for a in data["articles"] if a["source"] == "record.json")
    assert "Tues\ufffdday" in gazette["text"] and gazette["outlet"] == "Harbour Gazette \ufffd"
    assert "1 lone surrogate characters (not text) replaced with U+FFFD" in gazette["notes"]


@pytest.mark.parametrize(
    "content, problem",
    [
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ('{"text": "x", "count": ' + "7" * 5000 + "}", "invalid JSON: a number with too many digits"),
    ],
    ids=["deep", "digits"],
)
def test_json_that_python_cannot_hold_is_a_one_line_error(story, content, problem):
    (story / "odd.json").write_text(content, encoding="utf-8")
    _strict_and_lenient(story, "odd.json", problem)


def test_one_bad_record_of_a_jsonl_file_is_skipped_and_the_rest_compared(story):
    lines = [
        json.dumps({"outlet": "Harbour Gazette", "text": GAZETTE}),
        "[" * 50_000,
        json.dumps({"outlet": "Wire", "text": WIRE}),
    ]
    (story / "both.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = invoke("compare", "both.jsonl")
    data = report(result)
    assert [a["outlet"] for a in data["articles"]] == ["Harbour Gazette", "Wire"]
    assert "skipped both.jsonl: line 2: invalid JSON: nested too deeply" in data["notes"]


@pytest.mark.parametrize("where", ["front matter", "manifest"])
def test_a_date_that_does_not_exist_names_the_field(story, where):
    if where == "front matter":
        (story / "dated.txt").write_text(f"---\npublished: 2026-02-30\n---\n{GAZETTE}", encoding="utf-8")
        result = invoke("compare", "--strict", "dated.txt", "wire.txt")  # ValueError: day is out of range
        assert_one_line_error(result, "dated.txt", "front matter: published: not a date: '2026-02-30'")
    else:
        (story / "sources.yaml").write_text("articles:\n  - file: gazette.txt\n    published: 2026-02-30\n")
        result = invoke("compare", "--manifest", "sources.yaml", "gazette.txt")
        assert_one_line_error(result, "sources.yaml", "articles[0].published: not a date: '2026-02-30'")


def test_deeply_nested_front_matter_is_a_one_line_error(story):
    (story / "deep.md").write_text("---\ntitle: " + "[" * 20_000 + "\n---\n" + GAZETTE, encoding="utf-8")
    _strict_and_lenient(story, "deep.md", "front matter is nested too deeply")


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/hostname", "escape.txt"])
def test_a_manifest_may_only_name_files_in_its_own_directory(story, name):
    (story / "escape.txt").symlink_to("/etc/hostname")  # a link beside the manifest that points out of it
    (story / "sources.json").write_text(json.dumps({"articles": [{"file": name}]}), encoding="utf-8")
    result = invoke("compare", "--manifest", "sources.json")
    assert_one_line_error(result, "sources.json", "articles[0].file", "outside the manifest's directory")


def test_a_manifest_that_is_a_fifo_is_refused(story):
    os.mkfifo(story / "sources.json")
    result = invoke("compare", "--manifest", "sources.json", "gazette.txt")
    assert_one_line_error(result, "sources.json", "not a regular file but a FIFO")


def test_an_invalid_url_is_a_one_line_error(story):
    _strict_and_lenient(story, "http://[::1/x", "not a valid URL")


def test_reports_carry_no_absolute_path_the_user_did_not_give(story):
    (story / "ingrid").mkdir()
    (story / "ingrid" / "gazette.txt").write_text(GAZETTE, encoding="utf-8")
    (story / "ingrid" / "wire.txt").write_text(WIRE, encoding="utf-8")
    (story / "ingrid" / "manifest.json").write_text(
        json.dumps({"story": "Storm Ingrid", "articles": [{"file": "gazette.txt"}, {"file": "wire.txt"}]})
    )
    (story / "ingrid" / "notes.txt").write_text("Clippings.\n", encoding="utf-8")
    for args in (["ingrid"], ["--manifest", os.path.join("ingrid", "manifest.json")]):
        result = invoke("compare", *args, "-o", "report.json", "-o", "report.md", "-o", "nowhere/report.html")
        assert str(story) not in result.output  # an error about an output named it by its absolute directory
        assert invoke("compare", *args, "-o", "report.json", "-o", "report.md").exit_code == 0
        for name in ("report.json", "report.md"):
            assert str(story) not in (story / name).read_text(encoding="utf-8")
