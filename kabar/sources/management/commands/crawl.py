"""`kabar crawl [--once]`: poll due feeds and ingest what is new.

Without --once the worker runs until SIGINT/SIGTERM, sleeping until the next feed is due. A signal
lets the current article finish, gives the feed back (its lease) and exits; a second one exits at
once. Any number of workers may run side by side, on one machine or many: feeds are leased.
"""

from __future__ import annotations

import signal
import threading
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone

from kabar.sources.fetching import fetcher_from_settings
from kabar.sources.ingest import MAX_ARTICLES_PER_FEED, CrawlOptions, FeedOutcome, crawl_once
from kabar.sources.leases import DEFAULT_LEASE_SECONDS, default_worker_id, lease_release_all, next_due_at

# Idle workers look again at least this often, so feeds loaded or re-enabled meanwhile are seen.
MAX_SLEEP = 60.0
MIN_SLEEP = 1.0
# After a database error a long-running worker waits this long and tries again.
DATABASE_RETRY = 15.0


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


def _seconds(raw: str) -> float:
    value = float(raw)
    if not 1 <= value <= 86400:
        raise ValueError(raw)
    return value


class Command(BaseCommand):
    help = "Crawl the feeds: forever (until SIGINT/SIGTERM), or with --once every due feed and exit."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="poll every due feed once, then exit")
        parser.add_argument("--worker-id", default="", help="name of this worker in feed leases")
        parser.add_argument(
            "--limit", type=_positive_int, default=None, help="at most this many feeds (per round)"
        )
        parser.add_argument(
            "--lease-seconds",
            type=_seconds,
            default=DEFAULT_LEASE_SECONDS,
            help=f"how long a feed stays ours without renewal (default {DEFAULT_LEASE_SECONDS:.0f})",
        )
        parser.add_argument(
            "--max-articles",
            type=_positive_int,
            default=MAX_ARTICLES_PER_FEED,
            help=f"article pages fetched per feed per run (default {MAX_ARTICLES_PER_FEED})",
        )

    def handle(self, *args, **options):
        owner = options["worker_id"] or default_worker_id()
        if len(owner) > 100:
            raise CommandError("--worker-id: at most 100 characters")
        crawl_options = CrawlOptions(
            max_articles=options["max_articles"], lease_seconds=options["lease_seconds"]
        )
        verbosity = options["verbosity"]
        stop = threading.Event()
        previous = self._install_signals(stop)
        fetcher = fetcher_from_settings()
        try:
            while True:
                # A worker lives for weeks: drop connections the database server may have closed
                # (never from under a caller's open transaction, as in call_command from a test).
                if not transaction.get_connection().in_atomic_block:
                    close_old_connections()
                try:
                    report = crawl_once(
                        fetcher=fetcher,
                        owner=owner,
                        limit=options["limit"],
                        options=crawl_options,
                        should_stop=stop.is_set,
                        on_feed=lambda outcome: self._show(outcome, verbosity),
                    )
                    pause = None if options["once"] else self._sleep_seconds()
                except DatabaseError as exc:
                    if options["once"]:
                        raise CommandError(f"database error: {exc}") from None
                    self.stderr.write(f"crawl: database error, retrying in {DATABASE_RETRY:.0f} s: {exc}")
                    report, pause = None, DATABASE_RETRY
                if options["once"]:
                    if verbosity >= 1:
                        self.stdout.write(f"crawl: {report}")
                    break
                if stop.wait(pause):
                    break
        finally:
            fetcher.close()
            try:
                lease_release_all(owner=owner)
            except DatabaseError:
                pass  # the leases expire by themselves
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if stop.is_set() and verbosity >= 1:
            self.stdout.write("crawl: stopped")

    def _show(self, outcome: FeedOutcome, verbosity: int) -> None:
        if verbosity >= 1:
            self.stdout.write(f"feed {outcome}")

    def _sleep_seconds(self) -> float:
        due = next_due_at()
        if due is None:
            return MAX_SLEEP
        wait = (due - timezone.now()) / timedelta(seconds=1)
        return min(max(wait, MIN_SLEEP), MAX_SLEEP)

    def _install_signals(self, stop: threading.Event) -> dict:
        if threading.current_thread() is not threading.main_thread():
            return {}  # signals can only be handled on the main thread (e.g. call_command in a thread)

        def handle(signum, frame):
            if stop.is_set():
                raise KeyboardInterrupt  # second signal: do not wait for the current fetch
            stop.set()

        previous = {}
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, handle)
        return previous
