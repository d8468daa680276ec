"""Cleaning the five reference articles of examples/carney-beijing: debris gone and listed, body intact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from rashomon.clean.article import Cleaned, clean

STORY = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"


def cleaned_file(prefix: str) -> tuple[str, Cleaned]:
    path = next(STORY.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    return raw, clean(raw)


def removed_as(cleaned: Cleaned, reason: str) -> list[str]:
    return [removal.text for removal in cleaned.removed if removal.reason == reason]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_kept_paragraph_comes_from_the_source(prefix: str) -> None:
    raw, cleaned = cleaned_file(prefix)
    # The only two edits inside a kept paragraph: the rejoined word and the dropped tweet link.
    repaired = raw.replace("advancin\n\ng", "advancing").replace(" pic.twitter.com/NzW4qwBQrW", "")
    source_lines = repaired.splitlines()
    for paragraph in cleaned.text.split("\n"):
        assert paragraph in source_lines, paragraph
    assert "\n\n" not in cleaned.text and cleaned.text == cleaned.text.strip()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_reference_articles_are_idempotent(prefix: str) -> None:
    _, cleaned = cleaned_file(prefix)
    again = clean(cleaned.text)
    assert again.text == cleaned.text and again.removed == ()


def test_global_times_caption_and_credit_removed() -> None:
    raw, cleaned = cleaned_file("000")
    caption = raw.splitlines()[0]
    assert caption.endswith("Photo: VCG")
    assert removed_as(cleaned, "photo caption and credit") == [caption]
    assert cleaned.text.startswith("Canadian Prime Minister Mark Carney arrived in Beijing on Wednesday")
    assert "Move toward diversification" in cleaned.text.split("\n")
    assert "He also posted a photo showing himself waving" in cleaned.text


def test_embedded_tweet_link_removed_and_post_kept() -> None:
    _, cleaned = cleaned_file("001")
    assert removed_as(cleaned, "embedded media link") == ["pic.twitter.com/NzW4qwBQrW"]
    lines = cleaned.text.split("\n")
    assert "Just landed in Beijing." in lines
    assert any(line.endswith("responds to the challenges of today.") for line in lines)
    assert "— Mark Carney (@MarkJCarney) January 14, 2026" in lines
    assert "China urges Canada to pursue strategic autonomy" in lines


def test_global_news_debris_removed() -> None:
    _, cleaned = cleaned_file("002")
    assert removed_as(cleaned, "newsletter or alert sign-up prompt") == [
        "Get breaking National news",
        "For news impacting Canada and around the world, sign up for breaking news alerts delivered "
        "directly to you when they happen.",
    ]
    assert removed_as(cleaned, "line break inside a word rejoined") == ["advancin\n\ng"]
    assert "Carney has talked about advancing trade and environmental co-operation" in cleaned.text
    assert removed_as(cleaned, "trailing video title or related headline") == [
        "Mark Carney arrives in Beijing to kick off China trade mission"
    ]
    assert cleaned.text.endswith("one visit is not going to resolve (all of) it,” he said.")


def test_global_news_repeats_kept_once() -> None:
    _, cleaned = cleaned_file("002")
    assert removed_as(cleaned, "repeated paragraph") == [
        "Carney will meet with senior communist leaders Thursday ahead of a Friday meeting with President "
        "Xi Jinping and a business banquet."
    ]
    near = removed_as(cleaned, "near-identical repeated paragraph")
    assert [text[:40] for text in near] == [
        "Carney has talked of advancing trade and",
        "A major issue this week will be China’s ",
    ]
    assert cleaned.text.count("Carney will meet with senior communist leaders") == 1
    assert cleaned.text.count("A major issue this week") == 1
    assert "Loh said it’s important that Canadians manage their expectations" in cleaned.text


def test_english_chronicle_byline_and_blank_lines() -> None:
    raw, cleaned = cleaned_file("003")
    assert (cleaned.outlet, cleaned.published) == ("The English Chronicle", datetime(2026, 1, 14, tzinfo=UTC))
    assert removed_as(cleaned, "byline or date line turned into metadata") == [raw.splitlines()[0]]
    blank_runs = removed_as(cleaned, "run of blank lines collapsed")
    assert len(blank_runs) == 1 and blank_runs[0].count("\n") > 50
    assert cleaned.text.startswith("Canada’s Prime Minister Mark Carney arrives in China this week")
    assert cleaned.text.endswith("diplomatic independence.")


def test_breitbart_comment_footer_removed() -> None:
    _, cleaned = cleaned_file("004")
    assert removed_as(cleaned, "comment section footer") == [
        "COMMENTS",
        "Please let us know if you're having issues with commenting.",
    ]
    assert cleaned.text.endswith("The Canadian government has been trying to talk to China all along,” he said.")
    assert "The Globe and Mail noted Carney appears to be treating" in cleaned.text


def test_reference_articles_lose_nothing_else() -> None:
    expected = {"000": 1, "001": 2, "002": 8, "003": 2, "004": 2}
    for prefix, count in expected.items():
        _, cleaned = cleaned_file(prefix)
        assert len(cleaned.removed) == count, (prefix, cleaned.removed)
