"""Find the quoted stretches of a text: pair quotation marks within a paragraph, never across one.

Curly marks say which side they open; a straight mark is an opener when a space, a bracket or the
paragraph start is before it and a word after it. Two apostrophes are one straight double mark (archive and
typewriter copy: ''No,'' he said) and two backticks one opening mark (LaTeX and Penn Treebank style: ``No,''
he said); of a run of three apostrophes the double mark is the pair on the quote's side (a possessive or a
single mark stands beside it: ''the Joneses''' closes after the possessive), and a pair with letters on both
sides is no mark. A lone apostrophe is never a mark, so possessives, contractions and single-quoted phrases
stay words. Marks are read where the text has them (it is never rewritten), so every offset indexes the text.

A closing curly mark that opens a paragraph right before a word is read as an opener (a typesetting slip:
'”Fear. I am truly afraid …” ― Name'). A paragraph whose last quote never closes runs to the paragraph's
end (news style: the next paragraph reopens the quote, or closes it when a quote was split over lines); a
stray closing mark is ignored, so a quote is never glued across paragraphs by a lone mark. A curly quote
nested in a curly quote ('“the “f bomb.””') is part of the outer one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

OPENERS = "“«„"
CLOSERS = "”»‟"
_STRAIGHT = '"'
APOSTROPHES = "''"  # two apostrophes: one straight double quotation mark
BACKTICKS = "``"  # two backticks: one opening double quotation mark
DOUBLE_MARKS = (APOSTROPHES, BACKTICKS)  # the two-character marks
_MARK = re.compile(r"[“”«»„‟\"]|''+|``")  # ''+, not '{2,}: three times faster


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted stretch: `start`/`end` cover the words inside the marks; `closed` is False when it ran out.

    `open_at` and `close_at` are the first characters of the marks; `close_size` is the closing mark's
    length (2 for ''), so `close_end` is where the text after the quote begins.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    close_size: int = 1

    @property
    def closed(self) -> bool:
        """True when a closing mark ended the quote inside its paragraph."""
        return self.close_at is not None

    @property
    def close_end(self) -> int | None:
        """Offset just past the closing mark; None when the quote ran out."""
        return self.close_at + self.close_size if self.close_at is not None else None


class _Mark(NamedTuple):
    """One quotation mark of a paragraph: where it stands, its length, and which side it opens."""

    at: int
    size: int
    opener: bool
    straight: bool  # '"' or '': no side of its own, an opener only by what stands around it


def paragraph_bounds(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-blank line (cleaned text has one paragraph per line)."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.span()


def _straight_opens(text: str, at: int, size: int, start: int, end: int) -> bool:
    """A straight mark opens when a space, a bracket or the paragraph start is before it and a word after."""
    before = text[at - 1] if at > start else " "
    after = text[at + size] if at + size < end else " "
    if before.isspace() or before in "([{—–-/" or at == start:
        return not after.isspace()
    return False


def _after_stop(text: str, at: int, start: int) -> bool:
    """Whether the mark at `at` follows a comma or a stop and one space: 'win, "' or 'win. "'."""
    return at - 2 >= start and text[at - 1] == " " and text[at - 2] in ",.!?"


def _closes_spaced(text: str, at: int, start: int, end: int) -> bool:
    """A straight mark after a comma or a stop and a space that closes a quote left open: a lower-case word after
    it ('day, "said Carla Greer') or no mark after it in the paragraph ('mode, "Henry explains.'); one before a
    capital that another mark closes opens ('He said, "We will win."')."""
    after = text[at + 1 : at + 2]
    return _after_stop(text, at, start) and (after.islower() or _MARK.search(text, at + 1, end) is None)


def _alnum(text: str, at: int, start: int, end: int) -> bool:
    return start <= at < end and text[at].isalnum()


def _misused_opener(text: str, at: int, start: int, end: int) -> bool:
    """A closing mark that opens its paragraph right before a word opens a quote: '”Fear. I am truly afraid
    …” ― Edwin Monroy' (a typesetting slip); nothing can close before the paragraph has a word."""
    return not text[start:at].strip() and at + 1 < end and text[at + 1].isalnum()


def _marks(text: str, start: int, end: int) -> Iterator[_Mark]:
    """The quotation marks of text[start:end] in order, each read as an opener or a closer."""
    for match in _MARK.finditer(text, start, end):
        at, mark = match.start(), match.group()
        if mark in OPENERS or mark == BACKTICKS:
            yield _Mark(at, len(mark), opener=True, straight=False)
        elif mark in CLOSERS:
            yield _Mark(at, 1, opener=_misused_opener(text, at, start, end), straight=False)
        elif mark == _STRAIGHT:
            yield _Mark(at, 1, opener=_straight_opens(text, at, 1, start, end), straight=True)
        elif _straight_opens(text, at, 2, start, end):  # a run of apostrophes opening: its first two
            yield _Mark(at, 2, opener=True, straight=True)
        elif not (_alnum(text, at - 1, start, end) and _alnum(text, match.end(), start, end)):
            yield _Mark(match.end() - 2, 2, opener=False, straight=True)  # closing: its last two


