"""Tests for read_sources/read_story: files, directories, manifests, stdin and URLs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from rashomon.errors import (
    EmptySource,
    FetchError,
    InputError,
    ManifestError,
    SourceNotFound,
    UnsupportedSource,
)
from rashomon.sources.read import read_sources, read_story

ROOT = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).parent / "fixtures" / "pages"
ARTICLE = "Storm Edda flooded the harbour at Northport on Wednesday morning.\n"


def client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def write(directory: Path, files: dict[str, str | bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def test_carney_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    story = read_story(["examples/carney-beijing"])
    assert story.title == "Canadian Prime Minister Mark Carney's visit to Beijing, January 2026"
    assert story.notes == ()
    assert [d.source for d in story.documents] == [
        "examples/carney-beijing/000_157620802a43c7f4.txt",
        "examples/carney-beijing/001_49feeb1da4e40101.txt",
        "examples/carney-beijing/002_1d674baab3fef3ba.txt",
        "examples/carney-beijing/003_5b85c034a4c8af36.txt",
        "examples/carney-beijing/004_4daaa2dcea7afd89.txt",
    ]
    assert [d.outlet for d in story.documents] == [
        "Global Times",
        None,
        "Global News",
        "The English Chronicle",
        "Breitbart",
    ]
    assert all(d.title is None and d.url is None and d.published is None for d in story.documents)
    assert story.documents[0].text.startswith("Canadian Prime Minister Mark Carney arrives in Beijing")
    assert story.documents[1].notes == ("manifest note: outlet not known",)


def test_read_sources_is_the_documents_of_read_story(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert read_sources(["examples/carney-beijing"]) == list(read_story(["examples/carney-beijing"]).documents)


def test_directory_reads_article_files_in_sorted_order(tmp_path: Path) -> None:
    write(
        tmp_path / "story",
        {
            "b.md": "# Second\n\nThe second outlet's account.\n",
            "a.txt": "The first outlet's account.\n",
            ".hidden.txt": "Editor's scratch notes.\n",
            "photo.jpg": b"\xff\xd8\xff\xe0binary",
            "README.md": "About this collection.\n",
        },
    )
    (tmp_path / "story" / "nested").mkdir()
    story = read_story([str(tmp_path / "story")])
    assert [Path(d.source).name for d in story.documents] == ["a.txt", "b.md"]
    assert story.documents[1].text == "Second\n\nThe second outlet's account."
    assert story.notes == (f"skipped {tmp_path / 'story' / 'README.md'}: not an article",)


def test_source_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "story", {"a.txt": ARTICLE})
    monkeypatch.chdir(tmp_path)
    assert [d.source for d in read_sources(["story/", "./story/a.txt"])] == ["story/a.txt", "./story/a.txt"]


def test_directory_manifest_overrides_front_matter(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.md": "---\noutlet: Front Matter Post\ntitle: Storm hits\ndate: 2026-01-13\n---\n" + ARTICLE,
            "manifest.json": json.dumps(
                {
                    "story": "Storm Edda",
                    "articles": [{"file": "a.md", "outlet": "Manifest Post", "title": None}],
                }
            ),
        },
    )
    story = read_story([str(tmp_path)])
    [document] = story.documents
    assert story.title == "Storm Edda"
    assert document.outlet == "Manifest Post"
    assert document.title == "Storm hits"
    assert document.published == datetime(2026, 1, 13, tzinfo=UTC)


def test_manifest_overrides_html_metadata(tmp_path: Path) -> None:
    write(tmp_path, {"storm.html": (PAGES / "harbour-storm.html").read_bytes()})
    write(tmp_path, {"manifest.yaml": "articles:\n  - file: storm.html\n    outlet: Courier Weekend Edition\n"})
    [document] = read_sources([str(tmp_path)])
    assert document.outlet == "Courier Weekend Edition"
    assert document.title == "Storm floods Northport harbour as ferries are cancelled"


def test_files_not_in_the_manifest_are_skipped_with_a_note(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": ARTICLE, "b.txt": ARTICLE, "manifest.json": '{"articles": [{"file": "a.txt"}]}'})
    story = read_story([str(tmp_path)])
    assert [Path(d.source).name for d in story.documents] == ["a.txt"]
    assert story.notes == (f"skipped {tmp_path / 'b.txt'}: not listed in manifest.json",)


def test_explicit_manifest_wins_over_the_directory_manifest(tmp_path: Path) -> None:
    write(
        tmp_path / "story",
        {
            "a.txt": ARTICLE,
            "manifest.json": '{"story": "Own", "articles": [{"file": "a.txt", "outlet": "Own"}]}',
        },
    )
    explicit = write(
        tmp_path, {"mine.json": '{"story": "Mine", "articles": [{"file": "story/a.txt", "outlet": "Mine"}]}'}
    )
    story = read_story([str(tmp_path / "story")], manifest=explicit / "mine.json")
    assert story.title == "Mine"
    assert [d.outlet for d in story.documents] == ["Mine"]


def test_explicit_manifest_alone_reads_its_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.txt": ARTICLE,
            "b.txt": "Another account.\n",
            "m.json": '{"articles": [{"file": "b.txt"}, {"file": "a.txt"}]}',
        },
    )
    documents = read_sources([], manifest=tmp_path / "m.json")
    assert [Path(d.source).name for d in documents] == ["b.txt", "a.txt"]


def test_explicit_manifest_applies_to_single_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.txt": ARTICLE,
            "m.json": '{"articles": [{"file": "a.txt", "published": "2026-01-14T08:00:00+01:00"}]}',
        },
    )
    [document] = read_sources([str(tmp_path / "a.txt")], manifest=tmp_path / "m.json")
    assert document.published == datetime(2026, 1, 14, 7, 0, tzinfo=UTC)


def test_malformed_directory_manifest_names_the_field(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"a.txt": ARTICLE, "manifest.json": '{"articles": [{"file": "a.txt", "published": "yesterday"}]}'},
    )
    with pytest.raises(ManifestError, match=r"manifest\.json: articles\[0\]\.published: not a date: 'yesterday'$"):
        read_sources([str(tmp_path)])


def test_missing_file_is_source_not_found(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound) as caught:
        read_sources([str(tmp_path / "nope.txt")])
    assert str(caught.value) == f"{tmp_path / 'nope.txt'}: no such file or directory"


def test_directory_without_articles_is_empty(tmp_path: Path) -> None:
    write(tmp_path, {"photo.png": b"\x89PNG", ".notes.txt": "hidden", "README.md": "About."})
    with pytest.raises(
        EmptySource,
        match=r": no article files \(\.htm, \.html, \.json, \.jsonl, \.markdown, \.md, \.txt\) in this dir",
    ):
        read_sources([str(tmp_path)])


def test_empty_file_is_empty_source(tmp_path: Path) -> None:
    write(tmp_path, {"empty.txt": ""})
    with pytest.raises(EmptySource, match=r"empty\.txt: empty file$"):
        read_sources([str(tmp_path / "empty.txt")])


def test_binary_file_is_unsupported(tmp_path: Path) -> None:
    write(tmp_path, {"scan.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<< /Type /Catalog >>"})
    with pytest.raises(UnsupportedSource, match=r"scan\.txt: binary content \(NUL bytes\)"):
        read_sources([str(tmp_path / "scan.txt")])


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    text = "The premier’s “historic” visit to Montréal — café owners called it déjà vu.\n"
    write(tmp_path, {"old.txt": text.encode("cp1252")})
    [document] = read_sources([str(tmp_path / "old.txt")])
    assert document.text == text.strip()


def test_stdin(tmp_path: Path) -> None:
    [document] = read_sources(["-"], stdin=io.BytesIO(b"---\noutlet: Wire\n---\nFrom standard input.\n"))
    assert (document.source, document.outlet, document.text) == ("-", "Wire", "From standard input.")


def test_stdin_html_is_sniffed() -> None:
    [document] = read_sources(["-"], stdin=io.BytesIO((PAGES / "council-vote.html").read_bytes()))
    assert document.outlet == "Riverside Gazette"


def test_url_source_is_fetched_and_extracted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/s":
            return httpx.Response(301, headers={"Location": "/news/storm"})
        return httpx.Response(
            200, content=(PAGES / "harbour-storm.html").read_bytes(), headers={"Content-Type": "text/html"}
        )

    [document] = read_sources(["https://courier.example/s"], client=client(handler))
    assert document.source == "https://courier.example/s"
    assert document.url == "https://www.coastalcourier.example/news/2026/01/14/storm-edda-northport"
    assert document.outlet == "The Coastal Courier"
    assert document.published == datetime(2026, 1, 14, 7, 45, tzinfo=UTC)


def test_url_plain_text_keeps_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = "Storm Edda flooded the harbour at Northport.".encode("cp1252")
        return httpx.Response(200, content=body, headers={"Content-Type": "text/plain; charset=windows-1252"})

    [document] = read_sources(["https://wire.example/storm.txt"], client=client(handler))
    assert (document.url, document.outlet) == ("https://wire.example/storm.txt", None)


@pytest.mark.parametrize(
    "response, error, message",
    [
        (httpx.Response(404), FetchError, "HTTP 404 Not Found from https://news.example/a"),
        (
            httpx.Response(200, content=b"<rss/>", headers={"Content-Type": "application/rss+xml"}),
            UnsupportedSource,
            "is a feed",
        ),
        (
            httpx.Response(
                200,
                content=b'<?xml version="1.0"?>\n<rss version="2.0">',
                headers={"Content-Type": "text/xml"},
            ),
            UnsupportedSource,
            r"is a feed \(text/xml\)",
        ),
        (
            httpx.Response(200, content=b"%PDF", headers={"Content-Type": "application/pdf"}),
            UnsupportedSource,
            "unsupported content type 'application/pdf'",
        ),
    ],
    ids=["404", "feed", "xml-feed", "pdf"],
)
def test_url_errors(response: httpx.Response, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        read_sources(["https://news.example/a"], client=client(lambda request: response))
    assert str(caught.value).startswith("https://news.example/a: ")


def test_url_json_record_by_content_type_keeps_only_its_own_url() -> None:
    body = b'{"outlet": "Wire", "text": "Storm Edda flooded the harbour."}'
    response = httpx.Response(200, content=body, headers={"Content-Type": "application/ld+json"})
    [document] = read_sources(["https://api.example/story/1"], client=client(lambda request: response))
    assert (document.outlet, document.url) == ("Wire", None)
    assert document.source == "https://api.example/story/1"


def test_no_sources_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"^sources: none given"):
        read_sources([])
