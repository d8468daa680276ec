"""The library's `Store`: the SQLite store of `rashomon.store` with the corpus-mode verbs on it.

`rashomon.store.Store` keeps records and knows nothing of analysis or comparison (so the web app, export
and a PostgreSQL port can share it); this subclass adds what needs the stages above it: ingesting
sources, grouping them into stories and comparing a stored story.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rashomon.corpus.ingest import IngestCounts, ingest
from rashomon.corpus.stories import RegroupCounts, compare_story, ensure_grouped, regroup
from rashomon.group.grouper import GroupOptions
from rashomon.model.records import Comparison
from rashomon.store.sqlite import Store as RecordStore

if TYPE_CHECKING:
    from rashomon.comparison.compare import CompareOptions

__all__ = ["Store"]


class Store(RecordStore):
    """A store of articles and stories that can also ingest, group and compare (`Store.open(path)`)."""

    def ingest(self, sources: Sequence[str], **options: Any) -> IngestCounts:
        """Read, clean and store `sources`, then group the store into stories (see `rashomon.ingest`)."""
        return ingest(sources, self, **options)

    def group(
        self, *, options: GroupOptions | None = None, full: bool = False, progress: Callable[[int], None] | None = None
    ) -> RegroupCounts | None:
        """Group the stored articles into stories when they changed (every article again with `full`)."""
        if full:
            return regroup(self, options=options, progress=progress)
        return ensure_grouped(self, options=options, progress=progress)

    def report(self, story_id: str, *, options: CompareOptions | None = None) -> Comparison:
        """Compare a stored story's articles (their stored layers reused) and refresh its cached report.

        `options` compare it another way (`CompareOptions(model="blank:en")` is fast); the cache is then kept.
        """
        comparison, _report = compare_story(self, story_id, fresh=True, options=options)
        assert comparison is not None  # fresh=True always compares
        return comparison

    def report_dict(self, story_id: str) -> dict[str, Any]:
        """A stored story's report as the JSON contract's dict, from the cache while its membership holds."""
        return compare_story(self, story_id)[1]
