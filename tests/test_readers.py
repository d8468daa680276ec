"""Tests for decoding bytes and reading text, Markdown, HTML, JSON and JSONL into Documents."""

from __future__ import annotations

import codecs
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rashomon.errors import EmptySource, InputError, UnsupportedSource
from rashomon.sources.readers import decode, markdown_to_text, read_bytes, sniff, split_front_matter

PAGES = Path(__file__).parent / "fixtures" / "pages"
WESTERN = "The minister’s “historic” visit to Montréal drew crowds — café owners said it was déjà vu.\n"
CYRILLIC = "Москва — столица России. Президент заявил, что «переговоры» продолжатся на следующей неделе.\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (WESTERN.encode("utf-8"), WESTERN),
        (codecs.BOM_UTF8 + WESTERN.encode("utf-8"), WESTERN),
        (codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le"), WESTERN),
        (WESTERN.encode("cp1252"), WESTERN),
        (
            "Señor Muñoz said “yes” to the café’s offer.\n".encode("cp1252"),
            "Señor Muñoz said “yes” to the café’s offer.\n",
        ),
        (
            "Les élèves ont répondu à la question posée par le ministre.\n".encode("latin-1"),
            "Les élèves ont répondu à la question posée par le ministre.\n",
        ),
        (CYRILLIC.encode("cp1251"), CYRILLIC),
        (b"line one\r\nline two\r\n", "line one\nline two\n"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252", "cp1252-short", "latin1", "cp1251", "crlf"],
)
def test_decode(data: bytes, expected: str) -> None:
    assert decode(data, source="a.txt") == expected


def test_decode_uses_declared_encoding_after_utf8() -> None:
    data = "Zürich, Köln und Genf".encode("cp1252")
    assert decode(data, source="https://example.com/a", encoding="windows-1252") == "Zürich, Köln und Genf"


def test_html_meta_charset_is_honoured() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body>'
        "<p>Москва - столица России. Президент заявил, что переговоры продолжатся на следующей неделе.</p>"
        "</body></html>"
    ).encode("koi8-r", errors="replace")
    [document] = read_bytes(html, source="moscow.html")
    assert document.text.startswith("Москва - столица России.")


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"%PDF-1.7\n\x00\x01\x02binary", r"binary content \(NUL bytes\)"),
        (bytes.fromhex("89504e470d0a1a0a") + bytes(range(1, 32)) * 8, "undecodable bytes|binary content"),
        (bytes(range(128, 256)) * 4 + bytes(range(1, 9)) * 40, "undecodable bytes|binary content"),
    ],
    ids=["nul", "png-header", "garbage"],
)
def test_decode_refuses_binary(data: bytes, problem: str) -> None:
    with pytest.raises(UnsupportedSource, match=problem) as caught:
        decode(data, source="photo.txt")
    assert str(caught.value).startswith("photo.txt: ")


def test_stdin_is_named_in_errors() -> None:
    with pytest.raises(EmptySource, match=r"^<stdin>: empty file$"):
        read_bytes(b"  \n", source="-")


def test_read_text_file_keeps_paragraph_lines() -> None:
    [document] = read_bytes(b"First paragraph here.\n\nSecond paragraph here.\n", source="story.txt")
    assert document.source == "story.txt"
    assert document.text == "First paragraph here.\n\nSecond paragraph here."
    assert (document.outlet, document.title, document.url, document.published) == (None, None, None, None)


def test_front_matter_gives_metadata_with_aliases() -> None:
    data = (
        b"---\nsource: The Coastal Courier\ntitle: Storm floods harbour\nurl: https://example.com/storm\n"
        b"date: 2026-01-14T07:45:00+01:00\nauthor: Mara Lind\n---\nStorm Edda flooded the harbour.\n"
    )
    [document] = read_bytes(data, source="storm.md")
    assert document.outlet == "The Coastal Courier"
    assert document.title == "Storm floods harbour"
    assert document.url == "https://example.com/storm"
    assert document.published == datetime(2026, 1, 14, 6, 45, tzinfo=UTC)
    assert document.text == "Storm Edda flooded the harbour."


def test_front_matter_with_bad_date_names_the_field() -> None:
    with pytest.raises(InputError, match=r"^a\.md: front matter: published: not a date: 'last week'$"):
        read_bytes(b"---\npublished: last week\n---\nBody text.\n", source="a.md")


def test_front_matter_that_is_not_yaml() -> None:
    with pytest.raises(InputError, match=r"^a\.txt: front matter is not valid YAML at line 3$"):
        split_front_matter("---\ntitle: [unclosed\n---\nBody.\n", source="a.txt")


def test_text_starting_with_a_rule_but_no_front_matter_is_left_alone() -> None:
    metadata, body = split_front_matter("---\nJust a dash line above a paragraph.\n", source="a.txt")
    assert body == "---\nJust a dash line above a paragraph.\n"
    assert metadata.outlet is None


