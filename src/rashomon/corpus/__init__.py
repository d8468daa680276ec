"""Corpus mode: the orchestration that reads, cleans, prepares, stores, groups and reports over a store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.corpus.export import EXPORT_FORMATS, export
    from rashomon.corpus.ingest import IngestCounts, estimate, ingest
    from rashomon.corpus.poll import PollCounts, poll
    from rashomon.corpus.prepare import Prepared, Task, prepare, prepare_batch
    from rashomon.corpus.stories import RegroupCounts, compare_story, ensure_grouped, is_grouped, regroup, render_story

_EXPORTS = {
    "EXPORT_FORMATS": "rashomon.corpus.export",
    "IngestCounts": "rashomon.corpus.ingest",
    "PollCounts": "rashomon.corpus.poll",
    "Prepared": "rashomon.corpus.prepare",
    "RegroupCounts": "rashomon.corpus.stories",
    "Task": "rashomon.corpus.prepare",
    "compare_story": "rashomon.corpus.stories",
    "ensure_grouped": "rashomon.corpus.stories",
    "estimate": "rashomon.corpus.ingest",
    "export": "rashomon.corpus.export",
    "ingest": "rashomon.corpus.ingest",
    "is_grouped": "rashomon.corpus.stories",
    "poll": "rashomon.corpus.poll",
    "prepare": "rashomon.corpus.prepare",
    "prepare_batch": "rashomon.corpus.prepare",
    "regroup": "rashomon.corpus.stories",
    "render_story": "rashomon.corpus.stories",
}
__all__ = [
    "EXPORT_FORMATS",
    "IngestCounts",
    "PollCounts",
    "Prepared",
    "RegroupCounts",
    "Task",
    "compare_story",
    "ensure_grouped",
    "estimate",
    "export",
    "ingest",
    "is_grouped",
    "poll",
    "prepare",
    "prepare_batch",
    "regroup",
    "render_story",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
