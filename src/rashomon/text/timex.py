"""Dates in news text, absolute and relative, each normalised to a day range against the article's date.

`find_dates` reads "January 14, 2026", "Jan. 17", "in 2018", "on Wednesday", "last October", "later this
year", "by 2035"; relative ones resolve against an anchor (the publication date) and say so.
Weekdays and year-less months follow news convention: the verb's tense picks past or coming, else the past.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from rashomon.text.numbers import parse_number
from rashomon.text.timex_cues import MONTHS, infer_published, month_of, tense
from rashomon.text.timex_rules import (
    month_range,
    month_year,
    nearest_year,
    relative_range,
    third,
    weekday_date,
)

Granularity = Literal["day", "week", "month", "season", "quarter", "year", "decade"]
DateQualifier = Literal["exact", "approx", "upper", "lower", "since"]

_MON = (
    r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d|s\b|,\d|%|\.\d|\s?(?:per|bn|billion|million|people))"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:|\s?%)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("md-range", rf"\b{_MON}\s+{_DAY}\s*(?:-|–|to|through|and)\s*(?P<day2>[0-3]?\d)\b(?:,?\s+{_YEAR})?"),
        ("dm-range", rf"\b(?P<day>[0-3]?\d)\s*(?:-|–|to)\s*(?P<day2>[0-3]?\d)\s+{_MON}(?:,?\s+{_YEAR})?"),
        ("mdy", rf"\b(?:{_WD},?\s+)?{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?"),
        ("dmy", rf"\b(?:{_WD},?\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?"),
        ("part", rf"(?i:\b(?P<part>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of)[\s-]+(?:the\s+)?)"
                 rf"(?:{_MON}(?:,?\s+{_YEAR})?|(?P<decade>(?:1[89]|20)\d0)s\b|{_YEAR.replace('year', 'year2')})"),
        ("my", rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}"),
        ("decade", r"\b(?:the\s+)?(?P<decade>(?:1[89]|20)\d0)s\b"),
        ("quarter", rf"(?i:\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+){_YEAR}"),
        # The number is a word or two ("twenty-five"): at most 40 characters, or each word start of a long run of
        # letters and hyphens scanned the whole run (quadratic: minutes for 30 KB without a space).
        ("ago", r"(?i:\b(?P<n>[\w-]{1,40})\s+(?P<unit>year|month|week|day|decade)s?\s+ago\b)"),
        ("rel-part", r"(?i:\b(?P<part>early|late|mid|the\s+(?:start|beginning|middle|end)\s+of)[\s-]+"
                     r"(?:the\s+)?(?P<mod>next|last|this)?\s*(?P<unit>year|month)\b)"),
        ("rel", r"(?i:\b(?P<mod>later\s+this|earlier\s+this|last|this|next|the\s+coming|coming)\s+"
                r"(?P<unit>year|month|weekend|week|spring|summer|fall|autumn|winter)\b)"),
        ("deictic", r"(?<!of )(?i:\b(?P<deictic>yesterday|today|tonight|tomorrow"
                    r"|this\s+(?:morning|afternoon|evening))\b)"),
        ("weekday", rf"(?:\b(?i:(?P<mod>last|this|next|coming|past)\s+))?{_WD}"
                    r"(?:\s+(?P<tod>morning|afternoon|evening|night))?(?P<local>\s+local\s+time)?"),
        ("month", rf"(?:\b(?i:(?P<mod>last|this|next|coming|past)\s+))?{_MON}(?!\s+\d)"),
        ("year-range", r"(?<![\d$£€.,/-])\b(?P<year>(?:1[89]|20)\d\d)\s?[-–]\s?(?P<year2>(?:1[89]|20)\d\d)\b(?![\d%])"),
        ("year", rf"(?<![\d$£€.,/-]){_YEAR}\b"),
    )
)  # fmt: skip
_QUAL = re.compile(
    r"(?i:\b(?P<q>by|before|until|till|through|since|after|from|between|around|circa|as\s+of)\s+(?:the\s+)?(?:end\s+of\s+)?)$"
)
_ATTRIBUTIVE = re.compile(
    r"\s+(?!(?:and|or|to|when|as|at|in|with|from|under|for|if|but|of|on|the|a|an|is|are|was|were|will)\b)[A-Za-z]"
)
_QUAL_KIND: dict[str, DateQualifier] = {
    "by": "upper", "before": "upper", "until": "upper", "till": "upper", "through": "upper", "after": "lower",
    "since": "since", "from": "since", "around": "approx", "circa": "approx", "as of": "exact",
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class DateValue:
    """A date expression with its span and the day range it names (None when relative and unanchored)."""

    start: int
    end: int
    text: str
    first: date | None
    last: date | None
    granularity: Granularity
    relative: bool
    anchor: date | None = None
    anchor_source: str | None = None
    qualifier: DateQualifier = "exact"
    cue: str | None = None
    rule: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the expression has a day range."""
        return self.first is not None and self.last is not None

    def attrs(self) -> dict[str, Any]:
        """Return the record as JSON-ready span attributes (dates as ISO strings)."""
        return {
            "text": self.text, "first": _iso(self.first), "last": _iso(self.last), "granularity": self.granularity,
            "relative": self.relative, "anchor": _iso(self.anchor), "anchor_source": self.anchor_source,
            "qualifier": self.qualifier, "cue": self.cue, "rule": self.rule,
        }  # fmt: skip


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def find_dates(
    text: str,
    *,
    published: date | datetime | None = None,
    anchor_source: str = "published",
    sentences: Sequence[tuple[int, int]] = (),
) -> tuple[DateValue, ...]:
    """Find every date expression in `text`, resolving relative ones against `published`."""
    anchor = published.date() if isinstance(published, datetime) else published
    taken: list[tuple[int, int]] = []  # sorted and not overlapping: a new match is checked against two
    found: list[DateValue] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            value = _resolve(name, m, text, anchor, sentences)
            if value is None:
                continue
            insort(taken, (m.start(), m.end()))
            found.append(value)
    found.sort(key=lambda v: v.start)
    found = _chain_ranges(found, text)
    return tuple(_with_source(v, anchor_source) for v in found)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span of `taken` (sorted, disjoint): only its neighbours can.

    Checking every taken span for every match was quadratic in the dates of a text.
    """
    index = bisect_left(taken, (start, start))
    before = index > 0 and taken[index - 1][1] > start
    return before or (index < len(taken) and taken[index][0] < end)


def _with_source(value: DateValue, source: str) -> DateValue:
    if not value.relative or value.anchor is None:
        return value
    return DateValue(**{**_fields(value), "anchor_source": source})


def _fields(value: DateValue) -> dict[str, Any]:
    return {name: getattr(value, name) for name in DateValue.__dataclass_fields__}


def _resolve(
    name: str, m: re.Match[str], text: str, anchor: date | None, sentences: Sequence[tuple[int, int]]
) -> DateValue | None:
    """Turn one match into a DateValue, or None when it is not a date here."""
    start, end = m.start(), m.end()
    groups = m.groupdict()
    qual = _QUAL.search(text, max(0, start - 24), start)
    if qual and name == "year" and qual.group("q").lower() == "by" and _ATTRIBUTIVE.match(text, end):
        qual = None  # "triggered by 2024 tariffs" names no deadline
    cue = qual.group("q").lower() if qual else None
    qualifier = _QUAL_KIND.get(re.sub(r"\s+", " ", cue), "exact") if cue else "exact"
    if name in ("md-range", "dm-range", "year-range"):
        qualifier = "exact"  # "from Jan. 19 to 21" is one range
    base: dict[str, Any] = {"start": qual.start() if qual else start, "end": end}
    base["text"] = text[base["start"] : end]
    base.update(qualifier=qualifier, cue=qual.group("q") if qual else None, anchor=None)
    year_text = groups.get("year") or groups.get("year2")
    year = int(year_text) if year_text else None
    mon = month_of(groups["mon"]) if groups.get("mon") else None
    direction = _direction(cue, text, start, end, sentences)
    if name == "iso":
        day = date(int(groups["year"]), int(groups["m"]), int(groups["day"]))
        return DateValue(**base, first=day, last=day, granularity="day", relative=False)
    if name in ("md-range", "dm-range", "mdy", "dmy"):
        return _day_date(base, groups, mon, year, anchor, direction)
    if name == "my" and mon and year:
        return DateValue(**base, **month_range(year, mon), granularity="month", relative=False)
    if name == "decade" or (name == "part" and groups.get("decade")):
        return _decade(base, groups)
    if name == "part":
        return _part(base, groups, mon, year, anchor, direction)
    if name == "quarter" and year:
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(groups["q"].lower(), 4)
        first, last = month_range(year, 3 * q - 2)["first"], month_range(year, 3 * q)["last"]
        return DateValue(**base, first=first, last=last, granularity="quarter", relative=False)
    if name == "year-range" and year:
        end_year = int(groups["year2"])
        if end_year <= year:
            return None  # "1990-1980" is no range
        return DateValue(**base, first=date(year, 1, 1), last=date(end_year, 12, 31), granularity="year",
                         relative=False, rule=RANGE)  # fmt: skip
    if name == "year" and year:
        return DateValue(**base, first=date(year, 1, 1), last=date(year, 12, 31), granularity="year", relative=False)
    return _relative(name, groups, base, anchor, direction, mon, text)


def _direction(cue: str | None, text: str, start: int, end: int, sentences: Sequence[tuple[int, int]]) -> int:
    """Return +1 (coming), -1 (past) or 0 (unknown) for an expression, from its qualifier or its clause's tense."""
    if cue in ("by", "until", "till", "through"):
        return 1
    if cue == "since":
        return -1
    return tense(text, start, end, sentences)


