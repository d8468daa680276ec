"""Loaded terms: the packaged lexicon, the matcher, user files, and the component's voices and scare quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

import rashomon
from rashomon.analysis.components.loaded_terms import LoadedTerms
from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Pipeline
from rashomon.comparison.compare import CompareOptions
from rashomon.errors import InputError, SourceNotFound
from rashomon.model.records import Analysis, Article
from rashomon.resources.lexicon import ENV_VAR, Lexicon, default_lexicon, inflections

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = (
    "pejorative label",
    "honorific label",
    "sensational verb",
    "sensational noun",
    "intensifier",
    "euphemism",
    "speculation and hedge",
    "scare quotes",
    "idiom of contempt",
    "idiom of praise",
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    """The packaged lexicon alone."""
    return Lexicon.load()


def found(lexicon: Lexicon, text: str) -> list[tuple[str, str]]:
    """(matched words, category) of every term found in `text`."""
    return [(text[m.start : m.end], m.term.category) for m in lexicon.find(text)]


# --- the packaged lexicon --------------------------------------------------------------------------


def test_packaged_lexicon_has_every_category_with_a_note(lexicon: Lexicon) -> None:
    assert set(REQUIRED) <= set(lexicon.categories)
    assert all(c.note.strip() for c in lexicon.categories.values())


def test_packaged_lexicon_is_a_few_hundred_terms_with_multi_word_ones(lexicon: Lexicon) -> None:
    assert len(lexicon) >= 300
    assert {"hat in hand", "in lockstep", "pivotal step"} <= {t.text for t in lexicon.terms}


def test_every_polarity_is_known(lexicon: Lexicon) -> None:
    assert {t.polarity for t in lexicon.terms} <= {"negative", "positive", "none"}


# --- matching ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("slam", "slammed"),
        ("bizarre", "bizarrely"),
        ("insist", "insisted"),
        ("concede", "conceding"),
        ("cozy", "cozied"),
        ("dramatic", "dramatically"),
        ("laughable", "laughably"),
        ("lie", "lying"),
    ],
)
def test_inflections(word: str, form: str) -> None:
    assert form in inflections(word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The senator slammed the bill as a power grab.",
            [("slammed", "sensational verb"), ("power grab", "sensational noun")],
        ),
        (
            "Critics say the premier went to Washington hat in hand.",
            [("Critics say", "speculation and hedge"), ("hat in hand", "idiom of contempt")],
        ),
        ("Ottawa moved in lockstep with its ally.", [("in lockstep", "idiom of contempt")]),
        (
            "A far left faction and a far-right one split the vote.",
            [("far left", "partisan label"), ("far-right", "partisan label")],
        ),
        (
            "The regime’s so-called reforms were bizarrely timed.",
            [("regime", "pejorative label"), ("so-called", "scare quotes"), ("bizarrely", "loaded adjective")],
        ),
    ],
    ids=["verb-and-noun", "hedge-and-idiom", "lockstep", "hyphen-or-space", "possessive-and-adverb"],
)
def test_finds_terms(lexicon: Lexicon, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(lexicon, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The country changed its tax regime in 2019.",
        "The militia claimed responsibility for the attack.",
        "Analysts at the Miami Herald reported the figures.",
        "The would be a fine plan, she said.",  # "would-be" is not "would be"
        "Investors said the answer lies in exports.",
        "Rescuers reached the cave entrance on Monday.",
    ],
    ids=["tax-regime", "claimed-responsibility", "herald-is-a-name", "would-be", "lies-in", "cave-entrance"],
)
def test_context_cancels_a_term(lexicon: Lexicon, text: str) -> None:
    assert found(lexicon, text) == []


def test_words_of_a_term_must_be_adjacent(lexicon: Lexicon) -> None:
    assert found(lexicon, "He held his hat. In hand was a letter.") == []


def test_lookup_finds_a_word_and_its_forms(lexicon: Lexicon) -> None:
    assert lexicon.lookup("Slammed").text == "slam"
    assert lexicon.lookup("said") is None


# --- user files -------------------------------------------------------------------------------------

USER_FILE = """\
categories:
  trade jargon:
    note: Words our desk treats as loaded in trade stories.
    polarity: negative
    terms:
      - dumping ground
      - protectionist
  pejorative label:
    terms:
      - regime: {polarity: none, note: our house style allows it}
