"""Linear-chain CRF decoding in numpy: weights trained elsewhere (python-crfsuite), read from a JSON file.

The file holds the label names, a label-to-label transition matrix and, per feature string, the labels
it scores with their weights. Decoding sums the weights of a token's features into one score per
label, then runs Viterbi; `marginals` runs forward-backward for per-token label probabilities.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["LinearChain"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LinearChain:
    """A trained linear-chain CRF: labels, transition weights and per-feature state weights."""

    labels: tuple[str, ...]
    transitions: Floats
    states: Mapping[str, tuple[tuple[int, ...], tuple[float, ...]]]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearChain:
        """Build a model from its JSON form (see `to_dict`)."""
        labels = tuple(data["labels"])
        transitions = np.asarray(data["transitions"], dtype=np.float64).reshape(len(labels), len(labels))
        states = {
            name: (tuple(int(i) for i in ids), tuple(float(w) for w in ws))
            for name, (ids, ws) in data["states"].items()
        }
        return cls(labels=labels, transitions=transitions, states=states)

    @classmethod
    def load(cls, path: Path) -> LinearChain:
        """Read a model from a gzipped JSON file."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return cls.from_dict(json.load(handle))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: labels, transitions (row = from, column = to) and states {feature: [ids, weights]}."""
        return {
            "labels": list(self.labels),
            "transitions": [[round(float(w), 4) for w in row] for row in self.transitions],
            "states": {name: [list(ids), [round(w, 4) for w in ws]] for name, (ids, ws) in sorted(self.states.items())},
        }

    def scores(self, features: Sequence[Sequence[str]]) -> Floats:
        """Per-token, per-label sums of the state weights of the token's features."""
        out = np.zeros((len(features), len(self.labels)), dtype=np.float64)
        for row, names in enumerate(features):
            for name in names:
                found = self.states.get(name)
                if found is not None:
                    out[row, list(found[0])] += found[1]
        return out

    def decode(self, features: Sequence[Sequence[str]]) -> list[str]:
        """The best label sequence (Viterbi)."""
        if not features:
            return []
        emit = self.scores(features)
        best = emit[0].copy()
        back = np.zeros(emit.shape, dtype=np.int64)
        for row in range(1, len(emit)):
            total = best[:, None] + self.transitions
            back[row] = total.argmax(axis=0)
            best = total.max(axis=0) + emit[row]
        path = [int(best.argmax())]
        for row in range(len(emit) - 1, 0, -1):
            path.append(int(back[row, path[-1]]))
        return [self.labels[i] for i in reversed(path)]

    def marginals(self, features: Sequence[Sequence[str]]) -> Floats:
        """Per-token label probabilities (forward-backward in log space)."""
        emit = self.scores(features)
        n = len(emit)
        alpha = np.zeros_like(emit)
        beta = np.zeros_like(emit)
        alpha[0] = emit[0]
        for row in range(1, n):
            alpha[row] = emit[row] + _logsumexp(alpha[row - 1][:, None] + self.transitions, axis=0)
        for row in range(n - 2, -1, -1):
            beta[row] = _logsumexp(self.transitions + (emit[row + 1] + beta[row + 1])[None, :], axis=1)
        log_z = _logsumexp(alpha[-1], axis=0)
        result: Floats = np.exp(alpha + beta - log_z)
        return result


def _logsumexp(values: Floats, axis: int) -> Floats:
    top = values.max(axis=axis, keepdims=True)
    result: Floats = (top + np.log(np.exp(values - top).sum(axis=axis, keepdims=True))).squeeze(axis=axis)
    return result
