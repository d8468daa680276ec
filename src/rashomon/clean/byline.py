"""Byline and date lines turned into metadata (outlet, published, byline) and removed from the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from rashomon.clean.base import Stepped
from rashomon.clean.dates import parse_date
from rashomon.model.records import Removal

BYLINE_LINE = "byline or date line turned into metadata"

_MAX_LINE = 200
# Bylines separate their parts with bars, bullets or spaced dashes; commas are handled per part
# because dates carry commas of their own.
_SEPARATOR = re.compile(r"\s*(?:\||•|·|\s[-–—]\s)\s*")
_LABEL = re.compile(
    r"^(?P<label>(?:first\s+)?published|posted|last\s+updated|updated|modified|date)(?:\s+on)?\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A name as bylines print it: capitalised words ("Jane Doe", "JANE DOE", "The English Chronicle Desk")
# with the particles names carry; at most eight words, so a sentence never passes for one.
_NAME = r"(?:[A-Z][\w.'’&-]*)(?:\s+(?:[A-Z][\w.'’&-]*|de|da|del|van|von|der|al|bin|of|the|and|&)){0,7}"
_NAME_RE = re.compile(rf"^{_NAME}$")
_BY = re.compile(rf"^by\s+(?P<name>{_NAME})$", re.IGNORECASE)
_BY_TAIL = re.compile(rf"^(?P<date>.+?)\s+by\s+(?P<name>{_NAME})$", re.IGNORECASE)
_READING_TIME = re.compile(r"^\d+\s*(?:min(?:ute)?s?)\.?\s+read$", re.IGNORECASE)
# "By Tuesday" and "By March" start sentences, not bylines.
_NOT_NAMES = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|^(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b|^(?:the end|then|now|contrast|comparison)\b",
    re.IGNORECASE,
)
# Words that make a name part a role or a desk, not an outlet.
_ROLE = re.compile(r"\b(?:writer|correspondent|reporter|editor|contributor|columnist)s?$", re.IGNORECASE)
_OUTLET_SUFFIX = re.compile(r"\s+(?:desk|online|newsroom|staff|digital|web)$", re.IGNORECASE)
# "BEIJING (Reuters) - ..." and "OTTAWA, Jan 14 (AP) —": a dateline names the outlet inline.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:,[^()]{1,30})?\s*\((?P<outlet>[A-Z][\w .&'’-]{1,40})\)\s*[-–—]\s")


@dataclass(frozen=True, slots=True, kw_only=True)
class Byline:
    """Metadata read from byline, date and dateline lines."""

    outlet: str | None = None
    published: datetime | None = None
    byline: str | None = None
    updated: datetime | None = None

    def merged(self, other: Byline) -> Byline:
        """Return this byline with its empty fields filled from `other`."""
        return replace(
            self,
            outlet=self.outlet or other.outlet,
            published=self.published or other.published,
            byline=self.byline or other.byline,
            updated=self.updated or other.updated,
        )


def extract_bylines(text: str) -> tuple[Stepped, Byline]:
    """Remove byline and date lines, returning what they said about outlet, date and author."""
    found = Byline()
    kept: list[str] = []
    removed: list[Removal] = []
    for line in text.split("\n"):
        parsed = parse_byline(line.strip()) if line.strip() else None
        if parsed is None:
            kept.append(line)
            continue
        found = found.merged(parsed)
        removed.append(Removal(text=line.strip(), reason=BYLINE_LINE))
    dateline = _dateline_outlet(kept)
    if dateline:
        found = found.merged(Byline(outlet=dateline))
    return Stepped(text="\n".join(kept), removed=tuple(removed)), found


def parse_byline(line: str) -> Byline | None:
    """Return what a byline or date line states, or None when `line` is not one."""
    if len(line) > _MAX_LINE or line.endswith((".", "!", "?")) and parse_date(line) is None:
        return None
    found = Byline()
    names: list[str] = []
    has_anchor = False
    for part in _parts(line):
        parsed = _parse_part(part)
        if parsed is None:
            return None
        kind, value = parsed
        if kind == "name":
            names.append(value if isinstance(value, str) else "")
            continue
        has_anchor = True
        found = found.merged(value) if isinstance(value, Byline) else found
    # A line of names alone is a heading ("China Urges Canada"); a byline has a date or a "By".
    if not has_anchor:
        return None
    return found.merged(_from_names(names, has_author=found.byline is not None))


def _parts(line: str) -> list[str]:
    parts: list[str] = []
    for part in _SEPARATOR.split(line):
        # "By Jane Doe, Reuters": the comma after a "By" name separates parts; in a date it does not.
        if part[:3].casefold() == "by " and "," in part:
            parts.extend(piece.strip() for piece in part.split(","))
        else:
            parts.append(part.strip())
    return [part for part in parts if part]


def _parse_part(part: str) -> tuple[str, Byline | str] | None:
    """Classify one part of a byline line as an author, a date, a name or a reading time."""
    by = _BY.match(part)
    if by and not _NOT_NAMES.match(by.group("name")):
        return "by", Byline(byline=by.group("name"))
    if _READING_TIME.match(part):
        return "anchor", Byline()
    label = _LABEL.match(part)
    rest = label.group("rest") if label else part
    is_update = label is not None and label.group("label").casefold().endswith(("updated", "modified"))
    author = None
    tail = _BY_TAIL.match(rest)
    if tail and parse_date(tail.group("date")):
        rest, author = tail.group("date"), tail.group("name")
    date = parse_date(rest)
    if date is not None:
        if is_update:
            return "date", Byline(updated=date, byline=author)
        return "date", Byline(published=date, byline=author)
    if label is None and (credited := _outlet_then_date(part)) is not None:
        return "date", credited
    if label is None and _NAME_RE.match(part):
        return "name", part
    return None


_MAX_OUTLET_WORDS = 4


def _outlet_then_date(part: str) -> Byline | None:
    """A known outlet's name, then a date, with no separator between: "Reuters Sep 18, 2013, 02.16PM IST" over a
    syndicated story. Only a name the outlet registry knows: a headline's words before a date stay a headline."""
    from rashomon.resources.outlets import default_registry

    words = part.split()
    for k in range(1, min(len(words), _MAX_OUTLET_WORDS + 1)):
        outlet = default_registry().get(" ".join(words[:k]))
        if outlet is not None and (date := parse_date(" ".join(words[k:]))) is not None:
            return Byline(outlet=outlet.name, published=date)
    return None


def _from_names(names: list[str], *, has_author: bool) -> Byline:
    """Read the name parts: roles and desks credit an author, the last other name is the outlet."""
    outlets = [name for name in names if not _ROLE.search(name)]
    author = None
    if not has_author and outlets and (len(outlets) > 1 or _OUTLET_SUFFIX.search(outlets[0])):
        author = outlets[0]
    outlet = _strip_suffixes(outlets[-1]) if outlets else None
    return Byline(outlet=outlet, byline=author)


def _strip_suffixes(name: str) -> str:
    while _OUTLET_SUFFIX.search(name):
        name = _OUTLET_SUFFIX.sub("", name)
    return name


def _dateline_outlet(lines: list[str]) -> str | None:
    """Return the outlet a dateline at the start of the first paragraph names, if any."""
    first = next((line for line in lines if line.strip()), "")
    match = _DATELINE.match(first.strip())
    return match.group("outlet").strip() if match else None
