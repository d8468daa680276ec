"""Rebuild the loaded-language weights (`rashomon/resources/models/loaded.npz`) from BABE's train split.

    python -m rashomon_eval.train.loaded [--eval-dir ../shared/eval] [--out PATH]

Reads BABE's developer file in place and trains on the rows outside the dev split (`babe.in_dev`), never
on a dev row, a BASIL article or a story of `../shared/eval/stories`. Deterministic: the encoder is the
packaged int8 MiniLM (one sentence at a time), the regressions are lbfgs with fixed settings, and every
choice (regularisation, thresholds, each lexicon category's threshold) is made by 5-fold cross-validation
grouped by article link inside the train split.
The weights hold means, scales, coefficients and thresholds only: no text or word of the data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from rashomon.analysis.embeddings import load_encoder
from rashomon.analysis.learned.loaded import (
    CONTEXTUAL,
    ENCODER,
    FEATURE_VERSION,
    LinearModel,
    LoadedModel,
    model_path,
    sentence_aggregates,
    sentence_features,
)
from rashomon.resources.lexicon import default_lexicon
from rashomon_eval.babe import LABELS, BabeSentence, babe_file, load_sentences

FOLDS = 5
WORD_C = (0.001, 0.003, 0.01)
MIN_CATEGORY_WORDS = 20  # a category with fewer train words keeps its default threshold (too few to choose)
SENTENCE_C = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrices:
    """Word rows with labels and owning sentence, and per-sentence pooled vectors, lexicon counts, labels."""

    words: np.ndarray
    word_labels: np.ndarray
    word_sentence: np.ndarray
    pooled: np.ndarray
    lexicon: np.ndarray
    labels: np.ndarray
    groups: np.ndarray
    matches: tuple[tuple[np.ndarray, str], ...]  # lexicon matches: (word rows inside, category)
    categories: tuple[str, ...]


def matrices(rows: Sequence[BabeSentence]) -> Matrices:
    """Encode each sentence once and build the word and sentence feature rows."""
    lexicon = default_lexicon()
    categories = tuple(sorted(lexicon.categories))
    model = LoadedModel.__new__(LoadedModel)
    model.encoder = load_encoder(ENCODER)
    states = model.hidden([r.text for r in rows])
    words, word_labels, owner, pooled, hits, matches = [], [], [], [], [], []
    for i, (row, (offsets, hidden)) in enumerate(zip(rows, states, strict=True)):
        features = sentence_features(row.text, 0, len(row.text), offsets, hidden, lexicon, categories)
        gold = {t.lower() for w in row.words for t in _TOKEN.findall(w)}
        first = len(words)
        for m in lexicon.find(row.text):
            inside = [first + k for k, (s, e) in enumerate(features.spans) if m.start <= s and e <= m.end]
            if inside:
                matches.append((np.asarray(inside), m.term.category))
        for (s, e), vector in zip(features.spans, features.words, strict=True):
            words.append(vector)
            word_labels.append(any(t.lower() in gold for t in _TOKEN.findall(row.text[s:e])))
            owner.append(i)
        pooled.append(features.pooled)
        hits.append(features.lexicon_matches)
    return Matrices(
        words=np.asarray(words, dtype=np.float32),
        word_labels=np.asarray(word_labels),
        word_sentence=np.asarray(owner),
        pooled=np.asarray(pooled, dtype=np.float32),
        lexicon=np.asarray(hits),
        labels=np.asarray([r.label == LABELS[0] for r in rows]),
        groups=np.asarray([hashlib.sha1(r.link.encode("utf-8")).hexdigest() for r in rows]),
        matches=tuple(matches),
        categories=categories,
    )


def fit(x: np.ndarray, y: np.ndarray, c: float) -> LinearModel:
    """A standardised logistic regression, as the runtime reads it."""
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=c, max_iter=5000).fit((x - scaler.mean_) / scale, y)
    return LinearModel(mean=scaler.mean_, scale=scale, coef=clf.coef_[0], intercept=float(clf.intercept_[0]))


def f1(y: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class."""
    tp = float((y & predicted).sum())
    return 2 * tp / max(float(y.sum() + predicted.sum()), 1.0)


def macro_f1(y: np.ndarray, predicted: np.ndarray) -> float:
    """Mean F1 of the two classes."""
    return (f1(y, predicted) + f1(~y, ~predicted)) / 2


def out_of_fold_words(m: Matrices, c: float) -> np.ndarray:
    """Word probabilities for every word from models trained on the other folds (grouped by article)."""
    out = np.zeros(len(m.word_labels))
    groups = m.groups[m.word_sentence]
    for train, test in GroupKFold(FOLDS).split(m.words, groups=groups):
        out[test] = fit(m.words[train], m.word_labels[train], c).probabilities(m.words[test])
    return out


def sentence_rows(m: Matrices, word_p: np.ndarray) -> np.ndarray:
    """Pooled vectors joined to the aggregates of each sentence's word probabilities."""
    aggregates = [sentence_aggregates(word_p[m.word_sentence == i], int(m.lexicon[i])) for i in range(len(m.labels))]
    return np.hstack([m.pooled, np.asarray(aggregates, dtype=np.float32)])


def best_threshold(y: np.ndarray, p: np.ndarray, score: str) -> tuple[float, float]:
    """The threshold on a 0.05 grid that maximises F1 (words) or macro-F1 (sentences), and that figure."""
    measure = f1 if score == "f1" else macro_f1
    grid = [round(t, 2) for t in np.arange(0.1, 0.9, 0.05)]
    return max(((t, measure(y, p >= t)) for t in grid), key=lambda pair: pair[1])


