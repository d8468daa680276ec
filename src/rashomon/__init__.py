"""Rashomon: one news story through every outlet that told it.

The library first: `compare` reads, cleans, analyses and compares a story's articles; `ingest` keeps
articles in a `Store` and groups them into stories; `Store.report` compares a stored story. The CLI and
the web app call these same functions. Names are imported on first use, so `rashomon --help` loads no
NLP library; `dir(rashomon)` and type checkers see them all.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.analysis.pipeline import Pipeline
    from rashomon.comparison.align import AlignOptions
    from rashomon.comparison.compare import CompareOptions, analyze, compare, compare_articles
    from rashomon.corpus.ingest import IngestCounts, ingest
    from rashomon.corpus.store import Store
    from rashomon.errors import (
        ComponentError,
        EmptySource,
        FetchError,
        InputError,
        ManifestError,
        ModelError,
        OutputError,
        PipelineError,
        RashomonError,
        SourceNotFound,
        UnsupportedSource,
    )
    from rashomon.group.grouper import GroupOptions
    from rashomon.model.records import (
        Analysis,
        Article,
        Citation,
        Claim,
        Comparison,
        Descriptor,
        Document,
        Entity,
        Omission,
        Quote,
        Span,
        ValueComparison,
    )
    from rashomon.registry import Registry, default_registry
    from rashomon.resources.outlets import Outlet, OutletRegistry
    from rashomon.sources.read import read_story

__version__ = "0.1.0"

_ERRORS = (
    "ComponentError EmptySource FetchError InputError ManifestError ModelError OutputError PipelineError "
    "RashomonError SourceNotFound UnsupportedSource"
)
_RECORDS = "Analysis Article Citation Claim Comparison Descriptor Document Entity Omission Quote Span ValueComparison"
_EXPORTS = {
    **{name: "rashomon.errors" for name in _ERRORS.split()},
    **{name: "rashomon.model.records" for name in _RECORDS.split()},
    "AlignOptions": "rashomon.comparison.align",
    "CompareOptions": "rashomon.comparison.compare",
    "GroupOptions": "rashomon.group.grouper",
    "IngestCounts": "rashomon.corpus.ingest",
    "Outlet": "rashomon.resources.outlets",
    "OutletRegistry": "rashomon.resources.outlets",
    "Pipeline": "rashomon.analysis.pipeline",
    "Registry": "rashomon.registry",
    "Store": "rashomon.corpus.store",
    "analyze": "rashomon.comparison.compare",
    "compare": "rashomon.comparison.compare",
    "compare_articles": "rashomon.comparison.compare",
    "default_registry": "rashomon.registry",
    "ingest": "rashomon.corpus.ingest",
    "read_story": "rashomon.sources.read",
}

__all__ = [
    "AlignOptions",
    "Analysis",
    "Article",
    "Citation",
    "Claim",
    "CompareOptions",
    "Comparison",
    "ComponentError",
    "Descriptor",
    "Document",
    "EmptySource",
    "Entity",
    "FetchError",
    "GroupOptions",
    "IngestCounts",
    "InputError",
    "ManifestError",
    "ModelError",
    "Omission",
    "Outlet",
    "OutletRegistry",
    "OutputError",
    "Pipeline",
    "PipelineError",
    "Quote",
    "RashomonError",
    "Registry",
    "SourceNotFound",
    "Span",
    "Store",
    "UnsupportedSource",
    "ValueComparison",
    "__version__",
    "analyze",
    "compare",
    "compare_articles",
    "default_registry",
    "ingest",
    "read_story",
]

_getattr, _dir = door(__name__, _EXPORTS)


def __getattr__(name: str) -> object:
    """Import a public name on first use."""
    return _getattr(name)


def __dir__() -> list[str]:
    """The public names (what `from rashomon import *` gives), the module's own attributes and loaded subpackages."""
    own = {n for n, v in globals().items() if n.startswith("__") or (isinstance(v, ModuleType) and n[0] != "_")}
    return sorted({*_dir(), *__all__, *own})
