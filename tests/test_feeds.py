"""Feeds: poll RSS/Atom into the store with conditional GET and per-host politeness; every response is mocked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from rashomon.cli import cli
from rashomon.corpus import poll as feeds
from rashomon.corpus.poll import Politeness, PollCounts, poll
from rashomon.store.sqlite import Store

FEED_URL = "https://gazette.example/rss.xml"
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 04 Mar 2025 10:00:00 GMT"

Handler = Callable[[httpx.Request], httpx.Response]


def rss(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate></item>"
        for title, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>The Gazette</title>'
        f"<link>https://gazette.example/</link>{entries}</channel></rss>"
    ).encode()


def page(n: int) -> bytes:
    paragraphs = "".join(
        f"<p>The council approved item {n}.{i} of the ferry budget on Tuesday after a long debate about fares.</p>"
        for i in range(4)
    )
    return f"<html><head><title>Page {n}</title></head><body><article>{paragraphs}</article></body></html>".encode()


TWO_ITEMS = rss(("Ferry budget passes", "https://gazette.example/news/1"), ("Fares to rise", "/news/2?utm_source=rss"))


class Site:
    """A mock site: the feed (honouring If-None-Match) and article pages; every request is kept."""

    def __init__(self, feed: bytes = TWO_ITEMS, *, pages: dict[str, Handler] | None = None) -> None:
        self.feed = feed
        self.pages = pages or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        if url == FEED_URL:
            if request.headers.get("if-none-match") == ETAG:
                return httpx.Response(304, headers={"ETag": ETAG})
            return httpx.Response(
                200,
                content=self.feed,
                headers={"Content-Type": "application/rss+xml", "ETag": ETAG, "Last-Modified": LAST_MODIFIED},
            )
        path = request.url.path
        if path in self.pages:
            return self.pages[path](request)
        if path.startswith("/news/"):
            return httpx.Response(
                200, content=page(int(path.rsplit("/", 1)[1])), headers={"Content-Type": "text/html; charset=utf-8"}
            )
        return httpx.Response(404)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def urls(self) -> list[str]:
        return [str(request.url) for request in self.requests]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "r.db") as opened:
        opened.add_feed(FEED_URL)
        yield opened


def run(store: Store, site: Site, **options: object) -> PollCounts:
    sleeps: list[float] = []
    return poll(store, client=site.client(), delay=0, sleep=sleeps.append, **options)


def test_two_entries_are_stored_with_the_feeds_metadata(store: Store) -> None:
    site = Site()
    assert run(store, site) == PollCounts(feeds=1, stored=2)
    second, first = sorted(store.articles(), key=lambda article: article.title)
    assert (first.title, first.outlet, first.url) == (
        "Ferry budget passes",
        "The Gazette",
        "https://gazette.example/news/1",
    )
    assert second.title == "Fares to rise" and second.url.startswith("https://gazette.example/news/2")
    assert first.published.isoformat() == "2025-03-04T09:00:00+00:00"
    assert "ferry budget" in first.text
    assert store.count("features") == 2  # grouping features stored with the articles, as ingest does
    [feed] = store.feeds()
    assert (feed.title, feed.etag, feed.last_modified) == ("The Gazette", ETAG, LAST_MODIFIED)
    assert feed.last_polled is not None
    assert site.requests[0].headers["accept"].startswith("application/rss+xml")


def test_second_poll_sends_the_etag_and_a_304_stores_nothing(store: Store) -> None:
    run(store, Site())
    site = Site()
    assert run(store, site) == PollCounts(feeds=1, not_modified=1)
    [request] = site.requests
    assert request.headers["if-none-match"] == ETAG
    assert request.headers["if-modified-since"] == LAST_MODIFIED
    assert store.count() == 2 and store.errors() == []


def test_a_changed_feed_fetches_only_the_new_pages(store: Store) -> None:
    run(store, Site())
    store.update_feed(FEED_URL, etag=None, last_modified=None, title=None)  # as if the feed had changed
    site = Site(
        rss(
            ("Ferry budget passes", "https://gazette.example/news/1#top"),
            ("Fares to rise", "https://gazette.example/news/2"),
            ("Harbour reopens", "https://gazette.example/news/3"),
        )
    )
    assert run(store, site) == PollCounts(feeds=1, stored=1, duplicates=2)
    assert site.urls() == [FEED_URL, "https://gazette.example/robots.txt", "https://gazette.example/news/3"]
    assert store.count() == 3


def test_a_feed_that_is_an_html_page_is_a_recorded_error_and_the_run_goes_on(store: Store) -> None:
    html_url = "https://blog.example/"
    store.add_feed(html_url)

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == html_url:
            return httpx.Response(200, content=page(9), headers={"Content-Type": "text/html"})
        return site(request)

    site = Site()
    counts = poll(store, client=httpx.Client(transport=httpx.MockTransport(handler)), delay=0)
    assert counts == PollCounts(feeds=2, stored=2, errors=1)
    [error] = store.errors()
    assert error["source"] == html_url and error["record"] is None
    assert error["reason"] == f"feed {html_url}: not an RSS or Atom feed (got text/html); give the feed's own URL"


def test_failed_page_fetches_are_recorded_and_the_other_entries_stored(store: Store) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("the page never finishes", request=request)

    feed = rss(
        ("Ferry budget passes", "https://gazette.example/news/1"),
        ("Server error", "https://gazette.example/broken"),
        ("Never finishes", "https://gazette.example/slow"),
        ("Not a page", "https://gazette.example/logo.png"),
        ("Fares to rise", "https://gazette.example/news/2"),
    )
    site = Site(
        feed,
        pages={
            "/broken": lambda request: httpx.Response(500),
            "/slow": timeout,
            "/logo.png": lambda request: httpx.Response(
                200, content=b"\x89PNG\r\n\x1a\n\x00\x00", headers={"Content-Type": "image/png"}
            ),
        },
    )
    assert run(store, site, timeout=3) == PollCounts(feeds=1, stored=2, errors=3)
    reasons = {error["record"]: error["reason"] for error in store.errors()}
    assert reasons["https://gazette.example/broken"].startswith("HTTP 500")
    assert reasons["https://gazette.example/slow"] == "timed out after 3s"
    assert "image/png" in reasons["https://gazette.example/logo.png"]
    assert {error["source"] for error in store.errors()} == {FEED_URL}


def test_an_unreachable_feed_is_a_recorded_error(store: Store) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("name does not resolve", request=request)

    counts = poll(store, client=httpx.Client(transport=httpx.MockTransport(handler)), delay=0)
    assert counts == PollCounts(feeds=1, errors=1)
    [error] = store.errors()
    assert error["reason"] == f"feed {FEED_URL}: request failed: name does not resolve"
    assert store.feeds()[0].etag is None


def test_an_entry_without_a_link_is_recorded(store: Store) -> None:
    feed = TWO_ITEMS.replace(
        b"<item><title>Fares", b"<item><title>Mailto</title><link>mailto:a@b.example</link></item><item><title>Fares"
    )
    assert run(store, Site(feed)) == PollCounts(feeds=1, stored=2, errors=1)
    [error] = store.errors()
    assert (error["record"], error["reason"]) == ("Mailto", "entry has no http(s) link (mailto:a@b.example)")


def test_the_injected_sleep_spaces_requests_to_one_host() -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    polite = Politeness(2.0, clock=lambda: now[0], sleep=sleep)
    for url in ("https://a.example/1", "https://b.example/1", "https://A.example/2"):
        with polite.request(url):
            now[0] += 0.5  # the request itself
    assert sleeps == [2.0 - 0.5]  # b.example is a different host; a.example waited for the rest


def test_poll_sleeps_between_requests_to_the_feeds_host(store: Store) -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    poll(store, client=Site().client(), delay=1.5, clock=lambda: now[0], sleep=sleep)
    assert sleeps == [1.5, 1.5, 1.5]  # feed, robots.txt, page 1, page 2: all on gazette.example


ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: rashomon\nDisallow: /news/2\nCrawl-delay: 4\n"


def robots_site(body: bytes | None, status: int = 200) -> Site:
    """The gazette with a robots.txt answering `status` and `body`."""
    return Site(pages={"/robots.txt": lambda request: httpx.Response(status, content=body or b"")})


def test_robots_txt_keeps_the_poll_from_disallowed_pages(store: Store) -> None:
    site = robots_site(ROBOTS)
    assert run(store, site) == PollCounts(feeds=1, stored=1, errors=1, disallowed=1)
    assert not any(url.startswith("https://gazette.example/news/2") for url in site.urls())
    [(source, record, reason)] = [(e["source"], e["record"], e["reason"]) for e in store.errors()]
    assert record == "https://gazette.example/news/2?utm_source=rss"
    assert reason == "robots.txt of https://gazette.example disallows this page for rashomon; not fetched"


def test_robots_txt_crawl_delay_slows_the_host_down(store: Store) -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    body = b"User-agent: *\nCrawl-delay: 4\n"
    poll(store, client=robots_site(body).client(), delay=1.0, clock=lambda: now[0], sleep=sleep)
    assert sleeps == [1.0, 4.0, 4.0]  # robots.txt after the feed, then each page at the delay robots.txt asks


@pytest.mark.parametrize(
    "status, stored, disallowed",
    [(404, 2, 0), (410, 2, 0), (500, 0, 2), (503, 0, 2)],
    ids=["missing-allows", "gone-allows", "error-disallows", "unavailable-disallows"],
)
def test_an_unreadable_robots_txt_follows_rfc_9309(store: Store, status: int, stored: int, disallowed: int) -> None:
    counts = run(store, robots_site(b"oops", status=status))
    assert (counts.stored, counts.disallowed) == (stored, disallowed)


def test_cli_feeds_add_list_and_poll(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = Site()
    monkeypatch.setattr(feeds, "new_client", site.client)
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["feeds", "add", FEED_URL, "--db", db])
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["feeds", "add", FEED_URL, "--db", db]).stderr == f"already subscribed: {FEED_URL}\n"
    result = runner.invoke(cli, ["poll", "--db", db, "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-2:] == [
        "1 feeds (0 not modified): 2 stored, 0 duplicates, 0 errors",
        "1 stories (1 new or changed, 0 removed)",
    ]  # polled, then grouped
    result = runner.invoke(cli, ["poll", "--db", db, "--delay", "0"])
    assert result.stderr.splitlines()[-1] == "1 feeds (1 not modified): 0 stored, 0 duplicates, 0 errors"
    [listed] = json.loads(runner.invoke(cli, ["feeds", "list", "--db", db, "--format", "json"]).stdout)
    assert (listed["url"], listed["title"]) == (FEED_URL, "The Gazette") and listed["last_polled"]
    assert runner.invoke(cli, ["feeds", "list", "--db", db]).stdout.split()[:3] == ["url", "title", "last_polled"]
    with Store.open(db) as opened:
        assert opened.count() == 2
    removed = runner.invoke(cli, ["feeds", "remove", FEED_URL, "--db", db])
    assert removed.exit_code == 0 and removed.stderr == f"removed: {FEED_URL}\n"
    assert json.loads(runner.invoke(cli, ["feeds", "list", "--db", db, "--format", "json"]).stdout) == []
    again = runner.invoke(cli, ["feeds", "remove", FEED_URL, "--db", db])
    assert again.exit_code == 1 and "none of these feeds was subscribed" in again.stderr
    with Store.open(db) as opened:
        assert opened.count() == 2  # the articles stay


def test_cli_refuses_what_is_not_a_url_and_a_missing_store(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["feeds", "add", "feeds.txt", "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 1 and "feeds.txt: not an http(s) URL" in result.stderr
    result = runner.invoke(cli, ["poll", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such store" in result.stderr


def test_a_page_that_never_finishes_is_a_recorded_error_and_the_run_goes_on(store: Store) -> None:
    now = [0.0]

    def trickle(request: httpx.Request) -> httpx.Response:
        def body():
            while True:  # one byte a second, for ever: no read ever times out
                now[0] += 1.0
                yield b"<"

        return httpx.Response(200, content=body(), headers={"Content-Type": "text/html"})

    feed = rss(
        ("Ferry budget passes", "https://gazette.example/news/1"),
        ("Never finishes", "https://gazette.example/trickle"),
        ("Fares to rise", "https://gazette.example/news/2"),
    )
    site = Site(feed, pages={"/trickle": trickle})
    counts = poll(store, client=site.client(), delay=0, timeout=2, clock=lambda: now[0], sleep=lambda s: None)
    assert counts == PollCounts(feeds=1, stored=2, errors=1)
    [error] = store.errors()
    assert (error["record"], error["reason"]) == ("https://gazette.example/trickle", "did not finish within 6s")


def test_a_page_names_its_own_outlet_before_the_feeds_title(store: Store) -> None:
    def own_site(request: httpx.Request) -> httpx.Response:
        body = page(1).replace(b"<head>", b'<head><meta property="og:site_name" content="Harbour Times">')
        return httpx.Response(200, content=body, headers={"Content-Type": "text/html; charset=utf-8"})

    run(store, Site(pages={"/news/1": own_site}))
    outlets = sorted(a.outlet or "" for a in store.iter_articles())
    assert outlets == ["Harbour Times", "The Gazette"]  # page 2 states none: the feed's title names it
