"""Engines: a pure function gives the serial results, in input order, in a process pool and on Dask workers.

Each engine starts once for the module (a Dask LocalCluster of two single-threaded worker processes on
127.0.0.1, no dashboard), and the last test checks that closing one leaves no worker process behind.
"""

from __future__ import annotations

import json
import os
import pickle
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from rashomon.corpus.ingest import ingest
from rashomon.corpus.prepare import Prepared, Task, prepare_batch
from rashomon.corpus.stories import regroup
from rashomon.engines import ENGINES, Engine, open_engine
from rashomon.errors import ComponentError, EmptySource, InputError, OutputError, PipelineError, RashomonError
from rashomon.model.records import Document
from rashomon.sources.read import read_story
from rashomon.store.sqlite import Store

REFERENCE = Path(__file__).parent.parent / "examples" / "carney-beijing"
RAIL = ("Thousands of rail workers in Britain walked out on Thursday in a dispute over pay, halting trains from "
        "London to Glasgow. The RMT union said its members rejected an offer of four percent.")  # fmt: skip


def squared_slowly(n: int) -> int:
    """n * n; early items take longest, so a pool finishes them last."""
    time.sleep(0.02 if n < 4 else 0)
    return n * n


@pytest.fixture(scope="module")
def dask_engine() -> Iterator[Engine]:
    pytest.importorskip("distributed")
    with open_engine("dask", workers=2) as opened:
        yield opened


