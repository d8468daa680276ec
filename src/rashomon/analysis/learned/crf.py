"""Linear-chain CRF decoding in numpy: weights trained elsewhere (python-crfsuite), read from a JSON file.

The file holds the label names, a label-to-label transition matrix and, per feature string, the labels
it scores with their weights. Decoding sums the weights of a token's features into one score per
label, then runs Viterbi; `marginals` runs forward-backward for per-token label probabilities.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    states: Mapping[str, tuple[Sequence[int], Sequence[float]]]
    # The states as one matrix (a row per feature, a column per label) and each feature's row: scoring a
    # token is then a lookup per feature and one sum per label, where adding each feature's weights into
    # the score matrix one numpy call at a time took 1.8 s of a 4 s compare.
    _rows: dict[str, int] = field(init=False, repr=False, compare=False)
    _weights: Floats = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = np.zeros((len(self.states), len(self.labels)), dtype=np.float64)
        rows = {}
        for row, (name, (ids, ws)) in enumerate(self.states.items()):
            rows[name] = row
            weights[row, list(ids)] = ws
        object.__setattr__(self, "_rows", rows)
        object.__setattr__(self, "_weights", weights)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearChain:
        """Build a model from its JSON form (see `to_dict`)."""
        labels = tuple(data["labels"])
        transitions = np.asarray(data["transitions"], dtype=np.float64).reshape(len(labels), len(labels))
        states = {name: (ids, ws) for name, (ids, ws) in data["states"].items()}  # JSON ints and floats
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
        tokens: list[int] = []
        rows: list[int] = []
        for token, names in enumerate(features):
            for name in names:
                row = self._rows.get(name)
                if row is not None:
                    tokens.append(token)
                    rows.append(row)
        out = np.zeros((len(features), len(self.labels)), dtype=np.float64)
        if rows:
            picked = self._weights[rows]
            for label in range(len(self.labels)):  # in the features' order, as adding them one by one did
                out[:, label] = np.bincount(tokens, weights=picked[:, label], minlength=len(features))
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
