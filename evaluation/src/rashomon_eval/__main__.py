"""`python -m rashomon_eval [TASK...] [--split dev|train|all] [--sweep 0.1,0.2,...]`: print the figures."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from rashomon.comparison.align import AlignOptions
from rashomon.errors import RashomonError
from rashomon_eval.metrics import format_figures, format_table
from rashomon_eval.tasks import ALL, EvalOptions, evaluate, task_names


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m rashomon_eval", description=main.__doc__)
    add = parser.add_argument
    # No `choices`: argparse (3.11) checks an empty `nargs="*"` list against them; evaluate() names the options.
    add("tasks", nargs="*", metavar="TASK", help=f"{', '.join(task_names())} or {ALL} (default: all)")
    add("--split", choices=("dev", "train", "all"), default=None, help="split to score (default: dev; train to sweep)")
    add("--sweep", metavar="V1,V2,...", help="alignment only: comma-separated values of the knob to try")
    add("--knob", default="threshold", help="AlignOptions field the sweep varies (default: threshold)")
    add("--set", dest="settings", metavar="KNOB=VALUE", action="append", default=[], help="fix an aligner option")
    add("--model", default=None, help="spaCy pipeline (default: $RASHOMON_SPACY_MODEL, else blank)")
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


def run_sweep(args: argparse.Namespace, align: AlignOptions) -> str:
    """Score the aligner once per value of the swept knob; return the table."""
    from rashomon.comparison.compare import CompareOptions
    from rashomon_eval.ecbplus import sweep

    split = args.split or "train"
    values = [float(v) for v in args.sweep.split(",") if v.strip()]
    options = CompareOptions(model=args.model, align=align)
    results = sweep(values, split=split, knob=args.knob, eval_dir=args.eval_dir, options=options)
    return format_figures({f"{args.knob}={v:g}": f for v, f in results.items()}, key=f"ecbplus {split}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run evaluation tasks (all whose data is present by default) or an aligner sweep, and print the figures."""
    args = parse_args(argv)
    try:
        align = align_options(args.settings)
        if args.sweep:
            print(run_sweep(args, align))
            return 0
        options = EvalOptions(split=args.split or "dev", eval_dir=args.eval_dir, model=args.model, align=align)
        result = evaluate(args.tasks, options=options)
    except (RashomonError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, reason in result.skipped.items():
        print(f"skipped {name}: {reason}", file=sys.stderr)
    print("\n\n".join(format_table(table) for table in result.tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
