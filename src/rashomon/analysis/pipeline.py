"""Analysis components and the pipeline that runs them over one article.

A component is a callable `Analysis -> Analysis`, made by a factory registered under a name with the
layers it `requires` and `assigns`; `Pipeline.from_names` checks that chain once, spaCy-style.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rashomon.errors import ComponentError, PipelineError
from rashomon.model.records import Analysis, Article

Component = Callable[[Analysis], Analysis]
Factory = Callable[..., Component]

DEFAULT_PIPELINE = ("sentences", "entities", "quotes", "descriptors", "citations", "loaded_terms", "tone")
# Built-in components go through the same door as plugins: a module with register_components(register).
DEFAULT_PLUGINS = (
    "rashomon.analysis.components.sentences",
    "rashomon.analysis.components.entities",
    "rashomon.analysis.components.quotes",
    "rashomon.analysis.components.descriptors",
    "rashomon.analysis.components.citations",
    "rashomon.analysis.components.quantities",
    "rashomon.analysis.components.loaded_terms",
    "rashomon.analysis.components.tone",
)
ENTRY_POINT_GROUP = "rashomon"


@dataclass(frozen=True, slots=True, kw_only=True)
class ComponentInfo:
    """A registered component factory and the layers it needs and provides."""

    name: str
    factory: Factory
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    version: int = 1

    @property
    def versioned_name(self) -> str:
        """Name with version, as recorded in provenance (e.g. `rashomon.sentences.v1`)."""
        return f"rashomon.{self.name}.v{self.version}"


@dataclass(slots=True)
class Registry:
    """Name -> component factory map, filled by plugins' register_components hooks."""

    components: dict[str, ComponentInfo] = field(default_factory=dict)

    def register(
        self,
        name: str,
        factory: Factory,
        *,
        requires: Sequence[str] = (),
        assigns: Sequence[str] = (),
        version: int = 1,
    ) -> None:
        """Register `factory` under `name`."""
        self.components[name] = ComponentInfo(
            name=name, factory=factory, requires=tuple(requires), assigns=tuple(assigns), version=version
        )

    def get(self, name: str) -> ComponentInfo:
        """Return the component registered as `name`, or raise listing the available names."""
        try:
            return self.components[name]
        except KeyError:
            available = ", ".join(sorted(self.components)) or "none"
            raise PipelineError(f"unknown component {name!r}; available: {available}") from None


def default_registry(*, plugins: Iterable[str] = DEFAULT_PLUGINS, entry_points: bool = True) -> Registry:
    """Build a registry from the built-in plugins and, if asked, installed entry points."""
    registry = Registry()
    for module_name in plugins:
        module = importlib.import_module(module_name)
        module.register_components(registry.register)
    if entry_points:
        for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            plugin = entry.load()
            hook = getattr(plugin, "register_components", None)
            if hook is not None:
                hook(registry.register)
    return registry


@dataclass(frozen=True, slots=True)
class Pipeline:
    """An ordered, checked list of components."""

    steps: tuple[tuple[ComponentInfo, Component], ...]

    @classmethod
    def from_names(
        cls,
        names: Sequence[str] = DEFAULT_PIPELINE,
        *,
        config: Mapping[str, Mapping[str, Any]] | None = None,
        registry: Registry | None = None,
        provided: Sequence[str] = (),
    ) -> Pipeline:
        """Build a pipeline, checking each component's requirements against earlier `assigns`."""
        registry = registry or default_registry()
        config = config or {}
        available = set(provided)
        steps = []
        for name in names:
            info = registry.get(name)
            missing = [layer for layer in info.requires if layer not in available]
            if missing:
                providers = sorted(n for n, c in registry.components.items() if set(missing) & set(c.assigns))
                raise PipelineError(
                    f"{name} requires {', '.join(repr(m) for m in missing)}; "
                    f"add one of: {', '.join(providers) or 'no registered component'} before it"
                )
            steps.append((info, info.factory(**dict(config.get(name, {})))))
            available.update(info.assigns)
        return cls(tuple(steps))

    @property
    def names(self) -> tuple[str, ...]:
        """Versioned names of the components, in order."""
        return tuple(info.versioned_name for info, _ in self.steps)

    def __call__(self, analysis: Analysis) -> Analysis:
        """Run every component over `analysis`."""
        for info, component in self.steps:
            try:
                analysis = component(analysis)
            except Exception as exc:  # noqa: BLE001 - wrapped with the component and article named
                raise ComponentError(info.name, analysis.article.id, exc) from exc
        return analysis

    def analyze(self, article: Article) -> Analysis:
        """Analyse one article from scratch."""
        return self(Analysis(article=article))