def _day_date(
    base: dict[str, Any],
    groups: dict[str, Any],
    mon: int | None,
    year: int | None,
    anchor: date | None,
    direction: int,
) -> DateValue | None:
    """Resolve "January 14, 2026", "14 Jan", "Jan. 19 to 21": a year-less one takes the nearest year."""
    if mon is None:
        return None
    day, day2 = int(groups["day"]), int(groups.get("day2") or groups["day"])
    last_day = calendar.monthrange(year or 2024, mon)[1]
    if not 1 <= day <= last_day or not day <= day2 <= last_day:
        return None
    relative = year is None
    if relative:
        if anchor is None:
            return DateValue(**base, first=None, last=None, granularity="day", relative=True, rule="year-less")
        year = nearest_year(anchor, mon, day, direction)
        base.update(anchor=anchor, rule="nearest-year")
    assert year is not None
    first = date(year, mon, day)
    return DateValue(**base, first=first, last=date(year, mon, day2), granularity="day", relative=relative)


def _decade(base: dict[str, Any], groups: dict[str, Any]) -> DateValue:
    """Resolve "the 1990s" and "the late 1990s"."""
    start_year = int(groups["decade"])
    part = (groups.get("part") or "").lower()
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part.split()[-1] if part else "", (0, 9))
    if part.endswith(("start of", "beginning of")):
        lo, hi = 0, 3
    elif part.endswith("end of"):
        lo, hi = 7, 9
    first, last = date(start_year + lo, 1, 1), date(start_year + hi, 12, 31)
    return DateValue(**base, first=first, last=last, granularity="decade", relative=False)


