"""The published JSON Schemas, shipped inside the package and read with importlib.resources."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["REPORT_SCHEMA", "report_schema"]

REPORT_SCHEMA = "rashomon.report/1"


@cache
def _report_schema_text() -> str:
    return files(__name__).joinpath("report.schema.json").read_text(encoding="utf-8")


def report_schema() -> dict[str, Any]:
    """Return a fresh copy of the JSON Schema of `rashomon.report/1`."""
    schema: dict[str, Any] = json.loads(_report_schema_text())
    return schema
