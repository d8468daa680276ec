"""What the commands share: option parsing helpers and the rule that library errors become one line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from rashomon.errors import RashomonError

if TYPE_CHECKING:
    from rashomon.comparison.align import AlignOptions

ALIGN_HELP = (
    "Claim aligner: auto (the embedding re-ranker when its model is installed, else lexical), lexical, or an "
    "embedding backend re-scoring the lexical candidates: onnx, sentence-transformers, or RUNTIME:MODEL "
    "(docs/alignment.md)."
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
