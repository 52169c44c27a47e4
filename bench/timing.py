"""Latency sampling shared by the benches: bounded loops and percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Latency:
    samples: int
    p50: float  # seconds
    p95: float
    p99: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency | None:
        if not seconds:
            return None
        if len(seconds) == 1:
            return cls(1, seconds[0], seconds[0], seconds[0])
        cuts = statistics.quantiles(seconds, n=100, method="inclusive")
        return cls(len(seconds), cuts[49], cuts[94], cuts[98])


def sample(
    run: Callable[[T], object],
    items: Sequence[T],
    *,
    warmup: int,
    reps: int,
    budget_s: float,
    min_reps: int = 5,
) -> list[tuple[float, object]]:
    """Time run() on items[0], items[1], ... (up to `reps` calls, cycling if there are fewer items),
    after `warmup` untimed calls on the last items, so that with at least reps + warmup distinct
    items nothing is run twice. Stops early once `budget_s` seconds have gone by (after at least
    `min_reps`). Returns (seconds, what run returned) per timed call."""
    if not items:
        return []
    for i in range(warmup):
        run(items[-1 - i % len(items)])
    timed: list[tuple[float, object]] = []
    deadline = time.perf_counter() + budget_s
    for i in range(reps):
        started = time.perf_counter()
        result = run(items[i % len(items)])
        finished = time.perf_counter()
        timed.append((finished - started, result))
        if finished > deadline and len(timed) >= min_reps:
            break
    return timed


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"
