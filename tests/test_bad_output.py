"""Outputs that must not be destroyed: devices, links, several outputs of which one fails, a full stdout."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.errors import OutputError
from rashomon.output import check_target, write_all
from report_helpers import assert_valid_report, two_articles
from test_bad_input import assert_one_line_error, invoke


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in `tmp_path` with two good articles, gazette.txt and wire.txt."""
    monkeypatch.chdir(tmp_path)
    return two_articles(tmp_path)


def _report(root: Path, name: str = "report.json") -> bytes:
    assert invoke("compare", "gazette.txt", "wire.txt", "-o", name).exit_code == 0
    return (root / name).read_bytes()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_device_is_never_replaced(story):
    before = os.stat("/dev/full")
    # Replaced the device node with a regular file and exited 0 (as root, whoever ran it).
    assert_one_line_error(invoke("compare", "gazette.txt", "-o", "/dev/full"), "/dev/full", "a character device")
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_fifo_is_never_replaced_or_written(story):
    os.mkfifo(story / "pipe.json")
    assert_one_line_error(invoke("compare", "gazette.txt", "-o", "pipe.json"), "pipe.json", "a FIFO")
    assert stat.S_ISFIFO(os.stat(story / "pipe.json").st_mode)


def test_a_link_is_followed_and_kept(story):
    (story / "reports").mkdir()
    (story / "reports" / "latest.json").write_text("{}", encoding="utf-8")
    os.symlink(os.path.join("reports", "latest.json"), story / "report.json")
    assert invoke("compare", "gazette.txt", "wire.txt", "-o", "report.json").exit_code == 0
    assert os.path.islink(story / "report.json")  # the link used to be replaced by a regular file
    assert_valid_report(json.loads((story / "reports" / "latest.json").read_text(encoding="utf-8")))
    assert sorted(os.listdir(story / "reports")) == ["latest.json"]  # no temporary file left beside it


def test_a_link_to_nothing_is_refused(story):
    os.symlink("missing.json", story / "report.json")
    assert_one_line_error(invoke("compare", "gazette.txt", "-o", "report.json"), "report.json", "link to nothing")
    assert not os.path.exists(story / "missing.json")


def test_a_link_loop_is_refused(story):
    os.symlink("b.json", story / "a.json")
    os.symlink("a.json", story / "b.json")
    assert_one_line_error(invoke("compare", "gazette.txt", "-o", "a.json"), "a.json", "symbolic link loop")


def test_an_output_that_cannot_be_written_stops_the_run_before_any_work(story, monkeypatch):
    good = _report(story)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("compared although an output could not be written")

    monkeypatch.setattr("rashomon.comparison.compare.compare", never)
    result = invoke("compare", "gazette.txt", "-o", "report.json", "-o", "nowhere/report.md")
    assert_one_line_error(result, "nowhere/report.md", "directory nowhere does not exist")
    assert (story / "report.json").read_bytes() == good


def test_when_the_second_output_fails_the_first_is_left_as_it_was(story, monkeypatch):
    good = _report(story)
    synced = []

    def second_disk_full(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("rashomon.output.os.fsync", second_disk_full)
    result = invoke("compare", "gazette.txt", "-o", "report.json", "-o", "report.md")
    assert_one_line_error(result, "report.md", "No space left on device (disk full)")
    assert (story / "report.json").read_bytes() == good  # was replaced although report.md failed
    assert sorted(os.listdir(story)) == ["gazette.txt", "report.json", "wire.txt"]


def test_write_all_replaces_nothing_when_one_output_fails(tmp_path):
    (tmp_path / "a.txt").write_text("old a", encoding="utf-8")
    with pytest.raises(OutputError, match=r"a\.txt/c\.txt: cannot write: .*a\.txt is not a directory"):
        write_all([(str(tmp_path / "a.txt"), "new a"), (str(tmp_path / "a.txt" / "c.txt"), "new c")])
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old a"


def test_check_target_follows_links_to_the_file_they_name(tmp_path):
    (tmp_path / "real.json").write_text("{}", encoding="utf-8")
    os.symlink("real.json", tmp_path / "one.json")
    os.symlink("one.json", tmp_path / "two.json")
    assert check_target(str(tmp_path / "two.json")) == str(tmp_path / "real.json")
    assert check_target(str(tmp_path / "new.json")) == str(tmp_path / "new.json")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_stdout_is_one_line_naming_stdout(story):
    with open("/dev/full", "w") as full:
        process = subprocess.run(
            [sys.executable, "-m", "rashomon", "compare", "gazette.txt", "wire.txt"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert process.returncode == 1
    assert process.stderr.splitlines() == ["Error: <stdout>: cannot write: No space left on device"]


def test_a_closed_stdout_pipe_is_one_line_and_files_stay(story):
    good = _report(story)
    command = f"{sys.executable} -m rashomon compare gazette.txt wire.txt -o report.json -o - | head -c 0"
    process = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert process.stderr.splitlines()[-1:] == ["Error: <stdout>: cannot write: Broken pipe"]
    assert (story / "report.json").read_bytes() == good  # stdout failed first: no file was replaced
