"""Floors on the annotated development stories (../shared/eval/stories, read in place): facts, omissions,
conflicts, and the framing figures (descriptors, loaded words, a summary free of them).

The figures are the set's own scorer's (`score_story.py`, run as shipped) plus the share of listed omissions
that are real, measured with compare's default options (the embedding path when installed) by
`rashomon eval stories-gold`. Floors are in tests/eval/floors.json under `annotated_stories_means`,
`annotated_stories_framing` and `annotated_stories_clean`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rashomon_eval.stories_gold import FACT_FIGURES, StoriesFigures, judge_omissions

FLOORS = json.loads((Path(__file__).parent / "eval" / "floors.json").read_text(encoding="utf-8"))
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def measured(annotated_stories: StoriesFigures) -> StoriesFigures:
    """Every story compared and scored (tests/conftest.py: once per session)."""
    return annotated_stories


def test_story_floors_name_the_fact_figures() -> None:
    assert set(FLOORS["annotated_stories_means"]) == set(FACT_FIGURES)


@pytest.mark.parametrize("figure", sorted(FLOORS["annotated_stories_means"]))
def test_story_mean_stays_above_floor(measured: StoriesFigures, figure: str) -> None:
    floor = FLOORS["annotated_stories_means"][figure]
    assert measured.means[figure] >= floor - TOLERANCE, (figure, measured.means[figure], floor)


@pytest.mark.parametrize("figure", sorted(FLOORS["annotated_stories_framing"]))
def test_story_framing_mean_stays_above_floor(measured: StoriesFigures, figure: str) -> None:
    """Descriptors, loaded words and a summary free of them, as the set's scorer counts them (issue 15)."""
    floor = FLOORS["annotated_stories_framing"][figure]
    assert measured.means[figure] >= floor - TOLERANCE, (figure, measured.means[figure], floor)


@pytest.mark.parametrize("figure", sorted(FLOORS["annotated_stories_clean"]))
def test_story_cleaning_mean_stays_above_floor(measured: StoriesFigures, figure: str) -> None:
    """Page furniture removed and recorded, repeats kept once, broken words rejoined, as the set's scorer counts."""
    floor = FLOORS["annotated_stories_clean"][figure]
    assert measured.means[figure] >= floor - TOLERANCE, (figure, measured.means[figure], floor)


def test_no_story_reports_a_false_conflict(measured: StoriesFigures) -> None:
    false = [s.name for s in measured.stories if s.figures.get("no false conflicts") != 1.0]
    assert not false


GOLD = {
    "match": r"([ab])\.txt$",
    "facts": [
        {"id": "strike", "in": ["a", "b"], "any": [["walked out"]]},
        {"id": "pay", "in": ["a"], "any": [["pay"]]},
    ],
}


@pytest.mark.parametrize(
    "omissions, expected",
    [
        ([("b", "c-pay")], (1, 1, 1)),
        ([("b", "c-strike")], (1, 1, 0)),
        ([("b", "c-other")], (1, 0, 0)),
    ],
    ids=["real", "false", "unjudged"],
)
def test_omissions_are_judged_against_the_fact_their_claim_states(
    omissions: list[tuple[str, str]], expected: tuple[int, int, int]
) -> None:
    report = {
        "articles": [{"id": "A", "source": "x/a.txt"}, {"id": "B", "source": "x/b.txt"}],
        "claims": [
            {"id": "c-pay", "mentions": [{"text": "Their pay rose."}]},
            {"id": "c-strike", "mentions": [{"text": "Dockers walked out on Monday."}]},
            {"id": "c-other", "mentions": [{"text": "Ships waited offshore."}]},
        ],
        "omissions": [{"article": key.upper(), "claim": claim} for key, claim in omissions],
    }
    assert judge_omissions(report, GOLD) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Gov. Roth named Lee to fill Sen. Paul Dorn’s vacant seat in Congress.",
        "The judge in the case, Mary K. Olsen, is scheduled to sentence Mr. Hale on June 28.",
    ],
)
def test_credit_check_reads_a_sentence_with_titles_and_initials_whole(sentence: str) -> None:
    """An article states its own sentence: the check's splitter does not cut it at "Sen." or "K."."""
    from rashomon_eval.credit import states

    article = f"The seat has been open since March. {sentence} Nobody objected."
    assert states(sentence, article)[0]
