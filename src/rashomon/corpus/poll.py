"""Poll RSS and Atom feeds into the store: conditional GET, per-host politeness, every new linked page stored.

Each subscribed feed is fetched with the validators of its last response (If-None-Match, If-Modified-Since);
a 304 means nothing new. Each entry whose link is not stored yet is fetched (`fetch.fetch`: timeout,
deadline, size cap, bounded redirects), extracted with trafilatura (`readers.read_bytes`), prepared as
ingest prepares an article (`prepare.prepare`: cleaning and grouping features) and stored in its own
transaction. A feed or page that fails is recorded in `ingest_errors` with its reason and skipped; the run
goes on and ends with counts.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import httpx

from rashomon.corpus.prepare import Task, prepare
from rashomon.errors import FetchError, InputError, UnsupportedSource
from rashomon.model.records import Document
from rashomon.sources.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT,
    Clock,
    Deadline,
    Fetched,
    fetch,
    is_url,
    read_response,
    send,
    user_agent,
)
from rashomon.sources.fetch import new_client as _new_fetch_client
from rashomon.sources.readers import read_bytes
from rashomon.store.sqlite import Feed, Store

__all__ = ["FEED_ACCEPT", "Politeness", "PollCounts", "new_client", "poll"]

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.8"

# A linked page is read as HTML (or plain text); anything else (a PDF, an image, a nested feed) is refused.
PAGE_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
ROBOTS_AGENT = "rashomon"  # the product token robots.txt rules name (RFC 9309 §2.2.1)
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: crawlers may stop reading after 500 KiB

Progress = Callable[[int], None]

# What a third-party reader (feedparser, trafilatura, a codec) may raise on what a server sent.
UNEXPECTED = (ValueError, RecursionError, LookupError, MemoryError, OSError)


def unexpected(failure: BaseException) -> str:
    """A recorded reason for an error a reader raised on a feed or page."""
    return f"could not be read ({type(failure).__name__}: {' '.join(str(failure).split())})"


@dataclass(slots=True)
class PollCounts:
    """What one poll did: feeds polled and unchanged (304), articles stored, duplicates skipped, errors recorded."""

    feeds: int = 0
    not_modified: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: int = 0
    disallowed: int = 0  # pages robots.txt asks crawlers like this one not to fetch


class Politeness:
    """At least `delay` seconds (or the host's robots.txt Crawl-delay, if longer) between two requests to a host."""

    def __init__(
        self, delay: float, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self.host_delay: dict[str, float] = {}  # Crawl-delay from robots.txt, per host

    @contextmanager
    def request(self, url: str) -> Iterator[None]:
        """Wait until `url`'s host may be asked again, run the block, and note when it ended."""
        host = (urlsplit(url).hostname or "").lower()
        last = self._last.get(host)
        if last is not None:
            remaining = last + max(self.delay, self.host_delay.get(host, 0.0)) - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        try:
            yield
        finally:
            self._last[host] = self.clock()


def new_client() -> httpx.Client:
    """The HTTP client a poll uses when none is given (its network layer keeps to each fetch's deadline)."""
    return _new_fetch_client()


def poll(
    store: Store,
    *,
    client: httpx.Client | None = None,
    delay: float = 1.0,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress | None = None,
) -> PollCounts:
    """Fetch every subscribed feed and store its new articles; failures are recorded and skipped.

    Each feed and page gets `timeout` per read and a deadline of `fetch.DEADLINE_TIMEOUTS` timeouts in all,
    counted on `clock`.
    """
    counts = PollCounts()
    polite = Politeness(delay, clock=clock, sleep=sleep)
    http = client if client is not None else new_client()
    robots = Robots(http, polite=polite, timeout=timeout, clock=clock)
    try:
        for feed in store.feeds():
            _poll_feed(
                store,
                feed,
                http=http,
                polite=polite,
                robots=robots,
                counts=counts,
                timeout=timeout,
                max_bytes=max_bytes,
                clock=clock,
            )
            if progress is not None:
                progress(1)
    finally:
        if client is None:
            http.close()
    return counts


def _poll_feed(
    store: Store,
    feed: Feed,
    *,
    http: httpx.Client,
    polite: Politeness,
    robots: Robots,
    counts: PollCounts,
    timeout: float,
    max_bytes: int,
    clock: Clock,
) -> None:
    counts.feeds += 1

    def error(record: str | None, reason: str) -> None:
        store.record_error(feed.url, record, reason)
        counts.errors += 1

    try:
        with polite.request(feed.url):
            fetched = _get_feed(http, feed, timeout=timeout, max_bytes=max_bytes, clock=clock)
    except InputError as failure:
        error(None, f"feed {feed.url}: {failure.problem}")
        return
    except UNEXPECTED as failure:
        error(None, f"feed {feed.url}: {unexpected(failure)}")
        return
    etag = fetched.headers.get("etag") or None
    last_modified = fetched.headers.get("last-modified") or None
    if fetched.status == 304:
        counts.not_modified += 1
        store.update_feed(
            feed.url, etag=etag or feed.etag, last_modified=last_modified or feed.last_modified, title=None
        )
        return
    try:
        parsed = feedparser.parse(
            fetched.content,
            response_headers={"content-location": fetched.url, "content-type": fetched.content_type or ""},
        )
    except UNEXPECTED as failure:
        error(None, f"feed {feed.url}: {unexpected(failure)}")
        return
    if not parsed.get("version") and not parsed.entries:
        got = fetched.media_type or "no content type"
        error(None, f"feed {feed.url}: not an RSS or Atom feed (got {got}); give the feed's own URL")
        return
    title = _one_line(parsed.feed.get("title"))
    outlet = title or feed.title
    for entry in parsed.entries:
        _store_entry(
            store,
            entry,
            base=fetched.url,
            outlet=outlet,
            http=http,
            polite=polite,
            robots=robots,
            counts=counts,
            error=error,
            timeout=timeout,
            max_bytes=max_bytes,
            clock=clock,
        )
    # Saved after the entries, so a run killed mid-feed fetches the whole feed again next time.
    store.update_feed(feed.url, etag=etag, last_modified=last_modified, title=title)


def _store_entry(
    store: Store,
    entry: Any,
    *,
    base: str,
    outlet: str | None,
    http: httpx.Client,
    polite: Politeness,
    robots: Robots,
    counts: PollCounts,
    error: Callable[[str | None, str], None],
    timeout: float,
    max_bytes: int,
    clock: Clock,
) -> None:
    link = entry.get("link")
    link = urljoin(base, link.strip()) if link else None
    if link is None or not is_url(link):
        name = _one_line(entry.get("title")) or entry.get("id") or link
        error(name, f"entry has no http(s) link ({link or 'none given'})")
        return
    if store.has_article(url=link):
        counts.duplicates += 1  # known page: not fetched again
        return
    refusal = robots.refusal(link)
    if refusal is not None:
        counts.disallowed += 1
        error(link, refusal)
        return
    try:
        with polite.request(link):
            documents = _read_page(link, http=http, timeout=timeout, max_bytes=max_bytes, clock=clock)
    except InputError as failure:
        error(link, failure.problem)
        return
    except UNEXPECTED as failure:
        # One page a reader fails on (before, charset=undefined ended the whole poll) is recorded; on to the next.
        error(link, unexpected(failure))
        return
    for document in documents:
        prepared = prepare(Task(document=_with_entry(document, entry, outlet=outlet), source=link))
        if prepared.article is None:
            error(link, prepared.error or "not an article")
            continue
        (added,) = store.add_prepared([(prepared.article, prepared.features, None)])  # with grouping features
        if added:
            counts.stored += 1
        else:
            counts.duplicates += 1


def _read_page(url: str, *, http: httpx.Client, timeout: float, max_bytes: int, clock: Clock) -> list[Document]:
    fetched = fetch(url, client=http, timeout=timeout, max_bytes=max_bytes, clock=clock)
    fmt = PAGE_FORMATS.get(fetched.media_type) if fetched.media_type else "html"
    if fmt is None:
        raise UnsupportedSource(url, f"not an article page: content type {fetched.media_type!r}")
    return read_bytes(fetched.content, source=url, fmt=fmt, url=fetched.url, encoding=fetched.charset)


def _with_entry(document: Document, entry: Any, *, outlet: str | None) -> Document:
    """The page's document with the feed's title and date, which win over what the page states.

    The outlet is the page's own site name when it states one: an aggregator's feed links to pages of many
    outlets, and calling them all after the feed made several outlets read as one.
    """
    published = next(
        (when for key in ("published_parsed", "updated_parsed") if (when := _datetime(entry.get(key))) is not None),
        None,
    )
    return dataclasses.replace(
        document,
        title=_one_line(entry.get("title")) or document.title,
        published=published or document.published,
        outlet=document.outlet or outlet,  # the page's own site name (og:site_name) before the feed's title
    )


class Robots:
    """Each host's robots.txt, read once per poll (urllib.robotparser), asked before a page is fetched.

    As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one that cannot be read (5xx,
    a timeout, a refused connection) disallows the host for this run. Feeds themselves are fetched as
    subscribed: the user asked for them by URL; the pages they link to are crawled, so they are asked.
    """

    def __init__(self, http: httpx.Client, *, polite: Politeness, timeout: float, clock: Clock) -> None:
        self.http = http
        self.polite = polite
        self.timeout = timeout
        self.clock = clock
        self._parsers: dict[str, RobotFileParser | str] = {}  # origin -> parser, or why the host is off-limits

    def refusal(self, url: str) -> str | None:
        """Why robots.txt keeps this crawler from `url`, or None when the page may be fetched."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._parsers:
            self._parsers[origin] = self._read(origin)
        parser = self._parsers[origin]
        if isinstance(parser, str):
            return parser
        if not parser.can_fetch(ROBOTS_AGENT, url):
            return f"robots.txt of {origin} disallows this page for {ROBOTS_AGENT}; not fetched"
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.polite.host_delay[(parts.hostname or "").lower()] = float(delay)
        return None

    def _read(self, origin: str) -> RobotFileParser | str:
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            with self.polite.request(origin):
                fetched = fetch(origin + "/robots.txt", client=self.http, timeout=self.timeout,
                                max_bytes=ROBOTS_MAX_BYTES, clock=self.clock)  # fmt: skip
        except FetchError as failure:
            if _client_error(failure.problem):
                parser.parse([])  # no robots.txt: everything is allowed
                return parser
            return f"robots.txt of {origin} could not be read ({failure.problem}); the host is skipped this run"
        except InputError as failure:
            return f"robots.txt of {origin} could not be read ({failure.problem}); the host is skipped this run"
        parser.parse(fetched.content.decode("utf-8", "replace").splitlines())
        return parser


def _client_error(problem: str) -> bool:
    """True for an HTTP 4xx answer, as fetch words it ("HTTP 404 Not Found")."""
    return re.match(r"HTTP 4\d\d\b", problem) is not None


def _datetime(value: time.struct_time | None) -> datetime | None:
    # feedparser normalises every date it reads to a UTC struct_time.
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _one_line(value: str | None) -> str | None:
    return (" ".join(value.split()) or None) if value else None


def _get_feed(http: httpx.Client, feed: Feed, *, timeout: float, max_bytes: int, clock: Clock) -> Fetched:
    """GET a feed with its stored validators; a 304 comes back as a Fetched with status 304 and no content."""
    if not is_url(feed.url):
        raise FetchError(feed.url, "not an http(s) URL")
    headers = {"User-Agent": user_agent(), "Accept": FEED_ACCEPT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    deadline = Deadline.for_timeout(timeout, None, clock)
    try:
        request = http.build_request("GET", feed.url, headers=headers, timeout=timeout)
        for _ in range(DEFAULT_MAX_REDIRECTS + 1):
            response = send(http, request, url=feed.url, deadline=deadline)
            try:
                if response.next_request is None:
                    return _read(response, feed.url, max_bytes=max_bytes, deadline=deadline)
                deadline.check(feed.url)
                request = response.next_request
                if request.url.scheme not in ("http", "https"):
                    raise FetchError(feed.url, f"redirected to a non-http(s) URL: {request.url}")
            finally:
                response.close()
    except httpx.TimeoutException:
        deadline.check(feed.url)
        raise FetchError(feed.url, f"timed out after {timeout:g}s") from None
    except (httpx.InvalidURL, ValueError) as failure:  # urllib's cookie jar raises ValueError on some hosts
        raise FetchError(feed.url, f"not a valid URL: {failure}") from None
    except httpx.HTTPError as failure:
        raise FetchError(
            feed.url, f"request failed: {' '.join(str(failure).split()) or type(failure).__name__}"
        ) from None
    raise FetchError(feed.url, f"too many redirects (more than {DEFAULT_MAX_REDIRECTS})")


def _read(response: httpx.Response, url: str, *, max_bytes: int, deadline: Deadline) -> Fetched:
    """A 304 is "not modified" for a feed; anything else is read as fetch.py reads it."""
    if response.status_code == 304:
        return Fetched(url=str(response.url), status=304, content=b"", headers=dict(response.headers))
    return read_response(response, url, max_bytes=max_bytes, deadline=deadline)
