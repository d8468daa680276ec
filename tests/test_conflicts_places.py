"""Conflicts of place: outlets that locate one thing of one fact in two cities far apart (issue 13)."""

from __future__ import annotations

import re

import pytest

from rashomon.comparison.facts.places import anchor, apart, place_conflicts
from rashomon.model.layers import EntitySpan, SentenceSpan
from rashomon.model.records import Analysis, Article, Claim, Mention

# Capitalised runs the test tags as GPE, as NER would: the longest first ("New York City" before "York").
_PLACES = ("New York City", "Brooklyn", "Denver", "Boston", "Chicago", "Colorado", "Washington", "Tucson")


def _analysis(ident: str, text: str) -> Analysis:
    """One article: its sentences (split at ". ") and the place names it writes, tagged GPE."""
    sentences = [SentenceSpan(start=m.start(), end=m.end()) for m in re.finditer(r"[^.]+\.?", text) if m.group()]
    spans: list[EntitySpan] = []
    for name in _PLACES:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not any(s.start <= m.start() < s.end for s in spans):
                spans.append(EntitySpan(start=m.start(), end=m.end(), label="GPE", name=name))
    layers = {"sentences": tuple(sentences), "entities": tuple(spans)}
    return Analysis(article=Article(id=ident, source=ident, text=text), layers=layers)


def _conflicts(first: str, second: str, *, aligned: bool = True, elsewhere: str = "") -> list[str]:
    """Place conflicts between two articles whose first sentences are `first` and `second`, aligned or not."""
    analyses = [_analysis("a0", first + elsewhere), _analysis("a1", second)]
    one, two = Mention(article="a0", start=0, end=len(first)), Mention(article="a1", start=0, end=len(second))
    if aligned:
        claims = [
            Claim(id="c1", text=first, status="consensus", articles=("a0", "a1"), missing=(), mentions=(one, two))
        ]
    else:
        claims = [
            Claim(id="c1", text=first, status="unique", articles=("a0",), missing=("a1",), mentions=(one,)),
            Claim(id="c2", text=second, status="unique", articles=("a1",), missing=("a0",), mentions=(two,)),
        ]
    return [f"{c.about} ({c.basis})" for c in place_conflicts(claims, analyses)]


@pytest.mark.parametrize(
    ("before", "word"),
    [
        ("The letter reached a nurse at Saint Mary Hospital in ", "nurs"),
        ("The letter reached a nurse at the University of Denver in ", "nurs"),
        ("A nurse in ", "nurs"),
        ("In ", None),  # a sentence that opens with the place: no located word
        ("Last week, in ", None),  # a comma before it: the place's role is unknown
    ],
)
def test_anchor_is_the_word_the_place_locates(before: str, word: str | None) -> None:
    assert anchor(before) == word


@pytest.mark.parametrize(
    ("first", "second", "two"),
    [
        ("Denver", "Boston", True),
        ("Denver", "Colorado", False),  # a city and the state that holds it
        ("Boston", "Washington", False),  # a name that is also a state: its scale is unknown
        ("Brooklyn", "New York City", False),  # a borough and its city, 11 km apart
        ("Denver", "Denver", False),
    ],
)
def test_apart_tells_two_cities_from_one_place_at_two_scales(first: str, second: str, two: bool) -> None:
    assert apart(first, second) is two


@pytest.mark.parametrize(
    ("first", "second", "aligned"),
    [
        (
            "The letter was sent to a nurse in Denver on Friday.",
            "On Friday the letter reached a nurse in Boston.",
            True,
        ),
        # the aligner kept them apart, but they share the located word and two more ("letter", "Friday")
        (
            "The letter was sent to a nurse in Denver on Friday.",
            "On Friday the letter reached a nurse in Boston.",
            False,
        ),
        # the place hangs on a name that hangs on the located word
        ("A nurse at Saint Mary Hospital in Denver got the letter.", "The letter went to a nurse in Boston.", True),
    ],
)
def test_one_thing_located_in_two_cities_far_apart_conflicts(first: str, second: str, aligned: bool) -> None:
    basis = "claim" if aligned else "story"
    assert _conflicts(first, second, aligned=aligned) == [f"where it was: Denver or Boston ({basis})"]


@pytest.mark.parametrize(
    ("first", "second", "aligned", "elsewhere"),
    [
        # a city and the state that holds it
        ("The letter went to a nurse in Denver.", "The letter went to a nurse in Colorado.", True, ""),
        # a borough and its city
        ("The letter went to a nurse in Brooklyn.", "The letter went to a nurse in New York City.", True, ""),
        # the outlet names the other city too: two places, not one place told two ways
        (
            "The letter went to a nurse in Denver.",
            "The letter went to a nurse in Boston.",
            True,
            " Her son is in Boston.",
        ),
        # the cities locate different things: a jury, a family
        ("A jury in Denver convicted the man.", "The man's family in Boston heard the verdict.", True, ""),
        # the city is the first word of a longer name (a park, a team)
        ("The rally was held in Boston Common.", "The rally was held in Denver.", True, ""),
        # a list of cities is several facts
        ("The nurses in Denver and Chicago got the letter.", "The nurses in Boston got the letter.", True, ""),
        # sentences kept apart that share only the located word
        ("A nurse in Denver won the award.", "The letter went to a nurse in Boston.", False, ""),
    ],
)
def test_no_place_conflict(first: str, second: str, aligned: bool, elsewhere: str) -> None:
    assert _conflicts(first, second, aligned=aligned, elsewhere=elsewhere) == []


def test_a_place_in_a_sentence_no_claim_holds_gives_no_conflict() -> None:
    # A heading or a fragment is no alignment unit, so no claim holds it: the conflict would name no claim.
    first, second = "The letter went to a nurse in Denver.", "The letter went to a nurse in Boston."
    analyses = [_analysis("a0", first), _analysis("a1", second)]
    only = Claim(id="c1", text=first, status="unique", articles=("a0",), missing=("a1",),
                 mentions=(Mention(article="a0", start=0, end=len(first)),))  # fmt: skip
    assert place_conflicts([only], analyses) == []
