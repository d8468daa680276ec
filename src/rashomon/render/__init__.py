"""Renderers turn a `Comparison` into text; each format is a name in one registry.

Built-in formats ("html", "json", "md") sit in the same table that `register_renderer` fills for plugins,
so `render()` never branches on the format string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rashomon.errors import RashomonError
from rashomon.model.records import Comparison
from rashomon.render import html as _html
from rashomon.render import json as _json
from rashomon.render import markdown as _markdown

__all__ = ["RENDERERS", "Renderer", "available_formats", "register_renderer", "render"]


# Each format takes its own keyword options (an HTML theme, a JSON indent), so the comparison is the
# only parameter all renderers share; a Protocol would have to force **opts on every one of them.
Renderer = Callable[..., str]


RENDERERS: dict[str, Renderer] = {"html": _html.render, "json": _json.render, "md": _markdown.render}


def available_formats() -> list[str]:
    """Return the names of the registered formats, sorted."""
    return sorted(RENDERERS)


def register_renderer(name: str, fn: Renderer, *, replace: bool = False) -> None:
    """Register `fn` as the renderer for format `name`."""
    current = RENDERERS.get(name)
    if current is not None and current is not fn and not replace:
        raise RashomonError(f"a renderer for format {name!r} is already registered; pass replace=True to override it")
    RENDERERS[name] = fn


def render(comparison: Comparison, format: str, **opts: Any) -> str:
    """Render `comparison` in the named format."""
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise RashomonError(f"unknown report format {format!r}; available: {', '.join(available_formats())}") from None
    return renderer(comparison, **opts)
