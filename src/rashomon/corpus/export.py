"""Export the store's articles, stories and claims as JSONL or Parquet, streamed and written atomically.

Rows are produced one at a time (articles through `Store.iter_articles`) and Parquet is written in row
groups, so memory stays flat however large the store. The output goes to a temporary file beside the
target and replaces it only when complete: a failed export leaves the target as it was (docs/store.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rashomon.errors import OutputError, RashomonError
from rashomon.model.serialize import article_to_dict

# output.py writes text reports atomically; its temp-file helpers serve this binary writer too.
from rashomon.output import _keep_mode, _open_temp, _problem, _remove_quietly, check_target
from rashomon.store.sqlite import Store

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "export", "export_format"]

Row = dict[str, Any]
Progress = Callable[[int], None]

EXPORT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
ROW_GROUP = 1000  # rows per Parquet row group: one group in memory at a time


@dataclass(frozen=True, slots=True)
class _Table:
    rows: Callable[[Store, Progress], Iterator[Row]]
    schema: Callable[[Any], pa.Schema]  # given the pyarrow module, imported only for Parquet
    json_columns: tuple[str, ...] = ()  # lists in JSONL, JSON text in Parquet


def export(
    store: Store, what: str, path: str | os.PathLike[str], *, fmt: str | None = None, progress: Progress | None = None
) -> int:
    """Write the store's `what` (articles, stories or claims) to `path` as JSONL or Parquet; return the rows.

    Claims are those of every story with at least two articles, read from each story's cached comparison
    and computed (then cached) through `story_store.compare_story` for a story that has none yet, which
    takes seconds per story.

    Args:
        fmt: "jsonl" or "parquet"; by default from the suffix (.jsonl, .ndjson, .parquet).
        progress: called with 1 per article (articles) or story (stories, claims) handled.
    """
    target = os.fspath(path)
    if what not in EXPORT_TABLES:
        raise RashomonError(f"cannot export {what!r}; choose one of: {', '.join(EXPORT_TABLES)}")
    name = export_format(target, fmt)
    real = check_target(target)  # a device, a FIFO or a directory is refused; a link is followed (output.py)
    table = EXPORT_TABLES[what]
    tick = progress or (lambda n: None)
    if name == "parquet":
        pa, pq = _pyarrow(target)
        with _atomic(real, target) as handle:
            return _write_parquet(handle, table.rows(store, tick), table, pa, pq)
    with _atomic(real, target) as handle:
        return _write_jsonl(handle, table.rows(store, tick))


def export_format(path: str, fmt: str | None) -> str:
    """The export format for `path`: `fmt` when given, else the one its suffix names."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS.values():
            raise OutputError(path, f"no {fmt!r} export format; use jsonl or parquet")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        raise OutputError(path, f"suffix {suffix or 'none'!r} names no export format; use {known} or --format")
    return EXPORT_FORMATS[suffix]


def _pyarrow(target: str) -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OutputError(target, "writing Parquet needs pyarrow: pip install 'rashomon[parquet]'") from None
    return pa, pq


@contextmanager
def _atomic(target: str, name: str) -> Iterator[IO[bytes]]:
    """A binary file that becomes `target` when the block ends normally; on any error it is removed.

    `name` is the output as the user gave it, for errors.
    """
    directory = os.path.dirname(os.path.abspath(target))
    temp: str | None = None
    try:
        fd, temp = _open_temp(directory, os.path.basename(target))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(temp, target)
        os.replace(temp, target)
        temp = None
    except OSError as error:
        raise OutputError(name, _problem(error, directory)) from error
    finally:
        if temp is not None:
            _remove_quietly(temp)


def _write_jsonl(handle: IO[bytes], rows: Iterator[Row]) -> int:
    count = 0
    for row in rows:
        # backslashreplace turns a lone surrogate (possible in stored JSON) into a \uXXXX escape, which is
        # still valid JSON inside a string, instead of failing the whole export.
        handle.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))
        count += 1
    return count


