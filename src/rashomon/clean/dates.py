"""Dates as bylines write them ("14 January 2026", "Jan. 14, 2026 10:32 AM EST", "2024-05-01")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day),?\s+"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# Offsets of the zone names bylines print; an unknown zone leaves the time out rather than guess.
_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "est": -5,
    "edt": -4,
    "et": -5,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "pt": -8,
    "hkt": 8,
}
_TIME = (
    r"(?:(?:,|\s+at|\s*[-–—])?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?(?:\s*(?P<zone>[a-z]{1,4}\b|[+-]\d{2}:?\d{2}))?)?"
)
# The date forms in English-language bylines; time and zone are optional in each.
_DATE_FORMS = tuple(
    re.compile(rf"^(?:{_WEEKDAY})?{form}{_TIME}$", re.IGNORECASE)
    for form in (
        rf"{_YEAR}-(?P<month_number>\d{{2}})-(?P<day>\d{{2}})(?:T|\s+)?",
        rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",
        rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    )
)
# Times may also come first: "10:32 AM EST, Wed January 14, 2026".
_LEADING_TIME = re.compile(
    r"^(?P<clock>\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{1,4}\b)?)\s*,?\s*(?:on\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)


def parse_date(value: str) -> datetime | None:
    """Return the aware UTC datetime a byline date states, or None when `value` is not only a date."""
    value = value.strip().rstrip(".").strip()
    leading = _LEADING_TIME.match(value)
    if leading:
        value = f"{leading.group('rest')} {leading.group('clock')}"
    for form in _DATE_FORMS:
        match = form.match(value)
        if match:
            return _build(match)
    return None


def _build(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month = _MONTHS[parts["month"].casefold()] if parts.get("month") else int(parts["month_number"])
    try:
        day = datetime(int(parts["year"]), month, int(parts["day"]), tzinfo=UTC)
    except ValueError:
        return None
    offset = _offset(parts.get("zone"))
    if parts.get("hour") is None or offset is None:
        return day
    hour = int(parts["hour"]) % 12 + (12 if (parts.get("ampm") or "").lower() == "p" else 0)
    if not parts.get("ampm"):
        hour = int(parts["hour"])
    if hour > 23 or int(parts["minute"]) > 59:
        return day
    local = day.replace(hour=hour, minute=int(parts["minute"]), tzinfo=timezone(offset))
    return local.astimezone(UTC)


def _offset(zone: str | None) -> timedelta | None:
    """Return a zone's UTC offset; no zone reads as UTC, an unknown one as None."""
    if not zone:
        return timedelta(0)
    zone = zone.casefold()
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        sign = -1 if zone[0] == "-" else 1
        return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    hours = _ZONES.get(zone)
    return None if hours is None else timedelta(hours=hours)
