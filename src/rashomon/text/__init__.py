"""Pure text helpers any stage may use: numbers, quantities, dates, quote marks, reporting cues, terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.text.numbers import parse_number
    from rashomon.text.quantities import Quantity, find_quantities
    from rashomon.text.quotemarks import quoted_spans
    from rashomon.text.terms import STOP_WORDS, stem, terms
    from rashomon.text.timex import DateValue, find_dates

_EXPORTS = {
    "DateValue": "rashomon.text.timex",
    "Quantity": "rashomon.text.quantities",
    "STOP_WORDS": "rashomon.text.terms",
    "find_dates": "rashomon.text.timex",
    "find_quantities": "rashomon.text.quantities",
    "parse_number": "rashomon.text.numbers",
    "quoted_spans": "rashomon.text.quotemarks",
    "stem": "rashomon.text.terms",
    "terms": "rashomon.text.terms",
}
__all__ = [
    "DateValue",
    "Quantity",
    "STOP_WORDS",
    "find_dates",
    "find_quantities",
    "parse_number",
    "quoted_spans",
    "stem",
    "terms",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
