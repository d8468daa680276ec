"""The built-in report formats, registered through the same hook as a plugin's formats."""

from __future__ import annotations

from collections.abc import Callable

from rashomon.render import html, json, markdown


def register_renderers(register: Callable[..., None]) -> None:
    """Register the html, json and md formats with the file suffixes that select them."""
    register("html", html.render, suffixes=(".html", ".htm"))
    register("json", json.render, suffixes=(".json",))
    register("md", markdown.render, suffixes=(".md", ".markdown"))
