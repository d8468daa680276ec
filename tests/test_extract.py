"""Tests for HTML extraction against golden pages written for the tests."""

from __future__ import annotations

import json
import socket
from datetime import datetime
from pathlib import Path

import pytest

from rashomon.errors import EmptySource
from rashomon.sources.extract import extract_html

PAGES = Path(__file__).parent / "fixtures" / "pages"
GOLDEN = sorted(path.stem for path in PAGES.glob("*.json"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a socket: extraction must be pure."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract_html touched the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def page(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", GOLDEN)
def test_page_matches_golden(name: str) -> None:
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    extracted = extract_html(page(name), source=f"{name}.html")
    metadata = extracted.metadata
    assert extracted.text == expected["text"]
    assert metadata.title == expected["title"]
    assert metadata.outlet == expected["outlet"]
    assert metadata.url == expected["url"]
    assert metadata.published == (datetime.fromisoformat(expected["published"]) if expected["published"] else None)
    assert extracted.language == expected["language"]


def test_golden_pages_exist() -> None:
    assert GOLDEN == ["council-vote", "harbour-storm"]


@pytest.mark.parametrize(
    "name, debris",
    [
        (
            "harbour-storm",
            [
                "Most read",
                "seadog71",
                "Stay safe everyone",
                "Sign up to Morning Tide",
                "Privacy policy",
                "Sport",
            ],
        ),
        (
            "council-vote",
            ["We use cookies", "About time!", "Trending", "Share on Facebook", "12 Mill Street"],
        ),
    ],
)
def test_page_furniture_and_comments_are_left_out(name: str, debris: list[str]) -> None:
    text = extract_html(page(name), source=name).text
    for piece in debris:
        assert piece not in text


def test_paragraphs_are_lines() -> None:
    lines = extract_html(page("harbour-storm"), source="harbour-storm").text.splitlines()
    assert lines[1].startswith("Storm Edda flooded the harbour at Northport on Wednesday morning")
    assert lines[-1].endswith("could bring further flooding on Friday.")


def test_published_keeps_the_stated_time_in_utc() -> None:
    published = extract_html(page("council-vote"), source="council-vote").metadata.published
    assert published is not None and published.isoformat() == "2026-03-03T03:10:00+00:00"


def test_fetched_url_is_used_when_the_page_names_none() -> None:
    html = (
        "<html><head><title>Tram vote</title></head><body><article>"
        "<p>The city council voted nine to four on Monday night to extend the tram line east.</p>"
        "</article></body></html>"
    )
    extracted = extract_html(html, source="https://example.com/t", url="https://example.com/t")
    assert extracted.metadata.url == "https://example.com/t"
    assert extracted.metadata.outlet is None
    assert extracted.metadata.published is None
    assert extracted.text == "The city council voted nine to four on Monday night to extend the tram line east."


def test_xhtml_with_xml_declaration() -> None:
    html = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><body>'
        "<p>Le conseil municipal a voté lundi soir le prolongement de la ligne de tramway vers l'est.</p>"
        "</body></html>"
    )
    extracted = extract_html(html, source="t.xhtml")
    assert extracted.text.startswith("Le conseil municipal a voté")
    assert extracted.language == "fr"


@pytest.mark.parametrize(
    "html",
    [
        page("no-article"),
        "<html><body></body></html>",
        "",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><p>Menu</p></body></html>",
    ],
    ids=["sign-in-page", "empty-body", "empty-string", "menu-only"],
)
def test_page_without_article_text_is_empty(html: str) -> None:
    with pytest.raises(EmptySource, match=r"^login\.html: no article text found in the HTML$"):
        extract_html(html, source="login.html")
