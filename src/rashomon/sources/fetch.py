"""HTTP GET through an injectable httpx.Client: timeouts, a deadline, a streamed size cap, bounded redirects."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from rashomon.errors import FetchError

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
# The per-read timeout never trips on a server that trickles a byte a second, so the whole response also
# gets a deadline, by default this many timeouts.
DEADLINE_TIMEOUTS = 3

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A fetched response: the final URL after redirects, its status, body and headers."""

    url: str
    status: int
    content: bytes
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def media_type(self) -> str | None:
        """The content type without parameters, lower-cased (`text/html`)."""
        if not self.content_type:
            return None
        return self.content_type.split(";", 1)[0].strip().lower() or None

    @property
    def charset(self) -> str | None:
        """The charset the server declared, if any."""
        for part in (self.content_type or "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A limit of `seconds` on a whole response, counted on `clock` from when the Deadline is made."""

    seconds: float
    clock: Clock = time.monotonic
    start: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.clock())

    def check(self, url: str) -> None:
        """Raise a FetchError naming `url` once the deadline has passed."""
        if self.clock() - self.start > self.seconds:
            raise FetchError(url, f"did not finish within {self.seconds:g}s")

    @classmethod
    def for_timeout(cls, timeout: float, deadline: float | None, clock: Clock) -> Deadline:
        """A deadline of `deadline` seconds, or DEADLINE_TIMEOUTS per-read timeouts when None."""
        return cls(deadline if deadline is not None else DEADLINE_TIMEOUTS * timeout, clock)


def user_agent() -> str:
    """Return the User-Agent Rashomon sends (`rashomon/<version>`)."""
    # Imported here: the package's __init__ imports the stages, this module among them.
    from rashomon import __version__

    return f"rashomon/{__version__}"


def is_url(source: str) -> bool:
    """Return whether `source` is an http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    clock: Clock = time.monotonic,
) -> Fetched:
    """GET `url`, following at most `max_redirects` redirects and reading at most `max_bytes`.

    Args:
        timeout: seconds to wait for a connection or for any one read.
        deadline: seconds the whole response may take (default DEADLINE_TIMEOUTS x `timeout`), checked on
            `clock` after each redirect and each chunk of the body; headers are bounded by `timeout` alone.
    """
    if not is_url(url):
        raise FetchError(url, "not an http(s) URL")
    limit = Deadline.for_timeout(timeout, deadline, clock)
    with _client(client) as http:
        try:
            return _follow(http, url, timeout=timeout, deadline=limit, max_bytes=max_bytes, max_redirects=max_redirects)
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {timeout:g}s") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"request failed: {_one_line(error)}") from None


@contextmanager
def _client(client: httpx.Client | None) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client() as owned:
        yield owned


def _follow(
    http: httpx.Client, url: str, *, timeout: float, deadline: Deadline, max_bytes: int, max_redirects: int
) -> Fetched:
    # Redirects are followed here rather than by the client so that the bound holds for an injected
    # client whatever its own max_redirects setting.
    request = http.build_request("GET", url, headers={"User-Agent": user_agent()}, timeout=timeout)
    for _ in range(max_redirects + 1):
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            if response.next_request is None:
                return read_response(response, url, max_bytes=max_bytes, deadline=deadline)
            deadline.check(url)
            request = response.next_request
            if request.url.scheme not in ("http", "https"):
                raise FetchError(url, f"redirected to a non-http(s) URL: {request.url}")
        finally:
            response.close()
    raise FetchError(url, f"too many redirects (more than {max_redirects})")


def read_response(response: httpx.Response, url: str, *, max_bytes: int, deadline: Deadline | None = None) -> Fetched:
    """Read a response body within the size cap and the deadline; an unsuccessful status is a FetchError."""
    if not response.is_success:
        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
        raise FetchError(url, f"HTTP {response.status_code}{reason} from {response.url}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"too large: {int(declared)} bytes declared, limit {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        if deadline is not None:
            deadline.check(url)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"too large: more than {max_bytes} bytes")
        chunks.append(chunk)
    return Fetched(
        url=str(response.url),
        status=response.status_code,
        content=b"".join(chunks),
        content_type=response.headers.get("content-type"),
        headers=dict(response.headers),
    )


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
