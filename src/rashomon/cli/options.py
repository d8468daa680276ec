"""What the commands share: option parsing helpers and the rule that library errors become one line."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rashomon.errors import RashomonError

if TYPE_CHECKING:
    import httpx

    from rashomon.comparison.align import AlignOptions

F = TypeVar("F", bound=Callable[..., Any])

ALIGN_HELP = (
    "Claim aligner: auto (the embedding re-ranker when its model is installed, else lexical), lexical (no "
    "sentence encoder at all: loaded language then comes from the lexicon alone), or an embedding backend "
    "re-scoring the lexical candidates: onnx, sentence-transformers, or RUNTIME:MODEL (docs/alignment.md)."
)


def align_options(aligner: str) -> AlignOptions:
    """AlignOptions for --align: auto, lexical, or an embedding backend checked by name."""
    from rashomon.analysis.embeddings import parse_name
    from rashomon.comparison.align import AUTO, AlignOptions

    if aligner.strip().lower() == "lexical":
        return AlignOptions()
    if aligner.strip().lower() == AUTO:
        return AlignOptions(embedding=AUTO)
    parse_name(aligner)  # an unknown runtime is a one-line error before any work
    return AlignOptions(embedding=aligner)


def fetch_options(fn: F) -> F:
    """Add --allow and --allow-private: what a fetch may reach beyond public addresses (sources.netguard)."""
    fn = click.option(
        "--allow-private", is_flag=True, help="Let fetches reach private (RFC 1918, ULA, CGNAT) addresses."
    )(fn)
    return click.option(
        "--allow",
        multiple=True,
        metavar="HOST|CIDR",
        help="A host or network that fetches may reach although it is not public, e.g. localhost (repeatable).",
    )(fn)


def fetch_client(allow: tuple[str, ...], allow_private: bool) -> httpx.Client | None:
    """A client for --allow/--allow-private, or None for the default (public addresses only) when neither is given."""
    if not allow and not allow_private:
        return None
    from rashomon.sources.fetch import new_client
    from rashomon.sources.netguard import AddressPolicy

    return new_client(AddressPolicy(allow=allow, allow_private=allow_private))


DB_ENV = "RASHOMON_DB"

db_option = click.option(
    "--db",
    "db_path",
    envvar=DB_ENV,
    default="rashomon.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help=f"The SQLite store (or set {DB_ENV}).",
)


@contextmanager
def fail_cleanly() -> Iterator[None]:
    """Turn a library error raised inside the block into one line and exit 1 (a traceback only with --debug)."""
    context = click.get_current_context(silent=True)
    debug = bool(context and context.find_root().params.get("debug", False))
    try:
        yield
    except RashomonError as exc:
        if debug:
            raise
        raise click.ClickException(str(exc)) from exc
    except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no traceback
        if debug:
            raise
        click.echo(f"Error: internal error: {exc.__class__.__name__}: {exc} (rerun with --debug)", err=True)
        sys.exit(2)


def handle_errors(fn: F) -> F:
    """Turn library errors into one-line messages; tracebacks only with --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return fn(*args, **kwargs)
        except RashomonError as exc:
            if debug:
                raise
            raise click.ClickException(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no traceback
            if debug:
                raise
            click.echo(f"Error: internal error: {exc.__class__.__name__}: {exc} (rerun with --debug)", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


LIST_FORMATS = ("table", "json", "csv")

list_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(LIST_FORMATS),
    default="table",
    show_default=True,
    help="table (aligned, with a header), json (a list of objects) or csv (with a header).",
)


def print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    """Print records as an aligned table, a JSON list or CSV, each with its column names."""
    import csv
    import io
    import json

    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
        return
    cells = [[str(c) for c in columns]] + [
        ["-" if r[c] is None else " ".join(str(r[c]).split()) for c in columns] for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    for row in cells:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
