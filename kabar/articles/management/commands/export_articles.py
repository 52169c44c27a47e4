"""`kabar export FILE.jsonl` (or `-` for standard output): articles in the `kabar import` format."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kabar.articles.exporting import export_lines, export_queryset, parse_since, write_file, write_stream
from kabar.sources.models import Source


class Command(BaseCommand):
    help = "Export articles as JSON Lines, newest first (- writes to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.jsonl", help="the file to write, or - for standard output")
        parser.add_argument(
            "--source",
            action="append",
            metavar="SLUG",
            dest="sources",
            help="only articles of this source; repeat for several sources",
        )
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="only articles published at or after this ISO date or date-time "
            "(a date or a date-time without offset is read in KABAR_TIME_ZONE)",
        )

    def handle(self, *args, file: str, sources: list[str] | None, since: str | None, **options):
        selected = None
        if sources:
            slugs = list(dict.fromkeys(sources))
            found = {s.slug: s for s in Source.objects.filter(slug__in=slugs)}
            missing = [slug for slug in slugs if slug not in found]
            if missing:
                raise CommandError(f"unknown source: {', '.join(missing)}")
            selected = list(found.values())
        try:
            since_at = parse_since(since) if since is not None else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        lines = export_lines(export_queryset(sources=selected, since=since_at))

        if file == "-":
            out = self.stdout._out
            if hasattr(out, "buffer"):
                # Bytes go to the binary layer, so the output is UTF-8 whatever the locale; flushing
                # the text layer first keeps anything written before it in order.
                out.flush()
                count = write_stream(lines, out.buffer)
                out.buffer.flush()
            else:
                count = _write_text(lines, out)
            self.stderr.write(f"exported {count}", style_func=lambda s: s)
            return
        try:
            count = write_file(lines, Path(file))
        except OSError as exc:
            raise CommandError(f"cannot write {file}: {exc.strerror or exc}") from None
        self.stdout.write(f"exported {count}")


def _write_text(lines, out) -> int:
    count = 0
    for line in lines:
        out.write(line.decode("utf-8"))
        count += 1
    return count