remove: [probably]
"""


def test_user_file_adds_a_category_overrides_and_removes(tmp_path: Path) -> None:
    path = tmp_path / "desk.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    lexicon = Lexicon.load(path)
    text = "The protectionist regime will probably not budge."
    assert found(lexicon, text) == [("protectionist", "trade jargon"), ("regime", "pejorative label")]
    assert lexicon.lookup("regime").polarity == "none"
    assert lexicon.categories["pejorative label"].polarity == "negative"  # the category keeps its default


def test_env_var_and_extra_extend_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "one.yaml"
    first.write_text("categories:\n  desk:\n    terms: [boondoggler]\n", encoding="utf-8")
    second = tmp_path / "two.yaml"
    second.write_text("categories:\n  desk:\n    terms: [featherbedding]\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(first))
    lexicon = default_lexicon(second)
    assert lexicon.lookup("boondoggler").category == "desk"
    assert lexicon.lookup("featherbedding").category == "desk"
    assert lexicon.lookup("dictator") is not None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("categories: [a, b]", "expected a mapping with a 'categories' mapping"),
        ("categories:\n  x:\n    terms: [a\n", "invalid YAML"),
        ("categories:\n  x:\n    colour: red\n", "category 'x': unknown field 'colour'"),
        ("categories:\n  x:\n    polarity: angry\n", "unknown polarity 'angry'"),
        ("categories:\n  x:\n    terms:\n      - spin: {not_before: [on]}\n", "quote words YAML reads as true/false"),
        ("categories:\n  x:\n    terms: [spin]\n  y:\n    terms: [spin]\n", "term 'spin' is listed twice"),
        ("categories:\n  x:\n    terms: ['--']\n", "a term must have at least one word"),
        ("wordlist: [a]\n", "the file: unknown field 'wordlist'"),
    ],
    ids=[
        "not-a-mapping",
        "bad-yaml",
        "unknown-field",
        "bad-polarity",
        "yaml-boolean",
        "duplicate",
        "no-word",
        "unknown-top-field",
    ],
)
def test_bad_lexicon_file_names_the_file_and_problem(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        Lexicon.load(path)
    assert str(error.value).startswith(f"{path}: ")
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_lexicon_file(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match="no such loaded-terms file"):
        Lexicon.load(tmp_path / "nope.yaml")


# --- the component ----------------------------------------------------------------------------------

STORY = """\
Senator Maria Lopez blasted the ministry's plan on Tuesday, calling it "a reckless giveaway to donors."
The ministry has insisted the plan is sound. Its "reforms" are due to pass in June.
Lopez said the premier was apparently ready to cave in.
The vote led the opposition to label the ministry a "rubber stamp" for the premier's office.
"""


@pytest.fixture(scope="module")
def story() -> Analysis:
    """STORY through sentences, entities, quotes and loaded_terms (lexicon rules alone), blank pipeline."""
    pipeline = Pipeline.from_names(
        ("sentences", "entities", "quotes", "loaded_terms"),
        config={"sentences": {"model": "blank:en"}, "loaded_terms": {"learned": False}},
    )
    return pipeline.analyze(Article(id="a", source="test", text=STORY))


def terms_of(analysis: Analysis) -> list[tuple[str, str, str, str | None]]:
    """(words, category, voice, speaker) of each loaded-term span."""
    text = analysis.article.text
    return [(s.text_of(text), s.label, s.voice, s.speaker) for s in analysis.layers["loaded_terms"]]


def test_outlet_voice_and_quoted_voice_are_told_apart(story: Analysis) -> None:
    terms = terms_of(story)
    assert ("blasted", "sensational verb", "outlet", None) in terms
    assert ("reckless", "loaded adjective", "quoted", "Maria Lopez") in terms
    assert ("giveaway", "sensational noun", "quoted", "Maria Lopez") in terms
    assert ("insisted", "loaded attribution", "outlet", None) in terms


def test_a_paraphrase_stays_in_the_outlet_voice_naming_whom_it_reports(story: Analysis) -> None:
    span = next(s for s in story.layers["loaded_terms"] if s.text_of(STORY) == "apparently")
    assert (span.voice, span.reported) == ("outlet", "Maria Lopez")


def test_unattributed_short_quote_is_a_scare_quote(story: Analysis) -> None:
    assert ("reforms", "scare quotes", "outlet", None) in terms_of(story)


def test_a_label_reported_as_someone_elses_is_not_a_scare_quote(story: Analysis) -> None:
    terms = terms_of(story)
    assert ("rubber stamp", "idiom of contempt", "quoted", None) in terms
    assert not any(t[0] == "rubber stamp" and t[1] == "scare quotes" for t in terms)


def test_component_takes_an_extra_lexicon_file(tmp_path: Path) -> None:
    path = tmp_path / "desk.yaml"
    path.write_text("categories:\n  desk:\n    terms: [sound]\n", encoding="utf-8")
    analysis = Analysis(article=Article(id="a", source="t", text="The plan is sound."), layers={"quotes": ()})
    spans = LoadedTerms(lexicon=str(path))(analysis).layers["loaded_terms"]
    assert [(s.label, s.term) for s in spans] == [("desk", "sound")]


# --- the reference story ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> dict[str, list[tuple[str, str, str, str | None]]]:
    """Outlet -> loaded terms of the reference story (blank pipeline)."""
    options = CompareOptions(model="blank:en", components=(*DEFAULT_PIPELINE, "loaded_terms"))
    comparison = rashomon.compare([str(ROOT / "examples" / "carney-beijing")], options=options)
    return {a.article.outlet or a.article.id: terms_of(a) for a in comparison.analyses}


def test_breitbart_own_voice(reference) -> None:
    own = {t[0] for t in reference["Breitbart"] if t[2] == "outlet"}
    assert {"dictator", "hat in hand", "pilgrimage", "taken hostage", "sketchy", "narco-terrorist"} <= own


def test_kowtowing_is_michael_chong_not_breitbart(reference) -> None:
    kowtowing = [t for t in reference["Breitbart"] if t[0] == "kowtowing"]
    assert kowtowing == [("kowtowing", "idiom of contempt", "quoted", "Michael Chong")]


def test_global_times_pivotal_step_in_its_own_voice(reference) -> None:
    assert ("pivotal step", "idiom of praise", "outlet", None) in reference["Global Times"]


def test_in_lockstep_is_china_daily_in_both_outlets_that_quote_it(reference) -> None:
    for outlet in ("Breitbart", "Global News"):
        lockstep = [t for t in reference[outlet] if t[0] == "in lockstep"]
        assert lockstep and all(t[2] == "quoted" and "China Daily" in (t[3] or "") for t in lockstep)


def test_a_quoted_word_the_model_reads_as_plain_is_not_a_scare_quote(reference) -> None:
    # Breitbart quotes "tone" from an official readout: quoted, not loaded (the issue's own example of noise).
    assert not any(t[0] == "tone" for t in reference["Breitbart"])
