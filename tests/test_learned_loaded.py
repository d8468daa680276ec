"""The learned loaded-language model: small packaged weights, words flagged in context with a confidence."""

from __future__ import annotations

import pytest

from rashomon.analysis.components.loaded_terms import LEARNED_CATEGORY, LoadedTerms
from rashomon.analysis.learned.loaded import load_model, model_path, read_weights
from rashomon.model.layers import LoadedTermSpan
from rashomon.model.records import Analysis, Article, Span

MODEL = load_model()
needs_model = pytest.mark.skipif(MODEL is None, reason="the ONNX encoder (rashomon[embed]) is not installed")

LOADED = "The radical senator's disastrous scheme is a shameless giveaway to his cronies."


def _analysis(text: str) -> Analysis:
    return Analysis(
        article=Article(id="a", source="t", text=text),
        layers={"sentences": (Span(start=0, end=len(text)),), "quotes": ()},
    )


def test_weights_are_small_and_name_their_training_split() -> None:
    assert model_path().stat().st_size < 20_000_000
    _word, _sentence, meta = read_weights(model_path())
    assert meta["trained_on"] == "babe-train"
    assert 0 < meta["word_threshold"] < 1 and 0 < meta["sentence_threshold"] < 1


@needs_model
def test_a_loaded_sentence_scores_above_a_plain_one() -> None:
    from rashomon.resources.lexicon import default_lexicon

    plain = "The senator presented the budget plan to the committee on Tuesday."
    lexicon = default_lexicon()
    loaded = MODEL.score(LOADED, [(0, len(LOADED))], lexicon)[0].probability
    neutral = MODEL.score(plain, [(0, len(plain))], lexicon)[0].probability
    assert loaded > MODEL.sentence_threshold > neutral


@needs_model
def test_flagged_words_carry_a_category_and_a_confidence() -> None:
    text = "The bumbling governor unleashed a vicious tirade against the teachers."
    spans = LoadedTerms()(_analysis(text)).layers["loaded_terms"]
    assert spans and all(isinstance(s, LoadedTermSpan) for s in spans)
    assert ("bumbling", LEARNED_CATEGORY) in {(s.text_of(text), s.category) for s in spans}  # not in the lexicon
    assert all(s.confidence is not None and 0 <= s.confidence <= 1 for s in spans if s.term is not None)


def test_without_the_model_the_lexicon_decides_alone() -> None:
    spans = LoadedTerms(learned=False)(_analysis(LOADED)).layers["loaded_terms"]
    assert spans and all(s.confidence is None and s.category != LEARNED_CATEGORY for s in spans)


def test_words_inside_quotation_marks_no_quote_claims_are_quoted_voice() -> None:
    text = 'The minister spoke. "This shameless and disastrous scheme must end now," the letter read.'
    spans = LoadedTerms(learned=False)(_analysis(text)).layers["loaded_terms"]
    inside = [s for s in spans if text.index('"') < s.start < text.rindex('"')]
    assert inside and all(s.voice == "quoted" for s in inside)


@needs_model
def test_a_sentence_scored_again_reads_the_same_and_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.analysis import embeddings
    from rashomon.resources.lexicon import default_lexicon

    assert MODEL is not None
    text = f"{LOADED} The council met on Tuesday."
    sentences = [(0, len(LOADED)), (len(LOADED) + 1, len(text))]
    MODEL.encoder._memo.clear()
    first = MODEL.score(text, sentences, default_lexicon())
    again = MODEL.score(text, sentences[:1], default_lexicon())  # from the memo, alone this time
    assert again[0] == first[0]
    monkeypatch.setattr(embeddings, "MEMO_SENTENCES", 2)
    MODEL.hidden(["One sentence here.", "Another one there.", "A third for luck."])
    assert list(MODEL.encoder._memo) == ["Another one there.", "A third for luck."]


def test_the_lexical_path_runs_no_sentence_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--align lexical` is the path without an encoder: neither the loaded-terms component nor the neutral
    summary's bias score may run the encoder (1.5 s of the reference story's 4.8 s there)."""
    from rashomon.analysis import embeddings
    from rashomon.comparison.align import AlignOptions
    from rashomon.comparison.compare import CompareOptions, build_pipeline, compare_articles

    pipeline = build_pipeline(CompareOptions(model="blank:en", align=AlignOptions()))
    loaded = [component for info, component in pipeline.steps if info.name == "loaded_terms"]
    assert len(loaded) == 1 and isinstance(loaded[0], LoadedTerms) and loaded[0].model is None

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lexical path ran the sentence encoder")

    monkeypatch.setattr(embeddings.OnnxEncoder, "states", refuse)
    monkeypatch.setattr(embeddings.OnnxEncoder, "encode", refuse)
    texts = [
        "The council voted 7-2 on Tuesday to close the library, a disastrous decision, critics said.",
        "The library will close after the council voted 7-2 on Tuesday, officials said.",
    ]
    articles = [Article(id=f"a{i}", source=f"a{i}.txt", text=t, outlet=f"Outlet {i}") for i, t in enumerate(texts)]
    comparison = compare_articles(articles, options=CompareOptions(model="blank:en", align=AlignOptions()))
    assert comparison.summary.text and comparison.framing is not None
