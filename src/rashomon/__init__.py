"""Rashomon: one news story through every outlet that told it.

The public API is imported lazily so that `rashomon --help` does not load spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Analysis": "rashomon.model",
    "Article": "rashomon.model",
    "Citation": "rashomon.model",
    "Claim": "rashomon.model",
    "CompareOptions": "rashomon.comparison",
    "Comparison": "rashomon.model",
    "Descriptor": "rashomon.model",
    "Document": "rashomon.model",
    "Entity": "rashomon.model",
    "IngestCounts": "rashomon.ingestion",
    "Outlet": "rashomon.outlets",
    "OutletRegistry": "rashomon.outlets",
    "Quote": "rashomon.model",
    "Span": "rashomon.model",
    "Store": "rashomon.store",
    "analyze": "rashomon.comparison",
    "compare": "rashomon.comparison",
    "compare_articles": "rashomon.comparison",
    "ingest": "rashomon.ingestion",
    "read_story": "rashomon.sources",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
