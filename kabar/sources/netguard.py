"""Where the crawler may connect: the address guard and a transport that enforces it.

The guard runs inside the connection layer, right before each TCP connect: the host name is resolved
once, every address it resolves to is checked, and the socket is opened to exactly the checked
address. Checking a URL first and letting the HTTP library resolve it again later would leave a gap
(DNS rebinding) in which a name could switch to an internal address; here there is no second lookup.
TLS still verifies the certificate against the host name, because httpcore takes the SNI name from
the URL, not from the address we connect to.

The same layer caps every socket operation at the fetch's overall deadline (``deadline()``), so a
server that drips one byte per second cannot hold a fetch past its total time limit even though each
single read succeeds. Name resolution (``socket.getaddrinfo``) cannot be interrupted; it is bounded
by the system resolver's own timeout, not by the deadline.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
AddressPolicy = Callable[[IPAddress], bool]

# NAT64 (RFC 6052) embeds an IPv4 address in the low 32 bits; judge it by that address.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressRefused(Exception):
    """A host resolved to an address the crawler must not connect to."""

    def __init__(self, host: str, address: str) -> None:
        self.host = host
        self.address = address
        where = address if host == address else f"{host} ({address})"
        super().__init__(f"refusing to connect to non-public address {where}")


def is_public_address(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses.

    ``is_global`` alone is not enough: Python counts multicast as global, and IPv6 forms that carry
    an IPv4 address (mapped, 6to4, NAT64) must be judged by the IPv4 address inside them.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return is_public_address(ip.sixtofour)
        if ip in _NAT64:
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.is_site_local:
            return False
    return (
        ip.is_global
        and not ip.is_multicast
        and not ip.is_private
        and not ip.is_loopback
        and not ip.is_link_local
        and not ip.is_reserved
        and not ip.is_unspecified
    )


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host, in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _parse_ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def resolve_checked(
    host: str, port: int, *, resolver: Resolver, is_allowed: AddressPolicy | None
) -> list[str]:
    """Addresses to connect to for host. Raises AddressRefused if ANY of them is not allowed
    (is_allowed=None allows everything), and OSError if the name does not resolve."""
    literal = _parse_ip(host)
    addresses = [str(literal)] if literal is not None else resolver(host, port)
    if not addresses:
        raise OSError(f"no address found for {host}")
    for address in addresses:
        ip = _parse_ip(address)
        if ip is None:
            raise OSError(f"resolver returned an invalid address for {host}: {address!r}")
        if is_allowed is not None and not is_allowed(ip):
            raise AddressRefused(host, address)
    return addresses


# The monotonic time by which the current fetch must be finished; None outside a fetch.
# A context variable, so each crawler thread has its own.
_deadline: ContextVar[float | None] = ContextVar("kabar_fetch_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Cap every socket operation in this block so that the block ends within ``seconds``."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _capped(timeout: float | None, exc: type[Exception]) -> float | None:
    end = _deadline.get()
    if end is None:
        return timeout
    remaining = end - time.monotonic()
    if remaining <= 0:
        raise exc("total time limit for the response reached")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _capped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _capped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, _capped(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore network backend: resolve, check, then connect to the checked address."""

    def __init__(self, *, resolver: Resolver, is_allowed: AddressPolicy | None) -> None:
        self._resolver = resolver
        self._is_allowed = is_allowed
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = resolve_checked(host, port, resolver=self._resolver, is_allowed=self._is_allowed)
        except OSError as exc:  # AddressRefused is not an OSError; it reaches the fetcher as it is
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        last_error: Exception | None = None
        for address in addresses:
            try:
                stream = self._sync.connect_tcp(
                    address,
                    port,
                    timeout=_capped(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            return _DeadlineStream(stream)
        assert last_error is not None
        raise last_error

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=10)


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes a noticeable fraction of a second; one context serves all fetchers.
    return httpx.create_ssl_context()


class GuardedTransport(httpx.HTTPTransport):
    """httpx transport whose every connection goes through GuardedBackend.

    httpx has no public switch for the network backend, so after the normal set-up the connection
    pool is rebuilt with ours (``_pool`` is the attribute HTTPTransport sends requests through;
    httpx is pinned in requirements.lock and tests/sources/test_fetching_guard.py fails if this stops
    working). No proxy is ever used: a proxy would connect on our behalf, past the guard.
    """

    def __init__(
        self,
        *,
        resolver: Resolver = system_resolver,
        is_allowed: AddressPolicy | None = is_public_address,
        limits: httpx.Limits = _LIMITS,
    ) -> None:
        ssl_context = _ssl_context()
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(resolver=resolver, is_allowed=is_allowed),
        )
