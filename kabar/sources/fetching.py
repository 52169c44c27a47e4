"""The crawler's HTTP layer. HTTP only: it knows nothing of feeds, articles or the database.

``Fetcher.fetch(url)`` returns a FetchResult or raises a FetchError whose ``kind`` says what went
wrong. Limits (issue 3 §2): connect 10 s, read 20 s, a hard 60 s for the whole fetch including its
redirects, 10 MB of body before and after decompression, 5 redirects. Per host one request at a time
and a minimum delay between requests. robots.txt is obeyed for article pages. Private, loopback
and link-local addresses are refused before connecting (see netguard.py).
"""

from __future__ import annotations

import contextlib
import email.utils
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

import kabar
from kabar.sources import netguard
from kabar.sources.charset import decode_html
from kabar.sources.hostgate import HostGates
from kabar.sources.robots import (
    ALLOW_ALL,
    ROBOTS_MAX_BYTES,
    UNREACHABLE_RETRY,
    RobotsCache,
    RobotsRules,
    RobotsUnavailable,
    parse_robots,
)

__all__ = ["USER_AGENT", "FetchError", "FetchResult", "Fetcher", "decode_html", "fetcher_from_settings"]

USER_AGENT = f"kabar/{kabar.__version__} (+{kabar.HOMEPAGE})"
KINDS = frozenset(
    {
        "timeout",
        "too_large",
        "too_many_redirects",
        "private_address",
        "http_status",
        "connection",
        "robots_disallowed",
        "robots_unavailable",
        "invalid_url",
    }
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.9, text/html;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True)
class FetchResult:
    url: str  # final URL after redirects
    status: int  # 2xx, or 304 when not_modified
    headers: dict[str, str]  # lower-cased names
    content: bytes  # decompressed body, b"" on 304
    not_modified: bool
    etag: str  # "" if none
    last_modified: str  # "" if none


class FetchError(Exception):
    """A fetch that produced no usable response. ``str(error)`` is one line for people."""

    def __init__(
        self, kind: str, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        assert kind in KINDS, kind
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or HTTP-date), None if unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Inflater:
    """Streaming gzip/deflate decoder whose output per call is bounded, so a gzip bomb never
    expands beyond the size limit in memory."""

    def __init__(self, encoding: str) -> None:
        self._deflate = encoding == "deflate"
        # deflate is meant to be zlib-wrapped, but some servers send raw deflate; try zlib first.
        self._z = zlib.decompressobj(zlib.MAX_WBITS if self._deflate else zlib.MAX_WBITS | 16)
        self._started = False

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._z.eof:  # trailing bytes after the compressed stream are ignored
            return b""
        try:
            out = self._z.decompress(data, limit)
        except zlib.error:
            if not (self._deflate and not self._started):
                raise
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._z.decompress(data, limit)
        self._started = True
        return out


def _read_body(response: httpx.Response, *, max_bytes: int, truncate: bool, url: str) -> bytes:
    """The decoded body, at most max_bytes; beyond that FetchError("too_large"), or a cut-off body
    when truncate is set (robots.txt)."""

    def too_large() -> FetchError:
        return FetchError("too_large", f"response from {url} is larger than {max_bytes} bytes")

    if response.is_stream_consumed:
        # The transport handed over a body already in memory and decoded (httpx.MockTransport).
        if len(response.content) > max_bytes and not truncate:
            raise too_large()
        return response.content[:max_bytes]
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in {"identity", "", "gzip", "x-gzip", "deflate"}:
        raise FetchError("connection", f"unsupported Content-Encoding {encoding!r} from {url}")
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise too_large()
    inflater = _Inflater(encoding) if encoding in {"gzip", "x-gzip", "deflate"} else None
    body = bytearray()
    raw_total = 0
    try:
        for chunk in response.iter_raw():
            raw_total += len(chunk)
            # One byte over the limit is enough to know the body is too large.
            data = inflater.feed(chunk, max_bytes + 1 - len(body)) if inflater else chunk
            body += data
            if len(body) > max_bytes or raw_total > max_bytes:
                if truncate:
                    return bytes(body[:max_bytes])
                raise too_large()
    except zlib.error as exc:
        raise FetchError("connection", f"corrupt {encoding} body from {url}: {exc}") from None
    return bytes(body)


