"""Turn the bytes of one source into Documents: decoding, then text, Markdown, HTML, JSON or JSONL."""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import charset_normalizer
import yaml

from rashomon.errors import EmptySource, InputError, UnsupportedSource
from rashomon.model.records import Document
from rashomon.sources.manifest import FieldError, Metadata, load_yaml, parse_metadata
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
    return decode_noting(data, source=source, encoding=encoding)[0]


def decode_noting(data: bytes, *, source: str, encoding: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode `data` as `decode` does; also return notes on what reading it needed (mixed encodings).

    Bytes that are mostly UTF-8 with some single-byte characters among them (a file pieced together from
    two sources) are read as UTF-8 where they are UTF-8 and as windows-1252 elsewhere, with a note, instead
    of wholly in one code page: at least as many bytes must form UTF-8 characters as fail to.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="replace"), source), ()
    if b"\x00" in data:
        raise UnsupportedSource(display(source), "binary content (NUL bytes); expected text, HTML or JSON")
    try:
        return _checked(data.decode("utf-8"), source), ()
    except UnicodeDecodeError:
        pass
    if encoding is not None and _text_codec(encoding):
        try:
            return _checked(data.decode(encoding), source), ()
        except (UnicodeError, LookupError, ValueError):
            pass  # a declared charset that does not fit (or does nothing, like "undefined"): detect instead
    mixed = data.decode("utf-8", errors="surrogateescape")
    foreign = len(_ESCAPED.findall(mixed))
    utf8_bytes = sum(len(char.encode("utf-8")) for char in _NON_ASCII.findall(mixed))
    if utf8_bytes >= foreign:
        text = _ESCAPED.sub(lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", "replace"), mixed)
        note = f"mixed encodings: {foreign:,} bytes that are not UTF-8 were read as windows-1252"
        return _checked(text, source), (note,)
    return _checked(_detect(data, source), source), ()


def _text_codec(name: str) -> bool:
    """Whether `name` is a codec that turns bytes into text ("undefined" and "rot13" are not)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return False
    return info._is_text_encoding and info.name != "undefined"


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
    # Category Cc other than \t\n\v\f\r, counted by one pattern (a per-character loop cost 3 s per 10 MB).
    controls = len(_CONTROLS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise UnsupportedSource(display(source), "binary content (control characters); expected text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ESCAPED = re.compile(r"[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it
_NON_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def scrub(value: str) -> tuple[str, int]:
    """Return `value` with lone surrogates (from JSON escapes or odd file names) as U+FFFD, and how many.

    A lone surrogate cannot be written as UTF-8: left in, it failed the report's write, which then named
    the output file instead of the input.
    """
    return _SURROGATE.subn("\ufffd", value)


def declared_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares in a `<meta>` tag near its start, if any."""
    match = META_CHARSET.search(data[:2048])
    return match.group(1).decode("ascii") if match else None


def format_for(name: str) -> str | None:
    """Return the format a file name's extension stands for, or None when it names none."""
    return FORMATS.get(suffix(name))


# Every source is read whole into memory and then analysed, so each is capped: a file, standard input or a
# page (fetch.DEFAULT_MAX_BYTES) over 10 MiB is refused with an error naming it; a 60 MB text ran until
# memory or patience gave out. Long reads are a few hundred KB of HTML.
MAX_SOURCE_BYTES = 10 * 1024 * 1024
# A gzip-compressed file is read as what its inner name says ("page.html.gz" is HTML); decompression stops
# at the same cap, so a small archive cannot expand into gigabytes (a "gzip bomb").
MAX_GUNZIPPED_BYTES = MAX_SOURCE_BYTES


def suffix(name: str) -> str:
    """The lower-cased extension of a file name, looking through a final `.gz` ("a.html.gz" -> ".html")."""
    path = PurePath(name)
    if path.suffix.lower() == ".gz":
        path = PurePath(path.stem)
    return path.suffix.lower()


def gunzip(data: bytes, *, source: str, limit: int = MAX_GUNZIPPED_BYTES) -> bytes:
    """Decompress gzip bytes (every member), refusing corrupt or truncated data and output over `limit`."""
    out = bytearray()
    rest = data
    while True:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            out += decompressor.decompress(rest, limit + 1 - len(out))
        except zlib.error as error:
            raise UnsupportedSource(display(source), f"not readable gzip data: {error}") from None
        if len(out) > limit or decompressor.unconsumed_tail:
            raise UnsupportedSource(display(source), f"decompresses to over {limit:,} bytes")
        if not decompressor.eof:
            # zlib returns what it could decompress of a cut-off archive without complaint: part of a text
            # was read as if it were all of it.
            raise UnsupportedSource(display(source), "truncated gzip data: the archive ends before its end")
        rest = decompressor.unused_data.lstrip(b"\0")  # members may be followed by zero padding
        if not rest:
            return bytes(out)
        if not rest.startswith(b"\x1f\x8b"):
            raise UnsupportedSource(display(source), "not readable gzip data: bytes after the archive's end")


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


Skip = Callable[[InputError], None]


def read_bytes(
    data: bytes,
    *,
    source: str,
    fmt: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    skip: Skip | None = None,
) -> list[Document]:
    """Read one source's bytes into Documents; `fmt` defaults to the extension, then to sniffing.

    Args:
        source: the path or URL as the user gave it; becomes `Document.source`.
        url: the address the bytes came from, for HTML pages that name no canonical URL.
        encoding: the charset the server declared, tried after UTF-8.
        skip: called with the error of each JSON or JSONL record that cannot be read, which is then left
            out; without it the first such error is raised.
    """
    if not data.strip():
        raise EmptySource(display(source), "empty file")
    text, notes = decode_noting(data, source=source, encoding=encoding or declared_charset(data))
    fmt = fmt or format_for(source) or sniff(text)
    if fmt == "json":
        documents = _read_json(text, source=source, skip=skip)
    elif fmt == "jsonl":
        documents = _read_jsonl(text, source=source, skip=skip)
    else:
        documents = [_document(text, fmt, source=source, stated=Metadata(), at=At(display(source)), url=url)]
    return [dataclasses.replace(d, notes=(*notes, *d.notes)) for d in documents] if notes else documents


def _document(text: str, fmt: str, *, source: str, stated: Metadata, at: At, url: str | None = None) -> Document:
    # Precedence: what the record or front matter states, then what the page states, then the fetch URL.
    language: str | None = None
    if fmt == "html":
        from rashomon.sources.extract import extract_html  # trafilatura: 0.13 s to import, for HTML only

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
    body, replaced = scrub(body)
    notes = (f"{replaced:,} lone surrogate characters (not text) replaced with U+FFFD",) if replaced else ()
    return Document(
        source=source,
        text=body,
        outlet=_scrubbed(metadata.outlet),
        title=_scrubbed(metadata.title),
        url=_scrubbed(metadata.url),
        published=metadata.published,
        language=language or "en",
        notes=notes,
    )


def _scrubbed(value: str | None) -> str | None:
    return scrub(value)[0] if value is not None else None


# Front matter is a few lines of fields; more than this is not front matter but a runaway file.
MAX_FRONT_MATTER_BYTES = 64 * 1024


def split_front_matter(text: str, *, source: str) -> tuple[Metadata, str]:
    """Split YAML front matter (between `---` lines) off `text`; return its metadata and the body."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return Metadata(), text
    block = match.group(1) or ""
    if len(block) > MAX_FRONT_MATTER_BYTES:
        raise InputError(
            source, f"front matter of {len(block):,} characters is over the cap of {MAX_FRONT_MATTER_BYTES:,}"
        )
    try:
        fields = load_yaml(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(source, f"front matter is not valid YAML{where}") from None
    except RecursionError:
        raise InputError(source, "front matter is nested too deeply") from None
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


def json_problem(error: ValueError | RecursionError) -> str:
    """What is wrong with text `json.loads` refused, in a few words (its position when it has one)."""
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
    if isinstance(error, RecursionError):
        return "invalid JSON: nested too deeply"
    if "digits" in str(error):
        return "invalid JSON: a number with too many digits"
    return f"invalid JSON: {error}"


def _read_json(text: str, *, source: str, skip: Skip | None) -> list[Document]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # deep nesting and 5,000-digit numbers are not JSONDecodeError
        raise InputError(display(source), json_problem(error)) from None
    if isinstance(data, Mapping):
        return [_record(data, source=source, at=At(display(source)))]
    if not isinstance(data, list):
        raise InputError(display(source), f"expected a JSON object or array of records, got {type(data).__name__}")
    if not data:
        raise EmptySource(display(source), "no records in the JSON array")
    documents = []
    for index, item in enumerate(data):
        try:
            documents.append(
                _record(item, source=f"{source}#{index + 1}", at=At(display(source), f"record {index + 1}"))
            )
        except InputError as error:
            if skip is None:
                raise
            skip(error)
    return _some(documents, source, "JSON array", skipped=len(documents) < len(data))


def _read_jsonl(text: str, *, source: str, skip: Skip | None) -> list[Document]:
    documents = []
    skipped = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as error:
                problem = (
                    f"invalid JSON: {error.msg}" if isinstance(error, json.JSONDecodeError) else json_problem(error)
                )
                raise InputError(display(source), f"line {number}: {problem}") from None
            documents.append(_record(record, source=f"{source}#{number}", at=At(display(source), f"line {number}")))
        except InputError as error:
            if skip is None:
                raise
            skip(error)
            skipped = True
    return _some(documents, source, "JSONL file", skipped=skipped)


def _some(documents: list[Document], source: str, kind: str, *, skipped: bool) -> list[Document]:
    if not documents:
        raise EmptySource(display(source), f"no {'readable ' if skipped else ''}records in the {kind}")
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
