"""`kabar recluster [--since DATE]`: rebuild the stories from the articles, with a progress bar.

The same articles always give the same stories. With --since only the articles published on or
after DATE (the start of that day in KABAR_TIME_ZONE, or an ISO 8601 time) are clustered again;
older stories are kept, and the first new articles may still join them.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from kabar.stories.rebuild import recluster, total_to_do


def parse_since(text: str) -> datetime:
    text = text.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time())
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since: {text[:40]!r} is not a date (YYYY-MM-DD) or an ISO 8601 time") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    requires_system_checks = []  # a maintenance job: URL and template checks are the site's job
    help = "Rebuild the stories (copies of one wire story in several outlets) from the articles."

    def add_arguments(self, parser):
        parser.add_argument("--since", metavar="DATE", help="only articles published on or after DATE")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--workers", type=int, help="processes computing fingerprints (default: CPUs, at most 4)"
        )

    def handle(self, *args, since: str | None, no_progress: bool, workers: int | None, **options):
        moment = parse_since(since) if since else None
        if workers is not None and not 1 <= workers <= 64:
            raise CommandError("--workers must be between 1 and 64")
        bar = None
        if not no_progress:
            bar = tqdm(
                total=total_to_do(since=moment), unit=" articles", desc="recluster", file=self.stderr._out
            )
        try:
            report = recluster(since=moment, progress=bar.update if bar else None, workers=workers)
        finally:
            if bar is not None:
                bar.close()
        scope = f" published since {moment.isoformat()}" if moment else ""
        self.stdout.write(
            f"clustered {report.articles} articles{scope} into {report.stories} new stories "
            f"({report.multi} with more than one article) in {report.seconds:.1f} s"
        )
