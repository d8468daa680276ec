"""What a notebook shows of a `Comparison`: its report dict, a compact HTML matrix and pandas DataFrames.

`Comparison` calls these from its methods (`to_dict`, `_repr_html_`, `claims_frame`...). Outlets appear
under their reader-facing names (`model.labels.article_labels`), never as article ids. pandas is optional:
it is imported inside the frame builders, and its absence is a one-line ImportError.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from rashomon.model.labels import truncate

if TYPE_CHECKING:  # the records call into this module, so it names them for the type checker only
    import pandas as pd

    from rashomon.model.records import Comparison, ValueComparison

__all__ = [
    "HTML_ROWS",
    "claims_frame",
    "conflicts_frame",
    "omissions_frame",
    "plural",
    "quotes_frame",
    "report_dict",
    "summary_line",
    "to_html",
]

# The report contract is written by `rashomon.render.json`, which needs the comparison stage's voices tables,
# so it sits above the model. The model reaches it at run time by name (as pandas reaches its plotting
# backends), so importing the model never imports render; tests/test_architecture.py pins this as the only
# such call.
REPORT_MODULE = "rashomon.render.json"
# A notebook cell stays readable at about a screenful. Claims come consensus first, then by how many articles
# tell them, so the first rows are the most widely told (the reference story: 137 claims, 50 told by several).
HTML_ROWS = 30
CLAIM_CHARS = 90


def report_dict(comparison: Comparison) -> dict[str, Any]:
    """Return the `rashomon.report/1` dict of `comparison` exactly as the JSON report holds it."""
    serialize: Callable[[Comparison], dict[str, Any]] = importlib.import_module(REPORT_MODULE).report_dict
    # The renderer's dict is JSON-ready, not JSON-typed (framing's naming contrasts keep tuples), so it goes
    # through JSON once: the result equals `json.loads` of the rendered report, lists and all.
    loaded: dict[str, Any] = json.loads(json.dumps(serialize(comparison), ensure_ascii=False))
    return loaded


def plural(n: int, word: str) -> str:
    """Return "1 claim", "2 claims", "1,204 claims"."""
    return f"{n:,} {word if n == 1 else word + 's'}"


def _counts(comparison: Comparison) -> str:
    consensus = sum(claim.status == "consensus" for claim in comparison.claims)
    parts = [
        plural(len(comparison.articles), "article"),
        plural(comparison.story.outlets, "outlet"),
        f"{plural(len(comparison.claims), 'claim')} ({consensus} consensus)",
        plural(len(comparison.omissions), "omission"),
    ]
    if comparison.quotes is not None:
        parts.append(plural(len(comparison.quotes), "quote"))
    if comparison.conflicts is not None:
        parts.append(plural(len(comparison.conflicts), "conflict"))
    return ", ".join(parts)


def summary_line(comparison: Comparison) -> str:
    """Return the comparison's one-line description: title and counts (its `repr` without the brackets)."""
    title = truncate(comparison.story.title or "untitled story", 60)
    return f"{title!r}: {_counts(comparison)}"


def to_html(comparison: Comparison, *, rows: int = HTML_ROWS) -> str:
    """Return a compact HTML matrix: the first `rows` claims against the outlets, a ✓ where an outlet tells one."""
    labels = comparison.labels()
    head = "".join(f"<th>{escape(label)}</th>" for label in labels.values())
    body = []
    for claim in comparison.claims[:rows]:
        marks = "".join(f"<td>{'✓' if article in claim.articles else ''}</td>" for article in labels)
        text = escape(truncate(claim.text, CLAIM_CHARS))
        body.append(f"<tr><td>{escape(claim.status)}</td><td style='text-align:left'>{text}</td>{marks}</tr>")
    if len(comparison.claims) > rows:
        more = len(comparison.claims) - rows
        body.append(f"<tr><td colspan='{len(labels) + 2}'>… {more} more claims (claims_frame() has all)</td></tr>")
    caption = escape(f"{comparison.story.title or 'Untitled story'}: {_counts(comparison)}")
    return (
        f"<table class='rashomon-comparison'><caption>{caption}</caption>"
        f"<thead><tr><th>status</th><th>claim</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("pandas is not installed: pip install pandas") from None
    return pd.DataFrame(list(rows), columns=list(columns))


def claims_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per claim: id, status, text, how many articles tell it, then a True/False column per outlet."""
    labels = comparison.labels()
    columns = ["claim", "status", "text", "articles", "sources", "confidence", *labels.values()]
    rows = [
        {
            "claim": claim.id,
            "status": claim.status,
            "text": claim.text,
            "articles": len(claim.articles),
            "sources": claim.sources,
            "confidence": claim.confidence,
            **{label: article in claim.articles for article, label in labels.items()},
        }
        for claim in comparison.claims
    ]
    return _frame(rows, columns)


def quotes_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per quote: the outlet, who is quoted, their role, the words and the outlets quoting them too."""
    columns = ["quote", "outlet", "speaker", "speaker_name", "role", "kind", "text", "also_in", "confidence"]
    texts = {article.id: article.text for article in comparison.articles}
    rows = [
        {
            "quote": quote.id,
            "outlet": comparison.label(quote.article),
            "speaker": quote.speaker,
            "speaker_name": quote.speaker_name,
            "role": quote.role,
            "kind": quote.kind,
            "text": texts[quote.article][quote.start : quote.end],
            "also_in": tuple(comparison.label(article) for article in quote.also_in),
            "confidence": quote.confidence,
        }
        for quote in comparison.quotes or ()
    ]
    return _frame(rows, columns)


def omissions_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per omission: the outlet that leaves the claim out, the claim, who tells it, the closest sentence."""
    columns = ["outlet", "claim", "status", "text", "told_by", "confidence", "closest", "similarity"]
    claims = {claim.id: claim for claim in comparison.claims}
    texts = {article.id: article.text for article in comparison.articles}
    rows = []
    for omission in comparison.omissions:
        claim = claims[omission.claim]
        closest = omission.closest
        rows.append(
            {
                "outlet": comparison.label(omission.article),
                "claim": claim.id,
                "status": claim.status,
                "text": claim.text,
                "told_by": comparison.outlets_of(claim),
                "confidence": omission.confidence,
                "closest": None if closest is None else texts[closest.article][closest.start : closest.end],
                "similarity": omission.similarity,
            }
        )
    return _frame(rows, columns)


def _values(comparison: Comparison, conflict: ValueComparison) -> dict[str, str]:
    """Each outlet's value by outlet name; an article stating two values shows both ("12 / 14")."""
    values: dict[str, list[str]] = {}
    for value in conflict.values:
        values.setdefault(comparison.label(value.article), []).append(value.display)
    return {label: " / ".join(shown) for label, shown in values.items()}


def conflicts_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per conflict: its kind, what it measures, the claim, and each outlet's value by outlet name."""
    columns = ["conflict", "kind", "about", "claim", "values", "confidence"]
    claims = {claim.id: claim.text for claim in comparison.claims}
    rows = [
        {
            "conflict": conflict.id,
            "kind": conflict.kind,
            "about": conflict.about,
            "claim": claims.get(conflict.claim, conflict.claim),
            "values": _values(comparison, conflict),
            "confidence": conflict.confidence,
        }
        for conflict in comparison.conflicts or ()
    ]
    return _frame(rows, columns)
