"""Per-article metadata a user states (manifest, front matter, JSON fields), validated into records.

A manifest is JSON or YAML: `{"story": str?, "note": str?, "articles": [{"file": str, "outlet", "title",
"url", "published", "note"}]}`. Every field but `file` is optional and null means unknown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from rashomon.errors import InputError, ManifestError, SourceNotFound
from rashomon.sources.files import read_regular

METADATA_FIELDS = ("outlet", "title", "url", "published")
ALIASES = {"source": "outlet", "date": "published"}
ENTRY_FIELDS = ("file", *METADATA_FIELDS, "note")
MANIFEST_FIELDS = ("story", "articles", "note")
MANIFEST_NAMES = ("manifest.json", "manifest.yaml", "manifest.yml")


class FieldError(ValueError):
    """A metadata field with a value of the wrong kind; `field` names it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What is known about one article: each field None when unknown."""

    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None

    def over(self, other: Metadata) -> Metadata:
        """Return these fields, falling back to `other` wherever one is unknown."""
        return Metadata(
            outlet=self.outlet if self.outlet is not None else other.outlet,
            title=self.title if self.title is not None else other.title,
            url=self.url if self.url is not None else other.url,
            published=self.published if self.published is not None else other.published,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ManifestEntry:
    """One `articles[]` entry: the file it describes, its metadata and an optional note."""

    file: str
    metadata: Metadata
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    """A loaded manifest: the story title, its note and the entries keyed by file name."""

    path: str
    story: str | None
    entries: Mapping[str, ManifestEntry]
    note: str | None = None

    @property
    def directory(self) -> Path:
        """The directory entries' file names are relative to."""
        return Path(self.path).parent

    def entry_for(self, path: str | os.PathLike[str]) -> ManifestEntry | None:
        """Return the entry describing the file at `path`, or None when the manifest does not list it."""
        target = Path(path).resolve()
        for entry in self.entries.values():
            if (self.directory / entry.file).resolve() == target:
                return entry
        return None


# PyYAML ships no type information (pyproject: yaml.* is Any), so strict mypy refuses any subclass of its loader.
class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader, except that an unquoted date that does not exist stays text.

    `published: 2026-02-30` made PyYAML raise a bare ValueError (no line, no field); as text it reaches
    the field's own check, which names the field and the value.
    """


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


def _int(loader: _Loader, node: yaml.ScalarNode) -> object:
    # A number of thousands of digits is over Python's int conversion limit (ValueError, no line, no
    # field; found by tests/test_fuzz.py): as text it reaches the field checks like any other value.
    try:
        return loader.construct_yaml_int(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)


def load_yaml(text: str) -> Any:
    """Parse YAML as `yaml.safe_load` does, keeping impossible dates as text (RecursionError when too deep)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def to_utc(value: object) -> datetime | None:
    """Return `value` (ISO text, date or datetime) as an aware UTC datetime; naive means UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not a date: {value!r}") from None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    raise ValueError(f"not a date: {value!r}")


def parse_metadata(fields: Mapping[str, Any]) -> Metadata:
    """Return the metadata in `fields` (aliases `source`, `date` allowed); unknown keys are ignored."""
    values: dict[str, Any] = {}
    for key, value in fields.items():
        name = ALIASES.get(key, key)
        if name in METADATA_FIELDS and (values.get(name) is None or key == name):
            values[name] = value
    for name in ("outlet", "title", "url"):
        values[name] = _optional_text(values.get(name), name)
    try:
        values["published"] = to_utc(values.get("published"))
    except ValueError as error:
        raise FieldError("published", str(error)) from None
    return Metadata(**values)


def _optional_text(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldError(field, f"expected text or null, got {type(value).__name__}: {value!r}")
    return value.strip() or None


def find_manifest(directory: str | os.PathLike[str]) -> Path | None:
    """Return the manifest file in `directory`, or None when it has none."""
    for name in MANIFEST_NAMES:
        candidate = Path(directory) / name
        if candidate.is_file():
            return candidate
    return None


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Load and validate the manifest at `path`; each entry's file must exist beside it."""
    label = os.fspath(path)
    data = _parse(Path(path), label)
    if not isinstance(data, Mapping):
        raise ManifestError(label, f"expected an object with 'articles', got {type(data).__name__}")
    _check_keys(data, MANIFEST_FIELDS, label, "")
    story = _text_field(data, "story", label, "")
    note = _text_field(data, "note", label, "")
    articles = data.get("articles")
    if not isinstance(articles, list):
        raise ManifestError(label, f"articles: expected a list of entries, got {_kind(articles)}")
    entries: dict[str, ManifestEntry] = {}
    home = Path(path).parent.resolve()
    for index, raw in enumerate(articles):
        entry = _entry(raw, label, f"articles[{index}]")
        if entry.file in entries:
            raise ManifestError(label, f"articles[{index}].file: {entry.file!r} is listed twice")
        target = Path(path).parent / entry.file
        # Links are resolved first: a link beside the manifest that points elsewhere is outside too.
        if not target.resolve().is_relative_to(home):
            raise ManifestError(
                label, f"articles[{index}].file: {entry.file!r} is outside the manifest's directory; name files in it"
            )
        if not target.is_file():
            raise ManifestError(label, f"articles[{index}].file: no such file: {entry.file!r}")
        entries[entry.file] = entry
    return Manifest(path=label, story=story, entries=entries, note=note)


