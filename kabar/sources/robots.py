"""robots.txt: parsed rules and a per-origin cache. No network here; the fetcher supplies the loader.

Parsing is the standard library's ``urllib.robotparser``. What a fetch outcome means follows
RFC 9309 §2.3.1 (https://www.rfc-editor.org/rfc/rfc9309#section-2.3.1): a 4xx robots.txt
(404, and also 401/403) is "unavailable" and allows everything; a 5xx, a 429 or a network failure
is "unreachable" and means do not crawl now, retry later.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.robotparser import RobotFileParser

ROBOTS_TTL = 24 * 3600.0
# RFC 9309 §2.5: crawlers must parse at least the first 500 KiB; anything after is ignored.
ROBOTS_MAX_BYTES = 512 * 1024
# A Crawl-delay is honoured up to this many seconds; a larger one would let one robots.txt park
# a crawler thread for hours.
MAX_CRAWL_DELAY = 60.0
# How long an unreachable robots.txt blocks its host when the server gave no Retry-After.
UNREACHABLE_RETRY = 600.0

_CRAWL_DELAY_LINE = re.compile(r"^(\s*crawl-delay\s*:\s*)([0-9]*\.[0-9]+)\s*$", re.IGNORECASE | re.MULTILINE)


class RobotsUnavailable(Exception):
    """robots.txt could not be read (5xx, 429, timeout, network error): do not crawl the host yet."""

    def __init__(self, reason: str, retry_after: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one robots.txt. ``parser=None`` allows everything."""

    parser: RobotFileParser | None = None

    def allows(self, url: str, user_agent: str) -> bool:
        return self.parser is None or self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float:
        """Seconds the site asks between requests (0 when it asks nothing), capped at MAX_CRAWL_DELAY."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0


ALLOW_ALL = RobotsRules()


def _round_up_delay(match: re.Match[str]) -> str:
    # robotparser only understands whole seconds; rounding a fractional delay up keeps us polite.
    return f"{match.group(1)}{math.ceil(float(match.group(2)))}"


def parse_robots(content: bytes) -> RobotsRules:
    """Rules from a robots.txt body (UTF-8 per RFC 9309; undecodable bytes are replaced)."""
    text = content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
    text = _CRAWL_DELAY_LINE.sub(_round_up_delay, text)
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return RobotsRules(parser)


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    rules: RobotsRules | None = None
    failure: RobotsUnavailable | None = None
    expires: float = 0.0


class RobotsCache:
    """Rules per origin (scheme://host:port), kept ``ttl`` seconds. Thread-safe: while one thread
    loads an origin's robots.txt, others asking for the same origin wait for that result.

    A failed load is cached too, until its retry time, so that the pages of a host whose robots.txt
    is down do not each hit the host again.
    """

    def __init__(self, *, ttl: float = ROBOTS_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def peek(self, origin: str) -> RobotsRules | None:
        """Fresh cached rules for origin, without loading anything."""
        entry = self._entries.get(origin)
        if entry is None or entry.rules is None or self._clock() >= entry.expires:
            return None
        return entry.rules

    def rules(self, origin: str, load: Callable[[], RobotsRules]) -> RobotsRules:
        """Cached rules for origin, loading them with ``load()`` when missing or stale.
        ``load`` raises RobotsUnavailable when robots.txt cannot be read; so does this method
        until the failure's retry time has passed."""
        with self._lock:
            entry = self._entries.setdefault(origin, _Entry())
        with entry.lock:
            now = self._clock()
            if now < entry.expires:
                if entry.failure is not None:
                    left = entry.expires - now
                    raise RobotsUnavailable(entry.failure.reason, retry_after=left)
                assert entry.rules is not None
                return entry.rules
            try:
                rules = load()
            except RobotsUnavailable as exc:
                entry.rules, entry.failure = None, exc
                entry.expires = self._clock() + exc.retry_after
                raise
            entry.rules, entry.failure = rules, None
            entry.expires = self._clock() + self.ttl
            return rules
