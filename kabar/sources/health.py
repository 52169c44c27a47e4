"""Read side of the crawler's health: per-source status and a summary for /healthz.

A source is
- "failing" when one of its feeds failed its last check (error_count > 0), or was disabled by the
  crawler after too many failures;
- "stale" when its newest article is more than STALE_AFTER old (or it has none) although its
  feeds are being checked;
- "pending" when none of its feeds has been checked yet;
- "inactive" when the source, or every one of its feeds, is switched off;
- "ok" otherwise.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from kabar.articles.models import Article
from kabar.sources.leases import feeds_due, lease_free
from kabar.sources.models import Feed, Source
from kabar.sources.services import disabled_by_crawler

STALE_AFTER = timedelta(hours=48)
RECENT = timedelta(hours=24)
# A due feed that nobody has taken for this long means no crawler is running (or keeping up).
OVERDUE_AFTER = timedelta(hours=1)

OK, STALE, FAILING, PENDING, INACTIVE = "ok", "stale", "failing", "pending", "inactive"
STATUS_TEXT = {
    OK: "OK",
    STALE: "no new items for 48 h",
    FAILING: "failing",
    PENDING: "not checked yet",
    INACTIVE: "inactive",
}


@dataclass(frozen=True)
class SourceStatus:
    source: Source
    feeds: int  # active feeds
    failing_feeds: int
    last_success_at: datetime | None
    last_error: str  # of a failing feed, prefixed by its URL when the source has several feeds
    articles_24h: int
    newest_article_at: datetime | None
    status: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


def source_statuses(*, now: datetime | None = None) -> list[SourceStatus]:
    """Every source, in the order of the site (group position, then name), with its status."""
    now = now or timezone.now()
    sources = list(Source.objects.select_related("group").order_by("group__position", "group__name", "name"))
    feeds_by_source: dict[int, list[Feed]] = {}
    for feed in Feed.objects.order_by("url"):
        feeds_by_source.setdefault(feed.source_id, []).append(feed)
    articles = {
        row["source"]: row
        for row in Article.objects.values("source").annotate(
            newest=Max("published_at"), recent=Count("id", filter=Q(published_at__gte=now - RECENT))
        )
    }
    return [
        _status(source, feeds_by_source.get(source.pk, []), articles.get(source.pk, {}), now=now)
        for source in sources
    ]


def _status(source: Source, feeds: list[Feed], articles: dict, *, now: datetime) -> SourceStatus:
    active = [f for f in feeds if f.active]
    failing = [f for f in active if f.error_count > 0] + [f for f in feeds if disabled_by_crawler(f)]
    successes = [f.last_success_at for f in feeds if f.last_success_at]
    newest = articles.get("newest")
    last_error = ""
    if failing:
        worst = max(failing, key=lambda f: f.error_count)
        error = worst.last_error or worst.disabled_reason
        last_error = f"{worst.url}: {error}" if len(feeds) > 1 else error
    if failing:
        status = FAILING
    elif not source.active or not active:
        status = INACTIVE
    elif not successes:
        status = PENDING
    elif newest is None or newest < now - STALE_AFTER:
        status = STALE
    else:
        status = OK
    return SourceStatus(
        source=source,
        feeds=len(active),
        failing_feeds=len(failing),
        last_success_at=max(successes) if successes else None,
        last_error=last_error,
        articles_24h=articles.get("recent", 0),
        newest_article_at=newest,
        status=status,
    )


def crawler_summary(*, now: datetime | None = None) -> dict:
    """Counts over all feeds, for /healthz and monitoring."""
    now = now or timezone.now()
    crawlable = Feed.objects.filter(active=True, source__active=True)
    totals = crawlable.aggregate(
        active=Count("id"),
        failing=Count("id", filter=Q(error_count__gt=0)),
        leased=Count("id", filter=~lease_free(now)),
        overdue=Count("id", filter=Q(next_check_at__lt=now - OVERDUE_AFTER) & lease_free(now)),
        last_success=Max("last_success_at"),
    )
    disabled = sum(
        1
        for f in Feed.objects.filter(active=False).only("active", "disabled_reason")
        if disabled_by_crawler(f)
    )
    return {
        "last_success_at": totals["last_success"],
        "active_feeds": totals["active"],
        "due_feeds": Feed.objects.filter(feeds_due(now)).count(),
        "failing_feeds": totals["failing"] + disabled,
        "disabled_feeds": disabled,
        "leased_feeds": totals["leased"],
        "overdue_feeds": totals["overdue"],
    }


def database_check() -> dict:
    """Ask the database a trivial question; raises if it cannot answer."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "ok": True,
        "vendor": connection.vendor,
        "latency_ms": round((time.monotonic() - started) * 1000, 1),
    }
