"""Counts of one named thing across a story: who gives a figure is not what it measures (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from rashomon.comparison.facts.conflicts import Facts, find_conflicts
from rashomon.comparison.facts.values import attribution_spans, value_context, worth_of
from rashomon.model.records import Article, Claim, Mention
from rashomon.text.quantities import find_quantities

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


def _story(*articles: tuple[str, ...], encoder: object = None) -> Facts:
    """Articles of several sentences, each sentence its own claim."""
    built, claims = [], []
    for i, sentences in enumerate(articles):
        text = " ".join(sentences)
        article = Article(id=f"a{i:015d}", source=f"o{i}.txt", outlet=f"Outlet {i}", text=text, published=PUBLISHED)
        built.append(article)
        for sentence in sentences:
            start = text.index(sentence)
            mention = Mention(article=article.id, start=start, end=start + len(sentence))
            claims.append(
                Claim(id=f"c{len(claims):015d}", text=sentence, status="unique", articles=(article.id,), missing=(),
                      mentions=(mention,))
            )  # fmt: skip
    return find_conflicts(claims, built, encoder=encoder)  # type: ignore[arg-type]


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
    [(0.45, ["number"]), (0.35, ["number"]), (0.2, [])],
    ids=["loosely-alike", "barely-alike", "unrelated"],
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


@pytest.mark.parametrize(
    "sentence, thing",
    [
        ("Days later a $4 million painting was taken from a gallery.", "paint"),
        ("A small oil painting worth €3m was taken.", "paint"),
        ("Thieves took $900,000 worth of wine from the cellar.", "wine"),
        ("He spent $43,000 of campaign funds on a watch.", "fund"),
        ("The watches were valued at about $2 million.", ""),
        ("He paid $300 for it.", ""),
    ],
    ids=["written-before", "worth", "worth-of", "of", "no-noun-before-valued", "nothing"],
)
def test_a_sum_says_what_it_is_the_value_of(sentence: str, thing: str) -> None:
    (money,) = [q for q in find_quantities(sentence) if q.kind == "money"]
    assert worth_of(sentence, money, len(sentence)) == thing


def test_sums_of_one_thing_in_two_currencies_conflict_across_the_story() -> None:
    facts = _story(
        ("Days later a $4 million painting was taken from a private gallery near the Velo border.",),
        (
            "In March thieves took £900,000 of silver plates from the Orvel museum, and a second theft later that "
            "week saw a small oil painting worth £1.5m taken.",
        ),
    )
    assert [[v.display for v in c.values] for c in facts.conflicts] == [["$4 million", "GBP 1.5 million"]]


def test_a_sum_is_matched_with_a_sum_of_the_same_thing_before_one_it_agrees_with_by_rate() -> None:
    """£1.2m is about $1.5 million in 2024: it agrees with "$1.6 million of jewelry" by the rate's tolerance, but it
    is the necklace's value, and the other outlet values the necklace at $2.5 million."""
    facts = _story(
        (
            "Almost $1.6 million of jewelry was stolen from a hotel safe.",
            "Days later a $2.5 million necklace was lifted by a crook at a party.",
        ),
        ("A diamond necklace worth £1.2m was stolen.",),
    )
    assert [[v.display for v in c.values] for c in facts.conflicts] == [["$2.5 million", "GBP 1.2 million"]]


@pytest.mark.parametrize(
    "sentence, value, beside",
    [
        ("The storm flattened seven villages near Velo.", "seven villages", True),
        (
            "During the Orvel Film Festival the storm later that week flattened roofs, toppled trees and "
            "flooded cellars in seven villages.",
            "seven villages",
            False,
        ),
    ],
    ids=["near", "far"],
)
def test_a_value_is_tied_to_a_name_only_within_its_context_words(sentence: str, value: str, beside: bool) -> None:
    start = sentence.index(value)
    assert value_context(sentence, start, start + len(value), 0, len(sentence)).beside is beside


ONE = ("He completed 17 passes in the first half.",)
SEVERAL = (*ONE, "The other quarterback completed 28 passes.")
HIS = ("He completed 22 passes before the break.",)


@pytest.mark.parametrize(
    "first, second, cosine, conflicts",
    [
        (ONE, HIS, 0.45, ["number"]),
        (SEVERAL, HIS, 0.45, []),
        (SEVERAL, HIS, 0.9, ["number"]),
        (SEVERAL, (*HIS, "His rival completed 31 passes."), 0.9, []),
    ],
    ids=["one-figure", "several-figures", "several-figures-sentences-alike", "several-figures-in-both"],
)
def test_a_noun_counted_with_several_figures_names_no_one_fact(
    first: tuple[str, ...], second: tuple[str, ...], cosine: float, conflicts: list[str]
) -> None:
    """An article that counts passes 17 and 28 times counts several players': its figure conflicts with another
    article's only where their sentences say the same thing, and never when the other counts several too."""
    facts = _story(first, second, encoder=_Cosine(cosine))
    assert [c.kind for c in facts.conflicts] == conflicts
