"""Quality floors: claim alignment on ECB+ (read in place from ../shared/eval) must not regress."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rashomon import CompareOptions
from rashomon.evaluation import EvalDataMissing, Figures, run_eval
from rashomon.evaluation.ecbplus import ecbplus_dir

FLOORS = json.loads((Path(__file__).parent / "eval" / "floors.json").read_text(encoding="utf-8"))
TOLERANCE = 0.01
METRICS = ("precision", "recall", "f1")


@pytest.fixture(scope="module")
def eval_dir() -> Path:
    """The evaluation data folder; skip without it on a developer machine, fail without it in CI."""
    try:
        return ecbplus_dir().parent
    except EvalDataMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the evaluation data is missing, so quality floors cannot run: {exc}")
        pytest.skip(f"quality floors need ../shared/eval (not on this machine): {exc}")


@pytest.fixture(scope="module")
def figures(eval_dir: Path) -> dict[str, Figures]:
    """Figures of every split named in floors.json, measured with the blank pipeline and default options."""
    options = CompareOptions(model="blank:en")
    measured: dict[str, Figures] = {}
    for split in ("dev", "all"):
        measured.update(run_eval(eval_dir=eval_dir, split=split, options=options))
    return measured


def test_floors_name_known_measurements(figures: dict[str, Figures]) -> None:
    """Every floor names a measurement this test makes, and each sets all three metrics."""
    names = {name for name in FLOORS if not name.startswith("_")}
    assert names <= set(figures)
    assert all(set(FLOORS[name]) == set(METRICS) for name in names)


@pytest.mark.parametrize("name", sorted(n for n in FLOORS if not n.startswith("_")))
def test_alignment_stays_above_floor(figures: dict[str, Figures], name: str) -> None:
    """No metric may fall more than TOLERANCE below its pinned floor."""
    measured = figures[name]
    drops = {
        metric: (getattr(measured, metric), floor)
        for metric, floor in FLOORS[name].items()
        if getattr(measured, metric) < floor - TOLERANCE
    }
    assert not drops, f"{name} fell below its floors (measured, floor): {drops}"


def test_dev_split_covers_its_topics(figures: dict[str, Figures]) -> None:
    """The dev split is ECB+ topics 23-25: six (topic, sub-topic) stories."""
    assert figures["ecbplus_dev_alignment"].clusters == 6
    assert figures["ecbplus_all_alignment"].clusters == 66


def test_eval_command_prints_the_dev_figures(eval_dir: Path) -> None:
    """`rashomon eval` (the README's command) prints the dev figures table."""
    from click.testing import CliRunner

    from rashomon.cli import cli

    result = CliRunner().invoke(cli, ["eval", "--split", "dev", "--eval-dir", str(eval_dir)])
    assert result.exit_code == 0, result.output
    assert "ecbplus_dev_alignment" in result.stdout
