"""Quantities in news text (money, percentages, counts, durations) normalised to value, unit and precision.

`find_quantities` reads them; `agree` says whether two stated values (quantities or dates) fit one fact.
Number words are parsed by text2num; the candidate spans, scales, currencies and qualifiers are ours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from rashomon.text.numbers import parse_number

if TYPE_CHECKING:
    from rashomon.text.timex import DateValue

Kind = Literal["money", "percent", "count", "duration"]
Qualifier = Literal["exact", "approx", "lower", "upper"]

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand"
).split()
_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_NUM = re.compile(
    rf"(?<![\w.,/])(?:(?<=magnitude-)|(?<![A-Za-z]-))(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?P<words>\b(?:{_WORD})(?:(?:-|\s+and\s+|\s+)(?:{_WORD}))*\b(?:\s+and\s+a\s+half\b)?)"
    rf"|\b(?:a|an|half\s+an?)\b(?=[\s-]+(?:dozen|hundred|thousand|decades?|years?|months?|weeks?|days?|hours?|centur"
    rf"|percentage\s+point)))",
    re.IGNORECASE,
)
SCALES = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "crore": 1e7,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "t": 1e12,
    "dozen": 12, "hundred": 100,
}  # fmt: skip
_SCALE_WORD = re.compile(r"(?:\s+|-)(hundred|thousand|million|billion|trillion|crore|lakh|dozen)\b", re.IGNORECASE)
_SCALE_ABBR = re.compile(r"(bn|mn|mln|bln|tn|trn|k|m|b|t)\b", re.IGNORECASE)
_PREFIX = {
    "us$": "USD", "u.s.$": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD", "can$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "nz$": "NZD", "hk$": "HKD", "hkd": "HKD", "s$": "SGD", "r$": "BRL",
    "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR", "rmb": "CNY", "cny": "CNY", "₹": "INR", "rs": "INR",
    "rs.": "INR", "inr": "INR", "₩": "KRW", "chf": "CHF", "jpy": "JPY", "$": "USD", "¥": "JPY",
}  # fmt: skip
ASSUMED = frozenset({"$", "¥"})  # a bare "$" may be any dollar, a bare "¥" yen or yuan
DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD"})
_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:US|U\.S\.|CA|Can|C|AU|A|NZ|HK|S|R)?\$|£|€|¥|₹|₩|\b(?:USD|CAD|AUD|GBP|EUR|CNY|RMB|JPY|INR"
    r"|CHF|HKD)\s?|\bRs\.?\s?)$"
)
_SUFFIX_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "rupee": "INR",
    "won": "KRW", "franc": "CHF", "rouble": "RUB", "ruble": "RUB", "peso": "MXN",
}  # fmt: skip
_ADJ_DOLLARS = {"us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
                "hong kong": "HKD", "singapore": "SGD", "new zealand": "NZD"}  # fmt: skip
_SUFFIX_RE = re.compile(
    r"\s+(?:(?P<adj>U\.S\.|US|American|Canadian|Australian|Hong Kong|Singapore|New Zealand)\s+)?"
    r"(?P<word>dollars?|euros?|pounds?(?:\s+sterling)?|yuan|renminbi|yen|rupees?|won|francs?|roubles?|rubles?|pesos?)\b"
    r"|\s+(?P<code>USD|CAD|AUD|GBP|EUR|CNY|RMB|JPY|INR|CHF|HKD)\b"
)
_PERCENT = re.compile(r"\s?%|\s*(?:per\s?cent|percent|pct)\b|\s+(?P<points>percentage\s+points?)\b", re.IGNORECASE)
DAYS_PER = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375,
            "year": 365.25, "decade": 3652.5, "century": 36525.0}  # fmt: skip
_DURATION = re.compile(
    r"(?:\s+|-)(?P<unit>years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|century|centuries)\b"
    r"(?P<old>-old)?",
    re.IGNORECASE,
)
_QUALIFIERS: dict[str, Qualifier] = {
    "an estimated": "approx", "estimated": "approx", "about": "approx", "around": "approx", "roughly": "approx",
    "approximately": "approx", "some": "approx", "close to": "approx", "almost": "upper", "nearly": "upper",
    "just under": "upper", "just shy of": "upper", "more than": "lower", "over": "lower", "at least": "lower",
    "upwards of": "lower", "in excess of": "lower", "above": "lower", "exceeding": "lower", "just over": "lower",
    "less than": "upper", "fewer than": "upper", "under": "upper", "up to": "upper", "no more than": "upper",
    "below": "upper", "at most": "upper", "as many as": "upper", "as much as": "upper",
}  # fmt: skip
_NEAR = frozenset({"almost", "nearly", "just under", "just shy of"})  # just below the figure, not far below
_QUAL_RE = re.compile(
    r"\b(?P<q>" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r")\s+$", re.IGNORECASE
)
_AFTER_QUAL = re.compile(r"\+|\s+or\s+(?P<w>more|so|less|fewer)\b|-plus\b", re.IGNORECASE)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december"
)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_LABEL_BEFORE = re.compile(
    r"\b(?:Section|Article|Chapter|Bill|Highway|Route|Flight|Room|Gate|Terminal|Phase|Level|No\.|Resolution|Rule|"
    r"Stage|Group|Class|Division|Region|Zone|Model|Version|Windows|iPhone|COP|Form)\s+$"
)
_NOUN_STOP = frozenset(
    "of in on at to from for by with and or but than as the a an that which who whom whose this these those were was "
    "are is be been being have has had will would could should can may might must do does did said says say per it "
    "its their his her our your my they he she we you i also more most less least only just still each every than "
    "after before since until during between among about into over under across through against ago earlier later "
    "old".split()
)  # fmt: skip
# A unit written onto the number ("58km", "6.1-magnitude") or a magnitude named just before it.
_UNIT_SUFFIX = re.compile(r"-?(km|kilometres?|kilometers?|mi|miles?|magnitude)\b", re.IGNORECASE)
_UNIT_NOUN = {"km": "kilometer", "kilometre": "kilometer", "kilometres": "kilometer", "kilometer": "kilometer",
              "kilometers": "kilometer", "mi": "mile", "mile": "mile", "miles": "mile",
              "magnitude": "magnitude"}  # fmt: skip
# A place's population, however it is worded ("about 200,000 residents", "home to 120,000 people", "a population
# of 120,000"), is one measure: its counted noun ends in POPULATION, so the three compare with each other.
POPULATION = "resident"
_QUALIFIER_WORDS = (
    r"(?:(?:about|around|roughly|nearly|almost|some|over|more\s+than|less\s+than|fewer\s+than"
    r"|just\s+over|just\s+under|an\s+estimated|estimated|approximately)\s+)?"
)
_POPULATION_BEFORE = re.compile(
    rf"\b(?:population\s+(?:of|is|was|stands\s+at|at)|populated\s+by|inhabited\s+by)\s+{_QUALIFIER_WORDS}$",
    re.IGNORECASE,
)
_HOME_TO_BEFORE = re.compile(rf"\bhome\s+to\s+{_QUALIFIER_WORDS}$", re.IGNORECASE)
_RESIDENT_NOUNS = frozenset({"resident", "inhabitant"})
_PEOPLE_NOUNS = frozenset({"people", "person", "resident", "inhabitant", "soul"})
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of|-|\s)\s*$|\b(?:measuring|registering|measured)\s+$", re.IGNORECASE)
# Lengths convert; two converted or rounded distances agree within LENGTH_TOLERANCE of each other.
METRES = {"kilometer": 1000.0, "kilometre": 1000.0, "km": 1000.0, "mile": 1609.344, "meter": 1.0, "metre": 1.0,
          "foot": 0.3048, "feet": 0.3048, "yard": 0.9144}  # fmt: skip
LENGTH_TOLERANCE = 0.05
_IRREGULAR = {"people": "people", "children": "child", "men": "man", "women": "woman", "police": "police"}
_PLURALS = {one: many for many, one in _IRREGULAR.items()}  # "child" -> "children": what `plural` reads back
_WORD_RE = re.compile(r"\s+([A-Za-z][A-Za-z’'-]*)")
# Matched at an offset of the whole text, never on a slice of it: slicing from each number to the end (or
# from the start to each number) made 20,000 counts in one text quadratic (50 s for 300 KB).
_HYPHEN_AFTER = re.compile(r"-(?!\s)")
_AGO = re.compile(r"\s+ago\b")
_NO_COUNT = re.compile(r"\b(?:no|the|any|every|which)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A stated amount: money, percentage, count or duration, with its span and normalised value."""

    start: int
    end: int
    text: str
    kind: Kind
    value: float
    unit: str
    precision: float
    qualifier: Qualifier = "exact"
    cue: str | None = None
    noun: str | None = None
    assumed: bool = False

    @property
    def low(self) -> float:
        """Lowest value the statement allows (before rounding)."""
        return _bounds(self)[0]

    @property
    def high(self) -> float:
        """Highest value the statement allows (before rounding)."""
        return _bounds(self)[1]

    def attrs(self) -> dict[str, Any]:
        """Return the record as JSON-ready span attributes (infinite bounds as None)."""
        out = asdict(self)
        for key in ("start", "end"):
            out.pop(key)
        out["low"], out["high"] = (None if math.isinf(b) else b for b in _bounds(self))
        return out


