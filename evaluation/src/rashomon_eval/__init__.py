"""Quality measurement on the evaluation data in ../shared/eval (read in place, never copied).

Names are imported on first use, so that listing the tasks (for `rashomon eval --help`) loads nothing heavy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "EVAL_DIR_ENV": "rashomon_eval.ecbplus",
    "Accuracy": "rashomon_eval.metrics",
    "Counts": "rashomon_eval.metrics",
    "EvalDataMissing": "rashomon_eval.ecbplus",
    "EvalOptions": "rashomon_eval.tasks",
    "Evaluation": "rashomon_eval.tasks",
    "Figures": "rashomon_eval.metrics",
    "PairCounts": "rashomon_eval.metrics",
    "QuoteFigures": "rashomon_eval.polnear",
    "SpeakerFigures": "rashomon_eval.basil",
    "TASKS": "rashomon_eval.tasks",
    "Table": "rashomon_eval.metrics",
    "default_eval_dir": "rashomon_eval.ecbplus",
    "evaluate": "rashomon_eval.tasks",
    "format_figures": "rashomon_eval.metrics",
    "format_table": "rashomon_eval.metrics",
    "pairwise": "rashomon_eval.metrics",
    "quote_pipeline": "rashomon_eval.polnear",
    "rebuild_sentence": "rashomon_eval.ecbplus",
    "run_eval": "rashomon_eval.ecbplus",
    "run_quotes": "rashomon_eval.polnear",
    "run_speakers": "rashomon_eval.basil",
    "sweep": "rashomon_eval.ecbplus",
    "task_names": "rashomon_eval.tasks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rashomon_eval' has no attribute {name!r}")
