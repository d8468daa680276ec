"""Articles and analyses to JSON-ready dicts and back, for the store (lossless for JSON-valued span attrs)."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rashomon.model.layers import LAYER_TYPES, ToneCue
from rashomon.model.records import Analysis, Article, Removal, Span

__all__ = [
    "analysis_from_dict",
    "analysis_to_dict",
    "article_from_dict",
    "article_to_dict",
    "layers_from_dict",
    "layers_to_dict",
    "span_from_dict",
    "span_to_dict",
]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@functools.cache
def _nested(layer: str) -> dict[str, str]:
    """Each field of a layer's record that holds a record itself: "span" (a Span or None) or "cues" (ToneCues)."""
    hints = typing.get_type_hints(LAYER_TYPES[layer])
    kinds = {}
    for name, hint in hints.items():
        members = set(typing.get_args(hint)) | {hint}
        if Span in members:
            kinds[name] = "span"
        elif any(ToneCue in typing.get_args(m) for m in members):
            kinds[name] = "cues"
    return kinds


def _value_to_json(value: Any) -> Any:
    if isinstance(value, Span):
        return {"start": value.start, "end": value.end}
    if isinstance(value, ToneCue):
        return {"start": value.start, "end": value.end, "weight": value.weight}
    if isinstance(value, tuple):
        return [_value_to_json(item) for item in value]
    return value


def span_to_dict(span: Span) -> dict[str, Any]:
    """A span as a dict: start, end, label, attrs and, for a typed layer record, its fields."""
    out: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label, "attrs": dict(span.attrs)}
    for item in dataclasses.fields(span):
        if item.name not in out:
            out[item.name] = _value_to_json(getattr(span, item.name))
    return out


def _field_from_json(kind: str | None, value: Any) -> Any:
    if value is None:
        return None
    if kind == "span":
        return Span(start=value["start"], end=value["end"])
    if kind == "cues":
        return tuple(ToneCue(start=c["start"], end=c["end"], weight=c["weight"]) for c in value)
    if isinstance(value, list):
        return tuple(value)
    return value


def span_from_dict(data: Mapping[str, Any], *, layer: str | None = None) -> Span:
    """The span a `span_to_dict` dict describes, as its layer's typed record when the layer is a built-in one."""
    base = {
        "start": data["start"],
        "end": data["end"],
        "label": data.get("label", ""),
        "attrs": dict(data.get("attrs", {})),
    }
    record = LAYER_TYPES.get(layer or "", Span)
    names = [f.name for f in dataclasses.fields(record) if f.name not in base]
    if record is Span or not any(name in data for name in names):  # a plain span, e.g. written by a plugin
        return Span(**base)
    kinds = _nested(layer or "")
    extra = {name: _field_from_json(kinds.get(name), data[name]) for name in names if name in data}
    try:
        return record(**base, **extra)
    except TypeError:  # written before the layer had a typed record: read as a plain span
        return Span(**base)


def article_to_dict(article: Article) -> dict[str, Any]:
    """An article as a dict (the one serializer the store, the report and export share); dates as ISO 8601."""
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "removed": [{"text": removal.text, "reason": removal.reason} for removal in article.removed],
        "notes": list(article.notes),
    }


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """The article an `article_to_dict` dict describes."""
    return Article(
        id=data["id"],
        source=data["source"],
        text=data["text"],
        outlet=data.get("outlet"),
        title=data.get("title"),
        url=data.get("url"),
        published=_when(data.get("published")),
        language=data.get("language") or "en",
        removed=tuple(Removal(text=item["text"], reason=item["reason"]) for item in data.get("removed", ())),
        notes=tuple(data.get("notes", ())),
    )


def layers_to_dict(layers: Mapping[str, tuple[Span, ...]]) -> dict[str, list[dict[str, Any]]]:
    """Span layers as a dict of lists of span dicts."""
    return {name: [span_to_dict(span) for span in spans] for name, spans in layers.items()}


def layers_from_dict(data: Mapping[str, Any]) -> dict[str, tuple[Span, ...]]:
    """The span layers a `layers_to_dict` dict describes."""
    return {name: tuple(span_from_dict(span, layer=name) for span in spans) for name, spans in data.items()}


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """An analysis as a dict: its article, its layers and its provenance."""
    return {
        "article": article_to_dict(analysis.article),
        "layers": layers_to_dict(analysis.layers),
        "provenance": list(analysis.provenance),
    }


def analysis_from_dict(data: Mapping[str, Any]) -> Analysis:
    """The analysis an `analysis_to_dict` dict describes."""
    return Analysis(
        article=article_from_dict(data["article"]),
        layers=layers_from_dict(data.get("layers", {})),
        provenance=tuple(data.get("provenance", ())),
    )
