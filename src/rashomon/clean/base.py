"""What a cleaning step returns, and the line helpers the steps share."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rashomon.model.records import Removal

# Sentence-final punctuation, closing quotes and brackets: a paragraph that ends in one of these is
# finished prose; one that does not is a heading, a title or a fragment.
FINAL_CHARS = frozenset(".!?…\"'”’»)]")

# A word for counting: letters or digits, apostrophes inside ("it’s" counts once).
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stepped:
    """What one cleaning step returns: the new text, what it removed, and notes on what it did."""

    text: str
    removed: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = ()


Step = Callable[[str], Stepped]
LineRule = Callable[[str], bool]


def words(line: str) -> list[str]:
    """Return the words of a line."""
    return _WORD.findall(line)


def is_finished(line: str) -> bool:
    """Return whether a line ends like a sentence (final punctuation, closing quote or bracket)."""
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in FINAL_CHARS


def is_quoted(line: str) -> bool:
    """Return whether a line contains quotation marks (quoted speech is never furniture)."""
    return any(mark in line for mark in ('"', "“", "”", "«", "»", "''", "``"))


def drop_lines(text: str, classify: Callable[[str], str | None]) -> Stepped:
    """Remove each line `classify` gives a reason for (it sees stripped lines, in order), with that reason."""
    lines = text.split("\n")
    kept: list[str] = []
    removed: list[Removal] = []
    skip_blanks = False
    for line in lines:
        if skip_blanks and not line.strip():
            continue
        skip_blanks = False
        reason = classify(line.strip()) if line.strip() else None
        if reason is None:
            kept.append(line)
            continue
        removed.append(Removal(text=line.strip(), reason=reason))
        # Take the blank lines after a removed line with it when it stood in its own block, so
        # removing it leaves one paragraph break, not two.
        skip_blanks = not kept or not kept[-1].strip()
    return Stepped(text="\n".join(kept), removed=tuple(removed))


def first_reason(line: str, rules: Sequence[tuple[str, LineRule]]) -> str | None:
    """Return the reason of the first rule that matches `line`, or None."""
    for reason, rule in rules:
        if rule(line):
            return reason
    return None


def around(before: str, gap: str, after: str, *, width: int = 1) -> str:
    """Return `gap` with up to `width` words of context on each side, for a Removal's text."""
    head = " ".join(before.split()[-width:]) if before.strip() else ""
    tail = " ".join(after.split()[:width]) if after.strip() else ""
    return f"{head}{gap}{tail}"