def _bounds(q: Quantity) -> tuple[float, float]:
    """Return the interval a qualified value states: exact point, +-10% approx, or a half-line."""
    v = q.value
    if q.qualifier == "approx":
        return v - abs(v) * 0.1, v + abs(v) * 0.1
    if q.qualifier == "lower":
        return v, math.inf
    if q.qualifier == "upper":
        return (v * 0.75 if q.cue and q.cue.lower() in _NEAR else -math.inf), v
    return v, v


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Find every money amount, percentage, count and duration in `text`."""
    return tuple(q for m in _NUM.finditer(text) if (q := _read(text, m)) is not None)


def _read(text: str, m: re.Match[str]) -> Quantity | None:
    """Read one number match with its currency, scale, unit or noun and qualifier, or None to skip it."""
    start, end = m.span()
    surface = m.group()
    if m.group("digits") and _not_a_quantity(text, start, end):
        return None
    if m.group("words") and _HYPHEN_AFTER.match(text, end) and not _DURATION.match(text, end):
        return None  # "two-way", "one-sided", "one-on-one"
    parsed = parse_number(surface)
    if parsed is None:
        return None
    value, precision = parsed
    article = surface.lower() in ("a", "an") or surface.lower().startswith("half")
    cur = _PREFIX_RE.search(text, max(0, start - 6), start)
    scale = _SCALE_WORD.match(text, end) or (m.group("digits") and _SCALE_ABBR.match(text, end))
    if scale:
        key = scale.group(1).lower()
        if len(key) == 1 and not cur:
            scale = None  # "100m" without a currency is more likely metres than millions
        else:
            value, end = value * SCALES[key], scale.end()
            precision = 1.0 if key in ("dozen", "hundred") else precision * SCALES[key]
            if more := _SCALE_WORD.match(text, end):  # "4.5 lakh crore", "a thousand million"
                factor = SCALES[more.group(1).lower()]
                value, precision, end = value * factor, precision * factor, more.end()
    elif m.group("digits") and (measure := _UNIT_SUFFIX.match(text, end)):
        # "58km", "6.1-magnitude": a measure written onto the number
        noun: str | None = _UNIT_NOUN[measure.group(1).lower()]
        qualifier, cue, begin = _qualifier(text, start, measure.end(), "count")
        return Quantity(start=begin, end=measure.end(), text=text[begin : measure.end()], kind="count", value=value,
                        unit="count", precision=precision, qualifier=qualifier, cue=cue, noun=noun)  # fmt: skip
    elif m.group("digits") and re.match(r"[A-Za-z]", text[end : end + 1]):
        return None  # "5G", "1990s", "51st"
    if article and not scale and not _DURATION.match(text, end) and not _PERCENT.match(text, end):
        return None
    fields: dict[str, Any] = {}
    begin = start
    if cur:
        code = _PREFIX[cur.group().strip().lower()]
        fields.update(kind="money", unit=code, assumed=cur.group().strip() in ASSUMED)
        begin = cur.start()
    elif suffix := _SUFFIX_RE.match(text, end):
        fields.update(kind="money", **_suffix_currency(suffix))
        end = suffix.end()
    elif pct := _PERCENT.match(text, end):
        fields.update(kind="percent", unit="percentage point" if pct.group("points") else "percent")
        end = pct.end()
    elif dur := _DURATION.match(text, end):
        if _AGO.match(text, dur.end()):
            return None  # a relative date ("two years ago"), read by timex
        unit = dur.group("unit").lower().rstrip("s").replace("centurie", "century")
        if unit in ("decade", "century"):  # normalised to years; "a decade" is read as 10 years, +-1
            factor = 10.0 if unit == "decade" else 100.0
            value, precision, unit = value * factor, factor / 10, "year"
        fields.update(kind="duration", unit=unit)
        end = dur.end()
    else:
        if article and not scale:
            return None
        noun, end = _count_noun(text, end, value)
        if noun is None and _MAGNITUDE_BEFORE.search(text, max(0, start - 24), start):
            noun = "magnitude"  # "a magnitude of 5.9", "magnitude-5.9", "registering 6.1 on the Richter scale"
        noun = _population(text, start, noun)
        if m.group("words") and (noun is None or _nothing_counted_before(text, start)):
            return None  # "one of them", "no one": a word number with nothing counted
        fields.update(kind="count", unit="count", noun=noun)
    qualifier, cue, begin = _qualifier(text, begin, end, fields["kind"])
    return Quantity(
        start=begin, end=end, text=text[begin:end], value=value, precision=precision,
        qualifier=qualifier, cue=cue, **fields,
    )  # fmt: skip


def _nothing_counted_before(text: str, start: int) -> bool:
    """Return True when "no", "the", "any", "every" or "which" and then spaces come right before `start`."""
    word_end = start
    while word_end > 0 and text[word_end - 1].isspace():
        word_end -= 1
    # "\b" at the window's start still sees the character before it: the window cuts no word short.
    return word_end < start and _NO_COUNT.search(text, max(0, word_end - 5), word_end) is not None


def _not_a_quantity(text: str, start: int, end: int) -> bool:
    """Return True for digits that are a year, part of a date or time, or a label ("Section 232")."""
    digits = text[start:end]
    if re.fullmatch(r"(?:1[89]|20)\d\d", digits) and not _PREFIX_RE.search(text, max(0, start - 6), start):
        after = text[end : end + 12]
        if not (_PERCENT.match(after) or _SCALE_WORD.match(after) or re.match(r"\s+(?:people|tonnes)", after)):
            return True
    if _DATE_BEFORE.search(text, max(0, start - 12), start) or _DATE_AFTER.match(text, end):
        return True
    if re.match(r"[:.]\d|\s?[ap]\.?m\b", text[end : end + 4], re.IGNORECASE) or text[start - 1 : start] == ":":
        return True
    return bool(_LABEL_BEFORE.search(text, max(0, start - 14), start))


def _suffix_currency(m: re.Match[str]) -> dict[str, Any]:
    """Return the unit fields of a currency written after the number ("2 million Canadian dollars")."""
    if m.group("code"):
        code = m.group("code").upper()
        return {"unit": "CNY" if code == "RMB" else code, "assumed": False}
    word = m.group("word").lower().split()[0].rstrip("s")
    if word == "dollar":
        adj = (m.group("adj") or "").lower()
        return {"unit": _ADJ_DOLLARS.get(adj, "USD"), "assumed": not adj}
    return {"unit": _SUFFIX_WORDS[word], "assumed": False}


_AFTER_QUALIFIERS: dict[str, Qualifier] = {"more": "lower", "so": "approx"}  # "+" and other words: upper


def _qualifier(text: str, begin: int, end: int, kind: Kind) -> tuple[Qualifier, str | None, int]:
    """Return (qualifier, cue, new start) from words before the number or "+"/"or more" after it."""
    before = _QUAL_RE.search(text, max(0, begin - 20), begin)
    if before and not (kind == "duration" and before.group("q").lower() in ("over", "some")):
        cue = before.group("q")
        return _QUALIFIERS[cue.lower()], cue, before.start()
    after = _AFTER_QUAL.match(text, end)
    if after:
        word = (after.group("w") or "more").lower()
        return _AFTER_QUALIFIERS.get(word, "upper"), after.group().strip(), begin
    return "exact", None, begin


def _population(text: str, start: int, noun: str | None) -> str | None:
    """POPULATION for a count of the people who live somewhere, else the counted noun unchanged."""
    last = noun.split()[-1].lower() if noun else None
    if noun and last in _RESIDENT_NOUNS:
        return " ".join([*noun.split()[:-1], POPULATION])  # "Canadian inhabitants" -> "Canadian resident"
    window = max(0, start - 40)
    if noun is None and _POPULATION_BEFORE.search(text, window, start):
        return POPULATION
    if last in _PEOPLE_NOUNS and _HOME_TO_BEFORE.search(text, window, start):
        return POPULATION
    return noun


def _count_noun(text: str, end: int, value: float) -> tuple[str | None, int]:
    """Return the counted noun after a number, singular ("five cabinet members" -> "cabinet member")."""
    words: list[str] = []
    pos = end
    for _ in range(4):
        m = _WORD_RE.match(text, pos)
        if not m or m.group(1).lower() in _NOUN_STOP:
            break
        words.append(m.group(1))
        pos = m.end()
        if is_plural(m.group(1)):
            return " ".join([*words[:-1], singular(words[-1])]), pos
    if value == 1 and words:
        first = _WORD_RE.match(text, end)
        return words[0], first.end() if first else end
    return None, end


def is_plural(word: str) -> bool:
    """Return True for a word that looks like a plural noun."""
    w = word.lower()
    if w in _IRREGULAR:
        return True
    return len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "’s", "'s"))


def singular(word: str) -> str:
    """Return a plural noun's singular form by rule ("countries" -> "country", "MPs" -> "MP")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return word[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    return word[:-1] if w.endswith("s") else word