def quoted_in(text: str, start: int, end: int, *, inside: bool = False, left_open: bool = False) -> list[Quoted]:
    """Return the quoted stretches inside text[start:end] (one paragraph), outermost double marks only.

    `inside` supposes the paragraph before left a quote open: a closing mark before any opening one then ends
    a stretch that began at the paragraph's start (a quote split over lines: '“We heard shots. / We hid,”
    she said'). Its `open_at` is the paragraph's first character, where no mark stands. `left_open` says the
    paragraph before is known to have left a quote open (`inside` may only suppose it): then a straight mark
    after a comma or a stop closes it too.
    """
    inside = inside or left_open
    found: list[Quoted] = []
    opened: _Mark | None = None
    marks = list(_marks(text, start, end))
    nested = 0  # inner pairs of curly marks open inside the open quote
    for k, mark in enumerate(marks):
        if inside:
            inside = False
            # The quote the paragraph before left open closes here, at a straight mark after a comma or a stop
            # too: text detokenised from one-token-per-word corpora puts a space before a closing mark ('… in
            # jail, "said Christina Greer'), and nothing on this line opened a quote before it.
            if not mark.opener or (left_open and mark.straight and _closes_spaced(text, mark.at, start, end)):
                found.append(_continued(text, start, mark))
                continue
        if opened is None:
            if mark.opener:
                opened = mark
            continue
        if mark.opener and not mark.straight:
            if not opened.straight and _nests(marks, k):  # “He used the “f bomb.”” -- one quote inside another
                nested += 1
            else:  # a second opener before a close: the first one was stray
                opened = mark
            continue
        if nested and not mark.straight:
            nested -= 1
            continue
        if mark.opener and mark.straight and not opened.straight:
            continue
        found.append(_stretch(text, opened, mark))
        opened = None
    if opened is not None:
        inner = _stretch(text, opened, None, end)
        if inner.end > inner.start:
            found.append(inner)
    return [q for q in found if q.end > q.start]


def _nests(marks: list[_Mark], k: int) -> bool:
    """Whether the curly opener `marks[k]`, inside an open curly quote, opens a quote nested in it: two curly
    closers follow it before any other curly opener (its own and the outer quote's). With one, the outer
    opener was stray ('“Stray “Quote,” he said')."""
    closers = 0
    for mark in marks[k + 1 :]:
        if mark.straight:
            continue
        if mark.opener:
            return False
        closers += 1
        if closers == 2:
            return True
    return False


def _stretch(text: str, opened: _Mark, closed: _Mark | None, end: int | None = None) -> Quoted:
    begin = opened.at + opened.size
    finish = closed.at if closed is not None else end
    assert finish is not None
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    if closed is None:
        return Quoted(start=begin, end=finish, open_at=opened.at, close_at=None)
    return Quoted(start=begin, end=finish, open_at=opened.at, close_at=closed.at, close_size=closed.size)


def _continued(text: str, start: int, closed: _Mark) -> Quoted:
    """The stretch from a paragraph's start to the mark that closes the quote the paragraph before opened."""
    begin, finish = start, closed.at
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return Quoted(start=begin, end=finish, open_at=start, close_at=closed.at, close_size=closed.size)


def quoted_by_paragraph(text: str, bounds: list[tuple[int, int]]) -> list[list[Quoted]]:
    """Each paragraph's quoted stretches, a paragraph that ends inside a quote letting the next one close it."""
    out: list[list[Quoted]] = []
    open_before = False
    for start, end in bounds:
        stretches = quoted_in(text, start, end, left_open=open_before)
        out.append(stretches)
        open_before = bool(stretches) and not stretches[-1].closed
    return out


def quoted_spans(text: str) -> list[Quoted]:
    """Return every quoted stretch of the text, paragraph by paragraph, in order."""
    return [q for stretches in quoted_by_paragraph(text, list(paragraph_bounds(text))) for q in stretches]


def inside_quote(pos: int, quoted: Sequence[Quoted]) -> bool:
    """Whether `pos` lies between a quote's opening mark and the end of its words (`quoted` in order, as
    `quoted_spans` gives them: they never overlap, so the one that may hold `pos` is found by bisection)."""
    index = bisect_right(quoted, pos, key=lambda q: q.open_at) - 1
    return index >= 0 and pos < quoted[index].end


def strip_marks(text: str) -> str:
    """Drop quotation marks and ellipses from a quote's text and squeeze its spaces."""
    text = re.sub(r"[“”«»„‟\"‘’'`]|\.\.\.|…|\[|\]", " ", text)
    return " ".join(text.split())
