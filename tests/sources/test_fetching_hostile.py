"""Hostile servers (issue 3 §6): each must end in a clear FetchError within its time limit.
Every server here listens on 127.0.0.1 only."""

from __future__ import annotations

import socket
import time
import tracemalloc

import pytest

from kabar.sources.fetching import FetchError, decode_html
from tests.sources import hostile
from tests.sources.hostile import fast_fetcher

MB = 1024 * 1024


def _fail(fetcher, url: str) -> tuple[FetchError, float]:
    start = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    return info.value, time.monotonic() - start


def test_slow_drip_is_cut_at_the_total_deadline():
    # 1 byte/s: every read succeeds well within the read timeout, only the total limit stops it.
    with (
        fast_fetcher(read_timeout=20.0, total_timeout=1.5) as f,
        hostile.serve({"/": hostile.drip(interval=1.0)}) as s,
    ):
        error, elapsed = _fail(f, s.url("/"))
    assert error.kind == "timeout"
    assert 1.4 <= elapsed < 3.0
    assert 1 <= s.sent["/"] <= 3


def test_total_deadline_also_bounds_waiting_for_headers():
    with (
        fast_fetcher(read_timeout=20.0, total_timeout=1.0) as f,
        hostile.serve({"/": hostile.silence(10)}) as s,
    ):
        error, elapsed = _fail(f, s.url("/"))
    assert error.kind == "timeout"
    assert elapsed < 2.5


def test_read_timeout():
    with (
        fast_fetcher(read_timeout=0.5, total_timeout=10.0) as f,
        hostile.serve({"/": hostile.silence(10)}) as s,
    ):
        error, elapsed = _fail(f, s.url("/"))
    assert error.kind == "timeout"
    assert 0.4 <= elapsed < 2.0


def test_connect_timeout():
    # A listening socket whose accept queue is full: the kernel drops further SYNs, so connect hangs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.1)
    try:
        with fast_fetcher(connect_timeout=0.5, read_timeout=10.0, total_timeout=10.0) as f:
            error, elapsed = _fail(f, f"http://127.0.0.1:{port}/")
    finally:
        for sock in [*fillers, listener]:
            sock.close()
    assert error.kind == "timeout"
    assert elapsed < 3.0


def test_total_budget_is_shared_by_redirect_hops():
    routes = {
        "/a": hostile.ok("", status=302, headers={"Location": "/b"}, delay=0.7),
        "/b": hostile.ok("x", delay=0.7),
    }
    with fast_fetcher(total_timeout=1.0) as f, hostile.serve(routes) as s:
        error, elapsed = _fail(f, s.url("/a"))
    assert error.kind == "timeout"
    assert elapsed < 2.0


def test_endless_body_is_too_large():
    with fast_fetcher(max_bytes=MB) as f, hostile.serve({"/": hostile.endless()}) as s:
        error, elapsed = _fail(f, s.url("/"))
    assert error.kind == "too_large"
    assert elapsed < 3.0


@pytest.mark.parametrize("announced", [True, False])
def test_50_mb_body_is_aborted_early_at_the_default_limit(announced):
    # The real default limit (10 MB) against a real 50 MB body; announced or counted as it streams.
    with (
        fast_fetcher(max_bytes=10 * MB, total_timeout=20.0) as f,
        hostile.serve({"/": hostile.huge(50 * MB, content_length=announced)}) as s,
    ):
        error, elapsed = _fail(f, s.url("/"))
        time.sleep(0.2)  # let the server notice the closed connection
    assert error.kind == "too_large"
    assert elapsed < 10.0
    assert s.sent["/"] < 30 * MB
    if announced:  # rejected on the Content-Length alone, before reading the body
        assert s.sent["/"] < 12 * MB


