"""Tone toward actors: target-dependent scores per (sentence, actor), negation, voices, the reference story."""

from __future__ import annotations

from pathlib import Path

import pytest

import rashomon
from rashomon.analysis.components.tone import squash
from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Pipeline
from rashomon.comparison.compare import CompareOptions
from rashomon.model.records import Analysis, Article

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    """The blank pipeline up to tone."""
    return Pipeline.from_names(
        ("sentences", "entities", "quotes", "loaded_terms", "tone"), config={"sentences": {"model": "blank:en"}}
    )


def scores(pipeline: Pipeline, text: str) -> dict[str, float]:
    """Actor -> score of the single sentence of `text` that mentions it."""
    analysis = pipeline.analyze(Article(id="t", source="test", text=text))
    return {s.entity: s.score for s in analysis.layers["tone"]}


def test_two_actors_in_one_sentence_get_their_own_tone(pipeline: Pipeline) -> None:
    text = "Senator Anna Park, a courageous reformer, faced Governor Tom Grant, a disgraced crook, in the debate."
    tone = scores(pipeline, text)
    assert tone["Anna Park"] > 0.2
    assert tone["Tom Grant"] < -0.2


def test_negation_flips_a_cue(pipeline: Pipeline) -> None:
    assert scores(pipeline, "Mayor Luis Ortiz is corrupt, the audit found.")["Luis Ortiz"] < 0
    assert scores(pipeline, "Mayor Luis Ortiz is not corrupt, the audit found.")["Luis Ortiz"] > 0


def test_a_speakers_own_words_are_not_tone_toward_the_speaker(pipeline: Pipeline) -> None:
    tone = scores(pipeline, "“The budget is a disaster and a disgrace,” said Mayor Luis Ortiz.")
    assert tone["Luis Ortiz"] == 0


def test_what_a_speaker_says_about_an_actor_counts_at_half_weight(pipeline: Pipeline) -> None:
    quoted = scores(pipeline, "Mayor Luis Ortiz called Tom Grant “a liar and a crook” on Monday.")["Tom Grant"]
    outlet = scores(pipeline, "Tom Grant, a liar and a crook, spoke on Monday.")["Tom Grant"]
    assert outlet < quoted < 0


def test_a_neutral_sentence_scores_zero(pipeline: Pipeline) -> None:
    assert scores(pipeline, "Senator Anna Park will visit Ottawa on Thursday.") == {"Anna Park": 0.0, "Ottawa": 0.0}


def test_each_span_keeps_its_mentions_and_cues(pipeline: Pipeline) -> None:
    text = "Governor Tom Grant, a disgraced crook, resigned."
    analysis = pipeline.analyze(Article(id="t", source="test", text=text))
    (span,) = [s for s in analysis.layers["tone"] if s.entity == "Tom Grant"]
    assert span.mentions == (text.index("Tom Grant"),)
    assert {"disgraced", "crook"} <= {text[c.start : c.end] for c in span.cues}
    assert all(c.weight < 0 for c in span.cues)


def test_tone_runs_without_loaded_terms_or_quotes() -> None:
    pipeline = Pipeline.from_names(("sentences", "entities", "tone"), config={"sentences": {"model": "blank:en"}})
    analysis = pipeline.analyze(Article(id="t", source="test", text="Governor Tom Grant, a disgraced crook, resigned."))
    assert analysis.layers["tone"][0].score < 0


def test_squash_is_bounded_and_odd() -> None:
    assert squash(0) == 0
    assert -1 < squash(-50) < -0.99 and squash(3) == -squash(-3)


@pytest.fixture(scope="module")
def breitbart() -> Analysis:
    """Breitbart's article of the reference story, analysed up to tone."""
    options = CompareOptions(model="blank:en", components=(*DEFAULT_PIPELINE, "loaded_terms", "tone"))
    comparison = rashomon.compare([str(ROOT / "examples" / "carney-beijing")], options=options)
    return next(a for a in comparison.analyses if a.article.outlet == "Breitbart")


def test_breitbart_dictator_sentence_is_cold_toward_xi(breitbart: Analysis) -> None:
    text = breitbart.article.text
    (span,) = [s for s in breitbart.layers["tone"] if s.entity == "Xi Jinping" and "dictator" in s.text_of(text)]
    assert span.score < -0.3
    assert "dictator" in {text[c.start : c.end] for c in span.cues}


def test_breitbart_is_cold_toward_meng(breitbart: Analysis) -> None:
    meng = [s.score for s in breitbart.layers["tone"] if s.entity == "Meng Wanzhou"]
    assert meng and sum(meng) / len(meng) < -0.2
