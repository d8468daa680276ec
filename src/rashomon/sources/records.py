"""Read corpora (JSONL, CSV, Parquet) record by record into Documents, with a column mapping.

A bad record (malformed line, missing text, unreadable date, text over the size cap) is yielded as a
`BadRecord` naming its record number and the reason, so the caller can record it and go on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rashomon.errors import InputError
from rashomon.model.records import Document
from rashomon.sources.files import display_path, open_regular
from rashomon.sources.manifest import to_utc
from rashomon.sources.readers import scrub, suffix

__all__ = [
    "CORPUS_FORMATS",
    "FIELDS",
    "MAX_TEXT_CHARS",
    "BadRecord",
    "Record",
    "corpus_format",
    "parse_mapping",
    "read_corpus",
    "read_json_records",
]

CORPUS_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
FIELDS = ("text", "title", "url", "published", "outlet", "language")
# No news article comes near this (long reads run to a few hundred thousand characters); anything
# bigger is a dump, a binary blob or a runaway page, refused as a recorded error.
MAX_TEXT_CHARS = 5_000_000


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record of a corpus that could not be read: its number (1-based line or row) and why."""

    record: int
    reason: str


Record = Document | BadRecord


def corpus_format(path: str | os.PathLike[str]) -> str | None:
    """The corpus format a file's suffix names (jsonl, csv, parquet; jsonl and csv also gzipped), or None."""
    name = os.fspath(path)
    fmt = CORPUS_FORMATS.get(suffix(name))
    return None if fmt == "parquet" and name.lower().endswith(".gz") else fmt


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """Turn `--map FIELD=COLUMN` options into {field: column}; unknown fields are a one-line error."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise InputError("--map", f"{pair!r} is not FIELD=COLUMN")
        if field not in FIELDS:
            raise InputError("--map", f"unknown field {field!r}; expected one of: {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def read_corpus(
    path: str | os.PathLike[str], *, mapping: Mapping[str, str] | None = None, max_chars: int = MAX_TEXT_CHARS
) -> Iterator[Record]:
    """Yield each record of a JSONL, CSV or Parquet corpus as a Document, or a BadRecord with the reason."""
    name = os.fspath(path)
    fmt = corpus_format(name)
    if fmt is None:
        raise InputError(name, f"not a corpus; expected one of: {', '.join(sorted(CORPUS_FORMATS))}")
    columns = {field: (mapping or {}).get(field, field) for field in FIELDS}
    rows = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows}[fmt](name, max_chars)
    for number, row in rows:
        if isinstance(row, str):
            yield BadRecord(number, row)
        else:
            yield _document(row, columns, source=display_path(name), number=number, max_chars=max_chars)


def _document(
    row: Mapping[str, Any], columns: Mapping[str, str], *, source: str, number: int, max_chars: int
) -> Record:
    text = row.get(columns["text"])
    if isinstance(text, list):  # paragraphs (BASIL's "body-paragraphs" nests them a level deeper)
        text = "\n\n".join(_paragraphs(text))
    if not isinstance(text, str) or not text.strip():
        return BadRecord(number, f"no text in column {columns['text']!r}")
    if len(text) > max_chars:
        return BadRecord(number, f"text of {len(text):,} characters is over the cap of {max_chars:,}")
    text, replaced = scrub(text)
    values: dict[str, str | None] = {}
    for field in ("title", "url", "outlet", "language"):
        value = row.get(columns[field])
        values[field] = scrub(str(value).strip())[0] or None if value is not None else None
    try:
        published = to_utc(row.get(columns["published"]))
    except (ValueError, TypeError) as error:
        return BadRecord(number, f"unreadable date in column {columns['published']!r}: {error}")
    return Document(
        source=f"{source}#{number}",
        text=text,
        outlet=values["outlet"],
        title=values["title"],
        url=values["url"],
        published=published,
        language=values["language"] or "en",
        notes=(f"{replaced:,} lone surrogate characters (not text) replaced with U+FFFD",) if replaced else (),
    )


def _paragraphs(value: list[Any]) -> Iterator[str]:
    """The strings of a list of paragraphs, a nested list joined as one paragraph (at any depth, no recursion)."""
    for item in value:
        if isinstance(item, list):
            yield " ".join(_flattened(item))
        elif isinstance(item, str) and item.strip():
            yield item.strip()


def _flattened(value: list[Any]) -> Iterator[str]:
    # An explicit stack: a text field nested a few thousand lists deep overflowed the recursion.
    stack = [iter(value)]
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
        elif isinstance(item, list):
            stack.append(iter(item))
        elif isinstance(item, str) and item.strip():
            yield item.strip()


_END = object()


def read_json_records(path: str | os.PathLike[str], *, mapping: Mapping[str, str] | None = None,
                      max_chars: int = MAX_TEXT_CHARS) -> Iterator[Record]:  # fmt: skip
    """Yield the records of one JSON file (an object, or an array of objects) as `read_corpus` does.

    For directories of one-article JSON files in another tool's shape, read with a column mapping
    (`rashomon ingest articles/ --map text=body-paragraphs`).
    """
    name = os.fspath(path)
    columns = {field: (mapping or {}).get(field, field) for field in FIELDS}
    with _open(name, "rb") as handle:
        try:
            raw = handle.read(max_chars * 4 + 65536 + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(name, f"unreadable: {error}") from None
    if len(raw) > max_chars * 4 + 65536:
        yield BadRecord(1, "file is over the size cap")
        return
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(name, f"undecodable bytes (not UTF-8) at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise InputError(name, f"malformed JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except (ValueError, RecursionError) as error:  # nesting too deep, a number with thousands of digits
        raise InputError(name, _json_problem(error)) from None
    rows = data if isinstance(data, list) else [data]
    for number, row in enumerate(rows, start=1):
        if isinstance(row, dict):
            yield _document(row, columns, source=display_path(name), number=number, max_chars=max_chars)
        else:
            yield BadRecord(number, f"expected a JSON object, got {_kind(row)}")


def _jsonl_rows(path: str, max_chars: int) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    limit = max_chars * 4 + 65536  # a line this long cannot hold a text under the cap, even all escapes
    with _open(path, "rb") as handle:
        for number, line in _lines(handle, path):
            if not line.strip():
                continue
            if len(line) > limit:
                yield number, f"line of {len(line):,} bytes is over the size cap"
                continue
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as error:
                yield number, f"undecodable bytes (not UTF-8) at byte {error.start}"
                continue
            except json.JSONDecodeError as error:
                yield number, f"malformed JSON: {error.msg} (column {error.colno})"
                continue
            except (ValueError, RecursionError) as error:
                # A line nested 100,000 deep or a 5,000-digit number: not JSONDecodeError, and it ended the
                # whole ingest, losing the batch of good records read before it.
                yield number, _json_problem(error)
                continue
            yield number, record if isinstance(record, dict) else f"expected a JSON object, got {_kind(record)}"


def _lines(handle: Any, path: str) -> Iterator[tuple[int, bytes]]:
    """Number the lines of a file; corrupt gzip data ends the file with one error, not a traceback."""
    number = 0
    try:
        for number, line in enumerate(handle, start=1):  # noqa: B007 - read after the loop on error
            yield number, line
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(path, f"unreadable after line {number}: {error}") from None


def _csv_rows(path: str, max_chars: int) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    csv.field_size_limit(max(csv.field_size_limit(), max_chars + 1))
    with _open(path, "r", encoding="utf-8-sig", newline="", errors="strict") as handle:
        reader = csv.DictReader(handle)
        number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                yield reader.line_num or number, f"undecodable bytes (not UTF-8) at byte {error.start}"
                return  # the decoder cannot resynchronise within a text stream
            except (OSError, EOFError, zlib.error) as error:  # corrupt gzip data
                raise InputError(path, f"unreadable after line {reader.line_num}: {error}") from None
            except csv.Error as error:
                number = reader.line_num
                yield number, f"malformed CSV: {error}"
                continue
            number = reader.line_num
            header = len(reader.fieldnames or ())
            if None in row:
                yield number, f"{len(row[None]) + header} fields; the header has {header}"
                continue
            yield number, row


def _parquet_rows(path: str, max_chars: int) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, "reading Parquet needs pyarrow: pip install 'rashomon[parquet]'") from None
    handle = open_regular(path)  # a FIFO or a device is refused before pyarrow opens it
    try:
        parquet = pq.ParquetFile(handle)
    except Exception as error:  # noqa: BLE001 - pyarrow raises several types for one cause: not Parquet
        handle.close()
        raise InputError(display_path(path), f"not a readable Parquet file: {error}") from None
    with handle:
        yield from _parquet_batches(parquet)


def _parquet_batches(parquet: Any) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    number = 0
    batches = parquet.iter_batches(batch_size=512)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - a corrupt row group ends the file, not the run
            yield number + 1, f"unreadable Parquet data: {error}"
            return
        for row in batch.to_pylist():
            number += 1
            yield number, row


def _open(path: str, mode: str, **kwargs: Any) -> Any:
    """Open a corpus file (only a regular one: a FIFO or a device is refused) as bytes or text."""
    raw = open_regular(path)
    try:
        stream: Any = _Gunzipping(raw) if path.lower().endswith(".gz") else raw  # a stream: never whole in memory
        return stream if "b" in mode else io.TextIOWrapper(stream, **kwargs)
    except (OSError, ValueError) as error:
        raw.close()
        raise InputError(display_path(path), f"cannot read: {error}") from None


class _Gunzipping(gzip.GzipFile):
    """A GzipFile over an open file that closes that file too (GzipFile leaves a given file open)."""

    def __init__(self, raw: Any) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def _json_problem(error: ValueError | RecursionError) -> str:
    if isinstance(error, RecursionError):
        return "malformed JSON: nested too deeply"
    return "malformed JSON: a number with too many digits" if "digits" in str(error) else f"malformed JSON: {error}"


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "null"
    )
