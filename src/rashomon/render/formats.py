"""The built-in report formats, registered through the same hook as a plugin's formats.

Each renderer module is imported when its format is first rendered: the HTML page's templates (jinja2)
cost 0.12 s to import, which a report written as JSON never needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rashomon.model.records import Comparison


def _html(comparison: Comparison, **opts: Any) -> str:
    from rashomon.render import html

    return html.render(comparison, **opts)


def _json(comparison: Comparison, **opts: Any) -> str:
    from rashomon.render import json

    return json.render(comparison, **opts)


def _markdown(comparison: Comparison, **opts: Any) -> str:
    from rashomon.render import markdown

    return markdown.render(comparison, **opts)


def register_renderers(register: Callable[..., None]) -> None:
    """Register the html, json and md formats with the file suffixes that select them."""
    register("html", _html, suffixes=(".html", ".htm"))
    register("json", _json, suffixes=(".json",))
    register("md", _markdown, suffixes=(".md", ".markdown"))
