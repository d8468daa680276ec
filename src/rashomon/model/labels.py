"""Reader-facing names for articles and short forms of text: every report format and the notebook use these.

They live in the model, not in `render`, so a `Comparison` can name its own outlets (`Comparison.labels`)
without the model importing a stage above it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import urlsplit

__all__ = ["article_labels", "short_source", "truncate"]


def short_source(source: str) -> str:
    """Return a short reader-facing name for a source: a URL's host, a file's stem, or 'stdin'."""
    if source == "-":
        return "stdin"
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        return parts.netloc.removeprefix("www.")
    return PurePath(source).stem or source


def article_labels(articles: Sequence[tuple[str, str | None, str]]) -> dict[str, str]:
    """A reader-facing name for each (id, outlet, source): every report format uses these.

    The outlet's name; two pieces from one outlet told apart by their file or host; an article whose
    outlet is unknown is "Article N (file)", numbered in report order, never a bare id or an absolute path.
    """
    counts = Counter(outlet for _, outlet, _ in articles if outlet)
    labels = {}
    for n, (article_id, outlet, source) in enumerate(articles, start=1):
        short = short_source(source or article_id)
        if not outlet:
            labels[article_id] = f"Article {n} ({short})"
        else:
            labels[article_id] = f"{outlet} ({short})" if counts[outlet] > 1 else outlet
    return labels


def truncate(text: str, limit: int) -> str:
    """Return `text` on one line, cut to `limit` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