# A manifest lists a story's files: a few KB. A device, a FIFO or a runaway file is refused, not read.
MAX_MANIFEST_BYTES = 1024 * 1024


def _parse(path: Path, label: str) -> Any:
    try:
        text = read_regular(os.fspath(path), limit=MAX_MANIFEST_BYTES, label=label).decode("utf-8-sig")
    except SourceNotFound:
        raise ManifestError(label, "no such file") from None
    except InputError as error:
        raise ManifestError(label, error.problem) from None
    except UnicodeDecodeError as error:
        raise ManifestError(label, f"cannot read: not UTF-8 at byte {error.start}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return _parse_yaml(text, label)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ManifestError(label, f"invalid JSON at {where}: {error.msg}") from None
    except (ValueError, RecursionError) as error:  # nesting too deep, a number with thousands of digits
        problem = "nested too deeply" if isinstance(error, RecursionError) else "a number with too many digits"
        raise ManifestError(label, f"invalid JSON: {problem}") from None


def _parse_yaml(text: str, label: str) -> Any:
    try:
        return load_yaml(text)
    except RecursionError:
        raise ManifestError(label, "invalid YAML: nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot parse"
        raise ManifestError(label, f"invalid YAML{where}: {problem}") from None


def _entry(raw: object, label: str, where: str) -> ManifestEntry:
    if not isinstance(raw, Mapping):
        raise ManifestError(label, f"{where}: expected an object, got {_kind(raw)}")
    _check_keys(raw, (*ENTRY_FIELDS, *ALIASES), label, where)
    if "file" not in raw:
        raise ManifestError(label, f"{where}: missing required field 'file'")
    file = raw["file"]
    if not isinstance(file, str) or not file.strip():
        raise ManifestError(label, f"{where}.file: expected a file name, got {file!r}")
    try:
        metadata = parse_metadata(raw)
    except FieldError as error:
        field = next((key for key, name in ALIASES.items() if name == error.field and key in raw), None)
        raise ManifestError(label, f"{where}.{field or error.field}: {error.problem}") from None
    return ManifestEntry(file=file.strip(), metadata=metadata, note=_text_field(raw, "note", label, where))


def _check_keys(data: Mapping[Any, Any], allowed: tuple[str, ...], label: str, where: str) -> None:
    for key in data:
        if key not in allowed:
            prefix = f"{where}: " if where else ""
            raise ManifestError(label, f"{prefix}unknown field {key!r}; expected one of: {', '.join(allowed)}")


def _text_field(data: Mapping[str, Any], name: str, label: str, where: str) -> str | None:
    try:
        return _optional_text(data.get(name), name)
    except FieldError as error:
        prefix = f"{where}." if where else ""
        raise ManifestError(label, f"{prefix}{error.field}: {error.problem}") from None


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__
