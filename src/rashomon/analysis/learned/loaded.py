"""Loaded language learned in context: which sentences are biased, and which of their words carry the bias.

Two logistic regressions over the MiniLM encoder's token vectors (onnxruntime, no torch), run in numpy:

- the **word model** scores each word from its contextual vector (the mean of its word pieces' last
  hidden states) and five plain features (in the lexicon, VADER valence and its size, capitalised,
  length);
- the **sentence model** scores the sentence from its mean-pooled embedding and seven aggregates of its
  words' scores (highest, mean of the top three, how many pass 0.3 and 0.5, mean, lexicon matches, length).

The weights (`resources/models/loaded.npz`, a few kB, no text of the training data in them) are rebuilt by
`python -m rashomon_eval.train.loaded` from BABE's developer rows outside the dev split
(docs/models.md). `load_model()` returns None when the weights or the encoder are missing, and the
component then falls back to its lexicon.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.resources.lexicon import Lexicon
from rashomon.resources.sentiment import vader

__all__ = [
    "FEATURE_VERSION",
    "LinearModel",
    "LoadedModel",
    "SentenceScores",
    "WordScore",
    "load_model",
    "model_path",
    "sentence_aggregates",
    "word_extras",
]

FEATURE_VERSION = 1
ENCODER = "onnx"
WORD_EXTRAS = 5
SENTENCE_AGGREGATES = 7
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True, kw_only=True)
class WordScore:
    """One word of a sentence: its offsets in the text and the word model's probability that it is loaded."""

    start: int
    end: int
    probability: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceScores:
    """A sentence's probability of being biased and the scores of its words."""

    start: int
    end: int
    probability: float
    words: tuple[WordScore, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LinearModel:
    """A standardised logistic regression: p = sigmoid(((x - mean) / scale) . coef + intercept)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Probabilities of the positive class for rows of features."""
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def model_path() -> Path:
    """The packaged weights file."""
    return Path(__file__).resolve().parents[2] / "resources" / "models" / "loaded.npz"


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The word tokens of text[start:end] as offsets (contractions and possessives kept whole)."""
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def word_extras(text: str, spans: Sequence[tuple[int, int]], lexicon_hits: Sequence[tuple[int, int]]) -> np.ndarray:
    """The five plain features of each word: in the lexicon, VADER valence, its size, capitalised, length / 10."""
    valences = vader()[0]
    rows = np.zeros((len(spans), WORD_EXTRAS), dtype=np.float32)
    for i, (s, e) in enumerate(spans):
        word = text[s:e]
        valence = float(valences.get(word.lower(), 0.0))
        inside = any(a <= s and e <= b for a, b in lexicon_hits)
        rows[i] = (float(inside), abs(valence), valence, float(word[:1].isupper()), len(word) / 10)
    return rows


def sentence_aggregates(word_probabilities: np.ndarray, lexicon_matches: int) -> np.ndarray:
    """The seven aggregates of a sentence's word scores the sentence model reads."""
    p = np.sort(np.asarray(word_probabilities, dtype=np.float64))[::-1]
    if p.size == 0:
        p = np.zeros(1)
    return np.array(
        [p[0], p[:3].mean(), (p > 0.3).sum(), (p > 0.5).sum(), p.mean(), lexicon_matches, p.size / 30],
        dtype=np.float32,
    )


def pooled_words(
    offsets: Sequence[tuple[int, int]], hidden: np.ndarray, spans: Sequence[tuple[int, int]], base: int
) -> np.ndarray:
    """Each word's vector: the mean of the hidden states of the word pieces inside it (zeros if none)."""
    out = np.zeros((len(spans), hidden.shape[-1]), dtype=np.float32)
    pieces = [(a + base, b + base, k) for k, (a, b) in enumerate(offsets) if b > a]
    for i, (s, e) in enumerate(spans):
        inside = [k for a, b, k in pieces if a >= s and b <= e]
        if inside:
            out[i] = hidden[inside].mean(axis=0)
    return out


class LoadedModel:
    """The word and sentence models over an ONNX encoder's token vectors."""

    def __init__(self, word: LinearModel, sentence: LinearModel, meta: dict[str, Any], encoder: Any) -> None:
        self.word = word
        self.sentence = sentence
        self.meta = meta
        self.encoder = encoder
        self.word_threshold = float(meta["word_threshold"])
        self.sentence_threshold = float(meta["sentence_threshold"])
        self.name = f"loaded-v{meta['feature_version']}:{meta['trained_on']}+{encoder.name}"

    def hidden(self, sentences: Sequence[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Word-piece offsets and last hidden states of each sentence, batched by length."""
        encodings = self.encoder.tokenizer.encode_batch(list(sentences))
        out: list[tuple[list[tuple[int, int]], np.ndarray]] = [([], np.zeros((0, 0)))] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        for first in range(0, len(order), 32):
            batch = order[first : first + 32]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(encodings[i].ids)] = encodings[i].ids
                mask[row, : len(encodings[i].ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            states = self.encoder.session.run(None, {k: v for k, v in feeds.items() if k in self.encoder.inputs})[0]
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                out[i] = ([tuple(o) for o in encodings[i].offsets], np.asarray(states[row, :n], dtype=np.float32))
        return out

    def score(self, text: str, sentences: Sequence[tuple[int, int]], lexicon: Lexicon) -> list[SentenceScores]:
        """Score every sentence (offsets into `text`) and each of its words."""
        if not sentences:
            return []
        states = self.hidden([text[s:e] for s, e in sentences])
        out = []
        for (start, end), (offsets, hidden) in zip(sentences, states, strict=True):
            features = sentence_features(text, start, end, offsets, hidden, lexicon)
            word_p = self.word.probabilities(features.words) if len(features.spans) else np.zeros(0)
            row = np.concatenate([features.pooled, sentence_aggregates(word_p, features.lexicon_matches)])
            out.append(
                SentenceScores(
                    start=start,
                    end=end,
                    probability=float(self.sentence.probabilities(row[None, :])[0]),
                    words=tuple(
                        WordScore(start=s, end=e, probability=float(p))
                        for (s, e), p in zip(features.spans, word_p, strict=True)
                    ),
                )
            )
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceFeatures:
    """What the two models read of one sentence: word spans and rows, the pooled vector, lexicon matches."""

    spans: tuple[tuple[int, int], ...]
    words: np.ndarray
    pooled: np.ndarray
    lexicon_matches: int


def sentence_features(
    text: str,
    start: int,
    end: int,
    offsets: Sequence[tuple[int, int]],
    hidden: np.ndarray,
    lexicon: Lexicon,
) -> SentenceFeatures:
    """The features of the sentence text[start:end] from its word pieces' offsets and hidden states."""
    spans = word_spans(text, start, end)
    hits = [(m.start, m.end) for m in lexicon.find(text, start, end)]
    vectors = pooled_words(offsets, hidden, spans, start)
    words = np.hstack([vectors, word_extras(text, spans, hits)]) if spans else np.zeros((0, 0), dtype=np.float32)
    pooled = hidden.mean(axis=0) if len(hidden) else np.zeros(hidden.shape[-1], dtype=np.float32)
    pooled = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return SentenceFeatures(spans=tuple(spans), words=words, pooled=pooled, lexicon_matches=len(hits))


def read_weights(path: Path) -> tuple[LinearModel, LinearModel, dict[str, Any]]:
    """The two linear models and the metadata stored in a weights file."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        models = [
            LinearModel(
                mean=data[f"{k}_mean"],
                scale=data[f"{k}_scale"],
                coef=data[f"{k}_coef"],
                intercept=float(data[f"{k}_intercept"]),
            )
            for k in ("word", "sentence")
        ]
    return models[0], models[1], meta


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> LoadedModel | None:
    """The packaged (or given) loaded-language model on the ONNX encoder; None when either is missing."""
    from rashomon.analysis.embeddings import load_encoder
    from rashomon.errors import ModelError

    file = Path(path) if path else model_path()
    if not file.is_file():
        return None
    word, sentence, meta = read_weights(file)
    if meta.get("feature_version") != FEATURE_VERSION:
        return None
    try:
        encoder = load_encoder(ENCODER)
    except ModelError:
        return None
    return LoadedModel(word, sentence, meta, encoder)
