"""Find the quoted stretches of a text: pair quotation marks within a paragraph, never across one.

Curly marks say which side they open; a straight mark is an opener when a space, a bracket or the
paragraph start is before it and a word after it. A paragraph whose last quote never closes runs to the
paragraph's end (news style: the next paragraph reopens the quote, or closes it when a quote was split
over lines); a stray closing mark is ignored, so a quote is never glued across paragraphs by a lone mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPENERS = "“«„"
CLOSERS = "”»‟"
_STRAIGHT = '"'
_MARK = re.compile(r"[“”«»„‟\"]")


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted stretch: `start`/`end` cover the words inside the marks; `closed` is False when it ran out."""

    start: int
    end: int
    open_at: int
    close_at: int | None

    @property
    def closed(self) -> bool:
        """True when a closing mark ended the quote inside its paragraph."""
        return self.close_at is not None


def paragraph_bounds(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-blank line (cleaned text has one paragraph per line)."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.span()


def _is_opener(text: str, at: int, start: int, end: int) -> bool:
    mark = text[at]
    if mark in OPENERS:
        return True
    if mark in CLOSERS:
        return False
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    if before.isspace() or before in "([{—–-/" or at == start:
        return not after.isspace()
    return False


def quoted_in(text: str, start: int, end: int, *, inside: bool = False) -> list[Quoted]:
    """Return the quoted stretches inside text[start:end] (one paragraph), outermost double marks only.

    `inside` says the paragraph before left a quote open: a closing mark before any opening one then ends
    a stretch that began at the paragraph's start (a quote split over lines: '“We heard shots. / We hid,”
    she said'). Its `open_at` is the paragraph's first character, where no mark stands.
    """
    found: list[Quoted] = []
    opened: int | None = None
    for match in _MARK.finditer(text, start, end):
        at = match.start()
        if inside:
            inside = False
            if not _is_opener(text, at, start, end):
                found.append(_continued(text, start, at))
                continue
        if opened is None:
            if _is_opener(text, at, start, end):
                opened = at
            continue
        if text[at] in OPENERS:  # a second opener before a close: the first one was stray
            opened = at
            continue
        if text[at] == _STRAIGHT and _is_opener(text, at, start, end) and text[opened] != _STRAIGHT:
            continue
        found.append(_stretch(text, opened, at))
        opened = None
    if opened is not None:
        inner = _stretch(text, opened, None, end)
        if inner.end > inner.start:
            found.append(inner)
    return [q for q in found if q.end > q.start]


def _stretch(text: str, open_at: int, close_at: int | None, end: int | None = None) -> Quoted:
    begin = open_at + 1
    finish = close_at if close_at is not None else end
    assert finish is not None
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return Quoted(start=begin, end=finish, open_at=open_at, close_at=close_at)


def _continued(text: str, start: int, close_at: int) -> Quoted:
    """The stretch from a paragraph's start to the mark that closes the quote the paragraph before opened."""
    begin, finish = start, close_at
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return Quoted(start=begin, end=finish, open_at=start, close_at=close_at)


def quoted_by_paragraph(text: str, bounds: list[tuple[int, int]]) -> list[list[Quoted]]:
    """Each paragraph's quoted stretches, a paragraph that ends inside a quote letting the next one close it."""
    out: list[list[Quoted]] = []
    open_before = False
    for start, end in bounds:
        stretches = quoted_in(text, start, end, inside=open_before)
        out.append(stretches)
        open_before = bool(stretches) and not stretches[-1].closed
    return out


def quoted_spans(text: str) -> list[Quoted]:
    """Return every quoted stretch of the text, paragraph by paragraph, in order."""
    return [q for stretches in quoted_by_paragraph(text, list(paragraph_bounds(text))) for q in stretches]


def strip_marks(text: str) -> str:
    """Drop quotation marks and ellipses from a quote's text and squeeze its spaces."""
    text = re.sub(r"[“”«»„‟\"‘’']|\.\.\.|…|\[|\]", " ", text)
    return " ".join(text.split())
