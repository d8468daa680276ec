"""Numbers written in digits or words, with the precision they are stated to; shared by quantities and dates."""

from __future__ import annotations

import re

from text_to_num import text2num

__all__ = ["MAX_DIGITS", "parse_number"]

# A figure with more digits than this is no amount a story states: a serial number, an ID, or garbage.
MAX_DIGITS = 64


def parse_number(surface: str) -> tuple[float, float] | None:
    """Return (value, precision) of a number in digits or words ("1.8", "100,000", "twenty-one", "a")."""
    s = surface.strip().lower()
    half = s.endswith("and a half")
    s = s.removesuffix("and a half").strip()
    if s in ("a", "an"):
        return (1.5 if half else 1.0), 1.0
    if s.startswith("half"):
        return 0.5, 0.5
    if s[0].isdigit():
        digits = s.replace(",", "")
        if len(digits) > MAX_DIGITS:
            return None  # no stated amount; int() refuses over 4,300 digits (found by tests/test_fuzz.py)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        value = float(digits)
        if decimals:
            return value, 10.0**-decimals
        return value, _integer_precision(int(digits))
    try:
        value = float(text2num(re.sub(r"\s+", " ", s.replace("-", " ")), "en"))
    except ValueError:
        return None
    return value + (0.5 if half else 0.0), (0.5 if half else _integer_precision(int(value)))


def _integer_precision(n: int) -> float:
    """Round figures of 1,000 and up are read as rounded to their last non-zero digit; smaller ones as exact."""
    if n < 1000:
        return 1.0
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    return float(10**zeros)
