"""Login throttle: 5 failed attempts per 15 minutes, counted per IP address and per username.

The counters live in the Django cache, so they are shared by every worker and web node when
KABAR_REDIS_URL points at Redis; with the local-memory cache each process counts on its own.
The window is fixed: it starts at the first failure and ends 15 minutes later.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _keys(*, ip: str, username: str) -> list[str]:
    # Hashed: cache keys stay short and printable whatever the attacker typed as a username.
    def digest(value: str) -> str:
        return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]

    keys = [f"login-fail:user:{digest(username.strip().casefold())}"]
    if ip:
        keys.append(f"login-fail:ip:{digest(ip)}")
    return keys


def login_wait_seconds(*, ip: str, username: str) -> int:
    """Seconds until another attempt is allowed; 0 when not blocked."""
    wait = 0.0
    now = time.time()
    for key in _keys(ip=ip, username=username):
        failures = cache.get(key) or 0
        if failures >= MAX_FAILURES:
            since = cache.get(f"{key}:since") or now
            wait = max(wait, since + WINDOW_SECONDS - now, 1)
    return math.ceil(wait)


def login_failed(*, ip: str, username: str) -> None:
    now = time.time()
    for key in _keys(ip=ip, username=username):
        cache.add(f"{key}:since", now, WINDOW_SECONDS)
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def login_succeeded(*, username: str) -> None:
    # Only the username's counter: clearing the IP's too would let someone with one valid account
    # reset the limit while guessing passwords of others from the same address.
    key = _keys(ip="", username=username)[0]
    cache.delete_many([key, f"{key}:since"])
