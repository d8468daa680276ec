"""Story-level framing: loaded terms by voice, naming and claim contrasts, the tone table, outlet profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rashomon
from rashomon.comparison.compare import CompareOptions
from rashomon.comparison.framing import MIN_RATE_WORDS, Framing, analyze_framing
from rashomon.model.records import Article, Comparison

ROOT = Path(__file__).resolve().parents[1]

WIRE = """\
President Viktor Hale of Norland met Prime Minister Ana Ruiz in Lisbon on Monday to discuss the gas pipeline.
Norland detained two Portuguese engineers in March on charges of spying, and the talks were to cover it.
Ruiz said the meeting was useful and that both sides would keep talking about the pipeline and the engineers.
"""
TABLOID = """\
Strongman Viktor Hale of Norland met Prime Minister Ana Ruiz in Lisbon on Monday to discuss the gas pipeline.
Norland took two Portuguese engineers hostage in March on sketchy charges of spying, and the talks were to cover it.
Ruiz went to the meeting hat in hand, and critics say she will cave in on the pipeline.
"""
STATE = """\
President Viktor Hale of Norland met Prime Minister Ana Ruiz in Lisbon on Monday to discuss the gas pipeline.
"The visit was a pivotal step toward win-win cooperation," said Lan Wei, a researcher at the Norland Academy.
"""


@pytest.fixture(scope="module")
def story() -> tuple[Comparison, Framing]:
    """Three versions of one meeting: a wire report, a tabloid and a state outlet."""
    articles = [
        Article(id=name, source=f"{name}.txt", outlet=name, text=text)
        for name, text in (("wire", WIRE), ("tabloid", TABLOID), ("state", STATE))
    ]
    comparison = rashomon.compare_articles(articles, options=CompareOptions(model="blank:en"))
    assert comparison.framing is not None
    return comparison, comparison.framing


def test_loaded_terms_carry_article_voice_and_category(story) -> None:
    _comparison, framing = story
    tabloid = {(t.term, t.category, t.voice) for t in framing.loaded_terms if t.article == "tabloid"}
    assert {
        ("strongman", "pejorative label", "outlet"),
        ("hat in hand", "idiom of contempt", "outlet"),
        ("sketchy", "loaded adjective", "outlet"),
    } <= tabloid
    state = [(t.voice, t.speaker) for t in framing.loaded_terms if t.article == "state" and t.term == "pivotal step"]
    assert state == [("quoted", "Lan Wei")]


def test_naming_contrast_sets_strongman_against_president(story) -> None:
    comparison, framing = story
    hale = next(e.id for e in comparison.entities if e.name == "Viktor Hale")
    contrasts = [c for c in framing.naming_contrasts if c.entity == hale]
    assert [(c.article, c.words, c.loaded) for c in contrasts] == [("tabloid", ("strongman",), ("strongman",))]
    assert dict(contrasts[0].others) == {"wire": ("President", "of Norland"), "state": ("President", "of Norland")}


def test_claim_contrast_finds_hostage_where_the_other_says_detained(story) -> None:
    comparison, framing = story
    texts = {a.id: a.text for a in comparison.articles}
    found = {(c.article, texts[c.article][w.start : w.end]) for c in framing.claim_contrasts for w in c.words}
    assert ("tabloid", "hostage") in found
    assert ("tabloid", "sketchy") in found
    assert not any(article == "wire" and word == "pipeline" for article, word in found)  # shared words never count


def test_tone_table_is_actor_by_article_with_evidence(story) -> None:
    comparison, framing = story
    hale = next(e.id for e in comparison.entities if e.name == "Viktor Hale")
    cells = {c.article: c for c in framing.tone if c.entity == hale}
    assert cells["tabloid"].score < cells["wire"].score
    assert cells["tabloid"].evidence and cells["tabloid"].evidence[0].score < 0
    ruiz = next(e.id for e in comparison.entities if e.name == "Ana Ruiz")
    assert next(c for c in framing.tone if c.entity == ruiz and c.article == "tabloid").score < 0


def test_profiles_compare_terms_across_the_story(story) -> None:
    _comparison, framing = story
    rates = {p.article: p for p in framing.profiles}
    assert rates["tabloid"].outlet_terms > rates["wire"].outlet_terms
    assert "hat in hand" in rates["tabloid"].distinct_terms
    assert rates["state"].quoted_words > 0


def test_profiles_give_no_rate_for_texts_too_short_to_support_one(story) -> None:
    _comparison, framing = story
    for profile in framing.profiles:
        assert profile.outlet_words < MIN_RATE_WORDS
        assert (profile.outlet_rate, profile.relative_rate) == (None, None)


def test_to_dict_is_json_with_the_report_keys(story) -> None:
    _comparison, framing = story
    data = json.loads(json.dumps(framing.to_dict()))
    assert set(data) == {"loaded_terms", "tone", "framing"}
    assert {"article", "term", "category", "start", "end", "voice"} <= set(data["loaded_terms"][0])
    assert {"article", "entity", "score", "mentions", "evidence"} <= set(data["tone"][0])
    assert set(data["framing"]) == {"profiles", "naming_contrasts", "claim_contrasts"}


def test_comparison_never_runs_the_framing_components_itself() -> None:
    articles = [Article(id=name, source=f"{name}.txt", text=text) for name, text in (("wire", WIRE), ("state", STATE))]
    voices_only = ("sentences", "entities", "quotes", "descriptors", "citations")
    comparison = rashomon.compare_articles(articles, options=CompareOptions(model="blank:en", components=voices_only))
    assert comparison.framing is None  # not analysed: said so, not computed behind the pipeline's back
    assert all("loaded_terms" not in a.layers for a in comparison.analyses)


# --- the reference story ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> tuple[Comparison, Framing]:
    """The reference story with the default pipeline, framing computed afterwards."""
    comparison = rashomon.compare([str(ROOT / "examples" / "carney-beijing")], options=CompareOptions(model="blank:en"))
    return comparison, analyze_framing(comparison)


def outlet_of(comparison: Comparison, name: str) -> str:
    """The article id of the outlet called `name`."""
    return next(a.id for a in comparison.articles if a.outlet == name)


def test_reference_naming_contrasts_stand_out(reference) -> None:
    comparison, framing = reference
    breitbart = outlet_of(comparison, "Breitbart")
    loaded = {(c.name, c.loaded) for c in framing.naming_contrasts if c.article == breitbart}
    assert ("Xi Jinping", ("dictator",)) in loaded
    assert framing.naming_contrasts[0].loaded  # loaded contrasts come first


def test_reference_breitbart_has_the_highest_outlet_voice_rate(reference) -> None:
    comparison, framing = reference
    top = max(framing.profiles, key=lambda p: p.outlet_rate or 0.0)
    assert top.article == outlet_of(comparison, "Breitbart")
    assert {"dictator", "hat in hand", "pilgrimage"} <= set(top.distinct_terms)


def test_reference_global_times_own_voice(reference) -> None:
    comparison, framing = reference
    profile = next(p for p in framing.profiles if p.article == outlet_of(comparison, "Global Times"))
    assert "pivotal step" in profile.distinct_terms
    assert profile.categories[0][0] == "idiom of praise"


def test_reference_tone_toward_xi_in_breitbart_shows_dictator(reference) -> None:
    comparison, framing = reference
    breitbart = outlet_of(comparison, "Breitbart")
    xi = next(e.id for e in comparison.entities if e.name == "Xi Jinping")
    cell = next(c for c in framing.tone if c.article == breitbart and c.entity == xi)
    text = comparison.article(breitbart).text
    cues = {text[s:e] for ev in cell.evidence for s, e, _ in ev.cues}
    assert "dictator" in cues