def plural(noun: str) -> str:
    """Return the plural `singular` reads back ("carry" -> "carries", "church" -> "churches", "child" -> "children")."""
    head, _, last = noun.rpartition(" ")
    w = last.lower()
    if w in _PLURALS:
        many = _PLURALS[w]
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        many = last[:-1] + "ies"
    elif w.endswith(("s", "x", "ch", "sh", "z")):
        many = last + "es"
    else:
        many = last + "s"
    return f"{head} {many}" if head else many


def comparable(a: Quantity | DateValue, b: Quantity | DateValue) -> bool:
    """Return True when two values measure the same thing: same kind and unit (any dollar for a bare "$")."""
    if isinstance(a, Quantity) != isinstance(b, Quantity):
        return False
    if not isinstance(a, Quantity) or not isinstance(b, Quantity):
        # Both are dates here (the check above): the isinstance tests only tell mypy so.
        return not isinstance(a, Quantity) and not isinstance(b, Quantity) and a.resolved and b.resolved
    if a.kind != b.kind:
        return False
    if a.kind == "duration":
        return True
    if a.kind == "count" and a.noun and b.noun:
        noun_a, noun_b = (singular(q.noun.split()[-1]).lower() for q in (a, b) if q.noun)
        return noun_a == noun_b or (noun_a in METRES and noun_b in METRES)
    if a.kind == "money" and a.unit != b.unit:
        return (a.assumed or b.assumed) and a.unit in DOLLARS and b.unit in DOLLARS
    return a.unit == b.unit