@dataclass(frozen=True)
class _Response:
    url: httpx.URL
    status: int
    headers: dict[str, str]
    content: bytes
    elapsed: float


@contextlib.contextmanager
def _mapped_errors(url: str) -> Iterator[None]:
    """Turn the exceptions of httpx and of the address guard into FetchError."""
    try:
        yield
    except netguard.AddressRefused as exc:
        raise FetchError("private_address", f"{exc} (for {url})") from None
    except httpx.TimeoutException as exc:
        reason = str(exc) or type(exc).__name__
        raise FetchError("timeout", f"no complete response from {url} in time ({reason})") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError("invalid_url", f"invalid URL {url!r}: {exc}") from None
    except httpx.TransportError as exc:
        raise FetchError("connection", f"connection failed for {url}: {exc or type(exc).__name__}") from None


def _header_value(value: str) -> bytes:
    # Validators come back from servers and are sent back as they came; as bytes, so that a non-ASCII
    # ETag cannot break the request, and without line breaks, so that one cannot inject a header.
    return " ".join(value.splitlines()).encode("utf-8")


def _parse_url(url: str | httpx.URL) -> httpx.URL:
    with _mapped_errors(str(url)):
        parsed = httpx.URL(url)
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise FetchError("invalid_url", f"invalid URL {str(url)!r}: only http(s) URLs with a host")
    return parsed