def _write_parquet(handle: IO[bytes], rows: Iterator[Row], table: _Table, pa: Any, pq: Any) -> int:
    schema = table.schema(pa)
    count = 0
    with pq.ParquetWriter(handle, schema) as writer:
        batch: list[Row] = []
        for row in rows:
            batch.append({**row, **{key: json.dumps(row[key], ensure_ascii=False) for key in table.json_columns}})
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


# Articles


def _article_rows(store: Store, tick: Progress) -> Iterator[Row]:
    story_of: dict[str, str] = {}
    for story_id, members in store.story_members().items():
        for article_id in members:
            story_of.setdefault(article_id, story_id)
    for article in store.iter_articles():
        yield {**article_to_dict(article), "story_id": story_of.get(article.id)}
        tick(1)


def _articles_schema(pa: Any) -> pa.Schema:
    text = [
        ("url", pa.string()),
        ("source", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("removed", pa.string()),
        ("notes", pa.string()),
        ("story_id", pa.string()),
    ]
    return pa.schema([pa.field("id", pa.string(), nullable=False), *text])


# Stories


def _story_rows(store: Store, tick: Progress) -> Iterator[Row]:
    for story in store.stories():
        members = store.story_articles(story.id)
        yield {
            "id": story.id,
            "title": story.title,
            "first_published": story.first_published,
            "last_published": story.last_published,
            "articles": story.articles,
            "members": [a.id for a in members],
            "outlets": sorted({a.outlet for a in members if a.outlet}),
        }
        tick(1)


def _stories_schema(pa: Any) -> pa.Schema:
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            ("title", pa.string()),
            ("first_published", pa.string()),
            ("last_published", pa.string()),
            ("articles", pa.int64()),
            ("members", pa.list_(pa.string())),
            ("outlets", pa.list_(pa.string())),
        ]
    )


# Claims


def _claim_rows(store: Store, tick: Progress) -> Iterator[Row]:
    from rashomon.corpus.stories import compare_story

    for story in store.stories():
        if story.articles >= 2:
            _, report = compare_story(store, story.id)
            yield from _report_claims(story.id, report)
        tick(1)


def _report_claims(story_id: str, report: dict[str, Any]) -> Iterator[Row]:
    """One row per claim of a report dict (rashomon.report/1), with outlet names beside the article ids."""
    outlet = {a["id"]: a.get("outlet") for a in report["articles"]}
    for claim in report["claims"]:
        yield {
            "story_id": story_id,
            "id": claim["id"],
            "status": claim["status"],
            "text": claim["text"],
            "articles": list(claim["articles"]),
            "outlets": list(dict.fromkeys(o for a in claim["articles"] if (o := outlet.get(a)))),
            "missing": list(claim["missing"]),
            "sources": claim.get("sources"),
            "mentions": [
                {
                    "article": m["article"],
                    "outlet": outlet.get(m["article"]),
                    "start": m["start"],
                    "end": m["end"],
                    "text": m["text"],
                }
                for m in claim["mentions"]
            ],
        }


def _claims_schema(pa: Any) -> pa.Schema:
    mention = pa.struct(
        [
            ("article", pa.string()),
            ("outlet", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
        ]
    )
    return pa.schema(
        [
            pa.field("story_id", pa.string(), nullable=False),
            pa.field("id", pa.string(), nullable=False),
            ("status", pa.string()),
            ("text", pa.string()),
            ("articles", pa.list_(pa.string())),
            ("outlets", pa.list_(pa.string())),
            ("missing", pa.list_(pa.string())),
            ("sources", pa.int64()),
            ("mentions", pa.list_(mention)),
        ]
    )


EXPORT_TABLES = {
    "articles": _Table(_article_rows, _articles_schema, json_columns=("removed", "notes")),
    "stories": _Table(_story_rows, _stories_schema),
    "claims": _Table(_claim_rows, _claims_schema),
}
