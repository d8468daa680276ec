"""Quantities and dates: the `quantities` and `dates` layers, as typed `QuantitySpan` / `DateSpan` records.

Relative dates resolve against the article's publication date; when the article has none, against the
date its text states (`infer_published`), and each such date says its anchor was inferred.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from rashomon.model.layers import DateSpan, QuantitySpan
from rashomon.model.records import Analysis
from rashomon.text.quantities import Quantity, find_quantities
from rashomon.text.timex import DateValue, find_dates
from rashomon.text.timex_cues import infer_published


def quantity_span(quantity: Quantity) -> QuantitySpan:
    """The layer record of a quantity (label = its kind; an unbounded side is None)."""
    low, high = (None if math.isinf(bound) else bound for bound in (quantity.low, quantity.high))
    return QuantitySpan(start=quantity.start, end=quantity.end, label=quantity.kind, value=quantity.value,
                        unit=quantity.unit, precision=quantity.precision, qualifier=quantity.qualifier, low=low,
                        high=high, cue=quantity.cue, noun=quantity.noun, assumed=quantity.assumed)  # fmt: skip


def date_span(value: DateValue) -> DateSpan:
    """The layer record of a date expression (days as ISO strings)."""
    iso = value.attrs()
    return DateSpan(start=value.start, end=value.end, first=iso["first"], last=iso["last"],
                    granularity=value.granularity, relative=value.relative, anchor=iso["anchor"],
                    anchor_source=value.anchor_source, qualifier=value.qualifier, cue=value.cue,
                    rule=value.rule)  # fmt: skip


class Quantities:
    """Find money, percentages, counts, durations and dates in an article."""

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `quantities` and `dates` layers."""
        article = analysis.article
        text = article.text
        anchor, source = article.published, "published"
        if anchor is None:
            inferred = infer_published(text)
            anchor, source = (inferred[0], "inferred") if inferred else (None, "published")
        bounds = [(s.start, s.end) for s in analysis.sentences]
        dates = find_dates(text, published=anchor, anchor_source=source, sentences=bounds)
        taken = [(d.start, d.end) for d in dates]
        quantities = [q for q in find_quantities(text) if not any(q.start < e and s < q.end for s, e in taken)]
        result = analysis.with_layer("quantities", tuple(quantity_span(q) for q in quantities))
        return result.with_layer("dates", tuple(date_span(d) for d in dates))


def register_components(register: Callable[..., None]) -> None:
    """Register the quantities component."""
    register("quantities", Quantities, requires=("sentences",), assigns=("quantities", "dates"), version=1)
