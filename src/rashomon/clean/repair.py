"""Text repair: broken characters and odd spaces, words split across breaks, runs of blank lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import ftfy

from rashomon.clean.base import Stepped, around, words
from rashomon.model.records import Removal

BROKEN_CHARACTERS = "broken characters repaired"
WORD_REJOINED = "line break inside a word rejoined"
SENTENCE_REJOINED = "line break inside a sentence rejoined"
BLANK_RUN = "run of blank lines collapsed"
SYMBOL_RUN = "run of punctuation or symbols without a word removed"

# spaCy's tokenizer strips a run of quote marks or brackets one character per pass over the rest of the
# run: quadratic (4,000 '"' in a row: 1.5 s; 300,000: hours). No prose has 64 in a row.
MAX_SYMBOL_RUN = 64
_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN},}}")
# Any long run without a space is quadratic there too, letters or not ('a:b' x 21,000, 64 KB: 20 s; a
# 64 KB URL-like run: 3 s). No word, and hardly a URL, is longer than this.
MAX_WORD_CHARS = 1000
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")
LONG_WORD = "run of characters without a space removed"

# Keep the outlet's typography: curly quotes and full-width punctuation carry no damage, and later
# stages match quotes in either form. Everything else ftfy repairs (mojibake, entities, controls).
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
# A line of only these characters is one ftfy returns unchanged, so it is not handed to ftfy at all:
# no "&" (html entities), no control characters (terminal escapes, control-char removal, line breaks),
# no C1, surrogate, ligature or width characters, all NFC-stable; and none of the mojibake patterns
# of ftfy.badness can match (every one needs a character outside this set), so fix_encoding keeps it
# (read in ftfy 6.2-6.3; recheck on a major upgrade).
_FTFY_SAFE_LINE = re.compile(r"[\t\n\x20-\x25\x27-\x7e\u00a0\u2018\u2019\u201c\u201d\u2013-\u2015\u2026]*")

# Line separators other than "\n" (CR, CRLF, vertical tab, form feed, NEL, Unicode line/paragraph).
_LINE_BREAK = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Spaces that look like " " but defeat word splitting and matching (NBSP, thin, ideographic...).
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters a CMS leaves inside words; ZWJ/ZWNJ stay, emoji and some scripts need them.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_SPACE_RUN = re.compile(r" {2,}")

# A break that may sit inside a word or sentence: a paragraph ending in a lowercase word (optionally
# hyphenated), the blank lines after it, and a paragraph starting with a lowercase word.
_MID_BREAK = re.compile(r"(?<=[^\W\d_])(-?)(\n+)(?=[^\W\d_])")
_BREAK_RUN = re.compile(r"\n+")
_WORD_END = re.compile(r"\S*")
_NON_SPACE = re.compile(r"\S+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_FIRST_WORD = re.compile(r"^[^\W\d_]+")
_VOWEL = re.compile(r"[aeiouy]")
_STANDALONE_LETTERS = frozenset({"a", "i", "o"})


def repair_text(text: str) -> Stepped:
    """Repair broken characters with ftfy and normalise line breaks, spaces and line ends."""
    text = _LINE_BREAK.sub("\n", text)
    original = text.split("\n")
    fixed_text = _fix_text(text)
    fixed_text = _INVISIBLE.sub("", fixed_text)
    fixed_text = _ODD_SPACE.sub(" ", fixed_text)
    fixed = [line.strip() for line in _SPACE_RUN.sub(" ", fixed_text).split("\n")]  # runs never span lines
    removed: tuple[Removal, ...] = ()
    if len(fixed) == len(original):
        removed = tuple(r for old, new in zip(original, fixed, strict=True) for r in _repairs(old, new))
    return Stepped(text="\n".join(fixed), removed=removed)


def _fix_text(text: str) -> str:
    """Return `ftfy.fix_text(text, _FTFY)`, handing ftfy only the lines it could change."""
    if _FTFY_SAFE_LINE.fullmatch(text):
        return text
    # ftfy's own loop: one segment per line, and html entities left alone from the first "<" on.
    config = _FTFY
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + config.max_decode_length)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        out.append(segment if _FTFY_SAFE_LINE.fullmatch(segment) else ftfy.fix_and_explain(segment, config).text)
        pos = end
    return "".join(out)


def _repairs(old: str, new: str) -> list[Removal]:
    """Record each broken word of `old` that repair changed (whitespace-only changes are not news).

    Words are compared in order, which is linear: a character diff (difflib) of each line was cubic on a
    repetitive one ("cafÃ© " x 1,000, a 6 KB line, ran for minutes). Repair changes characters inside
    words, so the words pair up; where it changed how many there are, the stretch between the unchanged
    words at either end is recorded whole.
    """
    if old.strip() == new or " ".join(old.split()) == new:
        return []
    before = list(_NON_SPACE.finditer(old))
    after = new.split()
    if len(before) == len(after):
        return [Removal(text=m.group(), reason=BROKEN_CHARACTERS) for m, word in zip(before, after, strict=True)
                if m.group() != word]  # fmt: skip
    shorter = min(len(before), len(after))
    head = 0
    while head < shorter and before[head].group() == after[head]:
        head += 1
    tail = 0
    while tail < shorter - head and before[-1 - tail].group() == after[-1 - tail]:
        tail += 1
    changed = before[head : len(before) - tail]
    if not changed:
        return []
    return [Removal(text=old[changed[0].start() : changed[-1].end()], reason=BROKEN_CHARACTERS)]


def rejoin_broken_lines(text: str) -> Stepped:
    """Rejoin a paragraph that stops mid-word or mid-sentence with the lowercase one continuing it."""
    vocabulary: Counter[str] | None = None  # counted once a break needs it: most texts have no candidate
    removed: list[Removal] = []
    pieces: list[str] = []
    last = 0
    for match in _mid_breaks(text):
        start, end = match.span()
        # What a break's test reads of the text around it lies in the whitespace-free words touching it.
        word_end = _WORD_END.match(text, end)
        before, after = text[_word_start(text, start) : start], text[end : word_end.end() if word_end else end]
        tail = _LAST_WORD.search(before)
        head = _FIRST_WORD.match(after)
        if tail is None or head is None or not _continues(before, after):
            continue
        if vocabulary is None:
            vocabulary = Counter(word.casefold() for word in words(text))
        glue = _glue(tail.group(0), head.group(0), match.group(1), vocabulary)
        reason = SENTENCE_REJOINED if glue == " " else WORD_REJOINED
        removed.append(Removal(text=around(before, match.group(0), after), reason=reason))
        pieces += (text[last:start], glue)
        last = end
    if not pieces:
        return Stepped(text=text)
    return Stepped(text="".join(pieces) + text[last:], removed=tuple(removed))


def _mid_breaks(text: str) -> Iterator[re.Match[str]]:
    """Yield the matches `_MID_BREAK.finditer(text)` would, trying it only where a run of line breaks starts.

    A match holds one whole run of breaks, after a letter or a hyphen after a letter, so it starts at the
    run or at the hyphen just before it; the pattern's look-behind still sees the text before that start.
    """
    for run in _BREAK_RUN.finditer(text):
        start = run.start()
        match = _MID_BREAK.match(text, start - 1 if text[start - 1 : start] == "-" else start)
        if match is not None:
            yield match


def _word_start(text: str, end: int) -> int:
    """Return where the whitespace-free word that ends at `end` starts."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _continues(before: str, after: str) -> bool:
    """Return whether `after` reads as the lowercase continuation of the text `before` it."""
    head = after.split(maxsplit=1)[0] if after.strip() else ""
    # "iPhone", "eBay": a lowercase start with capitals inside is a name that opens a paragraph.
    return head[:1].islower() and not any(char.isupper() for char in head) and before[-1:].islower()