def test_gzip_bomb_is_stopped_without_inflating_it_in_memory():
    bomb = hostile.bomb_bytes(128 * MB)
    assert len(bomb) < MB  # small on the wire
    with fast_fetcher(max_bytes=2 * MB) as f, hostile.serve({"/": hostile.gzip_bomb(128 * MB)}) as s:
        tracemalloc.start()
        try:
            error, elapsed = _fail(f, s.url("/"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert error.kind == "too_large"
    assert elapsed < 5.0
    assert peak < 16 * MB, peak


def test_gzip_bomb_at_the_default_limit():
    with (
        fast_fetcher(max_bytes=10 * MB, total_timeout=20.0) as f,
        hostile.serve({"/": hostile.gzip_bomb(128 * MB)}) as s,
    ):
        error, elapsed = _fail(f, s.url("/"))
    assert error.kind == "too_large"
    assert elapsed < 10.0


def test_redirect_loop_ends_quickly():
    with fast_fetcher() as f, hostile.serve({"/loop": hostile.redirect("/loop")}) as s:
        error, elapsed = _fail(f, s.url("/loop"))
    assert error.kind == "too_many_redirects"
    assert len(s.requests) == 6
    assert elapsed < 2.0


def test_connection_reset_mid_body():
    with fast_fetcher() as f, hostile.serve({"/": hostile.reset()}) as s:
        error, elapsed = _fail(f, s.url("/"))
    assert error.kind == "connection"
    assert elapsed < 2.0


def test_server_closing_before_the_announced_length_is_a_connection_error():
    def short(conn, request):
        conn.head(200, {"Content-Type": "text/html", "Content-Length": "1000"})
        conn.send(b"<html>only part")

    with fast_fetcher() as f, hostile.serve({"/": short}) as s:
        error, _ = _fail(f, s.url("/"))
    assert error.kind == "connection"


def test_connection_refused():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with fast_fetcher() as f:
        error, elapsed = _fail(f, f"http://127.0.0.1:{port}/")
    assert error.kind == "connection"
    assert elapsed < 2.0


def test_html_served_as_a_feed_is_returned_as_is():
    page = b"<!doctype html><html><head><title>Not a feed</title></head><body>hi</body></html>"
    with (
        fast_fetcher() as f,
        hostile.serve({"/feed.xml": hostile.ok(page, content_type="application/rss+xml")}) as s,
    ):
        result = f.fetch(s.url("/feed.xml"))
    assert result.content == page  # telling that it is not a feed is the parser's job


def test_500_and_429_with_retry_after():
    routes = {
        "/500": hostile.ok("boom", status=500, headers={"Retry-After": "60"}),
        "/429": hostile.ok("slow", status=429, headers={"Retry-After": "90"}),
    }
    with fast_fetcher() as f, hostile.serve(routes) as s:
        error500, _ = _fail(f, s.url("/500"))
        error429, _ = _fail(f, s.url("/429"))
    assert (error500.kind, error500.status, error500.retry_after) == ("http_status", 500, None)
    assert (error429.kind, error429.status, error429.retry_after) == ("http_status", 429, 90.0)


def test_wrong_charset_in_header_still_gives_the_right_text():
    text = "<html><head><meta charset='utf-8'></head><body><p>東京の桜が満開 – café</p></body></html>"
    with (
        fast_fetcher() as f,
        hostile.serve(
            {"/": hostile.ok(text.encode("utf-8"), content_type="text/html; charset=iso-8859-1")}
        ) as s,
    ):
        result = f.fetch(s.url("/"))
    assert decode_html(result.content, result.headers) == text


def test_other_hosts_proceed_while_one_host_is_slow():
    import threading

    results = {}
    # Two host names (served by two local servers) so that they have separate per-host gates.
    loopback = lambda host, port: ["127.0.0.1"]  # noqa: E731
    with (
        fast_fetcher(total_timeout=2.0, resolver=loopback) as f,
        hostile.serve({"/slow": hostile.drip(interval=1.0)}) as slow,
        hostile.serve({"/ok": hostile.ok("fine")}) as good,
    ):
        slow_url = slow.url("/slow").replace("127.0.0.1", "slow.test")
        good_url = good.url("/ok").replace("127.0.0.1", "good.test")
        thread = threading.Thread(target=lambda: results.setdefault("slow", _fail(f, slow_url)))
        thread.start()
        time.sleep(0.2)
        start = time.monotonic()
        results["good"] = f.fetch(good_url)
        good_elapsed = time.monotonic() - start
        thread.join(10)
    assert results["good"].content == b"fine"
    assert good_elapsed < 1.0  # not queued behind the slow host
    assert results["slow"][0].kind == "timeout"
