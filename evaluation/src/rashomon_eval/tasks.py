"""The evaluation tasks `rashomon eval` can run, by name: each returns the tables it prints.

A task is a function `(EvalOptions) -> tuple[Table, ...]` named here by its import path and loaded on
first use, so listing the tasks (for `--help`) imports nothing heavy. Add a task by adding a `Task`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rashomon.comparison.align import AlignOptions
    from rashomon.comparison.compare import CompareOptions
    from rashomon.model.records import Analysis
    from rashomon_eval.metrics import Table

ALL = "all"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalOptions:
    """What to score with: the split, the data folder, the spaCy model, the aligner and the pipeline to score."""

    split: str = "dev"
    eval_dir: Path | None = None
    model: str | None = None
    align: AlignOptions | None = None
    # The pipeline the quote tasks score; None builds sentences, entities, quotes with `model`.
    pipeline: Callable[[Analysis], Analysis] | None = None

    def compare_options(self) -> CompareOptions:
        """The CompareOptions for tasks that run compare: `model`, and `align` when given (else compare's own)."""
        from rashomon.comparison.compare import CompareOptions

        if self.align is None:
            return CompareOptions(model=self.model)
        return CompareOptions(model=self.model, align=self.align)


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """A named evaluation: the function that runs it (`module:function`) and what it measures."""

    name: str
    target: str
    summary: str

    def run(self, options: EvalOptions) -> tuple[Table, ...]:
        """Import the task's function and run it."""
        module, _, function = self.target.partition(":")
        run: Callable[[EvalOptions], tuple[Table, ...]] = getattr(importlib.import_module(module), function)
        return run(options)


TASKS = {
    task.name: task
    for task in (
        Task(name="alignment", target="rashomon_eval.tasks:alignment", summary="claim alignment on ECB+"),
        Task(name="quotes", target="rashomon_eval.tasks:quotes", summary="quotes and speakers on PolNeAR"),
        Task(name="speakers", target="rashomon_eval.tasks:speakers", summary="named quote speakers on BASIL"),
        Task(
            name="conflicts",
            target="rashomon_eval.claimdiff_conflicts:run_task",
            summary="conflicts reported on ClaimDiff train weaken vs strengthen pairs",
        ),
        Task(
            name="loaded",
            target="rashomon_eval.tasks:loaded",
            summary="loaded language on BABE: biased sentences, biased words",
        ),
        Task(
            name="loaded-spans",
            target="rashomon_eval.tasks:loaded_spans",
            summary="loaded-term spans against BASIL's lexical-bias spans",
        ),
        Task(
            name="claim-pairs",
            target="rashomon_eval.claimdiff:run_task",
            summary="ClaimDiff train claim pairs aligned, lexical and embedding",
        ),
        Task(
            name="summary-credit",
            target="rashomon_eval.credit:run_task",
            summary="the neutral summary on the annotated stories: every credited outlet states its sentence",
        ),
        Task(
            name="summary",
            target="rashomon_eval.neus:run_task",
            summary="the neutral summary on NeuS val: ROUGE against AllSides roundups, loaded-term rates",
        ),
        Task(
            name="stories",
            target="rashomon_eval.stories_eval:run_task",
            summary="story grouping B-cubed and ARI on BASIL, the AllSides crawl and ECB+ topics",
        ),
        Task(
            name="cleaning",
            target="rashomon_eval.cleaning:run_task",
            summary="extraction and cleaning on trafilatura's English pages: must-keep text kept, boilerplate removed",
        ),
        Task(
            name="stories-gold",
            target="rashomon_eval.stories_gold:run_task",
            summary="the whole report on the 12 annotated stories: facts, omissions, conflicts per story and mean",
        ),
    )
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """The tables of the tasks that ran, and why the others were skipped."""

    tables: tuple[Table, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)


def task_names() -> tuple[str, ...]:
    """The registered task names, in order."""
    return tuple(TASKS)


def evaluate(tasks: Sequence[str] = (), *, options: EvalOptions | None = None) -> Evaluation:
    """Run the named tasks; with none (or "all"), every task whose data and components are present."""
    from rashomon.errors import PipelineError
    from rashomon_eval.ecbplus import EvalDataMissing

    options = options or EvalOptions()
    lenient = not tasks or ALL in tasks
    names = list(TASKS) if lenient else list(dict.fromkeys(tasks))
    unknown = [name for name in names if name not in TASKS]
    if unknown:
        raise ValueError(f"unknown evaluation task {unknown[0]!r}; choose from: {', '.join([*TASKS, ALL])}")
    tables: list[Table] = []
    skipped: dict[str, str] = {}
    for name in names:
        try:
            found = TASKS[name].run(options)
            if all(_empty(table) for table in found):
                where = options.eval_dir or "the evaluation folder"
                raise EvalDataMissing(f"{name}: the {options.split} split in {where} has no items to score")
            tables.extend(found)
        except (EvalDataMissing, PipelineError) as exc:
            if not lenient:
                raise
            skipped[name] = str(exc)
    if not tables and skipped:
        raise EvalDataMissing("; ".join(skipped.values()))
    return Evaluation(tables=tuple(tables), skipped=skipped)


def _empty(table: Table) -> bool:
    """A table with no rows, or whose every number is zero: nothing was scored."""
    numbers = [v for row in table.rows.values() for v in row.values() if isinstance(v, int | float)]
    return not numbers or not any(numbers)


def alignment(options: EvalOptions) -> tuple[Table, ...]:
    """Claim alignment on one ECB+ split."""
    from rashomon.comparison.align import AlignOptions, resolve
    from rashomon.comparison.compare import CompareOptions
    from rashomon_eval.ecbplus import run_eval
    from rashomon_eval.metrics import figures_table

    align = resolve(options.align or AlignOptions())[0]
    compare = CompareOptions(model=options.model, align=align)
    figures = run_eval(eval_dir=options.eval_dir, split=options.split, options=compare)
    if align.embedding:  # the row names the backend, so figures of the two paths are never confused
        figures = {f"{name}[{align.embedding}]": value for name, value in figures.items()}
    return (figures_table(figures, key="alignment"),)


def quotes(options: EvalOptions) -> tuple[Table, ...]:
    """Quote extraction, source spans and speakers on one PolNeAR split."""
    from rashomon_eval.polnear import run_quotes

    figures = run_quotes(options.pipeline, split=options.split, eval_dir=options.eval_dir, model=options.model)
    return figures.tables()


def speakers(options: EvalOptions) -> tuple[Table, ...]:
    """Speakers of the named-speaker quote spans of BASIL 2010-2016 (every split: BASIL has one part here)."""
    from rashomon_eval.basil import run_speakers

    return run_speakers(options.pipeline, eval_dir=options.eval_dir, model=options.model).tables()


def loaded(options: EvalOptions) -> tuple[Table, ...]:
    """Loaded terms on BABE's developer part: sentence macro-F1 and biased-word tokens (every split: one part)."""
    from rashomon_eval.babe import run_babe

    return run_babe(eval_dir=options.eval_dir, model=options.model).tables()


def loaded_spans(options: EvalOptions) -> tuple[Table, ...]:
    """Loaded terms against BASIL 2010-2016 lexical-bias spans (every split: BASIL has one part here)."""
    from rashomon_eval.basil_lex import run_basil_lex

    return run_basil_lex(eval_dir=options.eval_dir, model=options.model).tables()
