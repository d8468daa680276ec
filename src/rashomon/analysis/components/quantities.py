"""Quantities and dates: the `quantities` and `dates` layers, normalised values in each span's attrs.

Relative dates resolve against the article's publication date; when the article has none, against the
date its text states (`infer_published`), and each such date says its anchor was inferred.
"""

from __future__ import annotations

from collections.abc import Callable

from rashomon.model.records import Analysis, Span
from rashomon.text.quantities import find_quantities
from rashomon.text.timex import find_dates
from rashomon.text.timex_cues import infer_published


class Quantities:
    """Find money, percentages, counts, durations and dates in an article."""

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `quantities` and `dates` layers."""
        article = analysis.article
        text = article.text
        anchor, source = article.published, "published"
        if anchor is None:
            inferred = infer_published(text)
            anchor, source = (inferred[0], "inferred") if inferred else (None, None)
        bounds = [(s.start, s.end) for s in analysis.sentences]
        dates = find_dates(text, published=anchor, anchor_source=source or "published", sentences=bounds)
        taken = [(d.start, d.end) for d in dates]
        quantities = [q for q in find_quantities(text) if not any(q.start < e and s < q.end for s, e in taken)]
        date_spans = tuple(Span(start=d.start, end=d.end, label="date", attrs=d.attrs()) for d in dates)
        quantity_spans = tuple(Span(start=q.start, end=q.end, label=q.kind, attrs=q.attrs()) for q in quantities)
        result = analysis.with_layer("quantities", quantity_spans)
        return result.with_layer("dates", date_spans)


def register_components(register: Callable[..., None]) -> None:
    """Register the quantities component."""
    register("quantities", Quantities, requires=("sentences",), assigns=("quantities", "dates"), version=1)
