"""Writes to a feed's crawl state. Each write also ends the writer's lease on the feed.

Every write is conditional on the lease still being ours: a worker that stalled past its lease
must not overwrite what the worker that took the feed over has recorded since.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from kabar.sources.models import Feed
from kabar.sources.scheduling import MAX_FAILURES

# Prefix of disabled_reason for feeds the crawler turned off, to tell them from feeds an admin or
# the sources loader deactivated.
DISABLED_PREFIX = f"disabled after {MAX_FAILURES} consecutive failures"
ERROR_MAX_CHARS = 1000


def _ours(*, feed_id: int, owner: str):
    return Feed.objects.filter(Q(pk=feed_id) & Q(lease_owner=owner))


def feed_record_success(
    *,
    feed_id: int,
    owner: str,
    next_check_at: datetime,
    etag: str | None = None,
    last_modified: str | None = None,
    now: datetime | None = None,
) -> bool:
    """A completed check: errors cleared, validators stored (None keeps the old ones), lease ended."""
    fields = {
        "error_count": 0,
        "last_error": "",
        "last_success_at": now or timezone.now(),
        "next_check_at": next_check_at,
        "lease_owner": "",
        "lease_expires_at": None,
    }
    if etag is not None:
        fields["etag"] = etag[: Feed._meta.get_field("etag").max_length]
    if last_modified is not None:
        fields["last_modified"] = last_modified[: Feed._meta.get_field("last_modified").max_length]
    return bool(_ours(feed_id=feed_id, owner=owner).update(**fields))


def feed_record_failure(
    *, feed_id: int, owner: str, error_count: int, error: str, next_check_at: datetime
) -> bool:
    """A failed check; ``error_count`` is the new count. At MAX_FAILURES the feed is disabled."""
    error = " ".join(error.split())[:ERROR_MAX_CHARS] or "unknown error"
    fields = {
        "error_count": error_count,
        "last_error": error,
        "next_check_at": next_check_at,
        "lease_owner": "",
        "lease_expires_at": None,
    }
    if error_count >= MAX_FAILURES:
        reason = f"{DISABLED_PREFIX}; last: {error}"
        fields.update(
            active=False, disabled_reason=reason[: Feed._meta.get_field("disabled_reason").max_length]
        )
    return bool(_ours(feed_id=feed_id, owner=owner).update(**fields))


def feed_enable(*, feed_id: int) -> bool:
    """Turn a feed the crawler disabled back on, with a clean error record, due at once."""
    return bool(
        Feed.objects.filter(pk=feed_id).update(
            active=True, disabled_reason="", error_count=0, last_error="", next_check_at=None
        )
    )


def disabled_by_crawler(feed: Feed) -> bool:
    return not feed.active and feed.disabled_reason.startswith(DISABLED_PREFIX)
