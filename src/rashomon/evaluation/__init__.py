"""Quality measurement on the evaluation data in ../shared/eval (read in place, never copied).

Names are imported on first use, so that listing the tasks (for `rashomon eval --help`) loads nothing heavy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "EVAL_DIR_ENV": "rashomon.evaluation.ecbplus",
    "Accuracy": "rashomon.evaluation.metrics",
    "Counts": "rashomon.evaluation.metrics",
    "EvalDataMissing": "rashomon.evaluation.ecbplus",
    "EvalOptions": "rashomon.evaluation.tasks",
    "Evaluation": "rashomon.evaluation.tasks",
    "Figures": "rashomon.evaluation.metrics",
    "PairCounts": "rashomon.evaluation.metrics",
    "QuoteFigures": "rashomon.evaluation.polnear",
    "SpeakerFigures": "rashomon.evaluation.basil",
    "TASKS": "rashomon.evaluation.tasks",
    "Table": "rashomon.evaluation.metrics",
    "default_eval_dir": "rashomon.evaluation.ecbplus",
    "evaluate": "rashomon.evaluation.tasks",
    "format_figures": "rashomon.evaluation.metrics",
    "format_table": "rashomon.evaluation.metrics",
    "pairwise": "rashomon.evaluation.metrics",
    "quote_pipeline": "rashomon.evaluation.polnear",
    "rebuild_sentence": "rashomon.evaluation.ecbplus",
    "run_eval": "rashomon.evaluation.ecbplus",
    "run_quotes": "rashomon.evaluation.polnear",
    "run_speakers": "rashomon.evaluation.basil",
    "sweep": "rashomon.evaluation.ecbplus",
    "task_names": "rashomon.evaluation.tasks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rashomon.evaluation' has no attribute {name!r}")
