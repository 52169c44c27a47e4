"""Feed leases: a worker owns a feed for a while before it fetches it.

A lease is two columns on Feed, ``lease_owner`` and ``lease_expires_at``. A worker that dies
(kill -9, power loss) simply stops renewing; once its lease has expired any other worker may take
the feed, so nothing is lost and nothing waits for a cleanup job.

Taking a lease must be atomic across workers:
- PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks due rows that no other transaction is
  looking at, and the UPDATE in the same transaction marks them ours.
- SQLite has one writer at a time, so a conditional ``UPDATE … WHERE lease is free`` is a
  test-and-set: of two workers racing for one row, only one UPDATE matches it.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Collection
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from kabar.sources.models import Feed

DEFAULT_LEASE_SECONDS = 600.0


def default_worker_id() -> str:
    # The random part keeps two workers apart even when a container reuses a pid.
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def lease_free(now: datetime) -> Q:
    return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)


def feeds_due(now: datetime) -> Q:
    """Active feeds of active sources whose check time has come and whose lease is free."""
    return (
        Q(active=True, source__active=True)
        & (Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
        & lease_free(now)
    )


def _due_order():
    # Never-checked feeds first, then the longest overdue.
    return [F("next_check_at").asc(nulls_first=True), "id"]


def lease_due_feeds(
    *,
    owner: str,
    limit: int = 1,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    now: datetime | None = None,
    exclude: Collection[int] = (),
) -> list[Feed]:
    """Lease up to ``limit`` due feeds for ``owner`` and return them (with their source).

    ``exclude``: feed ids not to take (those this run has already done).
    """
    if not owner:
        raise ValueError("a lease needs an owner")
    now = now or timezone.now()
    expires = now + timedelta(seconds=lease_seconds)
    due = Feed.objects.filter(feeds_due(now)).exclude(id__in=list(exclude))
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True, of=("self",))
                .order_by(*_due_order())
                .values_list("id", flat=True)[:limit]
            )
            if ids:
                Feed.objects.filter(id__in=ids).update(lease_owner=owner, lease_expires_at=expires)
    else:
        # A few spare candidates, since other workers may win some of the races below.
        candidates = list(due.order_by(*_due_order()).values_list("id", flat=True)[: limit * 3])
        ids = []
        for feed_id in candidates:
            if len(ids) >= limit:
                break
            won = (
                Feed.objects.filter(pk=feed_id)
                .filter(feeds_due(now))
                .update(lease_owner=owner, lease_expires_at=expires)
            )
            if won:
                ids.append(feed_id)
    if not ids:
        return []
    feeds = Feed.objects.select_related("source").filter(id__in=ids, lease_owner=owner)
    order = {feed_id: i for i, feed_id in enumerate(ids)}
    return sorted(feeds, key=lambda feed: order[feed.pk])


def lease_renew(
    *, feed_id: int, owner: str, lease_seconds: float = DEFAULT_LEASE_SECONDS, now: datetime | None = None
) -> bool:
    """Extend our lease; False if it is no longer ours (it expired and another worker took it)."""
    now = now or timezone.now()
    return bool(
        Feed.objects.filter(pk=feed_id, lease_owner=owner)
        .filter(lease_expires_at__gte=now)
        .update(lease_expires_at=now + timedelta(seconds=lease_seconds))
    )


def lease_release(*, feed_id: int, owner: str) -> bool:
    """Give a feed back without recording anything (e.g. on shutdown); its schedule is unchanged."""
    return bool(
        Feed.objects.filter(pk=feed_id, lease_owner=owner).update(lease_owner="", lease_expires_at=None)
    )


def lease_release_all(*, owner: str) -> int:
    return Feed.objects.filter(lease_owner=owner).update(lease_owner="", lease_expires_at=None)


def next_due_at(*, now: datetime | None = None) -> datetime | None:
    """When the next feed becomes due (now if one is due already); None when there are no feeds."""
    now = now or timezone.now()
    crawlable = Feed.objects.filter(active=True, source__active=True)
    if crawlable.filter(feeds_due(now)).exists():
        return now
    times = []
    # A leased feed becomes takeable when its lease expires, if its check time has come by then.
    for next_check, expires in crawlable.values_list("next_check_at", "lease_expires_at"):
        candidates = [t for t in (next_check, expires) if t is not None]
        times.append(max(candidates) if candidates else now)
    return min(times) if times else None
