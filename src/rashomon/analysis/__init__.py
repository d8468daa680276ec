"""Per-article analysis: the component pipeline, the spaCy and embedding backends, the built-in components."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.analysis.embeddings import Encoder, load_encoder, parse_name
    from rashomon.analysis.nlp import BLANK, configured_model, load_nlp
    from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Component, Pipeline, settings_hash

_EXPORTS = {
    "BLANK": "rashomon.analysis.nlp",
    "Component": "rashomon.analysis.pipeline",
    "DEFAULT_PIPELINE": "rashomon.analysis.pipeline",
    "Encoder": "rashomon.analysis.embeddings",
    "Pipeline": "rashomon.analysis.pipeline",
    "configured_model": "rashomon.analysis.nlp",
    "load_encoder": "rashomon.analysis.embeddings",
    "load_nlp": "rashomon.analysis.nlp",
    "parse_name": "rashomon.analysis.embeddings",
    "settings_hash": "rashomon.analysis.pipeline",
}
__all__ = [
    "BLANK",
    "Component",
    "DEFAULT_PIPELINE",
    "Encoder",
    "Pipeline",
    "configured_model",
    "load_encoder",
    "load_nlp",
    "parse_name",
    "settings_hash",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
