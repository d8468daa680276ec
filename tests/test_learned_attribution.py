"""The learned attributor's parse helpers and word classes, on sentences written for these tests."""

from __future__ import annotations

import importlib.util

import pytest

from rashomon.analysis.learned.attribution import subject_of
from rashomon.analysis.learned.features import cue_features, quoted_tokens
from rashomon.analysis.nlp import TRAINED_MODEL, load_nlp

needs_parser = pytest.mark.skipif(importlib.util.find_spec(TRAINED_MODEL) is None, reason=f"{TRAINED_MODEL} missing")

# (sentence, cue word, content, the subject phrase the cue's source falls back to, or None)
SUBJECTS = [
    ("The new research shows that prices rose in the spring.", "shows", "prices rose", "The new research"),
    ("Angry protesters said the police had hidden the video.", "said", "the police", "Angry protesters"),
    ("The mayor announced the plan and said it would pass.", "said", "it would pass", "The mayor"),
    ("The new toll was criticized by local farmers on Monday.", "criticized", "The new toll", "local farmers"),
    ("According to the county clerk, the ballots were counted twice.", "According", "the ballots", "the county clerk"),
    ("It is widely believed that the dam will hold.", "believed", "the dam", None),
]


def _tokens(doc, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    span = doc.char_span(start, start + len(words))
    return span.start, span.end


@needs_parser
@pytest.mark.parametrize(
    ("sentence", "cue", "content", "subject"), SUBJECTS, ids=[c[1] + ":" + str(c[3]) for c in SUBJECTS]
)
def test_a_cue_without_a_tagged_source_falls_back_to_its_subject(
    sentence: str, cue: str, content: str, subject: str | None
) -> None:
    doc = load_nlp(TRAINED_MODEL)(sentence)
    i = next(t.i for t in doc if t.text == cue)
    found = subject_of(doc, i, i + 1, _tokens(doc, content))
    assert (doc[found[0] : found[1]].text if found else None) == subject


def test_crf_scores_sum_each_known_features_weights_per_label() -> None:
    import numpy as np

    from rashomon.analysis.learned.crf import LinearChain

    chain = LinearChain(
        labels=("O", "B-CUE", "I-CUE"),
        transitions=np.zeros((3, 3)),
        states={"w=said": ((1,), (2.5,)), "t=VBD": ((0, 1), (-0.5, 1.0)), "w=the": ((0,), (0.75,))},
    )
    scores = chain.scores([["w=the", "t=DT"], ["w=said", "t=VBD", "unseen"], []])
    assert scores.tolist() == [[0.75, 0.0, 0.0], [-0.5, 3.5, 0.0], [0.0, 0.0, 0.0]]
    assert chain.decode([["w=the"], ["w=said", "t=VBD"]]) == ["O", "B-CUE"]


@needs_parser
@pytest.mark.parametrize("text", ["''We will rebuild it,'' the mayor said.", "``We will rebuild it,'' the mayor said."])
def test_doubled_marks_give_the_features_of_curly_ones(text: str) -> None:
    doc = load_nlp(TRAINED_MODEL)(text)
    feats = cue_features(doc[:], quoted_tokens(doc))
    marks = [(t.i, t.text) for t in doc if t.text in ("''", "`")]
    opening, closing = feats[marks[0][0]], feats[marks[-1][0]]
    assert {"w=“", "t=``", "q=1", "m=1"} <= set(opening)
    assert {"w=”", "t=''", "q=1", "m=1"} <= set(closing)
    assert "q=0" in feats[next(t.i for t in doc if t.text == "mayor")]
