"""The `rashomon` command line through click's CliRunner, with exact output where it is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import rashomon
from rashomon.cli import cli
from rashomon.render import render
from report_helpers import CLI_GAZETTE as GAZETTE
from report_helpers import assert_valid_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
EXAMPLE_TITLE = "Canadian Prime Minister Mark Carney's visit to Beijing, January 2026"
WIRE = (
    "About 40,000 households lost electricity as Storm Ingrid swept the northern coast late on Tuesday.\n\n"
    "Ferries to the islands will not sail before Thursday, according to the operator.\n"
)


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input, prog_name="rashomon")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def gazette(tmp_path: Path) -> Path:
    path = tmp_path / "gazette.txt"
    path.write_text(GAZETTE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    """Run the README's command once: the reference story to a JSON and a Markdown report."""
    out = tmp_path_factory.mktemp("out")
    json_path, md_path = out / "carney.json", out / "carney.md"
    result = invoke("compare", str(EXAMPLE), "-o", str(json_path), "-o", str(md_path))
    return result, json_path, md_path


# --- compare --------------------------------------------------------------------------------------


def test_compare_to_two_files_says_where_on_stderr_only(example_run):
    result, json_path, md_path = example_run
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {json_path}\nwrote {md_path}\n"


def test_compare_json_output_is_a_valid_report_of_the_story(example_run):
    _, json_path, _ = example_run
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert_valid_report(data)
    assert data["story"]["title"] == EXAMPLE_TITLE
    assert data["story"]["articles"] == 5


def test_compare_md_output_takes_its_format_from_the_suffix(example_run):
    _, _, md_path = example_run
    assert md_path.read_text(encoding="utf-8").startswith(f"# {EXAMPLE_TITLE}\n")


def test_compare_format_md_to_stdout_is_the_library_rendering():
    result = invoke("compare", str(EXAMPLE), "--format", "md")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == render(rashomon.compare([str(EXAMPLE)]), "md")


def test_compare_defaults_to_json_on_stdout(gazette, tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    result = invoke("compare", str(gazette), str(tmp_path / "wire.txt"))
    assert result.exit_code == 0
    assert_valid_report(json.loads(result.stdout))


def test_compare_dash_output_is_stdout(gazette):
    result = invoke("compare", str(gazette), "-o", "-")
    assert result.stderr == ""
    assert_valid_report(json.loads(result.stdout))


def test_compare_format_option_beats_the_suffix(gazette, tmp_path):
    target = tmp_path / "report.md"
    result = invoke("compare", str(gazette), "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert_valid_report(json.loads(target.read_text(encoding="utf-8")))


def test_compare_reads_stdin_as_an_article(gazette):
    result = invoke("compare", "-", str(gazette), input=WIRE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_valid_report(data)
    assert data["story"]["articles"] == 2
    assert [a["source"] for a in data["articles"]] == ["-", str(gazette)]
    assert data["articles"][0]["text"].startswith("About 40,000 households lost electricity")


def test_compare_needs_a_source():
    result = invoke("compare")
    assert result.exit_code == 2
    assert "give at least one source (file, directory, URL or '-') or --manifest" in result.stderr


def test_compare_reads_the_files_a_manifest_lists(tmp_path):
    import shutil

    story = tmp_path / "story"
    shutil.copytree(EXAMPLE, story)
    result = invoke("compare", "--manifest", str(story / "manifest.json"), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "Global Times" in result.stdout and "Breitbart" in result.stdout


# --- components, version, help --------------------------------------------------------------------


def test_components_lists_what_each_requires_and_assigns():
    result = invoke("components")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "components:",
        "  rashomon.sentences.v2\trequires: -\tassigns: sentences, ner",
        "  rashomon.entities.v1\trequires: sentences, ner\tassigns: entities",
    ]
    assert "  rashomon.compare.claims.v1\trequires: entities, shared_sources\tassigns: claims, omissions" in lines
    assert "  md\tsuffixes: .md .markdown\tfrom: rashomon.render.formats" in lines


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"rashomon, version {rashomon.__version__}\n"


COMMANDS = [[], *([name] for name in sorted(cli.commands))]


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "rashomon" for c in COMMANDS])
def test_help_works_on_every_command(command, flag):
    result = invoke(*command, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: {' '.join(['rashomon', *command])} [OPTIONS]")
    assert "-h, --help" in result.stdout


def test_unknown_command_is_a_usage_error():
    result = invoke("comapre", "examples/carney-beijing")
    assert result.exit_code == 2
    assert "No such command 'comapre'" in result.stderr


def test_eval_without_data_is_a_one_line_error(tmp_path):
    result = invoke("eval", "--eval-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "ECB+ evaluation data not found" in result.stderr and "Traceback" not in result.stderr


def test_compare_on_a_terminal_prints_markdown_and_into_a_pipe_json(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("The ferry sank on Monday, the coast guard said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A ferry sank on Monday off the north coast.\n", encoding="utf-8")
    command = [sys.executable, "-m", "rashomon", "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    piped = subprocess.run(command, capture_output=True, text=True)
    assert piped.returncode == 0 and json.loads(piped.stdout)["schema"] == "rashomon.report/1"
    leader, follower = pty.openpty()  # a real terminal on stdout
    with subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL) as child:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the child exits
                break
            if not chunk:
                break
            chunks.append(chunk)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8")
    assert child.returncode == 0
    assert shown.startswith("# ") and '"schema"' not in shown
