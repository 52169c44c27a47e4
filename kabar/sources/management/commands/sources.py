"""`kabar sources load FILE.toml [--if-empty]`, `kabar sources list` and `kabar sources check`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from kabar.articles.models import Article
from kabar.core.text import truncate
from kabar.sources.health import FAILING, source_statuses
from kabar.sources.loading import SourcesFileError, sources_load
from kabar.sources.models import Feed, Source

# Long enough for "http_status 503: ..." with its URL, short enough to keep the table readable.
ERROR_COLUMN_CHARS = 80


class Command(BaseCommand):
    help = "Load news sources from a TOML file, list them, or check how their crawling goes."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load,list,check}")
        load = actions.add_parser("load", help="upsert groups, sources and feeds from a TOML file")
        load.add_argument("file", help="the sources file, e.g. kabar/sources/data/japan.toml")
        load.add_argument("--if-empty", action="store_true", help="do nothing when any source exists already")
        actions.add_parser("list", help="print every source with its feeds and articles")
        actions.add_parser("check", help="print each source's crawl status; exit 1 if any is failing")

    def handle(self, *args, action: str, **options):
        if action == "load":
            self.load(options["file"], if_empty=options["if_empty"])
        elif action == "check":
            self.check_sources()
        else:
            self.list_sources()

    def load(self, path: str, *, if_empty: bool) -> None:
        if if_empty and Source.objects.exists():
            count = Source.objects.count()
            self.stdout.write(f"sources: {count} already in the database; nothing loaded (--if-empty)")
            return
        try:
            report = sources_load(path=path)
        except SourcesFileError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            problems = f"{len(exc.errors)} problem{'s' if len(exc.errors) != 1 else ''}"
            raise CommandError(f"{path}: nothing loaded ({problems})") from None
        self.stdout.write(str(report))

    def list_sources(self) -> None:
        sources = list(
            Source.objects.select_related("group").order_by("group__position", "group__name", "slug")
        )
        if not sources:
            self.stdout.write("no sources yet; load some with: kabar sources load FILE.toml")
            return
        # Counted per table rather than with two joins, which would multiply feeds by articles.
        feeds = dict(
            Feed.objects.filter(active=True)
            .values("source")
            .annotate(n=Count("id"))
            .values_list("source", "n")
        )
        articles = dict(Article.objects.values("source").annotate(n=Count("id")).values_list("source", "n"))
        rows = [("slug", "name", "group", "feeds", "articles", "active")]
        for source in sources:
            rows.append(
                (
                    source.slug,
                    source.name,
                    source.group.slug,
                    str(feeds.get(source.pk, 0)),
                    str(articles.get(source.pk, 0)),
                    "yes" if source.active else "no",
                )
            )
        self._table(rows, right=(3, 4))
        self._disabled_feeds()

    def check_sources(self) -> None:
        statuses = source_statuses()
        if not statuses:
            self.stdout.write("no sources yet; load some with: kabar sources load FILE.toml")
            return
        rows = [("source", "feeds", "last success", "last error", "articles 24h", "status")]
        for item in statuses:
            rows.append(
                (
                    item.source.slug,
                    str(item.feeds),
                    _when(item.last_success_at),
                    truncate(" ".join(item.last_error.split()), ERROR_COLUMN_CHARS) or "-",
                    str(item.articles_24h),
                    item.status_text,
                )
            )
        self._table(rows, right=(1, 4))
        failing = [item.source.slug for item in statuses if item.status == FAILING]
        if failing:
            self.stderr.write(f"failing: {', '.join(failing)}")
            raise SystemExit(1)

    def _table(self, rows: list[tuple[str, ...]], *, right: tuple[int, ...]) -> None:
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = [
                cell.rjust(width) if i in right else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())

    def _disabled_feeds(self) -> None:
        # Feeds switched off with a reason (by the crawler after repeated failures, or by the
        # loader); an admin can turn them back on.
        disabled = Feed.objects.filter(active=False).exclude(disabled_reason="").select_related("source")
        disabled = list(disabled.order_by("source__slug", "url"))
        if not disabled:
            return
        self.stdout.write("")
        self.stdout.write("inactive feeds:")
        for feed in disabled:
            self.stdout.write(f"  {feed.source.slug}  {feed.url}  ({feed.disabled_reason})")


def _when(moment) -> str:
    if moment is None:
        return "never"
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
