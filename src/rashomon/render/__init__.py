"""Renderers turn a `Comparison` into text; each format is a name in the one registry (`rashomon.registry`).

Built-in formats ("html", "json", "md") register through the same `register_renderers` hook as plugins,
so `render()` never branches on the format string.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from rashomon.errors import RashomonError
from rashomon.model.records import Comparison
from rashomon.registry import Registry, RendererInfo, default_registry

__all__ = ["Renderer", "available_formats", "format_for_suffix", "register_renderer", "render", "renderers"]

# Each format takes its own keyword options (an HTML theme, a JSON indent), so the comparison is the
# only parameter all renderers share; a Protocol would have to force **opts on every one of them.
Renderer = Callable[..., str]


@functools.cache
def _registry() -> Registry:
    return default_registry()


def renderers() -> dict[str, RendererInfo]:
    """The registered formats by name (built-ins and plugins), loaded once per process."""
    return _registry().renderers


def available_formats() -> list[str]:
    """Return the names of the registered formats, sorted."""
    return sorted(renderers())


def format_for_suffix(suffix: str) -> str | None:
    """The format a file suffix selects (".md" -> "md"), or None."""
    return next((info.name for info in renderers().values() if suffix.lower() in info.suffixes), None)


def register_renderer(name: str, fn: Renderer, *, suffixes: tuple[str, ...] = (), replace: bool = False) -> None:
    """Register `fn` as the renderer for format `name` in this process's registry."""
    _registry().register_renderer(name, fn, suffixes=suffixes, replace=replace)


def render(comparison: Comparison, format: str, **opts: Any) -> str:
    """Render `comparison` in the named format."""
    try:
        info = renderers()[format]
    except KeyError:
        raise RashomonError(f"unknown report format {format!r}; available: {', '.join(available_formats())}") from None
    return info.fn(comparison, **opts)
