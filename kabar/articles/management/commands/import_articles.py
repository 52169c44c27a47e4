"""`kabar import FILE.jsonl` (or `-` for standard input): one article per line.

Bad lines are reported as `line N: reason` on stderr and skipped; at the end stdout gets
`imported A, updated B, rejected C` (then `unchanged D` when D > 0), and the exit status is 1
when any line was rejected. Before it exits, the search index and the stories are brought up to
date (unless --no-index / --no-cluster).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from kabar.articles.importing import BATCH_SIZE, import_stream


class Command(BaseCommand):
    help = "Import articles from a JSON Lines file (one article per line; - reads standard input)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.jsonl", help="the file to read, or - for standard input")
        parser.add_argument(
            "--create-sources",
            action="store_true",
            help='create unknown sources (in the group "Lainnya") instead of rejecting their lines',
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="show a progress bar on stderr (default: only on a terminal, for a file)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"articles written per transaction (default {BATCH_SIZE})",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="leave the search index to `kabar index` instead of bringing it up to date on exit",
        )
        parser.add_argument(
            "--no-cluster",
            action="store_true",
            help="leave the stories to `kabar cluster` instead of clustering the new articles on exit",
        )

    def handle(
        self,
        *args,
        file: str,
        create_sources: bool,
        progress: bool | None,
        batch_size: int,
        no_index: bool = False,
        no_cluster: bool = False,
        **options,
    ):
        if not 1 <= batch_size <= 10_000:
            raise CommandError("--batch-size must be between 1 and 10000")
        stream, size = _open(file)
        err = self.stderr._out
        show_bar = progress if progress is not None else (size is not None and _isatty(err))
        bar = (
            tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024, desc="import", file=err)
            if show_bar
            else None
        )

        def on_error(number: int, reason: str) -> None:
            message = f"line {number}: {reason}"
            if bar is not None:
                bar.write(message, file=err)  # keeps the bar intact below the message
            else:
                self.stderr.write(message)

        try:
            report = import_stream(
                stream,
                on_error=on_error,
                create_sources=create_sources,
                batch_size=batch_size,
                on_progress=bar.update if bar is not None else None,
            )
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
        except DatabaseError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(f"database error, import stopped: {first}") from None
        finally:
            if bar is not None:
                bar.close()
            if file != "-":
                stream.close()
        self.stdout.write(f"imported {report.imported}, updated {report.updated}, rejected {report.rejected}")
        if report.unchanged:
            self.stdout.write(f"unchanged {report.unchanged}")
        if report.imported or report.updated:
            after_write_sync(self.stderr, index=not no_index, cluster=not no_cluster)
        if report.rejected:
            self.stdout.flush()
            raise SystemExit(1)


def after_write_sync(stderr, *, index: bool = True, cluster: bool = True) -> None:
    """Bring the search index and the stories up to date, so `kabar import` exits with its articles
    searchable and grouped with their copies in other outlets.

    A problem here never undoes the import: it is reported, and `kabar index` or `kabar cluster`
    catches up later. While a `kabar recluster` runs, the stories are left to it.
    """
    from kabar.search.indexing import index_sync_after_write
    from kabar.stories.services import stories_sync_after_write

    if index:
        try:
            index_sync_after_write()
        except Exception as exc:  # noqa: BLE001 - the articles are stored; the index can be rebuilt
            stderr.write(
                f"warning: search index not updated ({type(exc).__name__}: {exc}); run `kabar index`"
            )
    if cluster:
        try:
            stories_sync_after_write()
        except Exception as exc:  # noqa: BLE001 - the articles are stored; stories can be rebuilt
            stderr.write(f"warning: stories not updated ({type(exc).__name__}: {exc}); run `kabar cluster`")


def _open(file: str) -> tuple[BinaryIO, int | None]:
    """The binary stream to read and its size in bytes when known (a regular file)."""
    if file == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(file, "rb")  # closed by the caller
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):  # e.g. an in-memory stream
        return stream, None
    return stream, (info.st_size if stat.S_ISREG(info.st_mode) else None)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
