"""Turn the bytes of one source into Documents: decoding, then text, Markdown, HTML, JSON or JSONL."""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import charset_normalizer
import yaml

from rashomon.errors import EmptySource, InputError, UnsupportedSource
from rashomon.model.records import Document
from rashomon.sources.extract import extract_html
from rashomon.sources.manifest import FieldError, Metadata, parse_metadata
from rashomon.sources.markdown import markdown_to_text

FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}
ARTICLE_EXTENSIONS = frozenset(FORMATS)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
MARKUP = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<article|<p[\s>]|<div[\s>])", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Share of control characters (other than whitespace) beyond which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.01
# How much more "chaos" than the best guess windows-1252 may show and still be preferred.
CP1252_SLACK = 0.1


def display(source: str) -> str:
    """Return how errors name `source` ("-" is stdin)."""
    return "<stdin>" if source == "-" else source


def decode(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode `data`: a BOM, then UTF-8, then the declared `encoding`, then detection."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="replace"), source)
    if b"\x00" in data:
        raise UnsupportedSource(display(source), "binary content (NUL bytes); expected text, HTML or JSON")
    for codec in ("utf-8", encoding or "utf-8"):
        try:
            return _checked(data.decode(codec), source)
        except (UnicodeDecodeError, LookupError):
            continue
    return _checked(_detect(data, source), source)


def _detect(data: bytes, source: str) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise UnsupportedSource(display(source), "undecodable bytes: not text in any known encoding")
    # Short Western texts are easily mistaken for a Baltic or Central European code page; the
    # WHATWG default for unlabelled Western text, windows-1252, wins when it decodes about as cleanly.
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + CP1252_SLACK:
            return data.decode("cp1252")
    return str(best)


def _checked(text: str, source: str) -> str:
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise UnsupportedSource(display(source), "binary content (control characters); expected text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def declared_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares in a `<meta>` tag near its start, if any."""
    match = META_CHARSET.search(data[:2048])
    return match.group(1).decode("ascii") if match else None


def format_for(name: str) -> str | None:
    """Return the format a file name's extension stands for, or None when it names none."""
    return FORMATS.get(suffix(name))


# A gzip-compressed file is read as what its inner name says ("page.html.gz" is HTML); decompression stops
# at this many bytes, so a small archive cannot expand into gigabytes (a "gzip bomb").
MAX_GUNZIPPED_BYTES = 64 * 1024 * 1024


def suffix(name: str) -> str:
    """The lower-cased extension of a file name, looking through a final `.gz` ("a.html.gz" -> ".html")."""
    path = PurePath(name)
    if path.suffix.lower() == ".gz":
        path = PurePath(path.stem)
    return path.suffix.lower()


def gunzip(data: bytes, *, source: str) -> bytes:
    """Decompress gzip bytes, refusing corrupt data and output over MAX_GUNZIPPED_BYTES."""
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, MAX_GUNZIPPED_BYTES + 1)
    except zlib.error as error:
        raise UnsupportedSource(display(source), f"not readable gzip data: {error}") from None
    if len(out) > MAX_GUNZIPPED_BYTES or decompressor.unconsumed_tail:
        raise UnsupportedSource(display(source), f"decompresses to over {MAX_GUNZIPPED_BYTES:,} bytes")
    return out


def sniff(text: str) -> str:
    """Guess the format of `text`: HTML when it looks like markup, JSON when it parses, else text."""
    if MARKUP.match(text):
        return "html"
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
        except json.JSONDecodeError:
            return "jsonl" if _is_jsonl(stripped) else "text"
        return "json"
    return "text"


def _is_jsonl(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


@dataclass(frozen=True, slots=True)
class At:
    """Where in a source a problem lies: the source's label and, inside it, a record or line."""

    label: str
    context: str = ""

    @property
    def name(self) -> str:
        """The label, with the record or line in parentheses when there is one."""
        return f"{self.label} ({self.context})" if self.context else self.label

    def error(self, kind: type[InputError], problem: str) -> InputError:
        """Return an error of `kind` naming this place and `problem`."""
        return kind(self.label, f"{self.context}: {problem}" if self.context else problem)


def read_bytes(
    data: bytes,
    *,
    source: str,
    fmt: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
) -> list[Document]:
    """Read one source's bytes into Documents; `fmt` defaults to the extension, then to sniffing.

    Args:
        source: the path or URL as the user gave it; becomes `Document.source`.
        url: the address the bytes came from, for HTML pages that name no canonical URL.
        encoding: the charset the server declared, tried after UTF-8.
    """
    if not data.strip():
        raise EmptySource(display(source), "empty file")
    text = decode(data, source=source, encoding=encoding or declared_charset(data))
    fmt = fmt or format_for(source) or sniff(text)
    if fmt == "json":
        return _read_json(text, source=source)
    if fmt == "jsonl":
        return _read_jsonl(text, source=source)
    return [_document(text, fmt, source=source, stated=Metadata(), at=At(display(source)), url=url)]


def _document(text: str, fmt: str, *, source: str, stated: Metadata, at: At, url: str | None = None) -> Document:
    # Precedence: what the record or front matter states, then what the page states, then the fetch URL.
    language: str | None = None
    if fmt == "html":
        extracted = extract_html(text, source=at.name, url=url)
        body, metadata, language = extracted.text, stated.over(extracted.metadata), extracted.language
    else:
        front, body = split_front_matter(text, source=at.label)
        metadata = front.over(stated).over(Metadata(url=url))
        if fmt == "markdown":
            body = markdown_to_text(body)
    # Only the file's own final line ending goes here; cleaning removes longer blank runs and records them.
    body = body.removesuffix("\n")
    if not body.strip():
        raise at.error(EmptySource, "no article text")
    return Document(
        source=source,
        text=body,
        outlet=metadata.outlet,
        title=metadata.title,
        url=metadata.url,
        published=metadata.published,
        language=language or "en",
    )


def split_front_matter(text: str, *, source: str) -> tuple[Metadata, str]:
    """Split YAML front matter (between `---` lines) off `text`; return its metadata and the body."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return Metadata(), text
    try:
        fields = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(source, f"front matter is not valid YAML{where}") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, Mapping):
        raise InputError(source, f"front matter must be a mapping of fields, got {type(fields).__name__}")
    return _metadata(fields, at=At(source, "front matter")), text[match.end() :]


def _metadata(fields: Mapping[str, Any], *, at: At) -> Metadata:
    try:
        return parse_metadata(fields)
    except FieldError as error:
        raise at.error(InputError, str(error)) from None


def _read_json(text: str, *, source: str) -> list[Document]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError(display(source), f"invalid JSON at {where}: {error.msg}") from None
    if isinstance(data, Mapping):
        return [_record(data, source=source, at=At(display(source)))]
    if not isinstance(data, list):
        raise InputError(display(source), f"expected a JSON object or array of records, got {type(data).__name__}")
    if not data:
        raise EmptySource(display(source), "no records in the JSON array")
    return [
        _record(item, source=f"{source}#{index + 1}", at=At(display(source), f"record {index + 1}"))
        for index, item in enumerate(data)
    ]


def _read_jsonl(text: str, *, source: str) -> list[Document]:
    documents = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(display(source), f"line {number}: invalid JSON: {error.msg}") from None
        documents.append(_record(record, source=f"{source}#{number}", at=At(display(source), f"line {number}")))
    if not documents:
        raise EmptySource(display(source), "no records in the JSONL file")
    return documents


def _record(record: object, *, source: str, at: At) -> Document:
    if not isinstance(record, Mapping):
        raise at.error(InputError, f"expected an object, got {type(record).__name__}")
    metadata = _metadata(record, at=at)
    for field, fmt in (("text", "text"), ("html", "html")):
        body = record.get(field)
        if isinstance(body, str) and body.strip():
            return _document(body, fmt, source=source, stated=metadata, at=at)
        if body is not None and not isinstance(body, str):
            raise at.error(InputError, f"{field}: expected text, got {type(body).__name__}")
    raise at.error(EmptySource, "no 'text' or 'html' field with article text")
