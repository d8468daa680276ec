"""The one registry: analysis components, story-level comparers, report renderers and CLI commands.

Built-ins come through the same door as plugins (datasette, llm): a module with hook functions, listed in
`DEFAULT_PLUGINS` or installed as an entry point of the `rashomon` group. The hooks are

- `register_components(register)`: `register(name, factory, requires=..., assigns=..., version=...)`;
- `register_comparers(register)`: `register(name, fn, requires=..., assigns=..., version=...)`;
- `register_renderers(register)`: `register(name, fn, suffixes=...)`;
- `register_commands(cli)`: add click commands to the `rashomon` group.

Plugin modules are imported once per process, on first use; nothing registers at import time.
`RASHOMON_LOAD_PLUGINS=name1,name2` loads only those entry points (an empty value: none).
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from rashomon.errors import PipelineError, RashomonError

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PLUGINS_ENV",
    "ComparerInfo",
    "ComponentInfo",
    "Registry",
    "RendererInfo",
    "default_registry",
    "plugin_modules",
]

ENTRY_POINT_GROUP = "rashomon"
PLUGINS_ENV = "RASHOMON_LOAD_PLUGINS"
DEFAULT_PLUGINS = (
    "rashomon.analysis.components.sentences",
    "rashomon.analysis.components.entities",
    "rashomon.analysis.components.quotes",
    "rashomon.analysis.components.descriptors",
    "rashomon.analysis.components.citations",
    "rashomon.analysis.components.quantities",
    "rashomon.analysis.components.loaded_terms",
    "rashomon.analysis.components.tone",
    "rashomon.comparison.comparers",
    "rashomon.render.formats",
)

Factory = Callable[..., Callable[[Any], Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class ComponentInfo:
    """A registered analysis component factory and the layers it needs and provides."""

    name: str
    factory: Factory
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    version: int = 1
    plugin: str = ""

    @property
    def versioned_name(self) -> str:
        """Name with version, as recorded in provenance (e.g. `rashomon.sentences.v1`)."""
        return f"rashomon.{self.name}.v{self.version}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparerInfo:
    """A registered story-level step: it reads a comparison's fields (`requires`) and sets others (`assigns`)."""

    name: str
    fn: Callable[..., Any]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    version: int = 1
    plugin: str = ""

    @property
    def versioned_name(self) -> str:
        """Name with version, as recorded in provenance (e.g. `rashomon.compare.claims.v1`)."""
        return f"rashomon.compare.{self.name}.v{self.version}"


@dataclass(frozen=True, slots=True, kw_only=True)
class RendererInfo:
    """A registered report format: its name, the function that renders it and the file suffixes it owns."""

    name: str
    fn: Callable[..., str]
    suffixes: tuple[str, ...] = ()
    plugin: str = ""


@dataclass(slots=True)
class Registry:
    """Every extension point by name: components, comparers and renderers, filled by the plugins' hooks."""

    components: dict[str, ComponentInfo] = field(default_factory=dict)
    comparers: dict[str, ComparerInfo] = field(default_factory=dict)
    renderers: dict[str, RendererInfo] = field(default_factory=dict)

    def register(
        self,
        name: str,
        factory: Factory,
        *,
        requires: Sequence[str] = (),
        assigns: Sequence[str] = (),
        version: int = 1,
        plugin: str = "",
    ) -> None:
        """Register an analysis component factory under `name`."""
        self.components[name] = ComponentInfo(
            name=name, factory=factory, requires=tuple(requires), assigns=tuple(assigns), version=version, plugin=plugin
        )

    def register_comparer(
        self,
        name: str,
        fn: Callable[..., Any],
        *,
        requires: Sequence[str] = (),
        assigns: Sequence[str] = (),
        version: int = 1,
        plugin: str = "",
    ) -> None:
        """Register a story-level comparer under `name`."""
        self.comparers[name] = ComparerInfo(
            name=name, fn=fn, requires=tuple(requires), assigns=tuple(assigns), version=version, plugin=plugin
        )

    def register_renderer(
        self,
        name: str,
        fn: Callable[..., str],
        *,
        suffixes: Sequence[str] = (),
        replace: bool = False,
        plugin: str = "",
    ) -> None:
        """Register a report format under `name`; an existing one is replaced only when asked."""
        current = self.renderers.get(name)
        if current is not None and current.fn is not fn and not replace:
            raise RashomonError(
                f"a renderer for format {name!r} is already registered; pass replace=True to override it"
            )
        self.renderers[name] = RendererInfo(name=name, fn=fn, suffixes=tuple(suffixes), plugin=plugin)

    def get(self, name: str) -> ComponentInfo:
        """Return the component registered as `name`, or raise listing the available names."""
        try:
            return self.components[name]
        except KeyError:
            available = ", ".join(sorted(self.components)) or "none"
            raise PipelineError(f"unknown component {name!r}; available: {available}") from None

    def load(self, module: ModuleType) -> None:
        """Call the registration hooks `module` defines."""
        plugin = module.__name__

        def component(name: str, factory: Factory, **options: Any) -> None:
            self.register(name, factory, plugin=plugin, **options)

        def comparer(name: str, fn: Callable[..., Any], **options: Any) -> None:
            self.register_comparer(name, fn, plugin=plugin, **options)

        def renderer(name: str, fn: Callable[..., str], **options: Any) -> None:
            self.register_renderer(name, fn, plugin=plugin, **options)

        for hook, register in (
            ("register_components", component),
            ("register_comparers", comparer),
            ("register_renderers", renderer),
        ):
            found = getattr(module, hook, None)
            if found is not None:
                found(register)


@functools.cache
def _entry_point_modules(selection: str | None) -> tuple[ModuleType, ...]:
    wanted = None if selection is None else {name.strip() for name in selection.split(",") if name.strip()}
    modules = []
    for entry in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if wanted is not None and entry.name not in wanted:
            continue
        try:
            loaded = entry.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin is named, never a traceback
            raise RashomonError(f"plugin {entry.name!r} ({entry.value}) failed to load: {exc}") from exc
        if isinstance(loaded, ModuleType):
            modules.append(loaded)
    return tuple(modules)


def plugin_modules(*, builtins: bool = True, entry_points: bool = True) -> tuple[ModuleType, ...]:
    """The plugin modules: the built-ins, then installed entry points (each imported once per process)."""
    found = tuple(importlib.import_module(name) for name in DEFAULT_PLUGINS) if builtins else ()
    if not entry_points:
        return found
    return found + _entry_point_modules(os.environ.get(PLUGINS_ENV))


def default_registry(*, plugins: Sequence[str] | None = None, entry_points: bool = True) -> Registry:
    """Build a registry from the built-in plugins (or the modules named) and, if asked, installed entry points."""
    registry = Registry()
    if plugins is None:
        modules = plugin_modules(entry_points=entry_points)
    else:
        modules = tuple(importlib.import_module(name) for name in plugins)
        if entry_points:
            modules += _entry_point_modules(os.environ.get(PLUGINS_ENV))
    for module in modules:
        registry.load(module)
    return registry
