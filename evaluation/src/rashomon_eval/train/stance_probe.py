"""Can a weaken (contradict) judge be learned from ClaimDiff train? A topic-disjoint probe; kept to reproduce it.

`python -m rashomon_eval.train.stance_probe` encodes every ClaimDiff train pair with the packaged MiniLM
(onnx), fits a class-balanced logistic regression on [|a-b|, a*b, cosine] (and on a few lexical cues:
overlap, negation and contrast words, quote marks), scores each topic-disjoint fold (5 folds by topic, the
upstream split's rule) and prints AUROC and the best weaken recall at precision >= 0.5. Measured: AUROC
0.52 (embedding), 0.60 (embedding + cues), 0.61 (cues); no operating point reaches precision 0.5, so no
model ships and the rule-based finder stays (docs/conflicts-and-sources.md). Data is read in place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rashomon_eval.claimdiff import ClaimPair, load_pairs

_CUES = re.compile(r"\b(?:not|no|never|n't|den(?:y|ied|ies)|reject\w*|disput\w*|but|however|although|despite)\b", re.I)


def cues(pair: ClaimPair) -> list[float]:
    """Word overlap, the change in negation and contrast words from claim A to B, and B's quote marks."""
    a, b = set(re.findall(r"\w+", pair.claim_a.lower())), set(re.findall(r"\w+", pair.claim_b.lower()))
    shift = len(_CUES.findall(pair.claim_b)) - len(_CUES.findall(pair.claim_a))
    return [len(a & b) / max(1, len(a | b)), float(shift), float('"' in pair.claim_b)]


def probe(
    pairs: Sequence[ClaimPair], a: np.ndarray, b: np.ndarray, *, folds: int = 5
) -> dict[str, tuple[float, float]]:
    """{features: (AUROC, best weaken recall at precision >= 0.5)} over topic-disjoint folds."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import precision_recall_curve, roc_auc_score
    from sklearn.model_selection import GroupKFold

    y = np.array([p.label == "weaken" for p in pairs])
    topics = np.array([p.topic for p in pairs])
    cosine = (a * b).sum(axis=1, keepdims=True)
    lexical = np.array([cues(p) for p in pairs])
    sets = {"embedding": np.hstack([np.abs(a - b), a * b, cosine]), "cues": np.hstack([cosine, lexical])}
    sets["embedding + cues"] = np.hstack([sets["embedding"], lexical])
    out = {}
    for name, x in sets.items():
        scores = np.zeros(len(y))
        for train, test in GroupKFold(folds).split(x, y, topics):
            model = LogisticRegression(class_weight="balanced", max_iter=2000).fit(x[train], y[train])
            scores[test] = model.predict_proba(x[test])[:, 1]
        precision, recall, _ = precision_recall_curve(y, scores)
        best = max((float(r) for p, r in zip(precision, recall, strict=True) if p >= 0.5), default=0.0)
        out[name] = (float(roc_auc_score(y, scores)), best)
    return out


def main() -> None:
    """Encode ClaimDiff train and print the probe's figures."""
    from rashomon.analysis.embeddings import DEFAULT_BACKEND, load_encoder

    pairs = list(load_pairs())
    encoder = load_encoder(DEFAULT_BACKEND)
    a, b = encoder.encode([p.claim_a for p in pairs]), encoder.encode([p.claim_b for p in pairs])
    for name, (auroc, recall) in probe(pairs, a, b).items():
        print(f"{name:18} AUROC {auroc:.3f}  weaken recall at P>=0.5: {recall:.3f}")


if __name__ == "__main__":
    main()
