"""The component registry and the requires/assigns check."""

from __future__ import annotations

import dataclasses

import pytest

from rashomon.analysis.pipeline import Pipeline
from rashomon.errors import ComponentError, PipelineError
from rashomon.model.records import Analysis, Article
from rashomon.registry import Registry, default_registry


def test_default_registry_lists_builtins_with_their_layers() -> None:
    registry = default_registry(entry_points=False)
    assert registry.get("sentences").assigns == ("sentences", "ner")
    assert registry.get("entities").requires == ("sentences", "ner")


def test_missing_prerequisite_names_a_provider() -> None:
    with pytest.raises(PipelineError, match="entities requires 'sentences', 'ner'; add one of: sentences"):
        Pipeline.from_names(["entities"], registry=default_registry(entry_points=False))


def test_unknown_component_lists_available_names() -> None:
    with pytest.raises(
        PipelineError,
        match="unknown component 'frames'; available: citations, descriptors, entities, "
        "loaded_terms, "
        "quantities, quotes, sentences, tone",
    ):
        Pipeline.from_names(["frames"], registry=default_registry(entry_points=False))


def test_plugin_component_runs_and_is_recorded_in_provenance() -> None:
    registry = default_registry(entry_points=False)

    def shout() -> object:
        def run(analysis: Analysis) -> Analysis:
            return analysis.with_layer("shout", ())

        return run

    registry.register("shout", shout, requires=("sentences",), assigns=("shout",))
    pipeline = Pipeline.from_names(["sentences", "shout"], registry=registry)
    analysis = pipeline.analyze(Article(id="a", source="a.txt", text="One sentence here. Another one."))
    assert "shout" in analysis.layers
    assert pipeline.names == ("rashomon.sentences.v2", "rashomon.shout.v1")
    assert analysis.provenance == pipeline.provenance
    assert analysis.provenance[:2] == pipeline.names


def test_component_failure_names_component_and_article() -> None:
    registry = Registry()

    def broken() -> object:
        def run(analysis: Analysis) -> Analysis:
            raise ValueError("boom")

        return run

    registry.register("broken", broken)
    pipeline = Pipeline.from_names(["broken"], registry=registry)
    with pytest.raises(ComponentError, match="component 'broken' failed on article abc: boom"):
        pipeline.analyze(Article(id="abc", source="x", text="Text."))


def test_sentences_never_cross_paragraphs_and_mark_headings() -> None:
    text = "Talks resume in Geneva\nThe delegates met on Monday. They did not agree\nA vote follows."
    analysis = Pipeline.from_names(["sentences"]).analyze(Article(id="a", source="a", text=text))
    got = [(s.text_of(text), s.heading) for s in analysis.sentences]
    assert got == [
        ("Talks resume in Geneva", True),
        ("The delegates met on Monday.", False),
        ("They did not agree", False),
        ("A vote follows.", False),
    ]


@pytest.mark.parametrize(
    ("title", "first", "heading"),
    [
        ("Storm closes the harbour for a week", "Storm closes the harbour for a week.", True),
        ("Storm closes the harbour: what comes next?", "Storm closes the harbour — what comes next?", True),
        ("Storm closes the harbour", "A storm closed the harbour on Monday, officials said.", False),
        (None, "Storm closes the harbour for a week.", False),
    ],
)
def test_a_first_paragraph_that_repeats_the_title_is_a_heading(title: str | None, first: str, heading: bool) -> None:
    text = f"{first}\nThe harbour master said repairs would take a week."
    article = Article(id="a", source="a", title=title, text=text)
    analysis = Pipeline.from_names(["sentences"]).analyze(article)
    assert [s.heading for s in analysis.sentences] == [heading, False]


def test_analysis_is_frozen() -> None:
    analysis = Analysis(article=Article(id="a", source="a", text="x"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.article = None  # type: ignore[misc]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He spoke on Tuesday. "We are ready," she said.', ["He spoke on Tuesday.", '"We are ready," she said.']),
        (
            "Talks stalled. “Nobody moved,” he said. “Again.”",
            ["Talks stalled.", "“Nobody moved,” he said.", "“Again.”"],
        ),
        ('"It is over." The crowd left.', ['"It is over."', "The crowd left."]),
    ],
    ids=["straight-opening-quote", "curly-opening-quotes", "closing-quote-stays"],
)
def test_opening_quotes_start_the_next_sentence(text: str, expected: list[str]) -> None:
    analysis = Pipeline.from_names(["sentences"]).analyze(Article(id="a", source="a", text=text))
    assert [s.text_of(text) for s in analysis.sentences] == expected
