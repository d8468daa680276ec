"""Comparing one story's articles: claims, omissions, conflicts, voices, framing and the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.comparison.align import AlignOptions, align
    from rashomon.comparison.compare import (
        CompareOptions,
        analyze,
        compare,
        compare_analyses,
        compare_articles,
        registered_comparers,
    )

_EXPORTS = {
    "AlignOptions": "rashomon.comparison.align",
    "CompareOptions": "rashomon.comparison.compare",
    "align": "rashomon.comparison.align",
    "analyze": "rashomon.comparison.compare",
    "compare": "rashomon.comparison.compare",
    "compare_analyses": "rashomon.comparison.compare",
    "compare_articles": "rashomon.comparison.compare",
    "registered_comparers": "rashomon.comparison.compare",
}
__all__ = [
    "AlignOptions",
    "CompareOptions",
    "align",
    "analyze",
    "compare",
    "compare_analyses",
    "compare_articles",
    "registered_comparers",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
