"""Tests for the published report schema: it is valid, shipped, and strict where the contract is."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rashomon.errors import RashomonError
from rashomon.render.json import report_dict, validate_report
from rashomon.render.schema import REPORT_SCHEMA, report_schema
from report_helpers import LATER_LAYERS, sample_comparison

REQUIRED = ["schema", "story", "articles", "entities", "claims", "omissions", "summary"]


@pytest.fixture
def report() -> dict[str, Any]:
    return report_dict(sample_comparison())


def test_schema_is_valid_draft_2020_12() -> None:
    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == REPORT_SCHEMA


def test_schema_requires_exactly_the_contract_keys() -> None:
    assert report_schema()["required"] == REQUIRED


def test_later_layers_are_optional_properties() -> None:
    schema = report_schema()
    assert set(LATER_LAYERS) <= schema["properties"].keys()
    assert not set(LATER_LAYERS) & set(schema["required"])


def test_report_schema_returns_a_fresh_copy() -> None:
    report_schema()["required"].clear()
    assert report_schema()["required"] == REQUIRED


@pytest.mark.parametrize("key", REQUIRED)
def test_missing_required_key_is_rejected(report: dict[str, Any], key: str) -> None:
    del report[key]
    with pytest.raises(RashomonError, match=f"at \\$: '{key}' is a required property"):
        validate_report(report)


def test_wrong_status_is_rejected(report: dict[str, Any]) -> None:
    report["claims"][0]["status"] = "disputed"
    with pytest.raises(RashomonError, match=r"\$\.claims\[0\]\.status: 'disputed' is not one of"):
        validate_report(report)


@pytest.mark.parametrize(
    "path, field",
    [
        (("story",), "first_published"),
        (("articles", 0), "removed"),
        (("articles", 0, "removed", 0), "reason"),
        (("entities", 0), "aliases"),
        (("claims", 0, "mentions", 0), "text"),
        (("omissions", 0), "claim"),
        (("summary", "sentences", 0), "articles"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_item_fields_are_required(report: dict[str, Any], path: tuple[Any, ...], field: str) -> None:
    item: Any = report
    for part in path:
        item = item[part]
    del item[field]
    with pytest.raises(RashomonError, match=f"'{field}' is a required property"):
        validate_report(report)


@pytest.mark.parametrize(
    "value",
    ["14 January 2026", "2026-01-14", 1768348800],
    ids=["prose", "date-only", "epoch"],
)
def test_published_must_be_iso_datetime_or_null(report: dict[str, Any], value: Any) -> None:
    report["articles"][0]["published"] = value
    with pytest.raises(RashomonError, match=r"\$\.articles\[0\]\.published"):
        validate_report(report)


def test_extra_fields_are_allowed(report: dict[str, Any]) -> None:
    report["generator"] = "rashomon 0.1.0"
    report["claims"][0]["score"] = 0.9
    report["articles"][0]["language"] = "en"
    validate_report(report)


def test_later_layer_item_shapes_are_checked(report: dict[str, Any]) -> None:
    article = report["articles"][1]["id"]
    quote = {
        "id": "q1",
        "article": article,
        "text": "held, but only just",
        "speaker": "Ruth Okafor",
        "speaker_entity": "e2okafor",
        "cue": "said",
        "kind": "direct",
        "start": 10,
        "end": 29,
        "also_in": [],
    }
    report["quotes"] = [quote]
    validate_report(report)
    report["quotes"] = [dict(quote, kind="rumoured")]
    with pytest.raises(RashomonError, match=r"\$\.quotes\[0\]\.kind"):
        validate_report(report)


@pytest.mark.parametrize(
    "layer, item",
    [
        (
            "descriptors",
            {"entity": "e1", "article": "a", "text": "veteran", "mention": "Okafor", "start": 0, "end": 7},
        ),
        (
            "citations",
            {"article": "a", "outlet": "Reuters", "text": "Reuters reported.", "start": 0, "end": 17},
        ),
        (
            "conflicts",
            {
                "claim": "c1",
                "kind": "number",
                "values": [{"article": "a", "value": "40,000", "normalized": 40000, "text": "x"}],
            },
        ),
        ("loaded_terms", {"article": "a", "term": "chaos", "category": "alarm", "start": 0, "end": 5}),
        ("tone", {"article": "a", "entity": "e1", "score": -0.25, "mentions": 3}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_later_layer_items_validate_and_require_every_field(
    report: dict[str, Any], layer: str, item: dict[str, Any]
) -> None:
    report[layer] = [item]
    validate_report(report)
    for field in item:
        broken = copy.deepcopy(report)
        del broken[layer][0][field]
        with pytest.raises(RashomonError, match=f"'{field}' is a required property"):
            validate_report(broken)
