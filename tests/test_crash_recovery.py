"""kill -9 in the middle of an ingest, a grouping and a report write, then a rerun: nothing committed is lost,
every article is in a story, and the store checks clean.

Each run is a real `rashomon` process that sends itself SIGKILL at a chosen call (a patched method in a small
driver script), so the kill lands at the same place every time instead of after a guessed delay.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.corpus.stories import is_current
from rashomon.store.doctor import diagnose
from rashomon.store.sqlite import Store
from report_helpers import GAZETTE, WIRE, assert_valid_report

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

DRIVER = """
import os, signal, sys
import {module} as target
calls = 0
holder = getattr(target, {owner!r})
real = getattr(holder, {name!r})

def dying(*args, **kwargs):
    global calls
    calls += 1
    if calls == {at}:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(holder, {name!r}, dying)
from rashomon.cli import cli
cli(sys.argv[1:], prog_name="rashomon")
"""


def run_killed(module: str, owner: str, name: str, at: int, *args: str, cwd: Path | None = None) -> None:
    """Run `rashomon ARGS` with module.owner.name made to SIGKILL the process on its `at`-th call."""
    script = DRIVER.format(module=module, owner=owner, name=name, at=at)
    process = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=cwd,
                             timeout=600, check=False)  # fmt: skip
    assert process.returncode == -signal.SIGKILL, process.stderr


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    process = subprocess.run([sys.executable, "-m", "rashomon", *args], capture_output=True, text=True, cwd=cwd,
                             timeout=600, check=False)  # fmt: skip
    assert process.returncode == 0, process.stderr
    return process


def corpus(path: Path, n: int) -> Path:
    lines = []
    for k in range(n):
        text = (
            f"Council meeting {k} approved a budget of {k} million for ferry route {k % 40} on Tuesday.\n"
            f"The vote on route {k % 40} passed after a long debate about fares and timetables."
        )
        lines.append(json.dumps({"text": text, "title": f"Route {k % 40} vote {k}", "url": f"https://n.example/{k}",
                                 "published": f"2025-03-{1 + k % 27:02d}T09:00:00Z", "outlet": "Gazette"}))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_whole(db: Path, articles: int) -> dict[str, list[str]]:
    """Every article stored once, each in a story, the grouping current, the file clean; return the stories."""
    checkup = diagnose(db)
    assert checkup.integrity == ("ok",) and checkup.search_index == "ok" and checkup.foreign_keys == 0
    with Store.open(db) as store:
        assert store.count("articles") == articles
        assert is_current(store)
        stories = store.story_members()
        assert sorted(a for ids in stories.values() for a in ids) == sorted(a.id for a in store.articles())
    return stories


def test_kill_during_ingest_then_rerun(tmp_path: Path) -> None:
    news = corpus(tmp_path / "news.jsonl", 300)  # five batches of 64
    db = tmp_path / "x.db"
    run_killed("rashomon.store.sqlite", "Store", "add_prepared", 3, "ingest", str(news), "--db", str(db))
    with Store.open(db) as store:
        assert store.count("articles") == 128  # the two batches committed before the kill
    rerun = run("ingest", str(news), "--db", str(db))
    assert "172 stored, 128 duplicates, 0 errors" in rerun.stderr
    assert_whole(db, 300)


def test_kill_during_grouping_then_any_later_command_finishes_it(tmp_path: Path) -> None:
    news = corpus(tmp_path / "news.jsonl", 300)
    reference = tmp_path / "reference.db"
    run("ingest", str(news), "--db", str(reference))
    db = tmp_path / "x.db"
    # Killed after its tenth story was written: the articles are stored, the grouping half done.
    run_killed("rashomon.store.sqlite", "Store", "set_story", 10, "ingest", str(news), "--db", str(db))
    with Store.open(db) as store:
        assert store.count("articles") == 300 and not is_current(store)
    rerun = run("ingest", str(news), "--db", str(db))  # stores nothing; used to leave the grouping unfinished
    assert "0 stored, 300 duplicates" in rerun.stderr
    assert assert_whole(db, 300) == assert_whole(reference, 300)


def test_kill_during_a_report_write_leaves_the_old_report(tmp_path: Path) -> None:
    (tmp_path / "gazette.txt").write_text(GAZETTE, encoding="utf-8")
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    run("compare", "gazette.txt", "wire.txt", "-o", "report.json", "-o", "report.md", cwd=tmp_path)
    old = {name: (tmp_path / name).read_bytes() for name in ("report.json", "report.md")}
    # The second fsync: report.json's temporary file is written, report.md's is being written.
    run_killed("rashomon.output", "os", "fsync", 2, "compare", "wire.txt", "-o", "report.json", "-o", "report.md",
               cwd=tmp_path)  # fmt: skip
    assert {name: (tmp_path / name).read_bytes() for name in old} == old
    assert_valid_report(json.loads(old["report.json"]))
    run("compare", "wire.txt", "-o", "report.json", "-o", "report.md", cwd=tmp_path)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert_valid_report(data)
    assert data["story"]["articles"] == 1
