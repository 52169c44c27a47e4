"""When is a feed due next. Pure functions: no database, no clock, no global random state.

A healthy feed is polled about twice per observed publishing gap, between MIN_INTERVAL and
MAX_INTERVAL. A failing feed backs off exponentially up to MAX_BACKOFF, or longer when the server
asked for it with Retry-After. After MAX_FAILURES consecutive failures the crawler disables it.
Every delay gets ±JITTER so that feeds loaded together do not stay in lockstep.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

MIN_INTERVAL = timedelta(minutes=5)
MAX_INTERVAL = timedelta(hours=6)
# Used while a feed has too few dated entries to measure its rate.
DEFAULT_INTERVAL = timedelta(hours=1)
BACKOFF_BASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=24)
# A Retry-After beyond this is a misconfigured server, not a plan; a week is the most we wait.
MAX_RETRY_AFTER = timedelta(days=7)
MAX_FAILURES = 10
JITTER = 0.10
# Only the newest entries describe the current rate; old ones would smooth out a change.
RATE_SAMPLE = 20


def publishing_interval(*, now: datetime, recent_publish_times: Iterable[datetime | None]) -> timedelta:
    """Half the mean gap between recent publications, clamped to [MIN_INTERVAL, MAX_INTERVAL].

    The time since the newest item counts as one more gap, so a feed that has gone quiet is
    polled less and less often instead of keeping the rate it had when it was busy.
    """
    times = sorted({t for t in recent_publish_times if t is not None and t <= now}, reverse=True)
    times = times[:RATE_SAMPLE]
    if len(times) < 2:
        return DEFAULT_INTERVAL
    gaps = [(newer - older) for newer, older in zip(times, times[1:], strict=False)]
    gaps.append(now - times[0])
    mean = sum(gaps, timedelta()) / len(gaps)
    return _clamp(mean / 2, MIN_INTERVAL, MAX_INTERVAL)


def error_backoff(*, error_count: int, retry_after: float | None = None) -> timedelta:
    """BACKOFF_BASE doubled per consecutive failure, capped at MAX_BACKOFF; a longer Retry-After wins."""
    exponent = max(error_count, 1) - 1
    # Capping the exponent first keeps 2**n small for feeds that failed thousands of times.
    delay = min(BACKOFF_BASE * (2 ** min(exponent, 20)), MAX_BACKOFF)
    if retry_after is not None and retry_after > 0:
        asked = min(timedelta(seconds=retry_after), MAX_RETRY_AFTER)
        delay = max(delay, asked)
    return delay


def jittered(delay: timedelta, *, rng: random.Random) -> timedelta:
    return delay * rng.uniform(1 - JITTER, 1 + JITTER)


def next_check(
    *,
    now: datetime,
    recent_publish_times: Iterable[datetime | None] = (),
    error_count: int = 0,
    retry_after: float | None = None,
    rng: random.Random,
) -> datetime:
    """The next time to poll a feed, after a success (error_count 0) or its error_count-th failure."""
    if error_count > 0:
        delay = min(jittered(error_backoff(error_count=error_count), rng=rng), MAX_BACKOFF)
        if retry_after is not None and retry_after > 0:
            # The server's own date is a floor: jitter may only push it later.
            delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
        return now + delay
    interval = publishing_interval(now=now, recent_publish_times=recent_publish_times)
    delay = _clamp(jittered(interval, rng=rng), MIN_INTERVAL, MAX_INTERVAL)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return now + delay


def should_disable(*, error_count: int) -> bool:
    return error_count >= MAX_FAILURES


def _clamp(value: timedelta, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(value, high))
