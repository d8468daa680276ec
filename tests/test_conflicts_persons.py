"""Conflicts of person: outlets that give one fact to two people of one family name (issue 13)."""

from __future__ import annotations

import pytest

from rashomon.comparison.facts.persons import person_conflicts, split_name
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
