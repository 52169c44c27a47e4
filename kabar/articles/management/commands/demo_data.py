"""`kabar demo-data`: write the demo corpus (English articles marked as demo) into the database.

The newest day of the corpus is today's date in UTC, so a second run on the same day changes nothing
and `make demo` always shows recent news. It exits with the search index and the stories up to date.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kabar.articles.demo import DEFAULT_SEED
from kabar.articles.demo_loading import DemoSourcesMissing, demo_load
from kabar.articles.management.commands.import_articles import after_write_sync

SOURCES_FILE = "kabar/sources/data/japan.toml"


def _anchor(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("must be between 0 and 2**63 - 1")
    return value


class Command(BaseCommand):
    help = "Write the demo corpus (about 680 English articles, all marked as demo) into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            type=_anchor,
            metavar="YYYY-MM-DD",
            help="the newest day of the corpus (default: today in UTC); articles go back 13 months",
        )
        parser.add_argument(
            "--seed", type=_seed, default=DEFAULT_SEED, help=f"another corpus (default {DEFAULT_SEED})"
        )

    def handle(self, *args, anchor: date | None, seed: int, **options):
        if isinstance(anchor, str):  # call_command(anchor="2025-04-09") skips the argparse type
            try:
                anchor = _anchor(anchor)
            except argparse.ArgumentTypeError as exc:
                raise CommandError(f"--anchor: {exc}") from None
        anchor = anchor or datetime.now(UTC).date()
        err = self.stderr._out
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="art", desc="demo", file=err, disable=not _isatty(err))
            bar.update(done - bar.n)

        try:
            created, updated, unchanged = demo_load(anchor=anchor, seed=seed, progress=progress)
        except DemoSourcesMissing as exc:
            missing = ", ".join(exc.missing) if len(exc.missing) <= 4 else f"{len(exc.missing)} sources"
            raise CommandError(
                f"the shipped sources are not loaded (missing {missing}): "
                f"run `kabar sources load {SOURCES_FILE}` first"
            ) from None
        finally:
            if bar is not None:
                bar.close()
        total = created + updated + unchanged
        self.stdout.write(
            f"demo: {total} articles (created {created}, updated {updated}, unchanged {unchanged})"
        )
        after_write_sync(self.stderr)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
