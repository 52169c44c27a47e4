"""Adaptive polling interval, error backoff and jitter (pure functions, no database)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from kabar.sources import scheduling
from kabar.sources.scheduling import (
    MAX_BACKOFF,
    MAX_INTERVAL,
    MIN_INTERVAL,
    error_backoff,
    next_check,
    publishing_interval,
    should_disable,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def every(gap: timedelta, count: int, *, last: datetime = NOW) -> list[datetime]:
    return [last - gap * i for i in range(count)]


class NoJitter(random.Random):
    def uniform(self, a, b):
        return 1.0


def test_interval_is_half_the_mean_gap():
    times = every(timedelta(hours=2), 10)
    # Gaps of 2 h, plus 0 h since the newest: mean 1.8 h, half of it 54 min.
    assert publishing_interval(now=NOW, recent_publish_times=times) == timedelta(minutes=54)


def test_busy_feed_is_clamped_to_five_minutes():
    assert publishing_interval(now=NOW, recent_publish_times=every(timedelta(minutes=1), 20)) == MIN_INTERVAL


def test_slow_feed_is_clamped_to_six_hours():
    assert publishing_interval(now=NOW, recent_publish_times=every(timedelta(days=2), 5)) == MAX_INTERVAL


def test_quiet_feed_slows_down():
    busy = every(timedelta(minutes=30), 10)
    just_now = publishing_interval(now=NOW, recent_publish_times=busy)
    later = publishing_interval(now=NOW + timedelta(hours=10), recent_publish_times=busy)
    assert later > just_now


def test_too_few_dates_give_the_default():
    assert publishing_interval(now=NOW, recent_publish_times=[]) == scheduling.DEFAULT_INTERVAL
    assert publishing_interval(now=NOW, recent_publish_times=[NOW, None, None]) == scheduling.DEFAULT_INTERVAL


def test_future_dates_and_duplicates_are_ignored():
    times = every(timedelta(hours=2), 5) + [NOW + timedelta(days=300), NOW, None]
    assert publishing_interval(now=NOW, recent_publish_times=times) == publishing_interval(
        now=NOW, recent_publish_times=every(timedelta(hours=2), 5)
    )


def test_only_the_newest_entries_count():
    recent = every(timedelta(minutes=20), scheduling.RATE_SAMPLE)
    ancient = every(timedelta(days=30), 50, last=NOW - timedelta(days=10))
    assert publishing_interval(now=NOW, recent_publish_times=recent + ancient) == publishing_interval(
        now=NOW, recent_publish_times=recent
    )


@pytest.mark.parametrize("seed", range(50))
def test_jitter_stays_within_ten_percent_and_the_bounds(seed):
    rng = random.Random(seed)
    times = every(timedelta(hours=2), 10)
    base = publishing_interval(now=NOW, recent_publish_times=times)
    delay = next_check(now=NOW, recent_publish_times=times, rng=rng) - NOW
    assert base * 0.9 <= delay <= base * 1.1
    fast = next_check(now=NOW, recent_publish_times=every(timedelta(minutes=1), 20), rng=rng) - NOW
    slow = next_check(now=NOW, recent_publish_times=every(timedelta(days=1), 20), rng=rng) - NOW
    assert MIN_INTERVAL <= fast <= MIN_INTERVAL * 1.1
    assert MAX_INTERVAL * 0.9 <= slow <= MAX_INTERVAL


def test_jitter_spreads_feeds_apart():
    rng = random.Random(1)
    times = every(timedelta(hours=2), 10)
    delays = {next_check(now=NOW, recent_publish_times=times, rng=rng) for _ in range(20)}
    assert len(delays) == 20


def test_backoff_doubles_up_to_a_day():
    assert error_backoff(error_count=1) == timedelta(minutes=5)
    assert error_backoff(error_count=2) == timedelta(minutes=10)
    assert error_backoff(error_count=3) == timedelta(minutes=20)
    assert error_backoff(error_count=9) == timedelta(minutes=5 * 256)
    assert error_backoff(error_count=10) == MAX_BACKOFF
    assert error_backoff(error_count=10_000) == MAX_BACKOFF


def test_failure_schedule_grows_and_never_passes_a_day():
    rng = random.Random(7)
    delays = [next_check(now=NOW, error_count=n, rng=NoJitter()) - NOW for n in range(1, 12)]
    assert delays == sorted(delays)
    assert delays[0] == timedelta(minutes=5)
    for n in range(1, 40):
        assert next_check(now=NOW, error_count=n, rng=rng) - NOW <= MAX_BACKOFF


def test_retry_after_longer_than_the_backoff_wins():
    rng = random.Random(3)
    for _ in range(20):
        when = next_check(now=NOW, error_count=1, retry_after=3 * 3600, rng=rng)
        assert when >= NOW + timedelta(hours=3)
    # Shorter than the backoff: the backoff stands.
    when = next_check(now=NOW, error_count=5, retry_after=10, rng=NoJitter())
    assert when == NOW + timedelta(minutes=80)


def test_retry_after_beyond_a_week_is_capped():
    when = next_check(now=NOW, error_count=1, retry_after=365 * 86400, rng=NoJitter())
    assert when == NOW + scheduling.MAX_RETRY_AFTER


def test_retry_after_on_success_is_a_floor():
    times = every(timedelta(minutes=1), 20)
    when = next_check(now=NOW, recent_publish_times=times, retry_after=3600, rng=NoJitter())
    assert when == NOW + timedelta(hours=1)


def test_disable_after_ten_failures():
    assert not should_disable(error_count=9)
    assert should_disable(error_count=10)
