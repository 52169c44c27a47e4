"""Fetcher basics against a real local server: success, headers, conditional GET, status codes,
redirects, content encodings, defaults."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

import kabar
from kabar.sources import fetching
from kabar.sources.fetching import USER_AGENT, Fetcher, FetchError, parse_retry_after
from tests.sources import hostile
from tests.sources.hostile import fast_fetcher

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
def fetcher():
    with fast_fetcher() as f:
        yield f


def test_defaults_are_the_issue_numbers():
    f = Fetcher(user_agent=USER_AGENT, allow_private=False, min_host_delay=1.0)
    assert (f.connect_timeout, f.read_timeout, f.total_timeout) == (10.0, 20.0, 60.0)
    assert f.max_bytes == 10 * 1024 * 1024
    assert f.max_redirects == 5
    assert f.min_host_delay == 1.0
    f.close()


def test_user_agent_names_version_and_homepage():
    assert USER_AGENT == f"kabar/{kabar.__version__} (+{kabar.HOMEPAGE})"
    assert USER_AGENT.startswith("kabar/0.") and "(+https://" in USER_AGENT


def test_fetcher_from_settings(settings):
    settings.KABAR_CRAWL_MIN_HOST_DELAY = 2.5
    settings.KABAR_CRAWL_ALLOW_PRIVATE = False
    with fetching.fetcher_from_settings() as f:
        assert f.user_agent == USER_AGENT
        assert f.min_host_delay == 2.5
        assert f.allow_private is False
    settings.KABAR_CRAWL_ALLOW_PRIVATE = True
    with fetching.fetcher_from_settings() as f:
        assert f.allow_private is True


def test_decode_html_is_exported_from_fetching():
    assert (
        fetching.decode_html("<p>é</p>".encode(), {"content-type": "text/html; charset=utf-8"}) == "<p>é</p>"
    )


def test_fetch_returns_body_headers_and_validators(fetcher):
    routes = {
        "/feed": hostile.ok(
            RSS,
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT", "X-Thing": "A"},
        )
    }
    with hostile.serve(routes) as server:
        result = fetcher.fetch(server.url("/feed"))
    assert result.status == 200
    assert result.content == RSS
    assert result.url == server.url("/feed")
    assert result.not_modified is False
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert result.headers["content-type"] == "application/rss+xml"
    assert result.headers["x-thing"] == "A"
    assert all(name == name.lower() for name in result.headers)
    sent = server.requests[0].headers
    assert sent["user-agent"] == USER_AGENT
    assert "if-none-match" not in sent and "if-modified-since" not in sent
    assert set(sent["accept-encoding"].replace(" ", "").split(",")) == {"gzip", "deflate"}


def test_missing_validators_are_empty_strings(fetcher):
    with hostile.serve({"/": hostile.ok("hi")}) as server:
        result = fetcher.fetch(server.url("/"))
    assert (result.etag, result.last_modified) == ("", "")


def _conditional(body: bytes, etag: str, last_modified: str):
    def choose(request: hostile.Request):
        if (
            request.headers.get("if-none-match") == etag
            or request.headers.get("if-modified-since") == last_modified
        ):
            return hostile.ok(b"", status=304)
        return hostile.ok(body, headers={"ETag": etag, "Last-Modified": last_modified})

    return hostile.dynamic(choose)


def test_conditional_get_gives_not_modified(fetcher):
    lm = "Wed, 01 Jan 2025 00:00:00 GMT"
    with hostile.serve({"/feed": _conditional(RSS, '"abc"', lm)}) as server:
        first = fetcher.fetch(server.url("/feed"))
        by_etag = fetcher.fetch(server.url("/feed"), etag=first.etag)
        by_date = fetcher.fetch(server.url("/feed"), last_modified=first.last_modified)
        both = fetcher.fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
        changed = fetcher.fetch(server.url("/feed"), etag='"old"')
    assert first.content == RSS and not first.not_modified
    for result in (by_etag, by_date, both):
        assert result.not_modified is True
        assert result.status == 304
        assert result.content == b""
    # The 304s carried no validators, so the ones sent are still the current ones.
    assert (by_etag.etag, by_etag.last_modified) == ('"abc"', "")
    assert (by_date.etag, by_date.last_modified) == ("", lm)
    assert (both.etag, both.last_modified) == ('"abc"', lm)
    assert changed.not_modified is False and changed.content == RSS
    assert server.requests[1].headers["if-none-match"] == '"abc"'
    assert server.requests[2].headers["if-modified-since"] == lm
    assert "if-none-match" not in server.requests[2].headers


@pytest.mark.parametrize("status", [400, 403, 404, 410, 500, 502])
def test_error_status_is_http_status_error(fetcher, status):
    with hostile.serve({"/": hostile.ok("no", status=status, headers={"Retry-After": "30"})}) as server:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/"))
    assert info.value.kind == "http_status"
    assert info.value.status == status
    assert info.value.retry_after is None  # only honoured on 429 and 503
    assert f"HTTP {status}" in str(info.value)


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds_on_429_and_503(fetcher, status):
    with hostile.serve(
        {"/": hostile.ok("slow down", status=status, headers={"Retry-After": "120"})}
    ) as server:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/"))
    assert (info.value.kind, info.value.status, info.value.retry_after) == ("http_status", status, 120.0)


def test_retry_after_http_date(fetcher):
    when = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    with hostile.serve({"/": hostile.ok("busy", status=503, headers={"Retry-After": when})}) as server:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/"))
    assert 3500 < info.value.retry_after <= 3600


def test_retry_after_missing_or_garbage_is_none(fetcher):
    with hostile.serve(
        {"/a": hostile.ok("", status=429), "/b": hostile.ok("", status=429, headers={"Retry-After": "soon"})}
    ) as server:
        for path in ("/a", "/b"):
            with pytest.raises(FetchError) as info:
                fetcher.fetch(server.url(path))
            assert info.value.status == 429 and info.value.retry_after is None


def test_parse_retry_after():
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after(" 45 ") == 45.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:10:00 GMT", now=now) == 600.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now=now) == 0.0  # in the past
    assert parse_retry_after("-5") is None
    assert parse_retry_after("") is None
    assert parse_retry_after("tomorrow") is None


def test_gzip_and_deflate_bodies_are_decoded(fetcher):
    text = b"<p>" + "東京の天気".encode() * 500 + b"</p>"
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    routes = {
        "/gzip": hostile.gzipped(text),
        "/deflate": hostile.ok(zlib.compress(text), headers={"Content-Encoding": "deflate"}),
        # Some servers send raw deflate without the zlib wrapper.
        "/raw": hostile.ok(
            raw_deflate.compress(text) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
        ),
    }
    with hostile.serve(routes) as server:
        for path in routes:
            result = fetcher.fetch(server.url(path))
            assert result.content == text, path


def test_corrupt_gzip_and_unknown_encoding_are_errors(fetcher):
    routes = {
        "/corrupt": hostile.ok(b"this is not gzip at all", headers={"Content-Encoding": "gzip"}),
        "/br": hostile.ok(b"??", headers={"Content-Encoding": "br"}),
    }
    with hostile.serve(routes) as server:
        for path in routes:
            with pytest.raises(FetchError) as info:
                fetcher.fetch(server.url(path))
            assert info.value.kind == "connection", path


def test_gzip_within_limit_after_decompression_passes(fetcher):
    body = b"a" * (fetcher.max_bytes - 10)
    with hostile.serve(
        {"/": hostile.ok(gzip.compress(body), headers={"Content-Encoding": "gzip"})}
    ) as server:
        assert fetcher.fetch(server.url("/")).content == body


def test_redirects_are_followed_to_the_final_url(fetcher):
    routes = {
        "/old": hostile.redirect("/mid", status=301),
        "/mid": hostile.redirect("new?x=1", status=307),
        "/new": hostile.ok(RSS),
    }
    with hostile.serve(routes) as server:
        result = fetcher.fetch(server.url("/old"))
    assert result.content == RSS
    assert result.url == server.url("/new?x=1")
    assert server.paths() == ["/old", "/mid", "/new?x=1"]


def test_five_redirects_pass_and_six_fail(fetcher):
    routes = {f"/r{i}": hostile.redirect(f"/r{i + 1}") for i in range(6)}
    routes["/r6"] = hostile.ok("end")
    with hostile.serve(routes) as server:
        assert fetcher.fetch(server.url("/r1")).content == b"end"  # r1→…→r6: 5 redirects
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/r0"))  # 6 redirects
    assert info.value.kind == "too_many_redirects"


def test_redirect_loop(fetcher):
    with hostile.serve({"/a": hostile.redirect("/b"), "/b": hostile.redirect("/a")}) as server:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/a"))
        assert info.value.kind == "too_many_redirects"
        assert len(server.requests) == 6  # the first request and 5 redirects, then stop


def test_redirect_to_another_scheme_is_invalid_url(fetcher):
    with hostile.serve({"/": hostile.redirect("file:///etc/passwd")}) as server:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/"))
    assert info.value.kind == "invalid_url"


def test_redirect_without_location_is_an_error(fetcher):
    with hostile.serve({"/": hostile.ok("", status=302)}) as server:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(server.url("/"))
    assert (info.value.kind, info.value.status) == ("http_status", 302)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/feed", "file:///etc/passwd", "not a url", "http://", "", "//x/y"]
)
def test_invalid_urls(fetcher, url):
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert info.value.kind == "invalid_url"


def test_other_2xx_and_empty_bodies(fetcher):
    with hostile.serve({"/": hostile.ok(b"", status=204)}) as server:
        result = fetcher.fetch(server.url("/"))
    assert (result.status, result.content, result.not_modified) == (204, b"", False)


def test_custom_transport_is_used():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"mocked", headers={"ETag": "e"})

    with fast_fetcher(transport=httpx.MockTransport(handler)) as f:
        result = f.fetch("https://example.com/feed")
    assert (result.content, result.etag, result.url) == (b"mocked", "e", "https://example.com/feed")


def test_fetch_error_kinds_are_checked():
    with pytest.raises(AssertionError):
        FetchError("oops", "not a kind")
    error = FetchError("http_status", "HTTP 503 from x", status=503, retry_after=5.0)
    assert (str(error), error.status, error.retry_after) == ("HTTP 503 from x", 503, 5.0)


def test_validators_are_sent_back_safely(fetcher):
    with hostile.serve({"/": hostile.ok("x")}) as server:
        fetcher.fetch(server.url("/"), etag='W/"café"', last_modified="Wed, 01 Jan 2025\r\nX-Evil: 1")
    sent = server.requests[0].headers
    assert "x-evil" not in sent
    assert sent["if-modified-since"] == "Wed, 01 Jan 2025 X-Evil: 1"
    assert sent["if-none-match"].encode("latin-1") == 'W/"café"'.encode()
