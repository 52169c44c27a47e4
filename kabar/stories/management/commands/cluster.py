"""`kabar cluster [--follow] [--interval 2]`: cluster the articles added or changed since last time.

Without --follow it catches up once and exits. With --follow it keeps following the article change
sequence every --interval seconds; `make run` starts it beside the web server.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from kabar.stories.services import AssignReport, ClusteringBusy, stories_sync


class Command(BaseCommand):
    requires_system_checks = []  # a daemon beside the site: URL and template checks are the site's job
    help = "Put new and changed articles into stories once, or keep following them with --follow."

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true", help="keep clustering until stopped")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between two passes with --follow (default 2)"
        )

    def handle(self, *args, follow: bool, interval: float, **options):
        if not 0.1 <= interval <= 3600:
            raise CommandError("--interval must be between 0.1 and 3600 seconds")
        if not follow:
            try:
                self._report(stories_sync(), always=True)
            except ClusteringBusy as exc:
                raise CommandError(str(exc)) from None
            return
        self.stdout.write(f"following the article changes every {interval:g} s (Ctrl-C stops)")
        try:
            self.follow(interval=interval)
        except KeyboardInterrupt:
            return

    def follow(self, *, interval: float, keep_going: Callable[[], bool] = lambda: True) -> None:
        while keep_going():
            began = time.monotonic()
            try:
                self._report(stories_sync(), always=False)
            except ClusteringBusy:
                pass  # a recluster is running; it hands over when it is done
            except DatabaseError as exc:
                # The database restarting or busy must not stop the follower; try again.
                self.stderr.write(f"clustering failed, retrying: {_first_line(exc)}")
                connection.close()
            time.sleep(max(0.0, interval - (time.monotonic() - began)))

    def _report(self, report: AssignReport, *, always: bool) -> None:
        if always or report.assigned:
            self.stdout.write(
                f"clustered {report.assigned} articles ({report.joined} joined a story), "
                f"up to change {report.seq} ({report.seconds:.2f} s)"
            )
            self.stdout.flush()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
