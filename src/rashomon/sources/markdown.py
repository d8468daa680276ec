"""Markdown to plain text in linear time: markers, emphasis and link targets dropped, words kept.

Each rule removes what one regular expression removed before, with the same leftmost, non-overlapping
matches (tests/test_fuzz.py checks both on generated text). Emphasis, links and images find their closing
delimiter by a lookup in a sorted list of the places one can close instead of by backtracking: as
patterns, a line of `_a ` x 100,000 took minutes (each opener scanned to the line's end), and a heading
`# a` + 20,000 spaces + `b` was cubic.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

__all__ = ["markdown_to_text"]

# Patterns that stay patterns: anchored at a line start, each tries a bounded number of splits.
MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*)$", re.MULTILINE)
MD_SETEXT = re.compile(r"^(=+|-+)[ \t]*$", re.MULTILINE)
MD_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
MD_CODE = re.compile(r"`([^`]+)`")  # each opener stops at the next backtick: linear
MD_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")

Attempt = Callable[[int], tuple[int, str] | None]


def markdown_to_text(text: str) -> str:
    """Return Markdown as plain text: markers, emphasis and link targets dropped, words kept."""
    text = MD_RULE.sub("", text)
    text = _images(text)
    text = _links(text)
    text = MD_HEADING.sub(_heading, text)
    text = MD_SETEXT.sub("", text)
    text = MD_QUOTE.sub("", text)
    text = _strong(text)
    text = _emphasis(text)
    text = MD_CODE.sub(r"\1", text)
    return _BLANK_RUN.sub("\n\n", text)


def _heading(match: re.Match[str]) -> str:
    # Was `(.*?)[ \t]*#*[ \t]*$`: the words without the closing hashes and the spaces around them.
    return match.group(1).rstrip(" \t").rstrip("#").rstrip(" \t")


def _substitute(text: str, starts: Iterable[int], attempt: Attempt) -> str:
    """Replace matches as `re.sub` does: leftmost first, none overlapping; `attempt(i)` gives (end, new)."""
    out: list[str] = []
    done = 0
    for start in starts:
        if start < done:
            continue
        found = attempt(start)
        if found is None:
            continue
        end, replacement = found
        out += (text[done:start], replacement)
        done = end
    out.append(text[done:])
    return "".join(out)


class _Positions:
    """Sorted offsets, with the first one at or after a given offset found by bisection."""

    def __init__(self, offsets: Iterable[int]) -> None:
        self.offsets = list(offsets)

    def first_from(self, start: int) -> int | None:
        """The first offset >= start, or None."""
        index = bisect_left(self.offsets, start)
        return self.offsets[index] if index < len(self.offsets) else None


def _all(text: str, char: str) -> _Positions:
    return _Positions(i for i, c in enumerate(text) if c == char)


def _images(text: str) -> str:
    r"""Drop `![alt](target)` (was `!\[([^\]]*)\]\([^)]*\)`)."""
    closes, parens = _all(text, "]"), _all(text, ")")

    def attempt(i: int) -> tuple[int, str] | None:
        close = closes.first_from(i + 2)
        if close is None or text[close + 1 : close + 2] != "(":
            return None
        paren = parens.first_from(close + 2)
        return None if paren is None else (paren + 1, "")

    return _substitute(text, (i for i, c in enumerate(text) if c == "!" and text[i + 1 : i + 2] == "["), attempt)


def _links(text: str) -> str:
    r"""Keep the words of `[words](target)` (was `\[([^\]]+)\]\([^)]*\)`)."""
    closes, parens = _all(text, "]"), _all(text, ")")

    def attempt(i: int) -> tuple[int, str] | None:
        close = closes.first_from(i + 1)
        if close is None or close == i + 1 or text[close + 1 : close + 2] != "(":
            return None
        paren = parens.first_from(close + 2)
        return None if paren is None else (paren + 1, text[i + 1 : close])

    return _substitute(text, (i for i, c in enumerate(text) if c == "["), attempt)


def _word(char: str) -> bool:
    """Whether `char` is what `\\w` matches."""
    return char.isalnum() or char == "_"


def _strong(text: str) -> str:
    r"""Keep the words of `**words**` and `__words__` (was `(\*\*|__)(?=\S)(.+?)(?<=\S)\1`)."""
    closers = {
        mark: _Positions(p for p in range(1, len(text) - 1) if text[p : p + 2] == mark and not text[p - 1].isspace())
        for mark in ("**", "__")
    }
    newlines = _all(text, "\n")

    def attempt(i: int) -> tuple[int, str] | None:
        mark, inner = text[i : i + 2], i + 2
        if inner >= len(text) or text[inner].isspace():
            return None
        close = closers[mark].first_from(inner + 1)
        newline = newlines.first_from(inner)
        if close is None or (newline is not None and newline < close):
            return None
        return close + 2, text[inner:close]

    starts = (i for i in range(len(text) - 1) if text[i : i + 2] in ("**", "__"))
    return _substitute(text, starts, attempt)


def _emphasis(text: str) -> str:
    r"""Keep the words of `*words*` and `_words_` (was `(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])`)."""

    def free(at: int) -> bool:  # no word character or asterisk at `at` (or outside the text)
        return not (0 <= at < len(text)) or not (_word(text[at]) or text[at] == "*")

    closers = {
        mark: _Positions(
            p for p in range(1, len(text)) if text[p] == mark and not text[p - 1].isspace() and free(p + 1)
        )
        for mark in "*_"
    }
    newlines = _all(text, "\n")

    def attempt(i: int) -> tuple[int, str] | None:
        inner = i + 1
        if not free(i - 1) or inner >= len(text) or text[inner].isspace():
            return None
        close = closers[text[i]].first_from(inner + 1)
        newline = newlines.first_from(inner)
        if close is None or (newline is not None and newline < close):
            return None
        return close + 1, text[inner:close]

    return _substitute(text, (i for i, c in enumerate(text) if c in "*_"), attempt)
