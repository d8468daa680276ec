"""`rashomon doctor`: check a store everywhere and, with --repair, salvage and finish what can be."""

from __future__ import annotations

import sys

import click

from rashomon.cli import cli
from rashomon.cli.options import handle_errors


@cli.command(short_help="Check a store for damage and unfinished work; repair what can be.")
@click.option(
    "--db",
    "db_path",
    default="rashomon.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite store.",
)
@click.option("--repair", is_flag=True, help="Salvage a damaged file, rebuild the search index, finish grouping.")
@handle_errors
def doctor(db_path: str, repair: bool) -> None:
    """Check a store: its pages, search index, references and grouping.

    The checkup goes to stdout as tab-separated lines; the exit status is 0
    when the store is healthy (or was repaired) and 1 when it needs repair.
    --repair copies every readable row of a damaged file into a fresh store
    and keeps the damaged file beside it as DB.damaged.

    \b
    Example:
        rashomon doctor --db rashomon.db --repair
    """
    from rashomon.store.doctor import diagnose
    from rashomon.store.doctor import repair as run_repair

    checkup = diagnose(db_path)
    for line in checkup.lines():
        click.echo(line)
    if checkup.healthy:
        return
    if not repair:
        click.echo(f"{db_path} needs repair: rerun with --repair", err=True)
        sys.exit(1)
    with click.progressbar(length=checkup.articles or 0, label="repairing", file=sys.stderr) as bar:
        done = run_repair(db_path, progress=bar.update)
    for action in done.actions:
        click.echo(f"repaired\t{action}")
