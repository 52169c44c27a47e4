"""The private-address guard: checked after DNS resolution, on every redirect, before connecting.

No test here sends traffic anywhere but 127.0.0.1: names are resolved by stub resolvers, and the
non-local addresses they return are refused before any socket is opened.
"""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from kabar.sources import netguard
from kabar.sources.fetching import FetchError
from tests.sources import hostile
from tests.sources.hostile import fast_fetcher

LOOPBACK = ipaddress.ip_address("127.0.0.1")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata, link-local
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 (an address to refuse, not to bind)
        "224.0.0.1",  # multicast (Python calls it global)
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",  # site-local
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "2002:a00:1::1",  # 6to4 around 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
        "2001:db8::1",  # documentation
    ],
)
def test_non_public_addresses(address):
    assert netguard.is_public_address(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "133.242.0.1",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",
        "2002:808:808::1",
        "64:ff9b::808:808",
    ],
)
def test_public_addresses(address):
    assert netguard.is_public_address(ipaddress.ip_address(address)) is True


def test_loopback_is_refused_before_any_connection():
    with fast_fetcher(allow_private=False) as f, hostile.serve({"/": hostile.ok("secret")}) as s:
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/"))
        assert s.connections == 0
    assert info.value.kind == "private_address"
    assert "127.0.0.1" in str(info.value)


def test_allow_private_lets_loopback_through():
    with fast_fetcher(allow_private=True) as f, hostile.serve({"/": hostile.ok("local")}) as s:
        assert f.fetch(s.url("/")).content == b"local"


def _stub(table: dict[str, list[str]]):
    looked_up = []

    def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    resolve.looked_up = looked_up
    return resolve


def _only_loopback_is_public(ip) -> bool:
    """Test policy: pretend 127.0.0.1 is a public address, keep the real rule for everything else."""
    return ip == LOOPBACK or netguard.is_public_address(ip)


def test_the_resolved_address_is_the_one_connected_to():
    resolver = _stub({"news.test": ["127.0.0.1"]})
    with (
        fast_fetcher(allow_private=False, resolver=resolver, is_allowed=_only_loopback_is_public) as f,
        hostile.serve({"/feed": hostile.ok("via stub")}) as s,
    ):
        result = f.fetch(f"http://news.test:{s.port}/feed")
    assert result.content == b"via stub"
    assert resolver.looked_up == ["news.test"]  # resolved once, no second lookup by the HTTP library
    assert s.requests[0].headers["host"] == f"news.test:{s.port}"


@pytest.mark.parametrize(
    "target", ["10.1.2.3", "169.254.169.254", "[::1]", "[::ffff:192.168.0.1]", "inside.test"]
)
def test_redirect_to_a_private_address_is_refused_before_connecting(target):
    # inside.test resolves to a private address; nothing listens on those, and nothing is sent there.
    resolver = _stub({"news.test": ["127.0.0.1"], "inside.test": ["10.9.8.7"]})
    with (
        fast_fetcher(allow_private=False, resolver=resolver, is_allowed=_only_loopback_is_public) as f,
        hostile.serve({"/feed": hostile.redirect(f"http://{target}/admin")}) as s,
    ):
        with pytest.raises(FetchError) as info:
            f.fetch(f"http://news.test:{s.port}/feed")
    assert info.value.kind == "private_address"
    assert s.paths() == ["/feed"]


def test_a_name_with_any_private_address_is_refused():
    # A public-looking first answer does not hide a private second one (all are checked).
    resolver = _stub({"mixed.test": ["127.0.0.1", "192.168.1.10"]})
    with (
        fast_fetcher(allow_private=False, resolver=resolver, is_allowed=_only_loopback_is_public) as f,
        hostile.serve({"/": hostile.ok("x")}) as s,
    ):
        with pytest.raises(FetchError) as info:
            f.fetch(f"http://mixed.test:{s.port}/")
        assert s.connections == 0
    assert info.value.kind == "private_address"
    assert "192.168.1.10" in str(info.value)


def test_a_private_address_is_refused_on_a_later_redirect_hop():
    resolver = _stub({"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"], "c.test": ["172.20.0.5"]})
    with hostile.serve({}) as s:
        s.routes["/1"] = hostile.redirect(f"http://b.test:{s.port}/2")
        s.routes["/2"] = hostile.redirect(f"http://c.test:{s.port}/3")
        with fast_fetcher(allow_private=False, resolver=resolver, is_allowed=_only_loopback_is_public) as f:
            with pytest.raises(FetchError) as info:
                f.fetch(f"http://a.test:{s.port}/1")
    assert info.value.kind == "private_address"
    assert s.paths() == ["/1", "/2"]
    assert resolver.looked_up == ["a.test", "b.test", "c.test"]


def test_unresolvable_name_is_a_connection_error():
    with fast_fetcher(allow_private=False, resolver=_stub({})) as f:
        with pytest.raises(FetchError) as info:
            f.fetch("http://nowhere.test/")
    assert info.value.kind == "connection"
    assert "nowhere.test" in str(info.value)


def test_ip_literals_are_checked_without_the_resolver():
    resolver = _stub({})
    with fast_fetcher(allow_private=False, resolver=resolver) as f:
        for url in (
            "http://10.0.0.1/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]:8080/",
            "https://0.0.0.0/",
        ):
            with pytest.raises(FetchError) as info:
                f.fetch(url)
            assert info.value.kind == "private_address", url
    assert resolver.looked_up == []


def test_a_custom_transport_is_checked_before_each_hop():
    # A caller-supplied transport bypasses the guarded connection layer, so the fetcher checks first.
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        if request.url.host == "news.test":
            return httpx.Response(302, headers={"Location": "http://inside.test/"})
        return httpx.Response(200, content=b"internal")

    resolver = _stub({"news.test": ["133.242.0.1"], "inside.test": ["10.0.0.2"]})
    with fast_fetcher(allow_private=False, resolver=resolver, transport=httpx.MockTransport(handler)) as f:
        with pytest.raises(FetchError) as info:
            f.fetch("http://news.test/feed")
    assert info.value.kind == "private_address"
    assert sent == ["http://news.test/feed"]


def test_resolve_checked_directly():
    resolver = _stub({"ok.test": ["133.242.0.1", "2001:4860::1"], "bad.test": ["not-an-ip"], "none.test": []})
    policy = netguard.is_public_address
    assert netguard.resolve_checked("ok.test", 80, resolver=resolver, is_allowed=policy) == [
        "133.242.0.1",
        "2001:4860::1",
    ]
    for host in ("bad.test", "none.test"):
        with pytest.raises(OSError):
            netguard.resolve_checked(host, 80, resolver=resolver, is_allowed=policy)
    with pytest.raises(netguard.AddressRefused):
        netguard.resolve_checked("127.0.0.1", 80, resolver=resolver, is_allowed=policy)
    assert netguard.resolve_checked("127.0.0.1", 80, resolver=resolver, is_allowed=None) == ["127.0.0.1"]


def test_guarded_transport_is_really_in_the_connection_pool():
    # GuardedTransport swaps httpx's private connection pool; fail loudly if an httpx upgrade breaks that.
    transport = netguard.GuardedTransport()
    assert isinstance(transport._pool._network_backend, netguard.GuardedBackend)
    transport.close()
