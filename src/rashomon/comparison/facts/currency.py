"""Sums of money in two currencies, compared through approximate yearly exchange rates.

Outlets convert a sum for their readers ("€2 million ($2.6 million)", "£910,000"); a sum in euros and one in
dollars can then agree or disagree. Rates are approximate annual averages (US dollars per unit, rounded to two
digits; JPY per 100 yen), so two converted sums agree only within CONVERTED_AGREE and conflict only beyond
CONVERTED_CONFLICT; in between nothing is said. A year outside the table takes its nearest year.
"""

from __future__ import annotations

from rashomon.text.quantities import DOLLARS, Quantity, comparable

# Converted sums within this share of each other agree (rates move a few per cent within a year) ...
CONVERTED_AGREE = 0.12
# ... and further apart than this share they conflict: "nearly $3 million" against £1.5 million (about $2.3
# million in 2013, 22 % apart) does; €3 million against "$3.9 million" (1.33 dollars a euro) agrees.
CONVERTED_CONFLICT = 0.2
_FIRST_YEAR = 2000
# US dollars per unit, yearly averages 2000-2025 (per 100 units for JPY).
_RATES: dict[str, tuple[float, ...]] = {
    "EUR": (0.92, 0.90, 0.95, 1.13, 1.24, 1.24, 1.26, 1.37, 1.47, 1.39, 1.33, 1.39, 1.29,
            1.33, 1.33, 1.11, 1.11, 1.13, 1.18, 1.12, 1.14, 1.18, 1.05, 1.08, 1.08, 1.13),
    "GBP": (1.52, 1.44, 1.50, 1.63, 1.83, 1.82, 1.84, 2.00, 1.85, 1.57, 1.55, 1.60, 1.59,
            1.56, 1.65, 1.53, 1.36, 1.29, 1.34, 1.28, 1.28, 1.38, 1.24, 1.24, 1.28, 1.31),
    "CAD": (0.67, 0.65, 0.64, 0.71, 0.77, 0.83, 0.88, 0.93, 0.94, 0.88, 0.97, 1.01, 1.00,
            0.97, 0.91, 0.78, 0.76, 0.77, 0.77, 0.75, 0.75, 0.80, 0.77, 0.74, 0.73, 0.72),
    "AUD": (0.58, 0.52, 0.54, 0.65, 0.74, 0.76, 0.75, 0.84, 0.85, 0.79, 0.92, 1.03, 1.04,
            0.97, 0.90, 0.75, 0.74, 0.77, 0.75, 0.70, 0.69, 0.75, 0.69, 0.66, 0.66, 0.65),
    "JPY": (0.93, 0.82, 0.80, 0.86, 0.92, 0.91, 0.86, 0.85, 0.97, 1.07, 1.14, 1.25, 1.25,
            1.02, 0.94, 0.83, 0.92, 0.89, 0.91, 0.92, 0.94, 0.91, 0.76, 0.71, 0.66, 0.67),
    "CNY": (0.121, 0.121, 0.121, 0.121, 0.121, 0.122, 0.125, 0.131, 0.144, 0.146, 0.148, 0.155, 0.158,
            0.161, 0.163, 0.161, 0.151, 0.148, 0.151, 0.145, 0.145, 0.155, 0.149, 0.141, 0.139, 0.139),
}  # fmt: skip
_PER = {"JPY": 100.0}


def in_dollars(quantity: Quantity, year: int | None) -> float | None:
    """A sum of money in US dollars at the year's rate, or None when its currency or year is not known."""
    if quantity.kind != "money" or year is None:
        return None
    if quantity.unit == "USD" or (quantity.assumed and quantity.unit in DOLLARS):
        return quantity.value
    rates = _RATES.get(quantity.unit)
    if rates is None:
        return None
    rate = rates[min(max(year - _FIRST_YEAR, 0), len(rates) - 1)]
    return quantity.value * rate / _PER.get(quantity.unit, 1.0)


def converted(a: Quantity, b: Quantity) -> bool:
    """True for two sums of money in different currencies that can be compared through a rate."""
    if a.kind != "money" or b.kind != "money" or comparable(a, b):
        return False  # one currency, or a bare "$" against any dollar (read as that dollar)
    # A bare "$" is read as US dollars; a bare "¥" may be yen or yuan (twenty times apart): never converted.
    return all(q.unit == "USD" or (q.unit in DOLLARS if q.assumed else q.unit in _RATES) for q in (a, b))


def converted_agree(a: Quantity, year_a: int | None, b: Quantity, year_b: int | None) -> bool | None:
    """True when two converted sums agree, False when they conflict, None when the rate cannot tell."""
    first, second = in_dollars(a, year_a), in_dollars(b, year_b)
    if first is None or second is None or not first or not second:
        return None
    # The stated figures are compared as points: the rate's uncertainty is wider than "almost" or "about".
    gap = abs(first - second) / max(abs(first), abs(second))
    if gap <= CONVERTED_AGREE:
        return True
    return False if gap > CONVERTED_CONFLICT else None
