"""Fetch on a user's behalf without reaching this machine's network: an address policy enforced at connect time.

A URL is not checked once and then fetched, which a DNS answer that changes between the two (rebinding)
would defeat. The check sits in the connection itself: `GuardedBackend` resolves the host, refuses the whole
host when any answer is refused, and connects to an address it checked, while TLS and the Host header keep
the name. Every redirect hop opens its own connection, so every hop is checked too. `guarded_client` wires
it into an `httpx.Client` that `rashomon.sources.fetch.fetch(url, client=...)` takes.

Refused unless allowed: loopback, private (RFC 1918, unique local), carrier-grade NAT, link-local,
multicast, unspecified, reserved and otherwise not globally routable addresses; IPv6 addresses that embed
an IPv4 one (mapped, compatible, NAT64, 6to4) are judged by that one; cloud metadata addresses are refused
even under `allow_private` and inside an allowed network, unless the allow-list names them exactly.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from rashomon.errors import FetchError, InputError

__all__ = [
    "AddressPolicy",
    "AddressRefused",
    "BackendWrapper",
    "GuardedBackend",
    "GuardedTransport",
    "METADATA_ADDRESSES",
    "Resolver",
    "guarded_client",
    "system_resolve",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
# Wraps the guarded backend in another layer (fetch.DeadlineBackend: every connect and read ends by a deadline).
BackendWrapper = Callable[[httpcore.NetworkBackend], httpcore.NetworkBackend]

# AWS, GCP and Azure (169.254.169.254), AWS over IPv6, ECS task metadata, Alibaba, Oracle.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192")
)
_PRIVATE = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# What allow_private lets through; the other categories need the allow-list.
_PRIVATE_KINDS = frozenset({"private", "carrier-grade NAT"})


class AddressRefused(httpcore.ConnectError):
    """A connection the address policy refused; httpx reports it as a ConnectError with this message."""


def classify(address: IPAddress) -> str | None:
    """Return why `address` is not a public one to fetch from ('loopback', 'private', ...), or None."""
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return classify(embedded)
    for kind, test in _KINDS:
        if test(address):
            return kind
    return None


_KINDS: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("unspecified", lambda a: a.is_unspecified),
    ("loopback", lambda a: a.is_loopback),
    ("link-local", lambda a: a.is_link_local),
    ("multicast", lambda a: a.is_multicast),
    ("carrier-grade NAT", lambda a: a in _CGNAT),
    ("private", lambda a: any(a in net for net in _PRIVATE)),
    ("reserved", lambda a: a.is_reserved),
    ("not globally routable", lambda a: not a.is_global),
)


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), which is where it leads."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d, the deprecated IPv4-compatible form
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_address(host: str) -> IPAddress | None:
    """Return `host` as an IP address when it is one (brackets and an IPv6 zone allowed), else None."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressPolicy:
    """Which addresses a fetch may connect to: public ones, plus the hosts and networks in `allow`.

    `allow` takes host names (`intranet.example`, or `*.example` for its subdomains) and IP addresses or
    CIDR networks (`10.1.0.0/16`, `::1`); `allow_private` also lets RFC 1918, unique local and
    carrier-grade NAT addresses through, never loopback, link-local or metadata ones.
    """

    allow: tuple[str, ...] = ()
    allow_private: bool = False
    _networks: tuple[IPNetwork, ...] = field(init=False, repr=False, compare=False)
    _hosts: frozenset[str] = field(init=False, repr=False, compare=False)
    _suffixes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        networks, hosts, suffixes = [], set(), []
        for entry in self.allow:
            name = entry.strip().lower().rstrip(".")
            try:
                networks.append(ipaddress.ip_network(name.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            label = name.removeprefix("*.")
            if not label or not all(part and _is_label(part) for part in label.split(".")):
                raise InputError(entry, "not a host name, an IP address or a CIDR network for the allow-list")
            if name.startswith("*."):
                suffixes.append("." + label)
            else:
                hosts.add(label)
        object.__setattr__(self, "_networks", tuple(networks))
        object.__setattr__(self, "_hosts", frozenset(hosts))
        object.__setattr__(self, "_suffixes", tuple(suffixes))

    def host_allowed(self, host: str) -> bool:
        """Whether the allow-list names this host (then any address it resolves to is accepted)."""
        name = host.strip().lower().rstrip(".")
        return name in self._hosts or name.endswith(self._suffixes)

    def refusal(self, address: IPAddress) -> str | None:
        """Return why a connection to `address` is refused, or None when it is allowed."""
        inner = _embedded_ipv4(address)
        candidates = (address,) if inner is None else (address, inner)
        for net in self._networks:
            if any(a.version == net.version and a in net for a in candidates):
                exact = net.num_addresses == 1
                if exact or not any(a in METADATA_ADDRESSES for a in candidates):
                    return None
        kind = classify(address)
        if kind is None or (self.allow_private and kind in _PRIVATE_KINDS):
            return None
        article = "an" if kind[0] in "aeiou" else "a"
        carried = f" (it carries {inner})" if inner is not None else ""
        return f"{address} is {article} {kind} address{carried}"

    def check_url(self, url: str) -> None:
        """Raise FetchError for a URL that can never be fetched: not http(s), no host, or a refused IP literal.

        A host name is only checked when it is connected to (see GuardedBackend); this is the early check
        that gives a user the reason before anything is queued.
        """
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as error:
            raise FetchError(url, f"not a valid URL: {error}") from None
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise FetchError(url, "not an http(s) URL with a host")
        if self.host_allowed(parsed.host):
            return
        address = parse_address(parsed.host)
        reason = self.refusal(address) if address is not None else None
        if reason is not None:
            raise FetchError(url, f"refused: {reason}")


def _is_label(part: str) -> bool:
    return len(part) <= 63 and all(ch.isalnum() or ch == "-" for ch in part)


def system_resolve(host: str, port: int) -> list[str]:
    """Resolve `host` with the system resolver: every TCP address, in the order given."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to addresses the policy allows, as it checked them."""

    def __init__(self, policy: AddressPolicy, *, resolve: Resolver = system_resolve) -> None:
        self.policy = policy
        self.resolve = resolve
        self._backend = httpcore.SyncBackend()

    def addresses(self, host: str, port: int) -> list[str]:
        """Return the addresses to connect to for `host`, all checked; raise AddressRefused if any is refused."""
        literal = parse_address(host)
        if literal is not None:
            self._check(host, [literal])
            return [str(literal)]
        try:
            answers = [parse_address(a) for a in self.resolve(host, port)]
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
        found = [a for a in answers if a is not None]
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        if not self.policy.host_allowed(host):
            self._check(host, found)
        return [str(a) for a in found]

    def _check(self, host: str, addresses: Iterable[IPAddress]) -> None:
        # One refused answer refuses the host: a name that mixes public and private answers is an attack
        # or a misconfiguration, and trying the public ones first would make the outcome depend on order.
        for address in addresses:
            reason = self.policy.refusal(address)
            if reason is not None:
                shown = "" if parse_address(host) is not None else f"{host} resolves to {address}; "
                raise AddressRefused(f"refused to connect: {shown}{reason} (not on the allow-list)")

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to the first reachable checked address of `host`; TLS still uses `host` for SNI."""
        failure: httpcore.ConnectError | None = None
        for address in self.addresses(host, port):
            try:
                return self._backend.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                failure = error
        assert failure is not None  # addresses() returns at least one address or raises
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Refuse: a Unix socket is this machine by definition."""
        raise AddressRefused(f"refused to connect: {path} is a Unix socket")

    def sleep(self, seconds: float) -> None:
        """Sleep between connection retries."""
        self._backend.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport whose every connection goes through a GuardedBackend; no proxies, no Unix sockets."""

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        resolve: Resolver = system_resolve,
        verify: bool | str = True,
        limits: httpx.Limits = httpx.Limits(max_connections=20, max_keepalive_connections=10),  # noqa: B008
        wrap_backend: BackendWrapper | None = None,
    ) -> None:
        super().__init__(verify=verify, trust_env=False, limits=limits)
        # httpx builds its httpcore pool without a way to pass a network backend, so the pool is replaced
        # with one that has the guard; tests/test_netguard.py fails loudly if a new httpx renames it.
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("this httpx version has no HTTPTransport._pool to guard; pin httpx or update netguard")
        backend: httpcore.NetworkBackend = GuardedBackend(policy, resolve=resolve)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend if wrap_backend is None else wrap_backend(backend),
        )
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` over a guarded connection; only http and https are spoken."""
        if request.url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"refused: {request.url.scheme!r} is not http or https", request=request)
        return super().handle_request(request)


_OWNED = ("transport", "mounts", "proxy", "trust_env", "app")


def guarded_client(
    policy: AddressPolicy,
    *,
    resolve: Resolver = system_resolve,
    wrap_backend: BackendWrapper | None = None,
    **httpx_kwargs: Any,
) -> httpx.Client:
    """Return an httpx.Client whose every connection, redirects included, obeys `policy`.

    Takes httpx.Client's keyword arguments except those that would route around the guard (a transport,
    mounts, a proxy, proxies from the environment); `wrap_backend` wraps the guarded network layer.
    """
    owned = sorted(set(httpx_kwargs) & set(_OWNED))
    if owned:
        raise TypeError(f"guarded_client sets {', '.join(owned)} itself: a proxy or transport would bypass the guard")
    verify = httpx_kwargs.pop("verify", True)
    transport = GuardedTransport(policy, resolve=resolve, verify=verify, wrap_backend=wrap_backend)
    return httpx.Client(transport=transport, trust_env=False, **httpx_kwargs)
