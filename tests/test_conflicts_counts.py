"""Counts of one named thing across a story: who gives a figure is not what it measures (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from rashomon.comparison.facts.conflicts import Facts, find_conflicts
from rashomon.comparison.facts.values import attribution_spans, value_context
from rashomon.model.records import Article, Claim, Mention

PUBLISHED = datetime(2024, 5, 6, tzinfo=UTC)


class _Cosine:
    """An encoder whose sentence vectors all meet at one cosine."""

    name = "cosine"

    def __init__(self, cosine: float) -> None:
        self.cosine = cosine

    def encode(self, sentences: list[str]) -> np.ndarray:
        n = len(sentences)
        gram = np.full((n, n), self.cosine) + (1 - self.cosine) * np.eye(n)
        return np.linalg.cholesky(gram).astype(np.float32)


def _unaligned(*sentences: str, encoder: object = None) -> Facts:
    """One-sentence articles, each sentence its own claim (the aligner kept them apart)."""
    articles = [
        Article(id=f"a{i:015d}", source=f"o{i}.txt", outlet=f"Outlet {i}", text=s, published=PUBLISHED)
        for i, s in enumerate(sentences)
    ]
    claims = [
        Claim(id=f"c{i:015d}", text=a.text, status="unique", articles=(a.id,), missing=(),
              mentions=(Mention(article=a.id, start=0, end=len(a.text)),))
        for i, a in enumerate(articles)
    ]  # fmt: skip
    return find_conflicts(claims, articles, encoder=encoder)  # type: ignore[arg-type]


def _names(sentence: str, value: str) -> frozenset[str]:
    start = sentence.index(value)
    return value_context(sentence, start, start + len(value), 0, len(sentence)).names


@pytest.mark.parametrize(
    "sentence, value, names",
    [
        ("Governor Ilse Varga of Marden said five villages were badly hit.", "five villages", set()),
        ("The storm flattened seven villages in Dorland, the Red Crescent reported.", "seven villages", {"dorland"}),
        ("According to Tovar Radio, the storm flattened seven villages.", "seven villages", set()),
        ("The storm flattened seven villages in Dorland, said Ilse Varga.", "seven villages", {"dorland"}),
        ("Officials said the storm flattened seven villages in Dorland.", "seven villages", {"dorland"}),
    ],
    ids=["speaker-before", "agency-after", "according-to", "said-after", "place-after-said"],
)
def test_the_source_of_a_figure_is_not_among_the_names_of_what_it_measures(
    sentence: str, value: str, names: set[str]
) -> None:
    assert _names(sentence, value) == names


def test_attribution_spans_cover_the_speaker_and_the_closing_source() -> None:
    text = "Ilse Varga, the mayor, said 40 homes burned, the agency reported."
    start = text.index("40 homes")
    spans = attribution_spans(text, 0, start, start + len("40 homes"), len(text))
    assert [text[s:e] for s, e in spans] == ["Ilse Varga, the mayor, said", ", the agency reported."]


def test_two_officials_giving_one_count_two_figures_conflict() -> None:
    facts = _unaligned(
        "Governor Ilse Varga of Marden said five villages were badly hit by the storm.",
        "The storm hit southern Dorland hard, flattening seven villages, officials said.",
    )
    assert [c.kind for c in facts.conflicts] == ["number"]


def test_counts_in_two_named_places_still_do_not_conflict() -> None:
    facts = _unaligned(
        "Officials said the storm flattened five villages in Marden.",
        "Officials said the storm flattened seven villages in Dorland.",
    )
    assert facts.conflicts == ()


@pytest.mark.parametrize(
    "cosine, conflicts",
    [(0.45, ["number"]), (0.3, [])],
    ids=["loosely-alike", "unrelated"],
)
def test_counts_of_one_named_thing_need_sentences_only_loosely_alike(cosine: float, conflicts: list[str]) -> None:
    facts = _unaligned(
        "The mayor said five villages were badly hit by the storm.",
        "The storm hit the coast on Sunday, flattening seven villages and killing ten people.",
        encoder=_Cosine(cosine),
    )
    assert [c.kind for c in facts.conflicts] == conflicts


def test_counts_of_people_still_need_sentences_that_say_the_same() -> None:
    facts = _unaligned(
        "The storm killed 12 people on the coast, the mayor said.",
        "Rescuers said 19 people were killed by the storm on the coast.",
        encoder=_Cosine(0.45),
    )
    assert facts.conflicts == ()
