"""Tests for the renderer registry: built-in formats, plugin registration, unknown formats."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from rashomon import render as registry
from rashomon.errors import RashomonError
from rashomon.model.records import Comparison
from report_helpers import sample_comparison


@pytest.fixture(autouse=True)
def restore_registry() -> Iterator[None]:
    saved = dict(registry.renderers())
    yield
    registry.renderers().clear()
    registry.renderers().update(saved)


def _plain(comparison: Comparison, **opts: Any) -> str:
    return f"{comparison.story.title} {opts}"


def test_builtin_formats() -> None:
    assert registry.available_formats() == ["html", "json", "md"]
    assert json.loads(registry.render(sample_comparison(), "json"))["schema"] == "rashomon.report/1"
    assert registry.render(sample_comparison(), "md").startswith("# Storm Ingrid")


def test_unknown_format_lists_the_available_ones() -> None:
    with pytest.raises(RashomonError, match=r"unknown report format 'pdf'; available: html, json, md$"):
        registry.render(sample_comparison(), "pdf")


def test_registered_renderer_is_used_with_its_options() -> None:
    registry.register_renderer("txt", _plain)
    assert registry.render(sample_comparison(), "txt", width=60) == (
        "Storm Ingrid cuts power on the north coast {'width': 60}"
    )
    assert "txt" in registry.available_formats()


def test_registering_the_same_renderer_twice_is_harmless() -> None:
    registry.register_renderer("txt", _plain)
    registry.register_renderer("txt", _plain)
    assert registry.renderers()["txt"].fn is _plain


def test_taking_over_a_format_needs_replace() -> None:
    with pytest.raises(RashomonError, match="'json' is already registered"):
        registry.register_renderer("json", _plain)
    registry.register_renderer("json", _plain, replace=True)
    assert registry.renderers()["json"].fn is _plain


def test_json_renderer_takes_an_indent_option() -> None:
    assert "\n" not in registry.render(sample_comparison(), "json", indent=None).rstrip("\n")
