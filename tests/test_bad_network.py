"""Servers that misbehave: headers that trickle in, pages that cannot be decoded, addresses that cannot be parsed.

Slow servers are real sockets on 127.0.0.1 (tests/loopback.py); the rest are httpx.MockTransport handlers.
"""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from loopback import page, serve, trickled_headers
from rashomon.cli import cli
from rashomon.corpus.poll import poll
from rashomon.errors import FetchError
from rashomon.sources.fetch import fetch, new_client
from rashomon.sources.netguard import AddressPolicy
from rashomon.sources.read import read_story
from rashomon.store.sqlite import Store

REFUSED = "request failed: refused to connect: 127.0.0.1 is a loopback address (not on the allow-list)"

# Fetches refuse this machine's addresses unless told otherwise; the test servers live on it.
LOCAL = AddressPolicy(allow=("127.0.0.1",))

STORY = (
    "<html><head><title>Ferry fares</title></head><body><article>"
    + "".join(
        f"<p>The council approved part {n} of the ferry budget on Tuesday after a long debate about fares.</p>"
        for n in range(4)
    )
    + "</article></body></html>"
).encode()

# Thirty header lines, one every half second: fifteen seconds, no single read ever waiting a second.
SLOW = trickled_headers(30, 0.5)


def test_headers_that_trickle_in_are_cut_off_at_the_deadline() -> None:
    with serve(lambda path: SLOW) as base:
        with pytest.raises(FetchError) as caught:
            fetch(
                f"{base}/story", timeout=1, deadline=2, policy=LOCAL
            )  # read for 15 s before: the deadline began after headers
    assert str(caught.value) == f"{base}/story: did not finish within 2s"


def test_the_deadline_holds_for_an_injected_client_too() -> None:
    with serve(lambda path: SLOW) as base, httpx.Client() as client:
        with pytest.raises(FetchError, match=r"did not finish within 2s$"):
            fetch(f"{base}/story", client=client, timeout=1, deadline=2)


def test_a_prompt_server_is_read_as_before() -> None:
    with serve(lambda path: page(STORY)) as base, new_client(LOCAL) as client:
        fetched = fetch(f"{base}/story", client=client, timeout=5)
    assert fetched.content == STORY and fetched.media_type == "text/html"


def test_compare_skips_a_url_whose_headers_trickle(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wire.txt").write_text(
        "Ferry fares will rise by a tenth from April, the council said on Tuesday after a long debate.\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(fetch.__kwdefaults__, "timeout", 1.0)  # compare's fetch: deadline three timeouts
    with serve(lambda path: SLOW) as base, new_client(LOCAL) as client:
        documents = read_story([f"{base}/slow", "wire.txt"], client=client, strict=False)
    assert [d.source for d in documents.documents] == ["wire.txt"]
    assert [str(e) for e in documents.skipped] == [f"{base}/slow: did not finish within 3s"]


def test_poll_records_a_feed_whose_headers_trickle_and_goes_on(tmp_path) -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Fast</title>'
        b"<item><title>Fares</title><link>/news/1</link></item></channel></rss>"
    )

    def route(path: str):
        if path == "/slow.xml":
            return SLOW
        if path == "/fast.xml":
            return page(feed, "application/rss+xml")
        return page(STORY)

    with serve(route) as base, Store.open(tmp_path / "x.db") as store:
        store.add_feed(f"{base}/slow.xml")
        store.add_feed(f"{base}/fast.xml")
        with new_client(LOCAL) as client:
            counts = poll(store, client=client, delay=0, timeout=1)
        errors = store.errors()
    assert (counts.feeds, counts.stored, counts.errors) == (2, 1, 1)
    assert errors[0]["reason"] == f"feed {base}/slow.xml: did not finish within 3s"


def test_poll_from_the_command_line_is_not_held_by_a_slow_server(tmp_path) -> None:
    db = str(tmp_path / "x.db")
    with serve(lambda path: SLOW) as base:
        assert CliRunner().invoke(cli, ["feeds", "add", f"{base}/feed.xml", "--db", db]).exit_code == 0
        result = CliRunner().invoke(cli, ["poll", "--db", db, "--timeout", "1", "--delay", "0", "--allow", "127.0.0.1"])
        with Store.open(db) as store:
            reason = store.errors()[0]["reason"]
    assert result.exit_code == 0, result.output
    assert "1 feeds (0 not modified): 0 stored, 0 duplicates, 1 errors" in result.stderr
    assert reason == f"feed {base}/feed.xml: did not finish within 3s"