@pytest.mark.parametrize(
    "markdown, text",
    [
        (
            "# Storm floods harbour\n\nWater rose **a metre** above the quay.",
            "Storm floods harbour\n\nWater rose a metre above the quay.",
        ),
        ("Read the [full report](https://example.com/r) now.", "Read the full report now."),
        ("![harbour](/img/h.jpg)\nWaves broke over the wall.", "\nWaves broke over the wall."),
        (
            "> “We have not seen a surge like this,” he said.",
            "“We have not seen a surge like this,” he said.",
        ),
        ("The *grid operator* said snake_case_names stay.", "The grid operator said snake_case_names stay."),
        ("Storm\n=====\n\nText.", "Storm\n\nText."),
        ("Above.\n\n---\n\nBelow.", "Above.\n\nBelow."),
    ],
    ids=["heading-strong", "link", "image", "blockquote", "emphasis", "setext", "rule"],
)
def test_markdown_to_text(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown) == text


@pytest.mark.parametrize(
    "text, fmt",
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        ("  <html lang='en'><p>Hi</p></html>", "html"),
        ('{"text": "Hello"}', "json"),
        ('[{"text": "Hello"}]', "json"),
        ('{"text": "One"}\n{"text": "Two"}\n', "jsonl"),
        ("Plain words, with a <b> tag later.", "text"),
        ("[citation needed] is how it starts.", "text"),
    ],
    ids=["doctype", "html-tag", "json-object", "json-array", "jsonl", "text", "bracket-text"],
)
def test_sniff(text: str, fmt: str) -> None:
    assert sniff(text) == fmt


def test_html_file_is_extracted_with_page_metadata() -> None:
    [document] = read_bytes((PAGES / "harbour-storm.html").read_bytes(), source="pages/harbour-storm.html")
    assert document.source == "pages/harbour-storm.html"
    assert document.outlet == "The Coastal Courier"
    assert document.url == "https://www.coastalcourier.example/news/2026/01/14/storm-edda-northport"
    assert "Storm Edda flooded the harbour at Northport" in document.text
    assert "seadog71" not in document.text


def test_unknown_extension_is_sniffed() -> None:
    html = (PAGES / "council-vote.html").read_bytes()
    [document] = read_bytes(html, source="saved-page.download")
    assert document.title == "Council approves tram extension after late-night vote"


def test_json_array_of_records() -> None:
    records = [
        {"text": "The council voted 9 to 4.", "outlet": "Riverside Gazette", "published": "2026-03-02"},
        {"html": (PAGES / "harbour-storm.html").read_text(encoding="utf-8"), "outlet": "Courier (print)"},
    ]
    first, second = read_bytes(json.dumps(records).encode(), source="batch.json")
    assert (first.source, first.outlet, first.published) == (
        "batch.json#1",
        "Riverside Gazette",
        datetime(2026, 3, 2, tzinfo=UTC),
    )
    assert second.source == "batch.json#2"
    assert second.outlet == "Courier (print)"
    assert second.title == "Storm floods Northport harbour as ferries are cancelled"


def test_json_object_is_one_record() -> None:
    [document] = read_bytes(b'{"title": "Tram vote", "text": "The council voted."}', source="one.json")
    assert (document.source, document.title, document.text) == ("one.json", "Tram vote", "The council voted.")


def test_jsonl_records_are_named_by_line() -> None:
    data = b'{"text": "First story.", "source": "Wire"}\n\n{"text": "Second story.", "url": "https://example.com/2"}\n'
    first, second = read_bytes(data, source="corpus.jsonl")
    assert (first.source, first.outlet) == ("corpus.jsonl#1", "Wire")
    assert (second.source, second.url) == ("corpus.jsonl#3", "https://example.com/2")


@pytest.mark.parametrize(
    "data, error, message",
    [
        (
            b'{"text": "ok"}\n{"text": "broken"\n',
            InputError,
            r"^corpus\.jsonl: line 2: invalid JSON: Expecting ',' delimiter$",
        ),
        (
            b'{"text": "ok"}\n["not", "a", "record"]\n',
            InputError,
            r"^corpus\.jsonl: line 2: expected an object, got list$",
        ),
        (
            b'{"title": "No body"}\n',
            EmptySource,
            r"^corpus\.jsonl: line 1: no 'text' or 'html' field with article text$",
        ),
        (b'{"text": 42}\n', InputError, r"^corpus\.jsonl: line 1: text: expected text, got int$"),
        (
            b'{"text": "Body.", "published": "someday"}\n',
            InputError,
            r"^corpus\.jsonl: line 1: published: not a date: 'someday'$",
        ),
        (
            b'{"html": "<html><body><nav>Home</nav></body></html>"}\n',
            EmptySource,
            r"^corpus\.jsonl \(line 1\): no article text found in the HTML$",
        ),
    ],
    ids=["bad-line", "not-object", "no-text", "text-type", "bad-date", "empty-html"],
)
def test_malformed_jsonl_names_the_line(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        read_bytes(data, source="corpus.jsonl")


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(InputError, match=r"^batch\.json: invalid JSON at line 2, column 1: Expecting value$"):
        read_bytes(b'[{"text": "a"},\n]', source="batch.json")


@pytest.mark.parametrize(
    "data, source, message",
    [
        (b"", "a.txt", "a.txt: empty file"),
        (b"---\ntitle: Only metadata\n---\n\n", "a.md", "a.md: no article text"),
        (b"[]", "a.json", "a.json: no records in the JSON array"),
    ],
    ids=["empty", "front-matter-only", "empty-array"],
)
def test_empty_sources(data: bytes, source: str, message: str) -> None:
    with pytest.raises(EmptySource) as caught:
        read_bytes(data, source=source)
    assert str(caught.value) == message