def _part(
    base: dict[str, Any], groups: dict[str, Any], mon: int | None, year: int | None, anchor: date | None, direction: int
) -> DateValue | None:
    """Resolve "late 2018", "mid-October", "the end of 2024": thirds of a year (by month) or a month (by day)."""
    part = re.sub(r"\s+", " ", groups["part"].lower())
    if mon is None and year is not None:
        first, last = third(date(year, 1, 1), date(year, 12, 31), part, "year")
        return DateValue(**base, first=first, last=last, granularity="month", relative=False)
    if mon is None:
        return None
    relative = year is None
    if relative:
        if anchor is None:
            return DateValue(**base, first=None, last=None, granularity="day", relative=True, rule="year-less")
        year = month_year(anchor, mon, direction, None)
        base.update(anchor=anchor, rule="nearest-year")
    assert year is not None
    days = month_range(year, mon)
    first, last = third(days["first"], days["last"], part, "month")
    return DateValue(**base, first=first, last=last, granularity="day", relative=relative)


def _chain_ranges(found: list[DateValue], text: str) -> list[DateValue]:
    """Join "from Wednesday to Saturday", "from 2009 until 2013" and "between 2018 and 2021" into one range.

    A joined range records rule RANGE: both ends were stated, so another range agrees with it only end by end.
    A year-less start takes the end's year ("from March to May 2012" is March 2012, not the anchor's March).
    """
    out: list[DateValue] = []
    for cur in found:
        prev = out[-1] if out else None
        link = text[prev.end : cur.start] if prev else ""
        joined = (
            re.fullmatch(r"\s*(?:to|through|until|till|-|–)\s*", link)
            or (prev is not None and (prev.cue or "").lower() == "between" and re.fullmatch(r"\s+and\s+", link))
            or (prev is not None and (prev.cue or "").lower() == "from" and (cur.cue or "").lower() in _RANGE_ENDS
                and re.fullmatch(r"\s*", link))
        )  # fmt: skip
        if prev is None or not joined or not (prev.resolved and cur.resolved) or prev.granularity != cur.granularity:
            out.append(cur)
            continue
        assert prev.first is not None and cur.first is not None and cur.last is not None
        first, last = prev.first, cur.last
        if prev.relative and not cur.relative and prev.granularity in ("day", "month"):
            first = _in_year(
                first, cur.first.year if _in_year(first, cur.first.year) <= cur.first else cur.first.year - 1
            )
        if (cur.rule or "").startswith("weekday") and last < first:
            last += timedelta(days=7)  # the end of a range runs forward from its start, not from the anchor
        out[-1] = DateValue(**{**_fields(prev), "end": cur.end, "text": text[prev.start : cur.end], "first": first,
                               "last": last, "qualifier": "exact", "relative": prev.relative and cur.relative,
                               "rule": RANGE})  # fmt: skip
    return out