def lexicon_f1(m: Matrices, word_p: np.ndarray, threshold: float, thresholds: dict[str, float]) -> float:
    """Word F1 of the model's flags joined with the lexicon terms that pass their category's threshold."""
    flagged = word_p >= threshold
    for rows, category in m.matches:
        if word_p[rows].max() >= thresholds[category]:
            flagged[rows] = True
    return f1(m.word_labels, flagged)


def category_thresholds(m: Matrices, word_p: np.ndarray, threshold: float, *, passes: int = 2) -> dict[str, float]:
    """Each lexicon category's threshold on the word score, chosen for word F1 on out-of-fold scores.

    A term counts when its highest word score reaches its category's threshold: 0 counts it as listed,
    half the word threshold or the word threshold asks the model to agree. CONTEXTUAL categories (hedges,
    certainty markers, verbs of attribution) always need the model: "claim" and "alleged" are loaded only
    in some contexts. No category is left to the model alone: the lexicon names what the model flags.
    Two passes of coordinate ascent from the defaults (CONTEXTUAL at the word threshold, the rest at 0).
    """
    chosen = {c: (threshold if c in CONTEXTUAL else 0.0) for c in m.categories}
    counts = {c: sum(len(rows) for rows, category in m.matches if category == c) for c in m.categories}

    def score(thresholds: dict[str, float]) -> float:
        return lexicon_f1(m, word_p, threshold, thresholds)

    for _ in range(passes):
        for category in m.categories:
            if counts[category] < MIN_CATEGORY_WORDS:
                continue
            grid = (
                (round(threshold / 2, 3), threshold)
                if category in CONTEXTUAL
                else (0.0, round(threshold / 2, 3), threshold)
            )
            chosen[category] = max(grid, key=lambda t: (score({**chosen, category: t}), t == chosen[category]))
    return {c: float(t) for c, t in chosen.items()}


def train(rows: Sequence[BabeSentence], *, log=print) -> tuple[LinearModel, LinearModel, dict]:  # noqa: ANN001
    """Choose settings by grouped cross-validation on `rows`, then fit both models on all of them."""
    m = matrices(rows)
    word_runs = {c: out_of_fold_words(m, c) for c in WORD_C}
    word_c = max(WORD_C, key=lambda c: best_threshold(m.word_labels, word_runs[c], "f1")[1])
    word_threshold, word_f1 = best_threshold(m.word_labels, word_runs[word_c], "f1")
    log(f"word model: C={word_c}, threshold {word_threshold}, cross-validated F1 {word_f1:.3f}")
    thresholds = category_thresholds(m, word_runs[word_c], word_threshold)
    log(f"lexicon categories: {thresholds}")
    default = category_thresholds(m, word_runs[word_c], word_threshold, passes=0)
    with_lexicon = {
        k: lexicon_f1(m, word_runs[word_c], word_threshold, t)
        for k, t in (("default", default), ("chosen", thresholds))
    }
    log(f"cross-validated word F1 with the lexicon: {with_lexicon}")
    x = sentence_rows(m, word_runs[word_c])  # out-of-fold word scores: no leak into the sentence model
    sentence_runs = {}
    for c in SENTENCE_C:
        p = np.zeros(len(m.labels))
        for tr, te in GroupKFold(FOLDS).split(x, groups=m.groups):
            p[te] = fit(x[tr], m.labels[tr], c).probabilities(x[te])
        sentence_runs[c] = p
    sentence_c = max(SENTENCE_C, key=lambda c: best_threshold(m.labels, sentence_runs[c], "macro")[1])
    sentence_threshold, sentence_f1 = best_threshold(m.labels, sentence_runs[sentence_c], "macro")
    log(f"sentence model: C={sentence_c}, threshold {sentence_threshold}, cross-validated macro-F1 {sentence_f1:.3f}")
    meta = {
        "feature_version": FEATURE_VERSION,
        "trained_on": "babe-train",
        "rows": len(rows),
        "word_c": word_c,
        "sentence_c": sentence_c,
        "word_threshold": word_threshold,
        "sentence_threshold": sentence_threshold,
        "cv_word_f1": round(word_f1, 4),
        "categories": list(m.categories),
        "category_thresholds": thresholds,
        "cv_word_f1_with_lexicon": round(with_lexicon["chosen"], 4),
        "cv_sentence_macro_f1": round(sentence_f1, 4),
    }
    return fit(m.words, m.word_labels, word_c), fit(x, m.labels, sentence_c), meta


def write(path: Path, word: LinearModel, sentence: LinearModel, meta: dict) -> None:
    """Store both models and the metadata as float32 arrays in an .npz file."""
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for key, model in (("word", word), ("sentence", sentence)):
        arrays[f"{key}_mean"] = model.mean.astype(np.float32)
        arrays[f"{key}_scale"] = model.scale.astype(np.float32)
        arrays[f"{key}_coef"] = model.coef.astype(np.float32)
        arrays[f"{key}_intercept"] = np.array(model.intercept, dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez_compressed(f, **arrays)


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the weights from BABE's train split."""
    parser = argparse.ArgumentParser(prog="python -m rashomon_eval.train.loaded", description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=model_path())
    args = parser.parse_args(argv)
    sentences = load_sentences(eval_dir=args.eval_dir)
    rows = [r for r in sentences if not r.dev and r.label in LABELS]
    word, sentence, meta = train(rows, log=lambda line: print(line, file=sys.stderr))
    meta["data_sha256"] = hashlib.sha256(babe_file(args.eval_dir).read_bytes()).hexdigest()[:16]
    write(args.out, word, sentence, meta)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes) from {len(rows)} BABE train rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
