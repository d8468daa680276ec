"""Facts across a story's articles: the values each claim states, where they agree and where they conflict.

`values` reads numbers and dates with what they measure, `currency` converts sums between currencies,
`statements` finds negated or reversed statements, and `conflicts` compares all of them across the story.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.comparison.facts.conflicts import Facts, find_conflicts

_EXPORTS = {"Facts": "rashomon.comparison.facts.conflicts", "find_conflicts": "rashomon.comparison.facts.conflicts"}
__all__ = ["Facts", "find_conflicts"]
__getattr__, __dir__ = door(__name__, _EXPORTS)
