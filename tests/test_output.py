"""Tests for atomic report writing: all or nothing, and clear errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rashomon import output
from rashomon.errors import OutputError
from rashomon.output import write_atomic

REPORT = "# Storm Ingrid\n\nÜber 40.000 Haushalte ohne Strom.\n"


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_utf8_text(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, REPORT)
    assert target.read_bytes() == REPORT.encode("utf-8")
    assert _leftovers(tmp_path) == []


def test_accepts_a_string_path_and_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(str(target), "{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n"


def test_line_endings_are_written_as_given(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "a\nb\r\n")
    assert target.read_bytes() == b"a\nb\r\n"


def test_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, REPORT)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_is_not_private_to_the_temp_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    umask = os.umask(0o022)
    try:
        write_atomic(target, REPORT)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_missing_directory_raises_output_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"
    with pytest.raises(OutputError, match="does not exist") as info:
        write_atomic(target, REPORT)
    assert info.value.path == str(target)
    assert list(tmp_path.iterdir()) == []


def test_file_used_as_directory_raises_output_error(tmp_path: Path) -> None:
    # Permissions do not stop root, but no one can create a file inside a regular file.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(OutputError, match="is not a directory"):
        write_atomic(blocker / "report.json", REPORT)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_directory_as_target_raises_output_error(tmp_path: Path) -> None:
    (tmp_path / "report.json").mkdir()
    with pytest.raises(OutputError, match=r"report\.json: cannot write"):
        write_atomic(tmp_path / "report.json", REPORT)
    assert _leftovers(tmp_path) == []


def test_failed_replace_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text('{"schema": "rashomon.report/1"}\n', encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(OutputError, match="report.json: cannot write: No space left on device"):
        write_atomic(target, REPORT)
    assert target.read_text(encoding="utf-8") == '{"schema": "rashomon.report/1"}\n'
    assert _leftovers(tmp_path) == []


def test_unencodable_text_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot encode the report as UTF-8"):
        write_atomic(target, "lone surrogate \udc80")
    assert target.read_text(encoding="utf-8") == "old report"
    assert _leftovers(tmp_path) == []


def test_error_message_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "a" / "b" / "report.md", REPORT)
    assert "\n" not in str(info.value)
