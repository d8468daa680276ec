"""Loaded terms: the extent of a phrase the word model flags, with word scores given, not learned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from rashomon.analysis.components.loaded_terms import find_loaded_terms
from rashomon.analysis.learned.loaded import CONTEXTUAL, SentenceScores, WordScore, word_spans
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


def flagged(text: str, scores: Mapping[str, float]) -> list[tuple[str, str]]:
    """(words, category) of each loaded term found in `text` with the given word scores."""
    analysis = Analysis(article=Article(id="a", source="test", text=text), layers={"quotes": ()})
    spans = find_loaded_terms(analysis, default_lexicon(), model=GivenScores(scores))  # type: ignore[arg-type]
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
