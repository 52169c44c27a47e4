"""Politeness per host, inside one process: one request at a time, and a pause between requests.

The pause runs from the end of one response to the start of the next request, and is the larger of
the configured minimum (KABAR_CRAWL_MIN_HOST_DELAY) and the host's robots.txt Crawl-delay.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class _Gate:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_end: float | None = None
    crawl_delay: float = 0.0


class HostGates:
    """One request at a time per host, and a pause of at least the host's delay between the end
    of one request and the start of the next (within this process)."""

    def __init__(self, min_delay: float) -> None:
        self.min_delay = min_delay
        self._gates: dict[str, _Gate] = {}
        self._lock = threading.Lock()

    def _gate(self, host: str) -> _Gate:
        with self._lock:
            return self._gates.setdefault(host, _Gate())

    def delay(self, host: str) -> float:
        return max(self.min_delay, self._gate(host).crawl_delay)

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        self._gate(host).crawl_delay = seconds

    @contextlib.contextmanager
    def hold(self, host: str) -> Iterator[None]:
        gate = self._gate(host)
        with gate.lock:
            if gate.last_end is not None:
                wait = gate.last_end + self.delay(host) - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                gate.last_end = time.monotonic()
