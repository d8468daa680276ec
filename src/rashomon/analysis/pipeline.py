"""Analysis components and the pipeline that runs them over one article.

A component is a callable `Analysis -> Analysis`, made by a factory registered under a name with the
layers it `requires` and `assigns`; `Pipeline.from_names` checks that chain once, spaCy-style.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rashomon.errors import ComponentError, PipelineError
from rashomon.model.records import Analysis, Article
from rashomon.registry import ComponentInfo, Registry, default_registry

__all__ = ["DEFAULT_PIPELINE", "Component", "Pipeline", "settings_hash"]

Component = Callable[[Analysis], Analysis]

DEFAULT_PIPELINE = ("sentences", "entities", "quotes", "descriptors", "citations", "loaded_terms", "tone")


@dataclass(frozen=True, slots=True)
class Pipeline:
    """An ordered, checked list of components."""

    steps: tuple[tuple[ComponentInfo, Component], ...]
    settings: str = ""  # hash of the components' configuration, part of the provenance

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
        # None options mean "the default", which the components resolve and report (e.g. the spaCy model).
        given = {name: {k: v for k, v in config.get(name, {}).items() if v is not None} for name in names}
        return cls(tuple(steps), settings=settings_hash({name: opts for name, opts in given.items() if opts}))

    @property
    def names(self) -> tuple[str, ...]:
        """Versioned names of the components, in order."""
        return tuple(info.versioned_name for info, _ in self.steps)

    @property
    def provenance(self) -> tuple[str, ...]:
        """What an analysis by this pipeline was made with: versioned components, models, settings hash.

        Two analyses with the same provenance were computed the same way, so a stored one is reused
        exactly when it equals this (whoever wrote the component: plugins included).
        """
        models = [f"{kind}:{name}" for _, c in self.steps for kind, name in getattr(c, "models", {}).items()]
        return (*self.names, *models, f"settings:{self.settings}")

    def __call__(self, analysis: Analysis) -> Analysis:
        """Run every component over `analysis` and record the pipeline's provenance on the result."""
        for info, component in self.steps:
            try:
                analysis = component(analysis)
            except Exception as exc:  # noqa: BLE001 - wrapped with the component and article named
                raise ComponentError(info.name, analysis.article.id, exc) from exc
        return dataclasses.replace(analysis, provenance=self.provenance)

    def analyze(self, article: Article) -> Analysis:
        """Analyse one article from scratch."""
        return self(Analysis(article=article))


def settings_hash(config: Mapping[str, Any]) -> str:
    """A short stable hash of a JSON-able configuration (sorted keys)."""
    blob = json.dumps(config, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]
