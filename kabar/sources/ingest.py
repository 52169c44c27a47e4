"""The crawl orchestrator, the one place where fetching, parsing, extraction and storage meet.

One crawl step for one leased feed: conditional GET of the feed, parse, then for each entry that is
new (or whose title or summary changed) fetch the article page (robots.txt obeyed), extract it and
store it through ``article_upsert_many``, which dedupes on the canonical URL and bumps the change
sequence. Finally record the feed's state and its next check, which ends the lease.

Failures stay as small as possible: a failing article page keeps the feed's summary
("summary only") and never fails its feed; a failing feed is recorded and the crawl moves on.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Q
from django.utils import timezone

from kabar.articles.models import Article
from kabar.articles.services import article_upsert_many
from kabar.sources import scheduling
from kabar.sources.entries import MIN_WORDS, article_from, article_url, entry_guid, entry_text, host
from kabar.sources.extraction import Extracted, extract_article
from kabar.sources.fetching import Fetcher, FetchError, FetchResult, decode_html
from kabar.sources.leases import DEFAULT_LEASE_SECONDS, lease_due_feeds, lease_release, lease_renew
from kabar.sources.models import Feed
from kabar.sources.parsing import Entry, parse_feed
from kabar.sources.services import feed_record_failure, feed_record_success

log = logging.getLogger(__name__)

MAX_ARTICLES_PER_FEED = 50
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain")


@dataclass
class FeedOutcome:
    feed_id: int
    url: str
    ok: bool = False
    error: str = ""
    not_modified: bool = False
    entries: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    summary_only: int = 0
    skipped: int = 0
    deferred: int = 0
    disabled: bool = False
    interrupted: bool = False
    lost_lease: bool = False
    next_check_at: datetime | None = None

    def __str__(self) -> str:
        if self.interrupted or self.lost_lease:
            why = "interrupted" if self.interrupted else "lease lost to another worker"
            return f"{self.url}: {why} ({self.created} new, {self.updated} updated so far)"
        if not self.ok:
            return f"{self.url}: error: {self.error}" + ("; feed disabled" if self.disabled else "")
        if self.not_modified:
            return f"{self.url}: not modified"
        text = (
            f"{self.url}: {self.entries} entries, {self.created} new, {self.updated} updated, "
            f"{self.summary_only} summary only"
        )
        return text + (f", {self.deferred} left for the next run" if self.deferred else "")


@dataclass
class CrawlReport:
    feeds: list[FeedOutcome] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for f in self.feeds if not f.ok and not f.interrupted and not f.lost_lease)

    @property
    def created(self) -> int:
        return sum(f.created for f in self.feeds)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.feeds)

    def __str__(self) -> str:
        return (
            f"{len(self.feeds)} feeds checked, {self.failed} failed; "
            f"{self.created} articles new, {self.updated} updated"
        )


@dataclass(frozen=True)
class CrawlOptions:
    max_articles: int = MAX_ARTICLES_PER_FEED
    lease_seconds: float = DEFAULT_LEASE_SECONDS
    min_words: int = MIN_WORDS


def crawl_once(
    *,
    fetcher: Fetcher,
    owner: str,
    limit: int | None = None,
    options: CrawlOptions | None = None,
    rng: random.Random | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_feed: Callable[[FeedOutcome], None] | None = None,
) -> CrawlReport:
    """Lease and crawl due feeds one at a time until none is due (or ``limit`` feeds are done)."""
    options = options or CrawlOptions()
    rng = rng or random.Random()  # noqa: S311 - jitter, not security
    report = CrawlReport()
    done: set[int] = set()
    while limit is None or len(report.feeds) < limit:
        if should_stop():
            break
        # One feed at a time, so a lease is never held by a feed still waiting its turn here.
        leased = lease_due_feeds(owner=owner, limit=1, lease_seconds=options.lease_seconds, exclude=done)
        if not leased:
            break
        feed = leased[0]
        done.add(feed.pk)
        try:
            outcome = crawl_feed(
                feed, fetcher=fetcher, owner=owner, options=options, rng=rng, should_stop=should_stop
            )
        except Exception as exc:
            # A bug or a database error must not stop the other feeds; the lease expires if even
            # recording the failure is impossible.
            log.exception("crawling %s failed unexpectedly", feed.url)
            outcome = FeedOutcome(
                feed_id=feed.pk, url=feed.url, error=f"internal error: {type(exc).__name__}: {exc}"
            )
            try:
                _record_failure(
                    feed, owner=owner, error=outcome.error, retry_after=None, rng=rng, outcome=outcome
                )
            except Exception:
                log.exception("could not record the failure of %s", feed.url)
        report.feeds.append(outcome)
        if on_feed is not None:
            on_feed(outcome)
    return report


def crawl_feed(
    feed: Feed,
    *,
    fetcher: Fetcher,
    owner: str,
    options: CrawlOptions | None = None,
    rng: random.Random | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> FeedOutcome:
    """One crawl step for one feed that ``owner`` has leased."""
    options = options or CrawlOptions()
    rng = rng or random.Random()  # noqa: S311 - jitter, not security
    outcome = FeedOutcome(feed_id=feed.pk, url=feed.url)
    leased_at = time.monotonic()  # about when the lease was taken or last renewed
    try:
        result = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except FetchError as exc:
        _record_failure(
            feed,
            owner=owner,
            error=describe_error(exc),
            retry_after=exc.retry_after,
            rng=rng,
            outcome=outcome,
        )
        return outcome
    now = timezone.now()
    if result.not_modified:
        outcome.not_modified = True
        times = Article.objects.filter(source_id=feed.source_id).order_by("-published_at")
        times = list(times.values_list("published_at", flat=True)[: scheduling.RATE_SAMPLE])
        _record_success(feed, owner=owner, now=now, times=times, result=None, rng=rng, outcome=outcome)
        return outcome
    parsed = parse_feed(result.content, kind=feed.kind, url=result.url, headers=result.headers)
    if parsed.error and not parsed.entries:
        _record_failure(feed, owner=owner, error=parsed.error, retry_after=None, rng=rng, outcome=outcome)
        return outcome
    outcome.entries = len(parsed.entries)
    state = _EntryRun(
        feed=feed, fetcher=fetcher, owner=owner, options=options, outcome=outcome, renewed_at=leased_at
    )
    state.run(parsed.entries, should_stop=should_stop)
    if outcome.interrupted:
        lease_release(feed_id=feed.pk, owner=owner)
        return outcome
    if outcome.lost_lease:
        return outcome
    times = [entry.published for entry in parsed.entries]
    _record_success(
        feed, owner=owner, now=timezone.now(), times=times, result=result, rng=rng, outcome=outcome
    )
    return outcome


def describe_error(exc: FetchError) -> str:
    message = str(exc).strip()
    head = exc.kind if exc.status is None else f"{exc.kind} {exc.status}"
    return head if not message or message == exc.kind else f"{head}: {message}"


def _record_success(
    feed, *, owner, now, times, result: FetchResult | None, rng, outcome: FeedOutcome
) -> None:
    next_at = scheduling.next_check(now=now, recent_publish_times=times, error_count=0, rng=rng)
    etag = last_modified = None
    if result is not None:
        etag, last_modified = result.etag, result.last_modified
    if outcome.deferred:
        # Entries are waiting: come back soon, and without validators, since a 304 would hide them.
        next_at = min(next_at, now + scheduling.MIN_INTERVAL)
        etag = last_modified = ""
    outcome.ok = True
    outcome.next_check_at = next_at
    if not feed_record_success(
        feed_id=feed.pk, owner=owner, next_check_at=next_at, etag=etag, last_modified=last_modified, now=now
    ):
        outcome.lost_lease = True


def _record_failure(feed, *, owner, error: str, retry_after, rng, outcome: FeedOutcome) -> None:
    count = feed.error_count + 1
    next_at = scheduling.next_check(now=timezone.now(), error_count=count, retry_after=retry_after, rng=rng)
    outcome.ok = False
    outcome.error = error
    outcome.next_check_at = next_at
    outcome.disabled = scheduling.should_disable(error_count=count)
    if not feed_record_failure(
        feed_id=feed.pk, owner=owner, error_count=count, error=error, next_check_at=next_at
    ):
        outcome.lost_lease = True


@dataclass
class _EntryRun:
    """The entries of one feed: decide which need their page, fetch, extract and store them."""

    feed: Feed
    fetcher: Fetcher
    owner: str
    options: CrawlOptions
    outcome: FeedOutcome
    renewed_at: float
    _blocked_hosts: set[str] = field(default_factory=set)

    def run(self, entries: list[Entry], *, should_stop: Callable[[], bool]) -> None:
        # Newest first, so a limit or an interruption leaves the oldest entries for later.
        oldest = datetime.min.replace(tzinfo=UTC)
        entries = sorted(entries, key=lambda e: e.published or oldest, reverse=True)
        known = _known_articles(source_id=self.feed.source_id, entries=entries)
        fetched = 0
        for entry in entries:
            title, summary = entry_text(entry)
            current = known.get(entry.link) or known.get(entry_guid(entry))
            if current is not None and (not title or current.title == title) and current.summary == summary:
                self.outcome.unchanged += 1
                continue
            if fetched >= self.options.max_articles or host(entry.link) in self._blocked_hosts:
                self.outcome.deferred += 1
                continue
            if should_stop():
                self.outcome.interrupted = True
                return
            if not self._keep_lease():
                self.outcome.lost_lease = True
                return
            fetched += 1
            self._ingest(entry, known_published=current.published_at if current is not None else None)

    def _keep_lease(self) -> bool:
        if time.monotonic() - self.renewed_at < self.options.lease_seconds / 3:
            return True
        self.renewed_at = time.monotonic()
        return lease_renew(feed_id=self.feed.pk, owner=self.owner, lease_seconds=self.options.lease_seconds)

    def _ingest(self, entry: Entry, *, known_published: datetime | None) -> None:
        try:
            page = self.fetcher.fetch(entry.link, obey_robots=True)
        except FetchError as exc:
            if exc.kind == "robots_unavailable" or exc.status in (429, 503):
                # The site asks us to come back later (or its robots.txt cannot be read, which
                # means the same): no more pages from it in this run; its entries wait.
                self._blocked_hosts.add(host(entry.link))
                self.outcome.deferred += 1
                return
            log.info("article %s: %s; keeping the feed summary", entry.link, describe_error(exc))
            page = None
        extracted = _extract(page) if page is not None else None
        url = article_url(
            entry.link,
            claimed=extracted.canonical_url if extracted else "",
            page_url=page.url if page is not None else entry.link,
        )
        # Nor may a page claim an article that another source owns.
        if (
            url
            and url != entry.link
            and Article.objects.filter(url=url).exclude(source=self.feed.source_id).exists()
        ):
            url = entry.link
        item = None
        if url:
            item = article_from(
                entry,
                extracted=extracted,
                url=url,
                source_id=self.feed.source_id,
                language=self.feed.source.language,
                min_words=self.options.min_words,
                known_published=known_published,
                now=timezone.now(),
            )
        if item is None:
            self.outcome.skipped += 1
            return
        result = article_upsert_many(items=[item])
        self.outcome.created += len(result.created)
        self.outcome.updated += len(result.updated)
        self.outcome.unchanged += len(result.unchanged)
        self.outcome.summary_only += int(item.summary_only)


def _extract(page: FetchResult) -> Extracted | None:
    content_type = page.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in _HTML_TYPES:
        return None
    return extract_article(decode_html(page.content, page.headers), url=page.url)


def _known_articles(*, source_id: int, entries: list[Entry]) -> dict[str, Article]:
    """Stored articles for these entries, keyed by URL and by guid (the page's canonical URL may
    differ from the entry link, and the guid still finds it)."""
    links = [e.link for e in entries]
    guids = [entry_guid(e) for e in entries]
    found: dict[str, Article] = {}
    for start in range(0, len(links), 400):
        query = Q(url__in=links[start : start + 400]) | Q(
            source_id=source_id, guid__in=guids[start : start + 400]
        )
        for article in Article.objects.filter(query).only(
            "url", "guid", "title", "summary", "source_id", "published_at"
        ):
            found.setdefault(article.url, article)
            if article.guid and article.source_id == source_id:
                found.setdefault(article.guid, article)
    return found
