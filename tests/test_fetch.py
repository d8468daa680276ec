"""Tests for fetch(): every response comes from an httpx.MockTransport, never the network."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from rashomon import __version__
from rashomon.errors import FetchError
from rashomon.sources.fetch import Fetched, fetch, is_url

PAGE = b"<html><body><p>Storm Edda flooded the harbour.</p></body></html>"


def client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetch_returns_final_url_status_body_and_type() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html; charset=ISO-8859-1"})

    fetched = fetch("https://news.example/storm", client=client(handler))
    assert fetched == Fetched(
        url="https://news.example/storm",
        status=200,
        content=PAGE,
        content_type="text/html; charset=ISO-8859-1",
        headers={"content-type": "text/html; charset=ISO-8859-1", "content-length": str(len(PAGE))},
    )
    assert (fetched.media_type, fetched.charset) == ("text/html", "ISO-8859-1")
    assert seen[0].headers["user-agent"] == f"rashomon/{__version__}"


def test_redirects_are_followed_to_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/short":
            return httpx.Response(301, headers={"Location": "https://news.example/2026/storm"})
        return httpx.Response(200, content=PAGE)

    fetched = fetch("https://news.example/short", client=client(handler))
    assert fetched.url == "https://news.example/2026/storm"
    assert fetched.content == PAGE


def test_not_found_names_url_and_status() -> None:
    handler = lambda request: httpx.Response(404)  # noqa: E731
    with pytest.raises(FetchError) as caught:
        fetch("https://news.example/gone", client=client(handler))
    assert str(caught.value) == "https://news.example/gone: HTTP 404 Not Found from https://news.example/gone"


def test_server_error_after_redirect_names_where_it_happened() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/a":
            return httpx.Response(302, headers={"Location": "/b"})
        return httpx.Response(503)

    with pytest.raises(
        FetchError,
        match=r"^https://news\.example/a: HTTP 503 Service Unavailable from https://news\.example/b$",
    ):
        fetch("https://news.example/a", client=client(handler))


def test_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        hop = int(request.url.params.get("hop", "0"))
        return httpx.Response(302, headers={"Location": f"/loop?hop={hop + 1}"})

    with pytest.raises(FetchError, match=r"^https://news\.example/loop: too many redirects \(more than 3\)$"):
        fetch("https://news.example/loop", client=client(handler), max_redirects=3)


def test_redirect_bound_holds_whatever_the_client_allows() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(307, headers={"Location": "/again"})

    http = httpx.Client(transport=httpx.MockTransport(handler), max_redirects=100)
    with pytest.raises(FetchError, match="too many redirects"):
        fetch("https://news.example/start", client=http, max_redirects=2)
    assert len(calls) == 3


def test_too_large_by_declared_length() -> None:
    handler = lambda request: httpx.Response(200, content=b"x" * 2048)  # noqa: E731
    with pytest.raises(FetchError, match=r"^https://news\.example/big: too large: 2048 bytes declared, limit 1024$"):
        fetch("https://news.example/big", client=client(handler), max_bytes=1024)


def test_too_large_while_streaming_stops_reading() -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for index in range(100):
            sent.append(index)
            yield b"y" * 512

    handler = lambda request: httpx.Response(200, content=chunks())  # noqa: E731
    with pytest.raises(FetchError, match=r"^https://news\.example/stream: too large: more than 1024 bytes$"):
        fetch("https://news.example/stream", client=client(handler), max_bytes=1024)
    assert len(sent) < 100


def test_body_at_the_cap_is_read() -> None:
    handler = lambda request: httpx.Response(200, content=b"z" * 1024)  # noqa: E731
    assert fetch("https://news.example/ok", client=client(handler), max_bytes=1024).content == b"z" * 1024


def test_timeout_is_one_line() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("The read operation timed out", request=request)

    with pytest.raises(FetchError) as caught:
        fetch("https://slow.example/story", client=client(handler), timeout=2.5)
    assert str(caught.value) == "https://slow.example/story: timed out after 2.5s"


def test_connection_error_is_one_line() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service\nnot known", request=request)

    with pytest.raises(FetchError) as caught:
        fetch("https://nowhere.example/", client=client(handler))
    assert str(caught.value) == "https://nowhere.example/: request failed: [Errno -2] Name or service not known"


def test_redirect_to_another_scheme_is_refused() -> None:
    handler = lambda request: httpx.Response(302, headers={"Location": "ftp://files.example/story.txt"})  # noqa: E731
    with pytest.raises(
        FetchError,
        match=r"^https://news\.example/x: redirected to a non-http\(s\) URL: ftp://files\.example/story\.txt$",
    ):
        fetch("https://news.example/x", client=client(handler))


def test_non_http_url_is_refused_without_a_request() -> None:
    with pytest.raises(FetchError, match=r"^file:///etc/passwd: not an http\(s\) URL$"):
        fetch("file:///etc/passwd", client=client(lambda request: httpx.Response(200)))


@pytest.mark.parametrize(
    "source, expected",
    [
        ("https://a.example/x", True),
        ("HTTP://A.EXAMPLE", True),
        ("ftp://a.example", False),
        ("news/https.txt", False),
        ("-", False),
    ],
)
def test_is_url(source: str, expected: bool) -> None:
    assert is_url(source) is expected


class SlowClock:
    """A fake monotonic clock; the trickling body below moves it on, so nothing really sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def trickle(clock: SlowClock, sent: list[int], *, chunks: int = 1000) -> Callable[[httpx.Request], httpx.Response]:
    """A handler whose body arrives one byte a second: never a read timeout, never an end."""

    def body() -> Iterator[bytes]:
        for index in range(chunks):
            clock.now += 1.0
            sent.append(index)
            yield b"x"

    return lambda request: httpx.Response(200, content=body(), headers={"Content-Type": "text/html"})


def test_a_body_that_trickles_past_the_deadline_is_cut_off() -> None:
    clock, sent = SlowClock(), []
    with pytest.raises(FetchError) as caught:
        fetch("https://slow.example/story", client=client(trickle(clock, sent)), deadline=30, clock=clock)
    assert str(caught.value) == "https://slow.example/story: did not finish within 30s"
    assert len(sent) == 31  # read stops at the first chunk past the deadline


def test_the_default_deadline_is_a_few_timeouts() -> None:
    clock, sent = SlowClock(), []
    with pytest.raises(FetchError, match=r"^https://slow\.example/story: did not finish within 7\.5s$"):
        fetch("https://slow.example/story", client=client(trickle(clock, sent)), timeout=2.5, clock=clock)


def test_a_slow_body_that_ends_within_the_deadline_is_read() -> None:
    clock, sent = SlowClock(), []
    fetched = fetch(
        "https://slow.example/story", client=client(trickle(clock, sent, chunks=20)), deadline=30, clock=clock
    )
    assert fetched.content == b"x" * 20


def test_the_deadline_spans_redirects() -> None:
    clock = SlowClock()

    def handler(request: httpx.Request) -> httpx.Response:
        clock.now += 4.0  # each hop answers slowly, just within the per-read timeout
        return httpx.Response(302, headers={"Location": f"/hop{len(request.url.path)}"})

    with pytest.raises(FetchError, match=r"^https://slow\.example/a: did not finish within 10s$"):
        fetch("https://slow.example/a", client=client(handler), deadline=10, max_redirects=20, clock=clock)
