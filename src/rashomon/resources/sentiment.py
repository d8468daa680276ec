"""VADER's valence lexicon (vaderSentiment), and the words it scores that are neutral in news prose."""

from __future__ import annotations

import functools
from collections.abc import Mapping

__all__ = ["NEUTRAL_IN_NEWS", "vader"]

# Words VADER scores that are neutral in news prose ("national interest", "national security", "as well").
NEUTRAL_IN_NEWS = frozenset(
    "no like well interest interests interested security united party parties share shares care please pretty "
    "top kind matter matters clear sure certain yes ok okay free credit fund funds trust sympathy "
    "joint justice intelligence respectively agreement agreements charge charges charged warn warns warned "
    "warning".split()
)


@functools.lru_cache(maxsize=1)
def vader() -> tuple[Mapping[str, float], frozenset[str], frozenset[str]]:
    """VADER's valence lexicon, negators and boosters (loaded once)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().lexicon, frozenset(NEGATE) | {"not", "never", "no"}, frozenset(BOOSTER_DICT)
