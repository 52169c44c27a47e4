"""`kabar reindex`: rebuild the search index from the database, with a progress bar.

The new index is built beside the old one, which keeps serving searches, and replaces it in one
atomic step at the end.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kabar.search.indexing import IndexBusy, reindex


class Command(BaseCommand):
    requires_system_checks = []  # a daemon beside the site: URL and template checks are the site's job
    help = "Rebuild the search index from the database (the articles of the search window)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, no_progress: bool, **options):
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit=" articles", desc="reindex", file=self.stderr._out)
            bar.update(done - bar.n)

        try:
            report = reindex(progress=None if no_progress else progress)
        except IndexBusy as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(
            f"reindexed {report.added} articles (up to change {report.seq}) in {report.seconds:.1f} s"
        )
