"""Summary sentences: no dateline, caption, fragment or repeat; each credited as its `credit` says."""

from __future__ import annotations

import pytest

from rashomon.comparison.summary import broken, clean_sentence, summarize
from rashomon.model.records import Claim


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        (
            "WASHINGTON — The council approved the harbour budget on Monday.",
            "The council approved the harbour budget on Monday.",
        ),
        (
            "LYON (Agency) - Firefighters reached the burning depot before dawn.",
            "Firefighters reached the burning depot before dawn.",
        ),
        (
            "The mayor closed the harbour after the storm damaged two piers.",
            "The mayor closed the harbour after the storm damaged two piers.",
        ),
    ],
    ids=["dateline", "dateline-with-agency", "plain"],
)
def test_clean_sentence_keeps_the_fact_without_its_dateline(raw: str, cleaned: str) -> None:
    assert clean_sentence(raw) == cleaned


@pytest.mark.parametrize(
    "raw",
    [
        "The mayor speaks to crews at the harbour on Monday. (Photo: City Hall)",
        "Crews inspect the damaged pier on Monday, AP Photo by a staff photographer.",
        "The mayor said the repairs would take three weeks and that the",
        "and the port authority said repairs would take three weeks.",
        "Harbour closed.",
        "The harbour board met on Monday with three members, Reps.",
        "Mayor Ann Lee Opens a New Window for the Harbour.",
        "In a letter to Harbour Board chair Paul Ortiz (D-Ore.",
    ],
    ids=[
        "photo-credit",
        "agency-photo",
        "cut-off",
        "starts-mid-sentence",
        "too-short",
        "stops-on-a-title",
        "title-case-heading",
        "open-bracket",
    ],
)
def test_clean_sentence_refuses_captions_fragments_and_headings(raw: str) -> None:
    assert clean_sentence(raw) is None


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("The board named two members, Sen.", " The harbour reopens on Monday.", True),
        ("Three members were named, Dr.", "\nThe harbour reopens on Monday.", True),
        ("The crowd chanted the slogan.", " and the mayor waved from the pier.", True),
        ("The crowd chanted the slogan.", " The mayor waved from the pier.", False),
        ("Repairs were paid for by the U.S.", " The harbour reopens on Monday.", False),
        ("The pier was named for Martin Lee Jr.", " It reopens on Monday.", False),
        ("The guard came back with a.", " 357 Magnum she kept under her seat.", True),
        ("The note was signed Vitamin A.", " The harbour reopens on Monday.", False),
        ("", "", False),
    ],
    ids=[
        "after-sen",
        "after-dr",
        "lower-case-next",
        "plain",
        "after-country",
        "after-suffix",
        "after-article",
        "after-a-letter",
        "alone",
    ],
)
def test_broken_finds_a_sentence_the_splitter_cut_off(before: str, after: str, expected: bool) -> None:
    assert broken(before, after) is expected


def _claim(key: str, text: str, articles: tuple[str, ...], order: float) -> Claim:
    return Claim(id=key * 16, text=text, status="shared", articles=articles, missing=(), mentions=(), order=order)


def test_summarize_states_a_repeated_fact_once() -> None:
    first = _claim("a", "The mayor closed the harbour on Monday after the storm.", ("x", "y"), 0.1)
    again = _claim("b", "On Monday the mayor closed the harbour after the storm.", ("x", "z"), 0.2)
    summary = summarize([first, again])
    assert [s.claim for s in summary.sentences] == [first.id]


def test_summarize_credits_only_the_articles_credit_names() -> None:
    claim = _claim("c", "The port authority said repairs would take three weeks.", ("x", "y", "z"), 0.1)
    summary = summarize([claim], credit=lambda c, text: ("x", "z"))
    assert summary.sentences[0].articles == ("x", "z")


def test_summarize_puts_the_most_widely_reported_fact_first() -> None:
    narrow = _claim("d", "The harbour master resigned after the storm on Monday.", ("x", "y"), 0.1)
    wide = _claim("e", "The storm damaged two piers of the harbour on Sunday.", ("x", "y", "z"), 0.9)
    summary = summarize([narrow, wide])
    assert [s.claim for s in summary.sentences] == [wide.id, narrow.id]


@pytest.mark.parametrize(
    "before, kept",
    [
        ((), False),
        (("the storm damaged two piers of the harbour on Sunday.",), False),
        (("Mayor Ilse Varga closed the harbour on Sunday after the storm.",), True),
    ],
    ids=["opens-the-summary", "after-a-sentence-naming-no-one", "after-a-sentence-naming-the-mayor"],
)
def test_a_sentence_opening_with_a_pronoun_needs_someone_named_before_it(before: tuple[str, ...], kept: bool) -> None:
    """'He won a Tony Award in 2004' as a summary's first sentence points at no one a reader has met."""
    wide = [_claim(str(k), text[:1].upper() + text[1:], ("x", "y", "z"), 0.1 * k) for k, text in enumerate(before)]
    pronoun = _claim("p", "She said the piers would reopen within three weeks.", ("x", "y"), 0.9)
    summary = summarize([*wide, pronoun])
    assert (pronoun.id in [s.claim for s in summary.sentences]) is kept
