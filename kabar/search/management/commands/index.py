"""`kabar index [--follow] [--interval 2]`: bring the search index up to the database.

Without --follow it syncs once and exits. With --follow it keeps syncing every --interval seconds:
this is the one writer that `make run` starts beside the web server, so a new or changed article
is searchable within seconds, and articles that age out of the window leave the index.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from kabar.search import schema
from kabar.search.indexing import COMMIT_EVERY, FOLLOW_LOCK, IndexBusy, SyncReport, file_lock, sync


class Command(BaseCommand):
    requires_system_checks = []  # a daemon beside the site: URL and template checks are the site's job
    help = "Sync the search index with the database once, or keep following it with --follow."

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true", help="keep syncing until stopped")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between two syncs with --follow (default 2)"
        )
        parser.add_argument(
            "--commit-every",
            type=int,
            default=COMMIT_EVERY,
            help=f"commit a long sync every N articles (default {COMMIT_EVERY})",
        )

    def handle(self, *args, follow: bool, interval: float, commit_every: int, **options):
        if not 0.1 <= interval <= 3600:
            raise CommandError("--interval must be between 0.1 and 3600 seconds")
        if not 1 <= commit_every <= 10_000_000:
            raise CommandError("--commit-every must be between 1 and 10000000")
        if not follow:
            self._report(sync(commit_every=commit_every), always=True)
            return
        root = schema.index_root()
        root.mkdir(parents=True, exist_ok=True)
        try:
            with file_lock(root / FOLLOW_LOCK, wait=False, what="kabar index --follow"):
                self.stdout.write(f"following the article changes every {interval:g} s (Ctrl-C stops)")
                while True:
                    began = time.monotonic()
                    try:
                        self._report(sync(commit_every=commit_every), always=False)
                    except DatabaseError as exc:
                        # The database restarting or busy must not stop the follower; try again.
                        self.stderr.write(f"sync failed, retrying: {_first_line(exc)}")
                        connection.close()
                    time.sleep(max(0.0, interval - (time.monotonic() - began)))
        except IndexBusy as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            return

    def _report(self, report: SyncReport, *, always: bool) -> None:
        if report.skipped:
            if always:
                self.stdout.write("another process is writing the index; it will catch up by itself")
            return
        if always or report.added or report.removed or report.pruned or report.rebuilt:
            verb = "rebuilt" if report.rebuilt else "synced"
            self.stdout.write(
                f"{verb}: {report.added} written, {report.removed} removed, {report.pruned} aged out; "
                f"up to change {report.seq} ({report.seconds:.2f} s)",
            )
            self.stdout.flush()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
