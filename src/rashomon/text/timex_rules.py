"""Calendar arithmetic for relative dates: the nearest year, a weekday's date, "last October", "later this year".

The rules are news conventions, documented in docs/quantities-and-dates.md; each returns plain dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any, TypedDict

from rashomon.text.numbers import parse_number
from rashomon.text.timex_cues import weekday_of

SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def nearest_year(anchor: date, mon: int, day: int, direction: int) -> int:
    """Return the year putting (mon, day) nearest the anchor; a clear tense breaks near-ties."""
    best = min(
        (anchor.year - 1, anchor.year, anchor.year + 1),
        key=lambda y: abs((date(y, mon, min(day, calendar.monthrange(y, mon)[1])) - anchor).days),
    )
    candidate = date(best, mon, min(day, calendar.monthrange(best, mon)[1]))
    gap = (candidate - anchor).days
    if direction < 0 and gap > 60:
        return best - 1
    if direction > 0 and gap < -60:
        return best + 1
    return best


class DayRange(TypedDict):
    """The first and last day of a period, as DateValue's fields of the same names."""

    first: date
    last: date


def month_range(year: int, mon: int) -> DayRange:
    """Return {"first": ..., "last": ...} of a month."""
    return {"first": date(year, mon, 1), "last": date(year, mon, calendar.monthrange(year, mon)[1])}


def weekday_date(anchor: date, weekday: int, direction: int, mod: str | None) -> tuple[date, str]:
    """Return the date of a weekday near `anchor` and the rule used (see docs/quantities-and-dates.md)."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if mod == "last":
        return anchor - timedelta(days=back or 7), "weekday-last"
    if mod in ("next", "coming"):
        return anchor + timedelta(days=ahead or 7), "weekday-next"
    if direction > 0:
        return anchor + timedelta(days=ahead), "weekday-future"
    return anchor - timedelta(days=back), "weekday-past"


def relative_range(
    name: str, groups: dict[str, Any], anchor: date, direction: int, mon: int | None, mod: str | None, unit: str
) -> tuple[date | None, date | None, str]:
    """Return (first, last, rule) for a relative expression."""
    if name == "deictic":
        word = groups["deictic"].lower().split()[0]
        day = anchor + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
        return day, day, word
    if name == "weekday":
        day, rule = weekday_date(anchor, weekday_of(groups["wd"]), direction, mod)
        return day, day, rule
    if name == "month" and mon:
        year = month_year(anchor, mon, direction, mod)
        days = month_range(year, mon)
        return days["first"], days["last"], f"month-{mod or _WAY[direction]}"
    if name == "ago":
        n = parse_number(groups["n"])
        count = int(n[0]) if n else 1
        if unit in ("year", "decade"):
            year = anchor.year - count * (10 if unit == "decade" else 1)
            return date(year, 1, 1), date(year, 12, 31), "ago"
        if unit == "month":
            y, m = divmod(anchor.year * 12 + anchor.month - 1 - count, 12)
            days = month_range(y, m + 1)
            return days["first"], days["last"], "ago"
        day = anchor - timedelta(days=count * (7 if unit == "week" else 1))
        return day, day, "ago"
    first, last = period(anchor, mod or "this", unit)
    if name == "rel-part":
        first, last = third(first, last, re.sub(r"\s+", " ", groups["part"].lower()), unit)
    return first, last, f"{mod or 'this'}-{unit}"


def third(first: date, last: date, part: str, unit: str) -> tuple[date, date]:
    """Return the early, middle or late third of a year (by months) or a month (by days)."""
    third = 0 if part in ("early", "the start of", "the beginning of") else 1 if part in ("mid", "the middle of") else 2
    if unit == "year":
        begin = date(first.year, 1 + 4 * third, 1)
        return begin, month_range(first.year, 4 + 4 * third)["last"]
    lo, hi = ((1, 10), (11, 20), (21, last.day))[third]
    return first.replace(day=lo), first.replace(day=hi)


_WAY = {-1: "past", 0: "nearest", 1: "coming"}


def month_year(anchor: date, mon: int, direction: int, mod: str | None) -> int:
    """Return the year of a bare month name: "last October" the latest before the anchor's month, and so on."""
    y, now = anchor.year, anchor.month
    if mod in ("last", "past"):
        return y if mon < now else y - 1
    if mod in ("next", "coming"):
        return y if mon > now else y + 1
    if mod == "this":
        return y
    if direction < 0:
        return y if mon <= now else y - 1
    if direction > 0:
        return y if mon >= now else y + 1
    return min((y - 1, y, y + 1), key=lambda c: (abs((c * 12 + mon) - (y * 12 + now)), c > y))


def period(anchor: date, mod: str, unit: str) -> tuple[date, date]:
    """Return the days of "last year", "later this month", "next week", "this spring" and the like."""
    step = {"last": -1, "next": 1, "coming": 1, "the coming": 1}.get(mod, 0)
    if unit == "year":
        first, last = date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)
    elif unit == "month":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        days = month_range(y, m + 1)
        first, last = days["first"], days["last"]
    elif unit in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        first, last = (monday + timedelta(days=5), monday + timedelta(days=6)) if unit == "weekend" else (
            monday, monday + timedelta(days=6))  # fmt: skip
    else:
        return season(anchor, step, SEASONS[unit])
    if mod == "later this":
        first = min(anchor + timedelta(days=1), last)
    elif mod == "earlier this":
        last = max(anchor - timedelta(days=1), first)
    return first, last


def season(anchor: date, step: int, start_month: int) -> tuple[date, date]:
    """Return a season's days (northern hemisphere; winter runs December to February)."""
    spans = []
    for y in range(anchor.year - 2, anchor.year + 2):
        first = date(y, start_month, 1)
        ey, em = divmod(y * 12 + start_month - 1 + 2, 12)
        spans.append((first, month_range(ey, em + 1)["last"]))
    if step < 0:
        return max(s for s in spans if s[1] < anchor)
    if step > 0:
        return min(s for s in spans if s[0] > anchor)
    current = [s for s in spans if s[0] <= anchor <= s[1]]
    return current[0] if current else min(s for s in spans if s[0] > anchor)
