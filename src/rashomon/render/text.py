"""Text helpers the report sections share: Markdown escaping, truncation, a short name for a source."""

from __future__ import annotations

import re

from rashomon.model.labels import article_labels, short_source, truncate

__all__ = ["article_labels", "escape", "short_source", "truncate"]

_SPECIAL = re.compile(r"([\\`*\[\]<>|]|(?<!\w)_|_(?!\w))")
# Only ASCII punctuation can be backslash-escaped, so an ordered-list start escapes its dot, not its digits.
_LINE_START = re.compile(r"^(?:([#>]|[-+=](?=\s|$))|(\d+)([.)]))")


def escape(text: str) -> str:
    """Return `text` on one line with Markdown-special characters escaped, safe anywhere in a line."""
    flat = " ".join(text.split())
    return _LINE_START.sub(_escape_start, _SPECIAL.sub(r"\\\1", flat))


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"
