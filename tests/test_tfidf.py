"""The aligner's TF-IDF cosine: scikit-learn's figures, computed without importing it at run time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.comparison import align
from rashomon.comparison.align import similarity

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")


def reference(docs: list[list[str]]) -> np.ndarray:
    vectorizer = sklearn_text.TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2")
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no terms at all
        return np.zeros((len(docs), len(docs)))
    return np.asarray((matrix @ matrix.T).toarray())


documents = st.lists(st.lists(st.sampled_from(["port", "fare", "ferry", "council", "vote", "april"]), max_size=9),
                     max_size=70)  # fmt: skip


@settings(max_examples=150, deadline=2000)
@given(docs=documents, dense_df=st.sampled_from([0, 2, 48]))
def test_the_cosines_are_scikit_learns(docs: list[list[str]], dense_df: int) -> None:
    old, align._DENSE_DF = align._DENSE_DF, dense_df  # both paths: pairs of postings and the dense product
    try:
        assert np.allclose(similarity(docs), reference(docs), atol=1e-12)
    finally:
        align._DENSE_DF = old


def test_sentences_that_share_rare_words_score_higher_than_ones_that_share_common_words() -> None:
    docs = [
        ["council", "approve", "ferry", "fare"],
        ["council", "raise", "ferry", "fare"],
        ["council", "meet", "tuesday"],
        ["council", "debate", "budget"],
    ]
    sim = similarity(docs)
    assert sim[0, 1] > sim[2, 3] > 0
    assert np.allclose(np.diag(sim), 1.0)


def test_a_sentence_without_terms_is_like_nothing() -> None:
    sim = similarity([[], ["ferry", "fare"], []])
    assert np.allclose(sim, [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]], atol=1e-12)
    assert similarity([]).shape == (0, 0)