def test_a_fetch_refuses_this_machine_unless_allowed() -> None:
    with serve(lambda path: page(STORY)) as base:
        with pytest.raises(FetchError) as caught:
            fetch(f"{base}/story", timeout=5)
        assert fetch(f"{base}/story", timeout=5, policy=LOCAL).content == STORY
    assert str(caught.value) == f"{base}/story: {REFUSED}"


def test_an_allowed_host_cannot_redirect_a_fetch_to_a_metadata_address() -> None:
    moved = [(b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/\r\nContent-Length: 0\r\n\r\n", 0.0)]
    with serve(lambda path: moved) as base:
        with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a cloud metadata address"):
            fetch(f"{base}/story", timeout=5, policy=LOCAL)


def test_compare_reaches_a_local_server_only_with_allow(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wire.txt").write_text(
        "Ferry fares will rise by a tenth from April, the council said on Tuesday after a long debate.\n",
        encoding="utf-8",
    )
    with serve(lambda path: page(STORY)) as base:
        refused = CliRunner().invoke(cli, ["compare", f"{base}/story", "wire.txt", "--nlp", "blank:en", "-o", "a.json"])
        allowed = CliRunner().invoke(
            cli, ["compare", f"{base}/story", "wire.txt", "--nlp", "blank:en", "--allow", "localhost", "--allow",
                  "127.0.0.1", "-o", "b.json"]
        )  # fmt: skip
    assert refused.exit_code == 0 and allowed.exit_code == 0, (refused.output, allowed.output)
    assert f"skipped {base}/story: {REFUSED}" in refused.stderr
    assert "skipped" not in allowed.stderr
    assert json.loads((tmp_path / "b.json").read_text())["story"]["articles"] == 2


def test_poll_refuses_a_feed_on_this_machine_by_default(tmp_path) -> None:
    db = str(tmp_path / "x.db")
    with serve(lambda path: page(STORY)) as base:
        CliRunner().invoke(cli, ["feeds", "add", f"{base}/feed.xml", "--db", db])
        result = CliRunner().invoke(cli, ["poll", "--db", db, "--delay", "0"])
    with Store.open(db) as store:
        reasons = [e["reason"] for e in store.errors()]
    assert result.exit_code == 0, result.output
    assert reasons == [f"feed {base}/feed.xml: {REFUSED}"]


def test_one_page_a_reader_fails_on_does_not_end_the_poll(tmp_path, monkeypatch) -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        b"<item><title>One</title><link>https://g.example/news/1</link></item>"
        b"<item><title>Two</title><link>https://g.example/news/2</link></item>"
        b"<item><title>Three</title><link>https://g.example/news/3</link></item>"
        b"</channel></rss>"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rss.xml":
            return httpx.Response(200, content=feed, headers={"Content-Type": "application/rss+xml"})
        n = request.url.path[-1]
        body = STORY.replace(b"part ", f"item {n} part ".encode())
        charset = "undefined" if n == "2" else "utf-8"  # "undefined" is a Python codec that raises UnicodeError
        return httpx.Response(200, content=body, headers={"Content-Type": f"text/html; charset={charset}"})

    import rashomon.corpus.poll as polling

    def broken_for_three(*args: object, **kwargs: object):
        if str(args[0]).endswith("/3"):
            raise RecursionError("maximum recursion depth exceeded")  # a reader failing on a pathological page
        return real(*args, **kwargs)

    real = polling._read_page
    monkeypatch.setattr(polling, "_read_page", broken_for_three)
    with Store.open(tmp_path / "x.db") as store:
        store.add_feed("https://g.example/rss.xml")
        counts = poll(store, client=httpx.Client(transport=httpx.MockTransport(handler)), delay=0)
        reasons = [e["reason"] for e in store.errors()]
    assert (counts.stored, counts.errors) == (2, 1)  # page 2 is decoded despite its charset; page 3 recorded
    assert reasons == ["could not be read (RecursionError: maximum recursion depth exceeded)"]


@pytest.mark.parametrize("url", ["http://[::1/x", "https://:80/", "http://a.example:port/"])
def test_an_address_that_cannot_be_parsed_is_a_fetch_error(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(url, client=httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200))))
    assert str(caught.value).startswith(f"{url}: ")