@pytest.fixture(scope="module", params=["serial", "process", "dask"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    if request.param == "dask":
        yield request.getfixturevalue("dask_engine")
        return
    with open_engine(request.param, workers=2) as opened:
        yield opened


def documents() -> list[Document]:
    """The reference story's five articles, two hand-written ones and one with no text."""
    return [
        *read_story([str(REFERENCE)]).documents,
        Document(source="rail-1", title="Rail workers strike over pay", text=RAIL, outlet="Gazette"),
        Document(source="rail-2", title="Trains halted", text=RAIL.replace("Thursday", "Friday"), outlet="Courier"),
        Document(source="blank", text="   \n"),
    ]


def comparable(prepared: Prepared) -> tuple:
    """A Prepared as plain values (Features hold a numpy array, which == cannot compare)."""
    found = prepared.features.to_dict() if prepared.features is not None else None
    return prepared.source, prepared.record, prepared.error, prepared.article, found


def test_results_come_in_input_order(engine: Engine) -> None:
    assert list(engine.imap(squared_slowly, range(40))) == [n * n for n in range(40)]


def test_prepare_batch_gives_the_serial_results(engine: Engine) -> None:
    tasks = [Task(document=d, source=d.source, record=n) for n, d in enumerate(documents())]
    batches = [tasks[i : i + 3] for i in range(0, len(tasks), 3)]
    serial = [comparable(p) for p in prepare_batch(tasks)]
    remote = [comparable(p) for batch in engine.imap(prepare_batch, batches) for p in batch]
    assert remote == serial
    assert serial[-1][2] is not None and all(row[3] is not None for row in serial[:-1])  # the blank one failed


def test_an_error_on_a_worker_reaches_the_caller_as_itself(engine: Engine) -> None:
    results = engine.imap(int, ["1", "2", "x", "4"])
    assert (next(results), next(results)) == (1, 2)
    with pytest.raises(ValueError, match=r"invalid literal for int\(\) with base 10: 'x'") as raised:
        next(results)
    assert type(raised.value) is ValueError


def test_a_rashomon_error_on_a_worker_reaches_the_caller_as_itself(engine: Engine) -> None:
    task = Task(document=documents()[5], source="rail-1", pipeline=("no_such_component",))
    with pytest.raises(PipelineError, match="unknown component 'no_such_component'"):
        list(engine.imap(prepare_batch, [[task]]))


def test_a_caller_that_stops_early_leaves_the_engine_usable(engine: Engine) -> None:
    assert next(iter(engine.imap(squared_slowly, range(100)))) == 0
    assert list(engine.imap(squared_slowly, [7, 8])) == [49, 64]


def write_rail_corpus(path: Path) -> Path:
    """Five versions of the rail story from five outlets over three days, as JSONL."""
    rows = [{"text": RAIL.replace("four", word), "title": f"Rail strike: offer of {word} percent rejected",
             "outlet": f"Outlet {n}", "published": f"2025-03-0{n % 3 + 1}T09:00:00Z"}
            for n, word in enumerate(["four", "five", "six", "4.5", "three"])]  # fmt: skip
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_grouping_is_the_same_when_analysis_ran_on_the_engine(engine: Engine, tmp_path: Path) -> None:
    corpus = write_rail_corpus(tmp_path / "rail.jsonl")
    sources = [str(REFERENCE), str(corpus)]
    with Store.open(tmp_path / "here.db") as here, Store.open(tmp_path / "there.db") as there:
        assert ingest(sources, here, engine=None, batch_size=2) == ingest(sources, there, engine=engine, batch_size=2)
        regroup(here)
        regroup(there)
        assert there.story_members() == here.story_members()
        assert len(here.story_members()) < here.count() == 10  # some articles were grouped together
        features = "SELECT article_id, version, data FROM features ORDER BY article_id"
        assert there.db.execute(features).fetchall() == here.db.execute(features).fetchall()


def test_a_scheduler_address_that_does_not_answer_fails_quickly_in_one_line() -> None:
    pytest.importorskip("distributed")
    with socket.socket() as probe:  # a port nothing listens on: bound, then released
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.perf_counter()
    with pytest.raises(RashomonError) as raised:
        open_engine(f"dask://127.0.0.1:{port}", timeout=2)
    assert time.perf_counter() - start < 2
    message = str(raised.value)
    assert message.startswith(f"cannot use the Dask scheduler at tcp://127.0.0.1:{port}: ") and "\n" not in message


def test_a_scheduler_with_no_workers_fails_after_the_timeout() -> None:
    distributed = pytest.importorskip("distributed")
    options = {"dashboard_address": None, "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", silence_logs=40,
                                  **options) as cluster:  # fmt: skip
        with pytest.raises(RashomonError, match=r"at tcp://127\.0\.0\.1:\d+: no worker joined within 0\.5 s$"):
            open_engine(cluster.scheduler_address.replace("tcp://", "dask://"), timeout=0.5)


def test_an_existing_scheduler_runs_the_work(dask_engine: Engine) -> None:
    address = dask_engine.address.replace("tcp://", "dask://")  # type: ignore[attr-defined]
    with open_engine(address, timeout=5) as remote:
        assert remote.workers == 2
        assert list(remote.imap(squared_slowly, range(10))) == [n * n for n in range(10)]


def test_an_unknown_engine_lists_the_names() -> None:
    with pytest.raises(RashomonError) as raised:
        open_engine("nope")
    assert str(raised.value) == "unknown engine 'nope'; use one of: serial, process, dask, or dask://HOST:PORT"
    assert all(name in str(raised.value) for name in ENGINES)


def test_workers_must_be_positive() -> None:
    with pytest.raises(RashomonError, match="workers must be 1 or more, not 0"):
        open_engine("process", workers=0)


@pytest.mark.parametrize("name", ["process", "dask"])
def test_closing_leaves_no_worker_process(name: str) -> None:
    if name == "dask":
        pytest.importorskip("distributed")
    with open_engine(name, workers=2) as opened:
        assert list(opened.imap(squared_slowly, range(4))) == [0, 1, 4, 9]
        if name == "dask":
            workers = [psutil.Process(pid) for pid in opened._client.run(os.getpid).values()]  # type: ignore[attr-defined]
        else:
            workers = [psutil.Process(pid) for pid in opened._pool._processes]  # type: ignore[attr-defined]
    assert len(workers) == 2
    psutil.wait_procs(workers, timeout=5)
    assert [p for p in workers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == []


@pytest.mark.parametrize("error", [
    InputError("a.txt", "no article text left after cleaning"),
    EmptySource("b.txt", "empty"),
    ComponentError("quotes", "abc123", ValueError("bad span")),
    OutputError("out.json", "cannot write"),
    PipelineError("unknown component 'x'"),
])  # fmt: skip
def test_errors_survive_a_trip_to_another_process(error: Exception) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