RANGE = "range"  # the rule of a range whose two ends are both stated ("from 1967 to 1979", "2009-2013")
_RANGE_ENDS = frozenset({"until", "till", "through"})


def _in_year(day: date, year: int) -> date:
    """The same month and day in another year (Feb 29 becomes Feb 28)."""
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


_GRANULARITY: dict[str, Granularity] = {
    "year": "year", "month": "month", "week": "week", "weekend": "week", "day": "day", "decade": "decade",
    "spring": "season", "summer": "season", "fall": "season", "autumn": "season", "winter": "season",
}  # fmt: skip


def _relative(
    name: str,
    groups: dict[str, Any],
    base: dict[str, Any],
    anchor: date | None,
    direction: int,
    mon: int | None,
    text: str,
) -> DateValue | None:
    """Resolve weekdays, bare months, "yesterday", "last year", "two years ago" against the anchor."""
    mod = re.sub(r"\s+", " ", (groups.get("mod") or "").lower()) or None
    unit = (groups.get("unit") or "").lower()
    if (
        name == "month"
        and mon == 5
        and not re.search(
            r"\b(?:in|since|by|until|of|from|to|during|early|late)\s+$",
            text[max(0, base["end"] - 30) : base["end"] - 3],
        )
    ):
        return None  # "May" the modal or the surname
    if name == "ago":
        parsed = parse_number(groups["n"]) if re.fullmatch(r"an?|\d+|[a-z-]+", groups["n"].lower()) else None
        if parsed is None:
            return None
    granularity = _GRANULARITY.get(unit, "month" if name == "month" else "day")
    if name == "rel-part":
        granularity = "month" if unit == "year" else "day"
    if name == "ago":
        granularity = "day" if unit in ("day", "week") else _GRANULARITY[unit]
    if anchor is None:
        return DateValue(**base, first=None, last=None, granularity=granularity, relative=True, rule="unanchored")
    base["anchor"] = anchor
    first, last, rule = relative_range(name, groups, anchor, direction, mon, mod, unit)
    if first is None or last is None:
        return None
    return DateValue(**base, first=first, last=last, granularity=granularity, relative=True, rule=rule)


def dates_agree(a: DateValue, b: DateValue) -> bool:
    """Return True when two resolved dates can name the same time: their (bound-extended) ranges overlap.

    Two ranges whose ends are both stated ("from 1967 to 1979" / "from 1966 to 1978") agree only when they
    start in the same unit and end in the same unit: they overlap, but they give two different terms.
    """
    if not (a.resolved and b.resolved):
        return False
    if a.rule == RANGE and b.rule == RANGE:
        return _ends_agree(a, b)
    (a0, a1), (b0, b1) = _effective(a, b.qualifier), _effective(b, a.qualifier)
    return a0 <= b1 and b0 <= a1


def _ends_agree(a: DateValue, b: DateValue) -> bool:
    """Both ranges start in one same unit (day, month or year, the coarser) and end in one same unit."""
    assert a.first and a.last and b.first and b.last
    grain = max(_GRAIN_RANK.get(a.granularity, 2), _GRAIN_RANK.get(b.granularity, 2))

    def unit(day: date) -> tuple[int, ...]:
        return (day.year, day.month, day.day)[: 3 - grain]

    return unit(a.first) == unit(b.first) and unit(a.last) == unit(b.last)


_GRAIN_RANK = {"day": 0, "week": 0, "month": 1, "season": 1, "quarter": 1, "year": 2, "decade": 2}


def _effective(v: DateValue, other: str) -> tuple[date, date]:
    """Return a date's range, widened for "around" and opened for "by"/"after" unless both share the bound."""
    assert v.first is not None and v.last is not None
    first, last = v.first, v.last
    if v.qualifier == "approx":
        width = last - first + timedelta(days=1)
        first, last = first - width, last + width
    if v.qualifier != other:
        if v.qualifier == "upper":
            first = date.min
        elif v.qualifier == "lower":
            last = date.max
    return first, last


__all__ = ["MONTHS", "RANGE", "DateValue", "dates_agree", "find_dates", "infer_published", "weekday_date"]
