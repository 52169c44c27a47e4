"""`kabar sources load FILE.toml [--if-empty]` and `kabar sources list`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from kabar.articles.models import Article
from kabar.sources.loading import SourcesFileError, sources_load
from kabar.sources.models import Feed, Source


class Command(BaseCommand):
    help = "Load news sources from a TOML file, or list them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load,list}")
        load = actions.add_parser("load", help="upsert groups, sources and feeds from a TOML file")
        load.add_argument("file", help="the sources file, e.g. kabar/sources/data/japan.toml")
        load.add_argument("--if-empty", action="store_true", help="do nothing when any source exists already")
        actions.add_parser("list", help="print every source with its feeds and articles")

    def handle(self, *args, action: str, **options):
        if action == "load":
            self.load(options["file"], if_empty=options["if_empty"])
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
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = [
                cell.rjust(width) if i in (3, 4) else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())
