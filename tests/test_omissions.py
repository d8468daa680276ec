"""Verified omissions: listed only when a search of the article's whole text finds no sign of the fact."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from rashomon.comparison.align import Scored, Unit
from rashomon.comparison.omissions import OmissionOptions, verify_omissions
from rashomon.model.records import Article, Claim, Mention, Span

ARTICLES = [Article(id=i, source=i, text="x" * 200) for i in "abc"]
# Units: a0, b0 carry the claim; c0, c1 are the third article's sentences; a1 and b1 fill the story.
UNITS = [("a", 0), ("b", 0), ("c", 0), ("c", 100), ("a", 100), ("b", 100)]
FILLER = [("harbour",), ("harbour",), ("weather",), ("harbour",), ("weather", "harbour"), ("harbour", "ship")]


def scored(third: tuple[tuple[str, ...], tuple[str, ...]], similarity: float, cosine: float) -> tuple[Scored, list]:
    """A story whose claim (a0, b0) shares key terms; the third article's two sentences hold `third`."""
    items = [Unit(article=a, span=Span(start=s, end=s + 50), position=0.0) for a, s in UNITS]
    sim = np.zeros((6, 6))
    sim[0, 1] = sim[1, 0] = 0.6
    sim[2, [0, 1]] = sim[[0, 1], 2] = similarity
    cos = np.full((6, 6), 0.2)
    cos[2, [0, 1]] = cos[[0, 1], 2] = cosine
    terms = [("strike", "dock", "@union"), ("strike", "dock", "@union"), *third, *FILLER[4:]]
    return Scored(items=items, similarity=sim, cosine=cos, terms=tuple(terms)), terms


CLAIM = Claim(id="k" * 16, text="x", status="shared", articles=("a", "b"), missing=("c",),
              mentions=(Mention(article="a", start=0, end=50), Mention(article="b", start=0, end=50)))  # fmt: skip


def listed(third: tuple[tuple[str, ...], tuple[str, ...]], similarity: float = 0.05, cosine: float = 0.3) -> list:
    story, terms = scored(third, similarity, cosine)
    # Six sentences: the claim's terms are in a third of them, which a real story would call ubiquitous.
    return list(verify_omissions([CLAIM], ARTICLES, story, terms, options=OmissionOptions(ubiquitous=0.5)))


def test_fact_absent_from_the_whole_text_is_listed_with_evidence() -> None:
    (omission,) = listed((("weather",), ("harbour",)))
    assert omission.article == "c" and omission.confidence is not None and omission.confidence > 0
    assert omission.closest is not None and omission.closest.article == "c"
    assert set(omission.terms) == {"strike", "dock", "@union"} and omission.found == ()


@pytest.mark.parametrize(
    "third, similarity, cosine",
    [
        ((("weather",), ("dock", "strike", "@union")), 0.05, 0.3),  # its words, in another sentence
        ((("weather",), ("harbour",)), 0.3, 0.3),  # a sentence the aligner scores close
        ((("weather",), ("harbour",)), 0.05, 0.8),  # a paraphrase
    ],
    ids=["key-terms", "similar-sentence", "paraphrase"],
)
def test_fact_found_anywhere_in_the_text_is_not_an_omission(third, similarity: float, cosine: float) -> None:
    assert listed(third, similarity, cosine) == []


def test_a_claim_most_others_do_not_carry_is_no_omission() -> None:
    story, terms = scored((("weather",), ("harbour",)), 0.05, 0.3)
    lone = Claim(id="k" * 16, text="x", status="unique", articles=("a",), missing=("b", "c"),
                 mentions=(Mention(article="a", start=0, end=50),))  # fmt: skip
    assert verify_omissions([lone], ARTICLES, story, terms, options=OmissionOptions()) == ()


def _told(third: str, third_terms: tuple[str, ...]) -> list:
    """Two articles state a strike date; the third article's second sentence is `third` with `third_terms`."""
    published = datetime(2024, 4, 20, tzinfo=UTC)
    texts = {"a": "Dockers will strike on May 4 over pay.", "b": "The union said the dock strike starts May 4."}
    texts["c"] = "The weather was calm at the harbour. " + third
    articles = [Article(id=k, source=k, text=t, published=published) for k, t in texts.items()]
    spans = [("a", 0, len(texts["a"])), ("b", 0, len(texts["b"])), ("c", 0, 36), ("c", 37, len(texts["c"]))]
    items = [Unit(article=a, span=Span(start=s, end=e), position=0.0) for a, s, e in spans]
    sim = np.zeros((4, 4))
    sim[0, 1] = sim[1, 0] = 0.6
    terms = [("strike", "dock", "@union"), ("strike", "dock", "@union"), ("weather", "harbour"), third_terms]
    story = Scored(items=items, similarity=sim, cosine=np.full((4, 4), 0.2), terms=tuple(terms))
    claim = Claim(id="k" * 16, text="x", status="shared", articles=("a", "b"), missing=("c",),
                  mentions=tuple(Mention(article=a, start=s, end=e) for a, s, e in spans[:2]))  # fmt: skip
    return list(verify_omissions([claim], articles, story, terms, options=OmissionOptions(ubiquitous=0.9)))


@pytest.mark.parametrize(
    "third, third_terms, omitted",
    [
        ("Port workers walk out on May 4, the strike leaders said.", ("strike", "worker"), False),
        ("Port workers walk out on May 9, the strike leaders said.", ("strike", "worker"), True),
        ("A ferry sails to the island on May 4.", ("ferry", "island"), True),
    ],
    ids=["same-date-and-term", "other-date", "same-date-other-fact"],
)
def test_the_claims_shared_value_beside_its_terms_tells_the_fact(
    third: str, third_terms: tuple[str, ...], omitted: bool
) -> None:
    assert bool(_told(third, third_terms)) is omitted