def agree(a: Quantity | DateValue, b: Quantity | DateValue) -> bool:
    """Return True when two comparable values fit one fact: within the coarser precision, or overlapping ranges."""
    if not comparable(a, b):
        return False
    if not isinstance(a, Quantity) or not isinstance(b, Quantity):
        from rashomon.text.timex import dates_agree

        return dates_agree(a, b)  # type: ignore[arg-type]
    fa, fb = _scale(a), _scale(b)
    (low_a, high_a), (low_b, high_b) = _reading(a), _reading(b)
    gap = max(low_a * fa - high_b * fb, low_b * fb - high_a * fa, 0.0)
    if a.kind == "count" and fa != 1.0:  # a length, often converted or rounded on either side
        return gap <= LENGTH_TOLERANCE * max(abs(a.value * fa), abs(b.value * fb))
    # Within half a step of the coarser figure: "43,350" rounds to "43,000", "55,000" does not round to
    # "50,000"; a figure of two or more significant digits may also be cut short ("$118bn" for 118.7).
    coarse, fine = (a, b) if a.precision * fa >= b.precision * fb else (b, a)
    step = coarse.precision * _scale(coarse)
    if gap == 0.0 or gap < (step if a.kind == "duration" else step / 2):  # "a year" is vaguer than "12 months"
        return True
    truncated = 0.0 <= fine.value * _scale(fine) - coarse.value * _scale(coarse) < step
    return truncated and step <= abs(coarse.value * _scale(coarse)) / 10


