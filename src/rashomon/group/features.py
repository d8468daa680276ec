"""What story grouping needs of one article, computed once where the article is analysed and then stored.

`features(title, text)` returns the article's stemmed content terms with their counts (a title's terms
count `title_weight` times), its capitalised names, and a MinHash of its word 5-grams (datasketch; the
Jaccard estimate that finds wire copies and syndication). The result is a pure function of the text: the
same on a worker process, a Dask worker or the ingesting process (hashes are CRC-32 of UTF-8 shingles,
never Python's per-process salted `hash`), so grouping is the same wherever the analysis ran. `to_dict` and
`from_dict` give the JSON the store keeps in `features`.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash

from rashomon.text.terms import terms as content_terms

__all__ = ["FEATURES_VERSION", "Features", "features", "record_names", "shingles"]

FEATURES_VERSION = 1
NUM_PERM = 64
SHINGLE_WORDS = 5
_SEED = 1

_NAME = re.compile(r"\b[A-Z][\w'’.-]*[a-z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.-]*[a-z][\w'’-]*)*")
_SHINGLE_WORD = re.compile(r"[\w'’]+")
_NOT_NAMES = frozenset(
    "the a an he she it they we i you his her its their our this that these those but and or if when while "
    "after before as at in on of for to by with from mr mrs ms dr monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october november december "
    "there here what who why how where some many most more one two three".split()
)
# One MinHash made once per process; copies of it share the permutations instead of drawing them again.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=zlib.crc32)


@dataclass(frozen=True, slots=True, kw_only=True)
class Features:
    """An article's grouping features: term counts, names, and the MinHash of its shingles."""

    terms: Mapping[str, int]
    names: tuple[str, ...]
    minhash: np.ndarray  # NUM_PERM unsigned 32-bit minima; all 2**32-1 for a text with no shingle
    version: int = FEATURES_VERSION

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (terms sorted, so equal features serialise equally)."""
        return {"version": self.version, "terms": dict(sorted(self.terms.items())), "names": list(self.names),
                "minhash": [int(v) for v in self.minhash]}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Features:
        """The features a `to_dict` dict describes."""
        minhash = np.asarray(data["minhash"], dtype=np.uint64)
        return cls(terms=dict(data["terms"]), names=tuple(data["names"]), minhash=minhash,
                   version=int(data.get("version", 1)))  # fmt: skip

    def resemblance(self, other: Features) -> float:
        """Estimated Jaccard similarity of the two texts' word 5-gram sets (0 when either has none)."""
        if not self.has_shingles or not other.has_shingles:
            return 0.0
        return float(np.count_nonzero(self.minhash == other.minhash)) / len(self.minhash)

    @property
    def has_shingles(self) -> bool:
        """Whether the text had at least one word 5-gram."""
        return bool(len(self.minhash)) and int(self.minhash.max()) != _EMPTY


_EMPTY = int(LeanMinHash(_TEMPLATE).hashvalues[0])  # the value of a slot no shingle reached


def features(title: str, text: str, *, title_weight: int = 2) -> Features:
    """Compute the grouping features of an article (its title counts `title_weight` times)."""
    bag = Counter(content_terms(text))
    for term in content_terms(title):
        bag[term] += title_weight
    return Features(
        terms=dict(bag), names=tuple(sorted(record_names(f"{title}\n{text}"))), minhash=minhash(text or title)
    )  # copies often carry a new headline; fmt: skip


def record_names(text: str) -> set[str]:
    """Return the capitalised names of a text, lower-cased ("Bob Etheridge", "North Carolina")."""
    names = set()
    for match in _NAME.finditer(text):
        words = [w for w in match.group().split() if w.lower() not in _NOT_NAMES]
        if words:
            names.add(" ".join(words).lower())
    return names


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> list[bytes]:
    """Return the lower-cased word `size`-grams of a text, as UTF-8 bytes."""
    words = [w.lower() for w in _SHINGLE_WORD.findall(text)]
    return [" ".join(words[i : i + size]).encode() for i in range(max(0, len(words) - size + 1))]


def minhash(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM minima) of a text's word 5-grams."""
    sketch = _TEMPLATE.copy()
    sketch.update_batch(shingles(text))
    return np.asarray(sketch.hashvalues, dtype=np.uint64)
