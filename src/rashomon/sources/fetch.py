"""HTTP GET through an injectable httpx.Client: timeouts, a deadline, a streamed size cap, bounded redirects.

The deadline covers the whole exchange. Waiting for the response headers happens on a helper thread that
is given up on when the deadline passes, whatever client was injected: a server that sends one header line
a second never trips a per-read timeout (before, `compare` and `poll --timeout 5` hung for minutes). The
clients made here (`new_client`) also bound every connect, read and write by the deadline in their network
layer (`DeadlineBackend`), so a given-up exchange stops at once instead of lingering on its thread.
"""

from __future__ import annotations

import contextvars
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpcore
import httpx

from rashomon.errors import FetchError
from rashomon.sources.files import is_url as is_url  # re-exported: it was defined here
from rashomon.sources.netguard import AddressPolicy, guarded_client

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
    """A limit of `seconds` on a whole response, counted on `clock` from when the Deadline is made.

    `clock` decides between chunks and redirects (tests move a fake one); the wait for headers and the
    network layer count the same seconds on the real monotonic clock.
    """

    seconds: float
    clock: Clock = time.monotonic
    start: float = field(init=False)
    wall_end: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.clock())
        object.__setattr__(self, "wall_end", time.monotonic() + self.seconds)

    def check(self, url: str) -> None:
        """Raise a FetchError naming `url` once the deadline has passed."""
        if self.clock() - self.start > self.seconds or time.monotonic() > self.wall_end:
            raise self.error(url)

    def error(self, url: str) -> FetchError:
        """The error that says `url` ran past this deadline."""
        return FetchError(url, f"did not finish within {self.seconds:g}s")

    def wall_remaining(self) -> float:
        """Real seconds left."""
        return max(0.0, self.wall_end - time.monotonic())

    @classmethod
    def for_timeout(cls, timeout: float, deadline: float | None, clock: Clock) -> Deadline:
        """A deadline of `deadline` seconds, or DEADLINE_TIMEOUTS per-read timeouts when None."""
        return cls(deadline if deadline is not None else DEADLINE_TIMEOUTS * timeout, clock)


def user_agent() -> str:
    """Return the User-Agent Rashomon sends (`rashomon/<version>`)."""
    # Imported here: the package's __init__ imports the stages, this module among them.
    from rashomon import __version__

    return f"rashomon/{__version__}"


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    clock: Clock = time.monotonic,
    policy: AddressPolicy | None = None,
) -> Fetched:
    """GET `url`, following at most `max_redirects` redirects and reading at most `max_bytes`.

    Args:
        timeout: seconds to wait for a connection or for any one read.
        deadline: seconds the whole response may take (default DEADLINE_TIMEOUTS x `timeout`), checked on
            `clock` after each redirect and each chunk of the body; headers are bounded by `timeout` alone.
        policy: the addresses a client made here may connect to (default: public ones only); an injected
            `client` brings its own.
    """
    if not is_url(url):
        raise FetchError(url, "not an http(s) URL")
    limit = Deadline.for_timeout(timeout, deadline, clock)
    with _client(client, policy) as http:
        try:
            return _follow(http, url, timeout=timeout, deadline=limit, max_bytes=max_bytes, max_redirects=max_redirects)
        except httpx.TimeoutException:
            limit.check(url)
            raise FetchError(url, f"timed out after {timeout:g}s") from None
        except (httpx.InvalidURL, ValueError) as error:  # urllib's cookie jar raises ValueError on some hosts
            raise FetchError(url, f"not a valid URL: {_one_line(error)}") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"request failed: {_one_line(error)}") from None


@contextmanager
def _client(client: httpx.Client | None, policy: AddressPolicy | None) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with new_client(policy) as owned:
        yield owned


def new_client(policy: AddressPolicy | None = None) -> httpx.Client:
    """An httpx.Client that connects only where `policy` allows and ends every connect and read by the deadline.

    The default policy refuses loopback, private, link-local and metadata addresses, for every redirect hop
    and every DNS answer (`sources.netguard`); a user's trusted local fetches name what to allow.
    """
    return guarded_client(policy or AddressPolicy(), wrap_backend=DeadlineBackend)


# The real monotonic time by which the exchange running in this context must end (None: no deadline).
_WALL_END: contextvars.ContextVar[float | None] = contextvars.ContextVar("rashomon_fetch_deadline", default=None)


def _bounded(timeout: float | None) -> float | None:
    """`timeout`, shortened to what is left of the current deadline; past it, a timeout at once."""
    end = _WALL_END.get()
    if end is None:
        return timeout
    remaining = end - time.monotonic()
    if remaining <= 0:
        raise httpcore.ReadTimeout("the deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineBackend(httpcore.NetworkBackend):
    """A network backend (wrapping `inner`) whose connects, reads and writes end by the current deadline."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self.inner = inner if inner is not None else httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:  # fmt: skip
        """Connect within what is left of the deadline."""
        stream = self.inner.connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:  # fmt: skip
        """Connect within what is left of the deadline."""
        return _DeadlineStream(self.inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        """Sleep (between retries), never past the deadline."""
        bounded = _bounded(seconds)
        self.inner.sleep(seconds if bounded is None else bounded)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self.inner.get_extra_info(info)


def send(http: httpx.Client, request: httpx.Request, *, url: str, deadline: Deadline) -> httpx.Response:
    """Send `request` (streamed, no redirects followed) and return once its headers are in, within `deadline`.

    The send runs on a daemon thread that is given up on at the deadline; if its response comes later it
    is closed there. Errors of the send are raised here, as themselves.
    """
    outcome: dict[str, typing.Any] = {}
    lock = threading.Lock()
    done = threading.Event()

    def run() -> None:
        _WALL_END.set(deadline.wall_end)
        try:
            response = http.send(request, stream=True, follow_redirects=False)
        except Exception as error:  # noqa: BLE001 - handed to the waiting thread, raised there
            outcome["error"] = error
        else:
            with lock:
                if outcome.get("abandoned"):
                    response.close()
                else:
                    outcome["response"] = response
        finally:
            done.set()

    worker = threading.Thread(target=contextvars.copy_context().run, args=(run,), daemon=True, name="rashomon-fetch")
    worker.start()
    if not done.wait(deadline.wall_remaining()):
        with lock:
            if not done.is_set():
                outcome["abandoned"] = True
                raise deadline.error(url)
    if "error" in outcome:
        raise outcome["error"]
    return typing.cast(httpx.Response, outcome["response"])


def _follow(
    http: httpx.Client, url: str, *, timeout: float, deadline: Deadline, max_bytes: int, max_redirects: int
) -> Fetched:
    # Redirects are followed here rather than by the client so that the bound holds for an injected
    # client whatever its own max_redirects setting.
    request = http.build_request("GET", url, headers={"User-Agent": user_agent()}, timeout=timeout)
    for _ in range(max_redirects + 1):
        response = send(http, request, url=url, deadline=deadline)
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
    token = _WALL_END.set(deadline.wall_end if deadline is not None else None)
    try:
        for chunk in response.iter_bytes():
            if deadline is not None:
                deadline.check(url)
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"too large: more than {max_bytes} bytes")
            chunks.append(chunk)
    finally:
        _WALL_END.reset(token)
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
