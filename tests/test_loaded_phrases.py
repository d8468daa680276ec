"""Loaded terms: the extent of a phrase the word model flags, with word scores given, not learned."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence

import pytest

from rashomon.analysis.components.loaded_terms import LoadedTerms, find_loaded_terms
from rashomon.analysis.learned.loaded import CONTEXTUAL, SentenceScores, WordScore, word_spans
from rashomon.analysis.nlp import TRAINED_MODEL
from rashomon.model.records import Analysis, Article
from rashomon.resources.lexicon import Lexicon, default_lexicon


class GivenScores:
    """A word model stand-in: each word scores what `scores` gives it (lower-cased), else 0.01."""

    word_threshold = 0.2

    def __init__(self, scores: Mapping[str, float], sentence: float = 0.5) -> None:
        self.scores = scores
        self.sentence = sentence

    def category_threshold(self, category: str) -> float:
        """Hedges and the like need the threshold; the rest of the lexicon counts as listed."""
        return self.word_threshold if category in CONTEXTUAL else 0.0

    def score(self, text: str, sentences: Sequence[tuple[int, int]], lexicon: Lexicon) -> list[SentenceScores]:
        """One SentenceScores per sentence, its words scored from the table."""
        return [
            SentenceScores(
                start=start,
                end=end,
                probability=self.sentence,
                words=tuple(
                    WordScore(start=s, end=e, probability=self.scores.get(text[s:e].lower(), 0.01))
                    for s, e in word_spans(text, start, end)
                ),
            )
            for start, end in sentences
        ]


needs_parser = pytest.mark.skipif(importlib.util.find_spec(TRAINED_MODEL) is None, reason=f"{TRAINED_MODEL} missing")


def flagged(text: str, scores: Mapping[str, float], nlp: str | None = None) -> list[tuple[str, str]]:
    """(words, category) of each loaded term found in `text` with the given word scores (`nlp`: a parser)."""
    analysis = Analysis(article=Article(id="a", source="test", text=text), layers={"quotes": ()})
    spans = find_loaded_terms(analysis, default_lexicon(), model=GivenScores(scores), nlp=nlp)  # type: ignore[arg-type]
    return [(s.text_of(text), s.label) for s in spans]


@pytest.mark.parametrize(
    ("text", "scores", "expected"),
    [
        # a lexicon hedge beside a flagged verb: each is reported, the verb no longer lost with the hedge
        (
            "Prosecutors say the driver allegedly mowed into the crowd.",
            {"allegedly": 0.3, "mowed": 0.5},
            [("allegedly", "speculation and hedge"), ("mowed into", "loaded in context")],
        ),
        # a flagged verb takes its particle: the phrasal verb is the loaded phrase
        (
            "The agency kept churning out statements all week.",
            {"churning": 0.5},
            [("churning out", "loaded in context")],
        ),
        ("The board quietly wound down the fund.", {"wound": 0.4}, [("wound down", "loaded in context")]),
        # a preposition that is not a particle stays out of the phrase
        ("The senator was mired in scandal.", {"mired": 0.4}, [("mired", "loaded in context")]),
        # a particle after a word the model reads as plain is nothing
        ("Turnout was low and the crowd came out late.", {}, []),
        # adjacent flagged words are still one phrase
        ("A hot-tempered aide left.", {"hot": 0.6, "tempered": 0.4}, [("hot-tempered", "loaded in context")]),
    ],
)
def test_extent_of_a_flagged_phrase(text: str, scores: Mapping[str, float], expected: list[tuple[str, str]]) -> None:
    assert flagged(text, scores) == expected


@needs_parser
@pytest.mark.parametrize(
    ("text", "scores", "expected"),
    [
        # a flagged noun takes the nouns compounded before it: the metaphor is the compound
        ("The campaign's message machine went to work.", {"machine": 0.8}, ["message machine"]),
        # a modifier is a whole word, hyphenated pieces and all
        ("They fed the hate-speech machine for years.", {"machine": 0.6}, ["hate-speech machine"]),
        # an adjective before the flagged noun is not a compound: it joins only when flagged itself
        ("It was a quiet episode for the team.", {"episode": 0.4}, ["episode"]),
        # a modifier the lexicon reports stays its own term
        ("Critics blamed the rumour mill for the story.", {"rumour": 0.3, "mill": 0.5}, ["rumour", "mill"]),
        # a name before the noun is not taken
        ("The Johnson machine won the county again.", {"machine": 0.8}, ["machine"]),
    ],
)
def test_a_flagged_noun_takes_its_compound_modifiers(
    text: str, scores: Mapping[str, float], expected: list[str]
) -> None:
    assert [words for words, _ in flagged(text, scores, nlp=TRAINED_MODEL)] == expected


def test_without_a_parser_the_flagged_noun_stands_alone() -> None:
    assert flagged("The campaign's message machine went to work.", {"machine": 0.8}, nlp=None) == [
        ("machine", "loaded in context")
    ]


def test_the_component_reads_no_parse_from_the_blank_pipeline() -> None:
    assert LoadedTerms(learned=False, model="blank:en").nlp is None
