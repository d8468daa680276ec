"""Shared by the web app's tests: a small store with two stories, a local page server, and a live app server.

Every server here listens on 127.0.0.1; nothing contacts any other address.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from rashomon.corpus.prepare import Task, prepare
from rashomon.corpus.stories import compare_story, regroup
from rashomon.model.records import Document
from rashomon.store.sqlite import Store

HARBOUR = Path(__file__).parent / "fixtures" / "stories" / "harbour-strike"
TOKEN = "test-token-0123456789abcdef"
HOSTILE_TITLE = '<script>alert("title")</script> Council "vote" <b>rigged</b>'
HOSTILE_TEXT = (
    "The council <script>alert('text')</script> voted on the lighthouse repairs on Tuesday. "
    '<img src=x onerror="alert(1)"> The mayor said the budget was "settled". '
    "Residents asked for the minutes to be published before the summer recess. " * 3
)


@dataclass(frozen=True)
class Built:
    """What the sample store holds: the harbour story (compared), the hostile one, and an article of each."""

    path: Path
    harbour: str
    hostile: str
    harbour_article: str
    hostile_article: str


def _store(store: Store, document: Document) -> str:
    prepared = prepare(Task(document=document, source=document.source))
    assert prepared.article is not None, prepared.error
    store.add_prepared([(prepared.article, prepared.features, None)])
    return prepared.article.id


def build_store(path: Path, *, compare: bool = True) -> Built:
    """Write the sample store at `path`: three outlets on the harbour strike, one hostile council story."""
    with Store.open(path) as store:
        outlets = {"daily": "Valmora Daily", "tribune": "Harbour Tribune", "wire": "Coastal Wire"}
        ids = []
        for name, outlet in outlets.items():
            text = (HARBOUR / f"{name}.txt").read_text(encoding="utf-8")
            ids.append(
                _store(
                    store,
                    Document(
                        source=f"{name}.txt",
                        text=text,
                        outlet=outlet,
                        title=f"Dockers strike at Valmora ({outlet})",
                        published=datetime(2026, 3, 2, 9, tzinfo=UTC),
                    ),
                )
            )
        hostile = _store(
            store,
            Document(
                source="hostile.txt",
                text=HOSTILE_TEXT,
                outlet="<i>Evil</i> Gazette",
                title=HOSTILE_TITLE,
                url="javascript:alert(1)",
                published=datetime(2026, 2, 1, tzinfo=UTC),
            ),
        )
        regroup(store)
        members = store.story_members()
        harbour = next(s for s, m in members.items() if ids[0] in m)
        council = next(s for s, m in members.items() if hostile in m)
        assert set(members[harbour]) == set(ids), members
        if compare:
            compare_story(store, harbour)
    return Built(path=path, harbour=harbour, hostile=council, harbour_article=ids[0], hostile_article=hostile)


def copy_store(built: Built, to: Path) -> Built:
    """A copy of the sample store at `to`, so a test may write to it."""
    shutil.copyfile(built.path, to)
    return Built(
        path=to,
        harbour=built.harbour,
        hostile=built.hostile,
        harbour_article=built.harbour_article,
        hostile_article=built.hostile_article,
    )


ARTICLE_PAGE = (
    b"<html><head><title>Ferry fares rise</title></head><body><article><h1>Ferry fares rise</h1>"
    + b"<p>The ferry operator raised fares by ten percent on Monday, citing fuel costs and new safety rules.</p>" * 6
    + b"</article></body></html>"
)


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = ARTICLE_PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def page_server() -> Iterator[int]:
    """An article page served on 127.0.0.1; yields its port."""
    server = HTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Run `app` with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):  # bounded by count, not by a clock
        if server.started:
            break
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def wait_for(check: Any, *, tries: int = 600, pause: float = 0.1) -> Any:
    """Call `check` until it returns something true (at most `tries` times); return that."""
    for _ in range(tries):
        found = check()
        if found:
            return found
        time.sleep(pause)
    raise AssertionError(f"{check} never became true")