def _scale(q: Quantity) -> float:
    """The factor to a common unit: days for durations, metres for lengths, else 1."""
    if q.kind == "duration":
        return DAYS_PER[q.unit]
    noun = singular(q.noun.split()[-1]).lower() if q.kind == "count" and q.noun else ""
    return METRES.get(noun, 1.0)


def _reading(q: Quantity) -> tuple[float, float]:
    """The range a value is read as when compared: "more than X" reaches two round steps above X, not forever.

    News writes "more than 26,000" for a toll between 26,000 and the next round figures, so it disagrees
    with "more than 31,000" but agrees with "27,500"; "more than 100 mph" still agrees with "120 mph".
    """
    low, high = q.low, q.high
    if q.qualifier == "lower" and math.isinf(high):
        high = q.value + 2 * _round_step(q)
    return low, high


def _round_step(q: Quantity) -> float:
    """The step of a number's last significant digit (100 for "100", 1,000 for "26,000", its precision else)."""
    value = abs(q.value)
    if value >= 1 and value == int(value):
        step = 1.0
        while value % (step * 10) == 0:
            step *= 10
        return max(step, q.precision)
    return q.precision


def iter_kinds(quantities: tuple[Quantity, ...], kind: Kind) -> Iterator[Quantity]:
    """Yield the quantities of one kind."""
    return (q for q in quantities if q.kind == kind)
