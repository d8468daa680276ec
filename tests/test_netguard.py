"""The SSRF guard: refused addresses, DNS answers checked at connect time, redirects, the allow-list.

Every target is on this machine's loopback (a `http.server` on 127.0.0.1 or ::1 in a thread); no test
contacts any other address. Names other than `localhost` resolve through an injected resolver.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpcore
import pytest

from rashomon.errors import FetchError, InputError
from rashomon.sources.fetch import fetch
from rashomon.sources.netguard import AddressPolicy, GuardedTransport, classify, guarded_client


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).seen.append((self.path, self.headers.get("Host", "")))
        if self.path.startswith("/redirect"):
            target = self.path.partition("?to=")[2]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<html><body><p>served from loopback</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class _V6Server(HTTPServer):
    address_family = socket.AF_INET6


def _serve(server: HTTPServer) -> Iterator[int]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """A page server on 127.0.0.1."""
    yield from _serve(HTTPServer(("127.0.0.1", 0), _Handler))


@pytest.fixture(scope="module")
def port6() -> Iterator[int]:
    """The same server on ::1, when this machine has IPv6 loopback."""
    try:
        server = _V6Server(("::1", 0), _Handler)
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    yield from _serve(server)


@pytest.fixture(autouse=True)
def _forget_requests() -> None:
    _Handler.seen.clear()


def _resolver(answers: dict[str, list[str]]) -> Any:
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        if host not in answers:
            raise socket.gaierror(f"unknown test name {host}")
        return answers[host]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


REFUSED = [
    ("http://127.0.0.1:{port}/", "loopback"),
    ("http://localhost:{port}/", "loopback"),
    ("http://[::1]:{port}/", "loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/", "loopback"),
    ("http://0.0.0.0:{port}/", "unspecified"),
    ("http://127.1:{port}/", "loopback"),
    ("http://2130706433:{port}/", "loopback"),
]


@pytest.mark.parametrize("template, kind", REFUSED, ids=[t.split("//")[1].split(":{")[0] for t, _ in REFUSED])
def test_loopback_targets_are_refused_and_never_contacted(port, template, kind):
    url = template.format(port=port)
    with guarded_client(AddressPolicy()) as client, pytest.raises(FetchError, match=kind):
        fetch(url, client=client, timeout=5)
    assert _Handler.seen == []


def test_ipv6_loopback_server_is_refused(port6):
    with guarded_client(AddressPolicy()) as client, pytest.raises(FetchError, match="::1 is a loopback address"):
        fetch(f"http://[::1]:{port6}/", client=client, timeout=5)
    assert _Handler.seen == []


def test_redirect_to_loopback_is_refused(port):
    # The first hop is allowed by name; the redirect names 127.0.0.1, which is not.
    resolve = _resolver({"news.test": ["127.0.0.1"]})
    policy = AddressPolicy(allow=("news.test",))
    target = f"http://127.0.0.1:{port}/secret"
    with guarded_client(policy, resolve=resolve) as client, pytest.raises(FetchError, match="loopback"):
        fetch(f"http://news.test:{port}/redirect?to={target}", client=client, timeout=5)
    assert [path for path, _ in _Handler.seen] == [f"/redirect?to={target}"]


def test_redirect_to_a_name_resolving_to_loopback_is_refused(port):
    resolve = _resolver({"news.test": ["127.0.0.1"], "inside.test": ["127.0.0.1"]})
    policy = AddressPolicy(allow=("news.test",))
    with guarded_client(policy, resolve=resolve) as client, pytest.raises(FetchError, match="inside.test resolves"):
        fetch(f"http://news.test:{port}/redirect?to=http://inside.test:{port}/", client=client, timeout=5)
    assert len(_Handler.seen) == 1


@pytest.mark.parametrize(
    "answers",
    [["127.0.0.1"], ["10.0.0.7"], ["169.254.169.254"], ["::1"], ["fd00:ec2::254"], ["8.8.8.8", "127.0.0.1"]],
    ids=["loopback", "private", "metadata", "ipv6-loopback", "ipv6-metadata", "public-and-loopback"],
)
def test_a_dns_answer_that_is_refused_refuses_the_host(answers):
    # Refused before any connection: no address in the answers is contacted.
    resolve = _resolver({"rebind.test": answers})
    with guarded_client(AddressPolicy(), resolve=resolve) as client, pytest.raises(FetchError, match="rebind.test"):
        fetch("http://rebind.test/", client=client, timeout=5)


def test_connects_to_the_checked_address_and_keeps_the_host_name(port):
    resolve = _resolver({"news.test": ["127.0.0.1"]})
    policy = AddressPolicy(allow=("127.0.0.1",))
    with guarded_client(policy, resolve=resolve) as client:
        fetched = fetch(f"http://news.test:{port}/page", client=client, timeout=5)
    assert b"served from loopback" in fetched.content
    assert _Handler.seen == [("/page", f"news.test:{port}")]
    assert resolve.calls == ["news.test"]  # resolved once, at connect time; no second lookup to rebind


def test_allowed_network_lets_loopback_through(port):
    with guarded_client(AddressPolicy(allow=("127.0.0.0/8",))) as client:
        assert fetch(f"http://127.0.0.1:{port}/", client=client, timeout=5).status == 200


def test_allowed_host_name_lets_localhost_through(port):
    with guarded_client(AddressPolicy(allow=("localhost",))) as client:
        assert fetch(f"http://localhost:{port}/", client=client, timeout=5).status == 200


def test_allow_private_does_not_allow_loopback(port):
    with guarded_client(AddressPolicy(allow_private=True)) as client, pytest.raises(FetchError, match="loopback"):
        fetch(f"http://127.0.0.1:{port}/", client=client, timeout=5)


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd12::1", "private"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("::127.0.0.1", "loopback"),
        ("64:ff9b::a00:1", "private"),
        ("2002:c0a8:101::", "private"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_classify(address, kind):
    assert classify(ipaddress.ip_address(address)) == kind


def test_metadata_needs_an_exact_allow_entry():
    metadata = ipaddress.ip_address("169.254.169.254")
    assert AddressPolicy(allow=("169.254.0.0/16",)).refusal(metadata) is not None
    assert AddressPolicy(allow_private=True).refusal(metadata) is not None
    assert AddressPolicy(allow=("169.254.169.254",)).refusal(metadata) is None


def test_allow_private_lets_rfc1918_through():
    assert AddressPolicy(allow_private=True).refusal(ipaddress.ip_address("10.0.0.1")) is None
    assert AddressPolicy().refusal(ipaddress.ip_address("10.0.0.1")) == "10.0.0.1 is a private address"


def test_wildcard_allows_subdomains_only():
    policy = AddressPolicy(allow=("*.corp.example",))
    assert policy.host_allowed("news.corp.example")
    assert not policy.host_allowed("corp.example")
    assert not policy.host_allowed("evilcorp.example")


def test_a_bad_allow_entry_is_one_line_error():
    with pytest.raises(InputError, match="not a host name, an IP address or a CIDR network"):
        AddressPolicy(allow=("http://x/",))


@pytest.mark.parametrize(
    "url, problem",
    [
        ("ftp://example.org/", "not an http"),
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ],
)
def test_check_url_refuses_early(url, problem):
    with pytest.raises(FetchError, match=problem):
        AddressPolicy().check_url(url)


def test_check_url_leaves_names_to_connect_time():
    AddressPolicy().check_url("http://localhost/")  # resolved and refused only when connected to


@pytest.mark.parametrize("option", ["proxy", "transport", "mounts", "trust_env"])
def test_guarded_client_refuses_options_that_bypass_it(option):
    with pytest.raises(TypeError, match="bypass"):
        guarded_client(AddressPolicy(), **{option: None})


def test_transport_guards_the_pool_httpx_builds():
    transport = GuardedTransport(AddressPolicy())
    assert type(transport._pool._network_backend).__name__ == "GuardedBackend"
    transport.close()


def test_unix_sockets_are_refused():
    transport = GuardedTransport(AddressPolicy())
    with pytest.raises(httpcore.ConnectError, match="Unix socket"):
        transport._pool._network_backend.connect_unix_socket("/tmp/x.sock")
    transport.close()
