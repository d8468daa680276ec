"""Cues that date expressions need: month and weekday names, a clause's tense, the date an article states.

`infer_published` finds a missing publication date in the text itself: a byline line ("Published:
14 January 2026"), a dateline ("OTTAWA, Jan. 14, 2026 —"), an embedded post's date line, a dated caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from rashomon.model.records import Span

MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_FUTURE = re.compile(
    r"\b(?:will|shall|won[’']t|(?:is|are|was|were)\s+(?:scheduled|expected|set|due|slated|poised|going|planning)"
    r"|scheduled|expected|slated|plans?\s+to|planned|upcoming|ahead\s+of|next|begins|starts|runs|opens|ends"
    r"|(?:is|are)\s+(?!being\b)[a-z]+ing|would(?:\s+be\s+[a-z]+)?|to\s+be\s+held|to\s+attend|to\s+meet|to\s+visit|to\s+travel)\b|[’']ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|wrote|met|took|made|came|went|left|held|began|saw|gave|spoke|flew|sent|won|"
    r"lost|ran|fell|rose|paid|struck|sought|brought|kept|led|has\s+been|have\s+been|ago|last|earlier|[a-z]{2,}ed)\b"
)
_NOT_PAST = frozenset(
    "need speed proceed exceed succeed indeed embed shed seed feed breed hundred red bed limited interested "
    "concerned based advanced detailed skilled united supposed alleged so-called".split()
)
_BOUNDARY = re.compile(r"[.!?;][\"”’')]*\s+|\n")


def month_of(name: str) -> int:
    """Return 1-12 for a month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[name.lower().rstrip(".")]


def weekday_of(name: str) -> int:
    """Return 0 (Monday) to 6 (Sunday) for a weekday name."""
    return WEEKDAYS.index(name.lower())


def clause(text: str, start: int, end: int, sentences: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """Return the bounds of the sentence around [start, end): from `sentences` if given, else by punctuation."""
    for s, e in sentences:
        if s <= start and end <= e:
            return s, e
    left = max((m.end() for m in _BOUNDARY.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    # Bounded like the left side: searched to the text's end, a text with no sentence boundary made every
    # date's clause the rest of the text (' Monday' x 2,000: over 5 s; x 20,000: hours).
    limit = min(len(text), end + 400)
    right = _BOUNDARY.search(text, end, limit)
    return left, right.start() if right else limit


def tense(text: str, start: int, end: int, sentences: Sequence[tuple[int, int]] = ()) -> int:
    """Return +1 when the nearest verb cue around [start, end) looks ahead, -1 when past, 0 when none."""
    lo, hi = clause(text, start, end, sentences)
    future = [(m.start(), m.end()) for m in _FUTURE.finditer(text, lo, hi)]
    cues = [(s, e, 1) for s, e in future]
    cues += [
        (m.start(), m.end(), -1)
        for m in _PAST.finditer(text, lo, hi)
        if m.group().lower() not in _NOT_PAST
        and not any(s < m.end() and m.start() < e for s, e in future)
        and not start <= m.start() < end
    ]
    if not cues:
        return 0
    # "would" is future only in the past's frame ("said on Monday it would"): it counts at double distance.
    weight = {True: 2, False: 1}
    nearest = min(
        cues,
        key=lambda c: (max(c[0] - end, start - c[1], 0) * weight[text[c[0] : c[0] + 5] == "would"], c[2]),
    )
    return nearest[2]


_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
       r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # fmt: skip
_DATE = rf"(?:(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>20\d\d)" \
        rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MON}),?\s+(?P<year2>20\d\d)|(?P<iso>20\d\d-\d\d-\d\d))"  # fmt: skip
_TIME = r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d\d)\s*(?P<ampm>[ap]\.?m\.?)?)?"
_EVIDENCE = (
    ("byline", re.compile(
        rf"^(?:(?:Published|Updated|Posted|Last updated|First published)(?:\s+on)?:?\s+|(?:By\s+[^|\n]{{2,60}}"
        rf"\s*[|·•—–-]\s*))(?:\w+day,?\s+)?{_DATE}{_TIME}", re.MULTILINE | re.IGNORECASE)),
    ("byline", re.compile(rf"^(?:\w+day,?\s+)?{_DATE}{_TIME}\s*(?:[|·•]|$)", re.MULTILINE)),
    ("dateline", re.compile(
        rf"^[A-Z][A-Z .'-]{{2,30}}(?:,\s*[A-Za-z .]+)?\s*[,—–-]+\s*{_DATE}\s*(?:\([^)]*\))?\s*[—–-]", re.MULTILINE)),
    ("embedded-post", re.compile(rf"^[—–-]\s*[^\n(]{{1,60}}\(@\w{{1,30}}\)\s+{_DATE}\s*$", re.MULTILINE)),
    ("caption", re.compile(rf"^[^\n]*?\b(?:on\s+)?{_DATE}[^\n]*?\b(?:Photo|Image|Picture)(?:\s*:|/)\s*[^\n]+$",
                           re.MULTILINE)),
)  # fmt: skip


def _when(m: re.Match[str]) -> datetime:
    """Return the aware UTC datetime a matched date (and optional time, read as UTC) states."""
    g = m.groupdict()
    if g.get("iso"):
        year, mon, day = (int(x) for x in g["iso"].split("-"))
    else:
        year = int(g.get("year") or g["year2"])
        mon = month_of(g.get("mon") or g["mon2"])
        day = int(g.get("day") or g["day2"])
    hour, minute = int(g.get("hour") or 0), int(g.get("minute") or 0)
    ampm = (g.get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return datetime(year, mon, day, hour, minute, tzinfo=UTC)


# A caption is a line; a longer one is prose. Over a whole line the caption pattern tries every date against
# every later position: 2,000 dates in one 22 KB line took a second, 20,000 minutes.
MAX_CAPTION_CHARS = 1000
_CAPTION_WORDS = ("Photo", "Image", "Picture")


def _captions(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The caption pattern's matches, tried only on lines short enough and naming a photo (none else can match)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start <= MAX_CAPTION_CHARS and any(word in text[start:end] for word in _CAPTION_WORDS):
            found = pattern.match(text, start, end)
            if found is not None:
                yield found
        start = end + 1


def infer_published(text: str) -> tuple[datetime, Span] | None:
    """Return the publication date the text states and the span stating it, or None when it states none.

    Evidence in order of trust: a byline or "Published" line, a dateline, the latest embedded post's date,
    a dated photo caption. The span's attrs say which (`evidence`), and that the date is `inferred`.
    """
    for kind, pattern in _EVIDENCE:
        found = []
        for m in _captions(pattern, text) if kind == "caption" else pattern.finditer(text):
            try:
                found.append((_when(m), m))
            except ValueError:
                continue
        if found:
            when, m = max(found, key=lambda f: f[0]) if kind == "embedded-post" else found[0]
            has_time = bool(m.groupdict().get("hour"))
            attrs = {"evidence": kind, "inferred": True, "granularity": "minute" if has_time else "day"}
            return when, Span(start=m.start(), end=m.end(), label="published", attrs=attrs)
    return None
