"""Rashomon: one news story through every outlet that told it.

The public API is imported lazily so that `rashomon --help` does not load spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Analysis": "rashomon.model.records",
    "Article": "rashomon.model.records",
    "Citation": "rashomon.model.records",
    "Claim": "rashomon.model.records",
    "CompareOptions": "rashomon.comparison.compare",
    "Comparison": "rashomon.model.records",
    "Descriptor": "rashomon.model.records",
    "Document": "rashomon.model.records",
    "Entity": "rashomon.model.records",
    "IngestCounts": "rashomon.corpus.ingest",
    "Outlet": "rashomon.resources.outlets",
    "OutletRegistry": "rashomon.resources.outlets",
    "Quote": "rashomon.model.records",
    "Span": "rashomon.model.records",
    "Store": "rashomon.store.sqlite",
    "analyze": "rashomon.comparison.compare",
    "compare": "rashomon.comparison.compare",
    "compare_articles": "rashomon.comparison.compare",
    "ingest": "rashomon.corpus.ingest",
    "read_story": "rashomon.sources.read",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
