"""The `rashomon eval` command, added to the CLI through the `rashomon` entry-point group.

The scorers and dataset loaders live outside the product wheel; installing this package (the dev
environment does) is what makes `rashomon eval` appear. The module imports only click at load time.
"""

from __future__ import annotations

from pathlib import Path

import click

from rashomon_eval.tasks import task_names


def register_commands(cli: click.Group) -> None:
    """Add the `eval` command to the `rashomon` command group."""
    cli.add_command(eval_command)


@click.command("eval")
@click.argument("tasks", nargs=-1, type=click.Choice([*task_names(), "all"]))
@click.option("--split", default="dev", type=click.Choice(["dev", "train", "all"]), help="Split to score.")
@click.option(
    "--eval-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder laid out like ../shared/eval (default: $RASHOMON_EVAL_DIR, else ../shared/eval).",
)
@click.option("--nlp", "model", default=None, help="spaCy pipeline to use (default: blank English + rules).")
@click.option(
    "--align", "aligner", default="auto", show_default=True, help="Claim aligner, as for compare (docs/alignment.md)."
)
def eval_command(tasks: tuple[str, ...], split: str, eval_dir: str | None, model: str | None, aligner: str) -> None:
    """Score Rashomon on the evaluation data and print the figures.

    TASKS name what to score (see docs/evaluation.md); none or 'all' runs
    every task whose data and components are present and names the others,
    with the reason, on stderr.

    \b
    Example:
        rashomon eval quotes --split dev
    """
    from rashomon.cli.options import align_options, fail_cleanly
    from rashomon_eval import EvalOptions, evaluate, format_table

    folder = Path(eval_dir) if eval_dir else None
    with fail_cleanly():
        options = EvalOptions(split=split, eval_dir=folder, model=model, align=align_options(aligner))
        result = evaluate(tasks, options=options)
    for name, reason in result.skipped.items():
        click.echo(f"skipped {name}: {reason}", err=True)
    click.echo("\n\n".join(format_table(table) for table in result.tables))
