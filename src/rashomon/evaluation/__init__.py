"""Quality measurement on the evaluation data in ../shared/eval (read in place, never copied)."""

from __future__ import annotations

from .ecbplus import (
    EVAL_DIR_ENV,
    EvalDataMissing,
    default_eval_dir,
    rebuild_sentence,
    run_eval,
    sweep,
)
from .metrics import Figures, PairCounts, format_figures, pairwise

__all__ = [
    "EVAL_DIR_ENV",
    "EvalDataMissing",
    "Figures",
    "PairCounts",
    "default_eval_dir",
    "format_figures",
    "pairwise",
    "rebuild_sentence",
    "run_eval",
    "sweep",
]
