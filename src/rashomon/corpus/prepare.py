"""The per-article work of an ingest, as one pure function that any engine can run anywhere.

`prepare(task)` turns one read document into what the store keeps: the cleaned `Article`, its grouping
`Features`, and, when a pipeline is named, its `Analysis` (span layers). It reads no file, opens no
database and touches no global state except a per-process cache of built pipelines, so the same call
gives the same result in the ingesting process, in a local process pool or on a Dask worker. A document
that cannot become an article comes back as a `Prepared` with `error` set, never as an exception, so one
bad record cannot fail a batch on a remote worker. A pipeline that cannot be built is the caller's error
and raises (`ingest` builds it once before the run, so it fails fast with one line).

`prepare_batch` maps it over a list: engines ship batches, not single articles, to amortise the transfer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rashomon.clean.article import make_article
from rashomon.errors import ComponentError, InputError
from rashomon.group.features import Features, features
from rashomon.model.records import Analysis, Article, Document

if TYPE_CHECKING:  # imported lazily at run time (spaCy)
    from rashomon.analysis.pipeline import Pipeline

__all__ = ["Prepared", "Task", "check_pipeline", "prepare", "prepare_batch"]

_PIPELINES: dict[tuple[str, ...], Pipeline] = {}


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """One document to prepare, with where it came from (for error records)."""

    document: Document
    source: str
    record: int | None = None
    pipeline: tuple[str, ...] | None = None  # component names; None: no span layers at ingest


@dataclass(frozen=True, slots=True, kw_only=True)
class Prepared:
    """The outcome of `prepare`: an article with its features (and analysis), or the reason there is none."""

    source: str
    record: int | None = None
    article: Article | None = None
    features: Features | None = None
    analysis: Analysis | None = None
    error: str | None = None


def prepare(task: Task) -> Prepared:
    """Clean one document and compute its features (and layers when `task.pipeline` names components)."""
    try:
        article = make_article(task.document)
        found = features(article.title or "", article.text)
        analysis = _pipeline(task.pipeline).analyze(article) if task.pipeline else None
    except InputError as error:
        return Prepared(source=task.source, record=task.record, error=error.problem)
    except ComponentError as error:  # a component failed on this text: recorded, the run goes on
        return Prepared(source=task.source, record=task.record, error=str(error))
    return Prepared(source=task.source, record=task.record, article=article, features=found, analysis=analysis)


def prepare_batch(tasks: Sequence[Task]) -> list[Prepared]:
    """`prepare` each task, in order."""
    return [prepare(task) for task in tasks]


def check_pipeline(names: Sequence[str]) -> None:
    """Build the pipeline `names` once, raising PipelineError if it cannot be built."""
    _pipeline(tuple(names))


def _pipeline(names: tuple[str, ...]) -> Pipeline:  # Pipeline is imported lazily (spaCy) on first use
    pipeline = _PIPELINES.get(names)
    if pipeline is None:
        from rashomon.analysis.pipeline import Pipeline

        pipeline = _PIPELINES[names] = Pipeline.from_names(names)
    return pipeline