class Fetcher:
    """Thread-safe; share one per process so the per-host limits and the robots cache hold.

    ``resolver`` and ``is_allowed`` replace DNS and the address policy (tests map names to
    127.0.0.1 with them). With allow_private=True nothing is refused. A caller-supplied ``transport``
    (httpx.MockTransport in tests) skips the guarded connection layer; each hop's host is then
    resolved and checked before the request instead, unless allow_private=True.
    """

    def __init__(
        self,
        *,
        user_agent: str,
        allow_private: bool,
        min_host_delay: float,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        total_timeout: float = 60.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 5,
        transport: httpx.BaseTransport | None = None,
        resolver: netguard.Resolver = netguard.system_resolver,
        is_allowed: netguard.AddressPolicy = netguard.is_public_address,
        robots_cache: RobotsCache | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.allow_private = allow_private
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.robots = robots_cache or RobotsCache()
        self.gates = HostGates(min_host_delay)
        self._resolver = resolver
        self._policy = None if allow_private else is_allowed
        # A caller-supplied transport (tests) bypasses GuardedTransport, so check each hop up front.
        self._precheck = transport is not None and self._policy is not None
        self._client = httpx.Client(
            transport=transport or netguard.GuardedTransport(resolver=resolver, is_allowed=self._policy),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=total_timeout
            ),
            headers={"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
        )

    @property
    def min_host_delay(self) -> float:
        return self.gates.min_delay

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch(
        self, url: str, *, etag: str = "", last_modified: str = "", obey_robots: bool = False
    ) -> FetchResult:
        """GET url, following redirects. A 304 to the conditional headers gives not_modified=True."""
        headers = {}
        if etag:
            headers["If-None-Match"] = _header_value(etag)
        if last_modified:
            headers["If-Modified-Since"] = _header_value(last_modified)
        response = self._follow(url, headers=headers, obey_robots=obey_robots, max_bytes=self.max_bytes)
        final, status = str(response.url), response.status
        if status == 304:
            # A 304 may omit the validators; the ones we sent are still the current ones.
            return FetchResult(
                url=final,
                status=304,
                headers=response.headers,
                content=b"",
                not_modified=True,
                etag=response.headers.get("etag", etag),
                last_modified=response.headers.get("last-modified", last_modified),
            )
        if not 200 <= status < 300:
            retry_after = None
            if status in (429, 503):
                retry_after = parse_retry_after(response.headers.get("retry-after", ""))
            raise FetchError(
                "http_status", f"HTTP {status} from {final}", status=status, retry_after=retry_after
            )
        return FetchResult(
            url=final,
            status=status,
            headers=response.headers,
            content=response.content,
            not_modified=False,
            etag=response.headers.get("etag", ""),
            last_modified=response.headers.get("last-modified", ""),
        )

    def _follow(
        self, url: str, *, headers: dict[str, str], obey_robots: bool, max_bytes: int, truncate: bool = False
    ) -> _Response:
        """Send GETs along the redirect chain; the first non-redirect response is returned whatever its
        status. The time budget is shared by all hops; waiting for a host's turn is not counted."""
        budget = self.total_timeout
        current = _parse_url(url)
        for _ in range(self.max_redirects + 1):
            if obey_robots:
                self._check_robots(current)
            response = self._exchange(current, headers, budget=budget, max_bytes=max_bytes, truncate=truncate)
            budget -= response.elapsed
            location = response.headers.get("location", "") if response.status in _REDIRECTS else ""
            if not location:
                return response
            with _mapped_errors(location):
                current = _parse_url(current.join(location))
        raise FetchError("too_many_redirects", f"more than {self.max_redirects} redirects from {url}")

    def _exchange(
        self, url: httpx.URL, headers: dict[str, str], *, budget: float, max_bytes: int, truncate: bool
    ) -> _Response:
        """One request to url, inside the host's gate and the remaining time budget."""
        text = str(url)
        with _mapped_errors(text), self.gates.hold(url.host):
            if budget <= 0:
                raise FetchError("timeout", f"no complete response from {text} within the time limits")
            if self._precheck:
                assert self._policy is not None
                port = url.port or (443 if url.scheme == "https" else 80)
                try:
                    netguard.resolve_checked(url.host, port, resolver=self._resolver, is_allowed=self._policy)
                except OSError as exc:
                    raise FetchError("connection", f"cannot resolve {url.host}: {exc}") from None
            start = time.monotonic()
            with netguard.deadline(budget), self._client.stream("GET", url, headers=headers) as response:
                content = b""
                if 200 <= response.status_code < 300:
                    content = _read_body(response, max_bytes=max_bytes, truncate=truncate, url=text)
                return _Response(
                    url=url,
                    status=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    content=content,
                    elapsed=time.monotonic() - start,
                )

    def _check_robots(self, url: httpx.URL) -> None:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        try:
            rules = self.robots.rules(origin, lambda: self._load_robots(origin, url.host))
        except RobotsUnavailable as exc:
            raise FetchError(
                "robots_unavailable",
                f"robots.txt of {origin} unavailable ({exc.reason}); retry in {exc.retry_after:.0f} s",
                retry_after=exc.retry_after,
            ) from None
        if not rules.allows(str(url), self.user_agent):
            raise FetchError("robots_disallowed", f"robots.txt of {origin} disallows {url}")

    def _load_robots(self, origin: str, host: str) -> RobotsRules:
        try:
            response = self._follow(
                f"{origin}/robots.txt",
                headers={},
                obey_robots=False,
                max_bytes=ROBOTS_MAX_BYTES,
                truncate=True,
            )
        except FetchError as exc:
            if exc.kind in ("timeout", "connection"):
                raise RobotsUnavailable(str(exc), UNREACHABLE_RETRY) from None
            if exc.kind in ("too_many_redirects", "invalid_url"):
                return ALLOW_ALL  # RFC 9309 §2.3.1.2: treat as unavailable, i.e. no rules
            raise
        status = response.status
        if status == 429 or status >= 500:
            retry = parse_retry_after(response.headers.get("retry-after", ""))
            raise RobotsUnavailable(f"HTTP {status}", UNREACHABLE_RETRY if retry is None else retry)
        if not 200 <= status < 300:
            return ALLOW_ALL
        rules = parse_robots(response.content)
        self.gates.set_crawl_delay(host, rules.crawl_delay(self.user_agent))
        return rules


def fetcher_from_settings() -> Fetcher:
    """The Fetcher configured by KABAR_CRAWL_MIN_HOST_DELAY and KABAR_CRAWL_ALLOW_PRIVATE."""
    from django.conf import settings

    return Fetcher(
        user_agent=USER_AGENT,
        allow_private=settings.KABAR_CRAWL_ALLOW_PRIVATE,
        min_host_delay=settings.KABAR_CRAWL_MIN_HOST_DELAY,
    )