def _glue(tail: str, head: str, hyphen: str, vocabulary: Counter[str]) -> str:
    """Choose what replaces the break: nothing (one word), a hyphen (a compound) or a space."""
    joined = (tail + head).casefold()
    if hyphen:
        return "" if vocabulary[joined] else "-"
    if vocabulary[joined]:
        return ""
    if _is_fragment(tail) or _is_fragment(head):
        return ""
    # Two real words across a break: the common case of a paragraph split mid-sentence.
    return " "


def _is_fragment(part: str) -> bool:
    """Return whether a piece of a word cannot stand alone ("g", "ng", "tr")."""
    lowered = part.casefold()
    if len(lowered) == 1:
        return lowered not in _STANDALONE_LETTERS
    return _VOWEL.search(lowered) is None


def drop_symbol_runs(text: str) -> Stepped:
    """Remove runs of MAX_SYMBOL_RUN punctuation or symbol characters, and runs over MAX_WORD_CHARS without a space."""
    removed = [Removal(text=_shortened(m.group()), reason=SYMBOL_RUN) for m in _SYMBOL_RUN.finditer(text)]
    if removed:
        text = _SYMBOL_RUN.sub("", text)
    long = [Removal(text=_shortened(m.group()), reason=LONG_WORD) for m in _LONG_WORD.finditer(text)]
    if long:
        text = _LONG_WORD.sub("", text)
    return Stepped(text=text, removed=(*removed, *long))


def _shortened(run: str) -> str:
    """The run itself, or its start and its length when it is long (a report need not carry 300 KB of marks)."""
    return run if len(run) <= 2 * MAX_SYMBOL_RUN else f"{run[:MAX_SYMBOL_RUN]}… ({len(run):,} characters)"


def collapse_blank_lines(text: str) -> Stepped:
    """Leave exactly one "\\n" between paragraphs, recording blank runs longer than the usual gap."""
    blocks = re.split(r"(\n+)", text)
    usual = _usual_gap(blocks)
    removed: list[Removal] = []
    for index in range(1, len(blocks), 2):
        before, gap, after = blocks[index - 1], blocks[index], blocks[index + 1]
        # At the edges any blank line is debris; inside, only gaps longer than this text's habit.
        allowed = usual if before and after else 0
        if gap.count("\n") - 1 > allowed:
            removed.append(Removal(text=around(before, gap, after), reason=BLANK_RUN))
    paragraphs = [block for block in blocks[::2] if block]
    return Stepped(text="\n".join(paragraphs), removed=tuple(removed))


def _usual_gap(blocks: list[str]) -> int:
    """Return how many blank lines this text usually puts between paragraphs: none or one."""
    inner = [blocks[i].count("\n") - 1 for i in range(1, len(blocks), 2) if blocks[i - 1] and blocks[i + 1]]
    if not inner:
        return 0
    # One blank line is a paragraph style (Markdown); more than one is never a style, only debris.
    return min(Counter(inner).most_common(1)[0][0], 1)
