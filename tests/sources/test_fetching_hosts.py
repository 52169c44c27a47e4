"""Politeness per host: one request at a time, and a minimum pause between requests."""

from __future__ import annotations

import threading
import time

from kabar.sources.hostgate import HostGates
from tests.sources import hostile
from tests.sources.hostile import fast_fetcher


def _in_threads(n: int, work) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def test_one_request_at_a_time_per_host():
    with fast_fetcher() as f, hostile.serve({"/": hostile.ok("x", delay=0.3)}) as s:
        results = _in_threads(3, lambda i: f.fetch(s.url(f"/?t={i}")))
    assert all(r.content == b"x" for r in results)
    assert s.max_in_flight == 1
    times = sorted(r.time for r in s.requests)
    assert all(b - a >= 0.3 for a, b in zip(times, times[1:], strict=False))


def test_min_host_delay_between_requests_from_two_threads():
    delay = 0.5
    with (
        fast_fetcher(min_host_delay=delay) as f,
        hostile.serve({"/a": hostile.ok("a"), "/b": hostile.ok("b")}) as s,
    ):
        start = time.monotonic()
        _in_threads(2, lambda i: f.fetch(s.url("/a" if i else "/b")))
        f.fetch(s.url("/a"))
        elapsed = time.monotonic() - start
    times = sorted(r.time for r in s.requests)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 2
    assert all(gap >= delay - 0.02 for gap in gaps), gaps
    assert elapsed < 2 * delay + 1.0


def test_the_delay_is_counted_from_the_end_of_the_previous_response():
    delay = 0.3
    routes = {"/slow": hostile.ok("s", delay=0.4), "/fast": hostile.ok("f")}
    with fast_fetcher(min_host_delay=delay) as f, hostile.serve(routes) as s:

        def work(i: int):
            if i == 1:
                time.sleep(0.05)  # ask while /slow is still being answered
            return f.fetch(s.url("/slow" if i == 0 else "/fast"))

        _in_threads(2, work)
    first, second = sorted(s.requests, key=lambda r: r.time)
    assert first.path == "/slow"
    assert second.time - first.time >= 0.4 + delay - 0.02


def test_different_hosts_do_not_wait_for_each_other():
    resolver = lambda host, port: ["127.0.0.1"]  # noqa: E731
    with fast_fetcher(min_host_delay=2.0, resolver=resolver) as f, hostile.serve({"/": hostile.ok("x")}) as s:
        start = time.monotonic()
        for name in ("one.test", "two.test", "three.test"):
            f.fetch(s.url("/").replace("127.0.0.1", name))
        elapsed = time.monotonic() - start
    assert elapsed < 1.0


def test_host_gates_crawl_delay_raises_but_never_lowers_the_minimum():
    gates = HostGates(min_delay=1.0)
    assert gates.delay("a.test") == 1.0
    gates.set_crawl_delay("a.test", 5.0)
    assert gates.delay("a.test") == 5.0
    assert gates.delay("b.test") == 1.0
    gates.set_crawl_delay("a.test", 0.2)
    assert gates.delay("a.test") == 1.0
