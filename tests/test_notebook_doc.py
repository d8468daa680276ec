"""docs/notebook.md runs: its python blocks, in order, in one namespace, from the repository root."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "notebook.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
NEEDS_PANDAS = "# needs pandas"


def _blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_walkthrough_has_blocks_for_each_surface() -> None:
    code = "\n".join(_blocks())
    for name in ("compare(", "_repr_html_", "outlets_of", "to_dict", "claims_frame", "quotes_frame", "Store.open"):
        assert name in code, name


def test_the_walkthrough_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    has_pandas = importlib.util.find_spec("pandas") is not None
    namespace: dict[str, object] = {"__name__": "notebook"}
    for n, block in enumerate(_blocks(), start=1):
        if block.startswith(NEEDS_PANDAS) and not has_pandas:
            continue
        exec(compile(block, f"{DOC.name} block {n}", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "<Comparison " in printed and "articles stored" in printed
