"""`kabar export`: articles out as JSON Lines, in the format `kabar import` reads.

Every line carries every field of the format (empty strings included) in a fixed order, and
dates are written in UTC, so importing an export into an empty database and exporting again
gives a byte-identical file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils import timezone

from kabar.articles.models import Article
from kabar.sources.models import Source

# The order of keys in every exported line.
EXPORT_FIELDS = (
    "url",
    "title",
    "source",
    "published_at",
    "body",
    "summary",
    "author",
    "image_url",
    "image_caption",
    "language",
)
_COLUMNS = tuple("source__slug" if name == "source" else name for name in EXPORT_FIELDS)
CHUNK_SIZE = 2000
# json.dumps escapes control characters but not these; many line readers (Python's splitlines,
# for one) break lines at them, so they are escaped too. JSON reads them back unchanged.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def parse_since(text: str) -> datetime:
    """An ISO date (midnight in KABAR_TIME_ZONE) or date-time; a naive one is read in KABAR_TIME_ZONE."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"--since: {value!r} is not an ISO date (2025-04-01) or date-time (2025-04-01T08:00:00+09:00)"
        ) from None
    if parsed.utcoffset() is None:
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


def export_queryset(*, sources: Iterable[Source] | None = None, since: datetime | None = None) -> QuerySet:
    """Rows to export as tuples in EXPORT_FIELDS order, newest first (ties: newest id first)."""
    qs = Article.objects.order_by("-published_at", "-id")
    if sources is not None:
        qs = qs.filter(source__in=list(sources))
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    return qs.values_list(*_COLUMNS)


def article_line(row: tuple) -> bytes:
    """One exported line (with its newline) from a row of ``export_queryset``."""
    data = dict(zip(EXPORT_FIELDS, row, strict=True))
    data["published_at"] = data["published_at"].astimezone(UTC).isoformat()
    return (json.dumps(data, ensure_ascii=False).translate(_LINE_BREAKS) + "\n").encode("utf-8")


def export_lines(qs: QuerySet) -> Iterator[bytes]:
    # iterator(): rows are streamed (a server-side cursor on PostgreSQL), never all loaded.
    for row in qs.iterator(chunk_size=CHUNK_SIZE):
        yield article_line(row)


def write_stream(lines: Iterable[bytes], out: BinaryIO) -> int:
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count


def write_file(lines: Iterable[bytes], path: Path) -> int:
    """Write to a temporary file beside ``path``, then rename it over ``path``.

    A failed or interrupted export therefore never leaves a half-written file: ``path`` is either
    untouched or complete.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            count = write_stream(lines, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _file_mode(path: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual mode under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
