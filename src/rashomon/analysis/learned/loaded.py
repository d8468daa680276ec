"""Loaded language learned in context: which sentences are biased, and which of their words carry the bias.

Two logistic regressions over the MiniLM encoder's token vectors (onnxruntime, no torch), run in numpy:

- the **word model** scores each word from its contextual vector (the mean of its word pieces' last
  hidden states), the sentence's mean-pooled vector beside it, five plain features (in the lexicon, VADER
  valence and its size, capitalised, length), the lexicon category it falls in (one-hot) and whether it
  stands inside quotation marks;
- the **sentence model** scores the sentence from its mean-pooled embedding and seven aggregates of its
  words' scores (highest, mean of the top three, how many pass 0.3 and 0.5, mean, lexicon matches, length).

The weights (`resources/models/loaded.npz`, a few kB, no text of the training data in them) are rebuilt by
`python -m rashomon_eval.train.loaded` from BABE's developer rows outside the dev split
(docs/models.md). `load_model()` returns None when the weights or the encoder are missing, and the
component then falls back to its lexicon. Each lexicon category has its own threshold on the word model's
score, chosen by cross-validation on the train split (`category_threshold`).

The encoder runs one sentence at a time: the int8 encoder quantises its activations per batch, so a
sentence's vectors moved by up to 0.35 with the sentences batched beside it (and words crossed the
threshold); alone, a sentence always scores the same, and batching saved under 10 % of the time.
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
    "CONTEXTUAL",
    "LinearModel",
    "LoadedModel",
    "SentenceScores",
    "WordScore",
    "load_model",
    "model_path",
    "quoted_flags",
    "sentence_aggregates",
    "word_extras",
]

FEATURE_VERSION = 2
ENCODER = "onnx"
WORD_EXTRAS = 5
SENTENCE_AGGREGATES = 7
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_MARK = re.compile(r"[\"“”]")
# Lexicon categories loaded only in some contexts ("alleged" in a court report, "claim" as a noun,
# "actually" in speech): without a threshold learned for them, they need the word model's agreement.
CONTEXTUAL = frozenset({"speculation and hedge", "certainty marker", "loaded attribution"})


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


def category_features(
    spans: Sequence[tuple[int, int]], matches: Sequence[tuple[int, int, str]], categories: Sequence[str]
) -> np.ndarray:
    """One-hot of the lexicon category each word falls inside (zeros outside the lexicon or a category unknown)."""
    rows = np.zeros((len(spans), len(categories)), dtype=np.float32)
    column = {c: k for k, c in enumerate(categories)}
    for i, (s, e) in enumerate(spans):
        for a, b, category in matches:
            if a <= s and e <= b and category in column:
                rows[i, column[category]] = 1.0
    return rows


def quoted_flags(text: str, start: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """1 for a word after an odd number of quotation marks of its sentence (inside a quote), else 0."""
    marks = [start + m.start() for m in _MARK.finditer(text[start : spans[-1][1]])] if spans else []
    return np.array([[sum(1 for m in marks if m < s) % 2] for s, _ in spans], dtype=np.float32).reshape(-1, 1)


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
        self.categories = tuple(meta["categories"])
        self.name = f"loaded-v{meta['feature_version']}:{meta['trained_on']}+{encoder.name}"

    def hidden(self, sentences: Sequence[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Word-piece offsets and last hidden states of each sentence, each encoded alone (see the module doc).

        The encoder keeps them (`OnnxEncoder.states`): the neutral summary and the aligner read the same
        sentences again.
        """
        states: list[tuple[list[tuple[int, int]], np.ndarray]] = self.encoder.states(sentences)
        return states

    def category_threshold(self, category: str) -> float:
        """The word-model score a lexicon term of `category` needs to count (0: counts as listed)."""
        learned = self.meta.get("category_thresholds", {})
        if category in learned:
            return float(learned[category])
        return self.word_threshold if category in CONTEXTUAL else 0.0

    def score(self, text: str, sentences: Sequence[tuple[int, int]], lexicon: Lexicon) -> list[SentenceScores]:
        """Score every sentence (offsets into `text`) and each of its words."""
        if not sentences:
            return []
        states = self.hidden([text[s:e] for s, e in sentences])
        out = []
        for (start, end), (offsets, hidden) in zip(sentences, states, strict=True):
            features = sentence_features(text, start, end, offsets, hidden, lexicon, self.categories)
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
    categories: Sequence[str],
) -> SentenceFeatures:
    """The features of the sentence text[start:end] from its word pieces' offsets and hidden states.

    A word's row: its vector, the five plain features, its lexicon category (one-hot over `categories`),
    inside quotation marks, and the sentence's pooled vector (the context the word is read in).
    """
    spans = word_spans(text, start, end)
    matches = [(m.start, m.end, m.term.category) for m in lexicon.find(text, start, end)]
    hits = [(a, b) for a, b, _ in matches]
    vectors = pooled_words(offsets, hidden, spans, start)
    pooled = hidden.mean(axis=0) if len(hidden) else np.zeros(hidden.shape[-1], dtype=np.float32)
    pooled = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    words = (
        np.hstack(
            [
                vectors,
                word_extras(text, spans, hits),
                category_features(spans, matches, categories),
                quoted_flags(text, start, spans),
                np.repeat(pooled[None, :], len(spans), axis=0),
            ]
        )
        if spans
        else np.zeros((0, 0), dtype=np.float32)
    )
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
@functools.lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LoadedModel | None:
    """The packaged (or given) loaded-language model on the ONNX encoder, once per process; None when missing."""
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
