"""`python -m rashomon.evaluation [--split dev|train|all] [--sweep 0.1,0.2,...]`: print a table of figures."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import CompareOptions
from ..align import AlignOptions
from .ecbplus import SPLITS, EvalDataMissing, run_eval, sweep
from .metrics import format_figures


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m rashomon.evaluation", description=main.__doc__)
    add = parser.add_argument
    add("--split", choices=SPLITS, default=None, help="topics to score (default: dev; train with --sweep)")
    add("--sweep", metavar="V1,V2,...", help="comma-separated values of the knob to try")
    add("--knob", default="threshold", help="AlignOptions field the sweep varies (default: threshold)")
    add("--set", dest="settings", metavar="KNOB=VALUE", action="append", default=[], help="fix an option")
    add("--model", default=None, help="spaCy pipeline for NER (default: $RASHOMON_SPACY_MODEL, else blank)")
    add("--eval-dir", type=Path, default=None, help="evaluation data folder (default: ../shared/eval)")
    return parser.parse_args(argv)


def align_options(settings: Sequence[str]) -> AlignOptions:
    """Build AlignOptions from KNOB=VALUE strings, each value cast to the default's type."""
    defaults = AlignOptions()
    fields = {f.name for f in dataclasses.fields(AlignOptions)}
    changes = {}
    for setting in settings:
        knob, _, value = setting.partition("=")
        if knob not in fields:
            raise ValueError(f"unknown aligner option {knob!r}; choose one of: {', '.join(sorted(fields))}")
        changes[knob] = type(getattr(defaults, knob))(value)
    return dataclasses.replace(defaults, **changes)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ECB+ alignment evaluation (or a sweep of one aligner knob) and print the figures."""
    args = parse_args(argv)
    try:
        options = CompareOptions(model=args.model, align=align_options(args.settings))
        if args.sweep:
            split = args.split or "train"
            values = [float(v) for v in args.sweep.split(",") if v.strip()]
            results = sweep(values, split=split, knob=args.knob, eval_dir=args.eval_dir, options=options)
            table = {f"{args.knob}={v:g}": f for v, f in results.items()}
            print(format_figures(table, key=f"ecbplus {split}"))
        else:
            figures = run_eval(eval_dir=args.eval_dir, split=args.split or "dev", options=options)
            print(format_figures(figures))
    except (EvalDataMissing, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
