"""docs/cli.md is every command's --help, generated here; every command's docstring ends with an Example:.

Regenerate the reference after changing a command:

    .venv-dev/bin/python tests/test_docs.py
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import cli

CLI_DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
REGENERATE = ".venv-dev/bin/python tests/test_docs.py"
# A fixed width keeps the generated help independent of the terminal that runs the tests.
WIDTH = 80
COMMANDS = [(), *((name,) for name in sorted(cli.commands))]
HEADER = f"""\
# Command-line reference

<!-- Generated from each command's --help by tests/test_docs.py; do not edit by hand.
     Regenerate with: {REGENERATE} -->

Every command takes `-h` or `--help`. Data goes to stdout and progress to stderr; errors are one line on
stderr, with a traceback only under `rashomon --debug`.
"""


def command_help(*names: str) -> str:
    """Return the --help text of `rashomon NAMES...` at the fixed width."""
    ctx = cli.make_context("rashomon", [], resilient_parsing=True, terminal_width=WIDTH)
    command = cli
    for name in names:
        command = cli.commands[name]
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return command.get_help(ctx)


def render_cli_reference() -> str:
    """Return docs/cli.md: the header, then each command's help in a fenced block."""
    sections = [HEADER]
    for names in COMMANDS:
        title = " ".join(("rashomon", *names))
        sections.append(f"## `{title}`\n\n```text\n{command_help(*names)}\n```\n")
    return "\n".join(sections)


def test_cli_reference_is_up_to_date():
    expected = render_cli_reference()
    if CLI_DOC.read_text(encoding="utf-8") != expected:
        pytest.fail(f"docs/cli.md differs from the commands' --help; regenerate it with: {REGENERATE}")


@pytest.mark.parametrize("names", COMMANDS, ids=[" ".join(n) or "rashomon" for n in COMMANDS])
def test_reference_help_is_what_the_command_prints(names):
    result = CliRunner().invoke(cli, [*names, "--help"], prog_name="rashomon", terminal_width=WIDTH)
    assert result.stdout == command_help(*names) + "\n"


def test_command_listing_shows_whole_summaries():
    assert "..." not in command_help().split("Commands:")[1]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_docstring_ends_with_an_example(name):
    docstring = inspect.cleandoc(cli.commands[name].help or "")
    assert re.search(rf"\n\n\x08\nExample:\n    rashomon {name}\b[^\n]*\Z", docstring), docstring


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_help_shows_the_example_unwrapped(name):
    assert re.search(rf"^  Example:\n      rashomon {name}\b", command_help(name), re.MULTILINE)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_a_one_line_summary(name):
    assert cli.commands[name].get_short_help_str(limit=200).endswith(".")


if __name__ == "__main__":
    CLI_DOC.write_text(render_cli_reference(), encoding="utf-8")
    print(f"wrote {CLI_DOC}")
