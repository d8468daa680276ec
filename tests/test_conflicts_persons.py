"""Conflicts of person: outlets that give one fact to two people of one family name (issue 13)."""

from __future__ import annotations

import re

import pytest

from rashomon.comparison.facts.persons import person_conflicts, spelling_conflicts, split_name
from rashomon.model.layers import EntitySpan
from rashomon.model.records import Analysis, Article, Claim, Mention


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Linda T. Sánchez", ("linda", "sanchez")),
        ("W. Mark Felt Sr.", ("mark", "felt")),
        ("Robert Hale Jr.", ("robert", "hale")),
        ("Hale", None),
        ("J. Hale", None),
    ],
)
def test_split_name_gives_the_given_and_family_name(name: str, parts: tuple[str, str] | None) -> None:
    assert split_name(name) == parts


def _story(first: str, second: str, *, elsewhere: str = "") -> list[Analysis]:
    """Two one-claim articles; each names the people (given + family name, or a bare one) it is written with."""
    analyses = []
    for i, text in enumerate((first + elsewhere, second)):
        spans = []
        names = (
            "Maria Lopez",
            "Helen Lopez",
            "Tom Reed",
            "Jim Reed",
            "James Reed",
            "Coroner Tom Reed",
            "Gary Reed",
            "Lopez",
        )
        for name in sorted(names, key=len, reverse=True):  # the longest name a span holds, as NER gives it
            start = text.find(name)
            taken = any(s.start <= start < s.end or start <= s.start < start + len(name) for s in spans)
            if start >= 0 and not taken and (start == 0 or not text[start - 1].isalpha()):
                spans.append(EntitySpan(start=start, end=start + len(name), label="PERSON", name=name))
        article = Article(id=f"a{i}", source=f"a{i}", text=text)
        analyses.append(Analysis(article=article, layers={"entities": tuple(spans)}))
    return analyses


def _conflicts(first: str, second: str, *, elsewhere: str = "") -> list[str]:
    analyses = _story(first, second, elsewhere=elsewhere)
    mentions = (Mention(article="a0", start=0, end=len(first)), Mention(article="a1", start=0, end=len(second)))
    claim = Claim(id="c1", text=first, status="consensus", articles=("a0", "a1"), missing=(), mentions=mentions)
    found = person_conflicts([claim], analyses)
    return [c.about for c in found]


def test_two_given_names_for_one_family_name_in_one_claim_conflict() -> None:
    found = _conflicts("Maria Lopez won the seat, beating Tom Reed.", "Helen Lopez beat Tom Reed for the seat.")
    assert found == ["who it was: Maria Lopez or Helen Lopez"]


@pytest.mark.parametrize(
    ("first", "second", "elsewhere"),
    [
        # a nickname, a spelling a letter off: one person told two ways
        ("Jim Reed won the seat.", "James Reed won the seat.", ""),
        # a role word before the name is not a given name
        ("Coroner Tom Reed ruled on Friday.", "Gary Reed ruled on Friday.", ""),
        # the outlet names the other person too: two people of one family
        ("Maria Lopez won the seat.", "Helen Lopez won the seat.", " Her sister Helen Lopez ran her campaign."),
        # a bare family name is the article's reading, not what it states
        ("Lopez won the seat, beating Tom Reed.", "Helen Lopez beat Tom Reed for the seat.", ""),
    ],
)
def test_one_person_or_two_people_named_apart_are_no_conflict(first: str, second: str, elsewhere: str) -> None:
    assert _conflicts(first, second, elsewhere=elsewhere) == []


def _spelt(first: str, second: str, names: tuple[str, ...]) -> list[str]:
    """The spelling conflicts of two articles whose PERSON spans are the `names` each text writes."""
    analyses = []
    for i, text in enumerate((first, second)):
        spans = []
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                if not any(s.start <= m.start() < s.end for s in spans):
                    spans.append(EntitySpan(start=m.start(), end=m.end(), label="PERSON", name=name))
        analyses.append(Analysis(article=Article(id=f"a{i}", source=f"a{i}", text=text),
                                 layers={"entities": tuple(spans)}))  # fmt: skip
    return [c.about for c in spelling_conflicts([], analyses)]


@pytest.mark.parametrize(
    ("first", "second", "names", "about"),
    [
        # a lone given name tied to one person by the kinship noun before it
        ("He and wife Stacy have two sons.", "Mr. Hale's wife, Stacey, was there.", ("Stacy", "Stacey"),
         "how the name is spelled: Stacy or Stacey"),
        # a full name: one family name, the given name a letter off
        ("The body of Katherine Gomes, 61, was found.", "Police named Catherine Gomes, 61.",
         ("Katherine Gomes", "Catherine Gomes"), "how the name is spelled: Katherine or Catherine"),
    ],
)  # fmt: skip
def test_one_given_name_spelled_two_ways_by_two_outlets_conflicts(
    first: str, second: str, names: tuple[str, ...], about: str
) -> None:
    assert _spelt(first, second, names) == [about]


@pytest.mark.parametrize(
    ("first", "second", "names"),
    [
        # a short form two letters off is style
        ("Dave Brat won the primary.", "David Brat won the primary.", ("Dave Brat", "David Brat")),
        # one letter apart but names of two genders: two people
        ("Mark Kelly spoke first.", "Mary Kelly spoke first.", ("Mark Kelly", "Mary Kelly")),
        # one letter apart, but two family names: two people
        ("Sara Hale spoke.", "Sarah Lee spoke.", ("Sara Hale", "Sarah Lee")),
        # an outlet that writes both spellings names two people (or spells one both ways)
        ("Stacy Hale and Stacey Hale spoke.", "Stacey Hale spoke.", ("Stacy Hale", "Stacey Hale")),
        # a lone given name with no kinship noun before it is tied to no one
        ("Stacy spoke first.", "Stacey spoke first.", ("Stacy", "Stacey")),
        # a surname spelled two ways is not a given name misspelt
        ("Ilene Wolff wrote it.", "Ilene Wolfe wrote it.", ("Ilene Wolff", "Ilene Wolfe")),
    ],
)
def test_names_that_are_not_one_given_name_misspelt_are_no_conflict(
    first: str, second: str, names: tuple[str, ...]
) -> None:
    assert _spelt(first, second, names) == []
