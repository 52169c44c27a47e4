"""`kabar import`: JSON Lines in, articles out.

Every line is judged on its own: it is either written whole or rejected with a one-line reason,
and a bad line never stops the others. Good lines are written in batches through
``article_upsert_many`` (the only writer of articles), so a re-import updates and never duplicates.

Decisions beyond the issue's text:
- Unknown fields are ignored, so files from newer exports or other tools still load.
- ``null`` in an optional field means "empty"; in a required field it counts as empty.
- A URL seen twice in one file: the last line wins and the article is counted once.
- Fields the format does not carry (guid, is_demo, summary_only) keep their stored values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max

from kabar.articles.models import LIMITS, Article
from kabar.articles.services import ArticleData, article_upsert_many
from kabar.sources.models import MediaGroup, Source

MAX_LINE_BYTES = 1024 * 1024
BATCH_SIZE = 500
REQUIRED_FIELDS = ("url", "title", "source", "published_at", "body")
OPTIONAL_FIELDS = ("summary", "author", "image_url", "image_caption", "language")
FIELD_LIMITS = {
    **LIMITS,
    "source": Source._meta.get_field("slug").max_length,
    "published_at": 64,
}
# Sources made by --create-sources go into this group.
OTHER_GROUP_SLUG = "lainnya"
OTHER_GROUP_NAME = "Lainnya"

_url_validator = URLValidator(schemes=["http", "https"])
# The demo corpus points at images shipped with the site, so a /static/ path is allowed too.
_STATIC_PATH = re.compile(r"/static/[A-Za-z0-9._~!$&'()*+,;=:@%/-]+\Z")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_SOURCE_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
DATE_HINT = "expected ISO 8601 with a UTC offset, e.g. 2025-04-09T08:30:00+09:00"


class BadLine(ValueError):
    """A line that cannot be imported; the message is the reason shown to the user."""


@dataclass(frozen=True)
class ParsedLine:
    """The validated fields of one line; the source is still a slug."""

    url: str
    title: str
    source: str
    published_at: datetime
    body: str
    summary: str = ""
    author: str = ""
    image_url: str = ""
    image_caption: str = ""
    language: str = ""


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


def read_lines(
    stream: BinaryIO, *, max_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield (line number, line without its newline or None if too long, bytes consumed).

    A line is never held whole when it is over ``max_bytes``: the rest is read and dropped in
    chunks, so one huge line cannot exhaust memory.
    """
    number = 0
    while True:
        chunk = stream.readline(max_bytes + 2)  # room for "\r\n"
        if not chunk:
            return
        number += 1
        consumed = len(chunk)
        if not chunk.endswith(b"\n") and len(chunk) == max_bytes + 2:
            while True:
                rest = stream.readline(64 * 1024)
                consumed += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None, consumed
            continue
        line = chunk.rstrip(b"\n").rstrip(b"\r")
        yield number, (None if len(line) > max_bytes else line), consumed


def parse_line(raw: bytes) -> ParsedLine:
    """Decode and validate one line; raises BadLine with the reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadLine("not valid UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLine(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise BadLine("invalid JSON (nested too deeply)") from None
    except ValueError:  # e.g. an integer with more digits than Python converts
        raise BadLine("invalid JSON (number too large)") from None
    if not isinstance(data, dict):
        raise BadLine("not a JSON object")
    # NUL and lone surrogates can only come from \u escapes, since the text itself decoded as UTF-8.
    escaped = "\\u" in text
    values = {name: _text(data, name, required=True, escaped=escaped) for name in REQUIRED_FIELDS}
    values.update({name: _text(data, name, required=False, escaped=escaped) for name in OPTIONAL_FIELDS})

    values["url"] = values["url"].strip()
    if not _is_http_url(values["url"]):
        raise BadLine('field "url" is not an absolute http(s) URL')
    values["published_at"] = _parse_published_at(values["published_at"])
    image_url = values["image_url"] = values["image_url"].strip()
    if image_url and not (_is_static_path(image_url) or _is_http_url(image_url)):
        raise BadLine('field "image_url" is not an http(s) URL or a /static/ path')
    language = values["language"] = values["language"].strip()
    if language and not _LANGUAGE.match(language):
        raise BadLine('field "language" is not a language code such as "en"')
    return ParsedLine(**values)


def _text(data: dict, name: str, *, required: bool, escaped: bool) -> str:
    value = data.get(name)
    if value is None:
        if required:
            kind = "empty" if name in data else "missing"
            raise BadLine(f'{kind} required field "{name}"')
        return ""
    if not isinstance(value, str):
        raise BadLine(f'field "{name}" must be a string')
    if required and not value.strip():
        raise BadLine(f'empty required field "{name}"')
    if len(value) > FIELD_LIMITS[name]:
        raise BadLine(f'field "{name}" is longer than {FIELD_LIMITS[name]} characters')
    if escaped:
        # PostgreSQL text cannot hold NUL, and a lone surrogate cannot be stored as UTF-8.
        if "\x00" in value:
            raise BadLine(f'field "{name}" contains a NUL character')
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadLine(f'field "{name}" is not valid Unicode (lone surrogate)') from None
    return value


def _is_http_url(value: str) -> bool:
    try:
        _url_validator(value)
    except ValidationError:
        return False
    return True


def _is_static_path(value: str) -> bool:
    return bool(_STATIC_PATH.match(value)) and not {".", ".."} & set(value.split("/"))


def _parse_published_at(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadLine(f'bad date in "published_at" ({DATE_HINT})') from None
    if parsed.utcoffset() is None:
        raise BadLine(f'bad date in "published_at": no UTC offset ({DATE_HINT})')
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise BadLine('bad date in "published_at": out of range') from None


def quoted(value: str) -> str:
    """Show user text safely on a terminal: quoted, control characters escaped."""
    return json.dumps(value)


class SourceBook:
    """Source slugs to sources; with ``create`` it makes the ones it does not know."""

    def __init__(self, *, create: bool = False):
        self.create = create
        self._by_slug = {s.slug: s for s in Source.objects.only("id", "slug", "language")}
        self._group: MediaGroup | None = None

    def get(self, line: ParsedLine) -> Source:
        slug = line.source
        found = self._by_slug.get(slug)
        if found is not None:
            return found
        if not self.create:
            raise BadLine(f"unknown source {quoted(slug)} (use --create-sources to create it)")
        if not _SOURCE_SLUG.match(slug):
            raise BadLine(f"invalid source slug {quoted(slug)} (use lowercase letters, digits, - and _)")
        source, _ = Source.objects.get_or_create(
            slug=slug,
            defaults={
                "name": slug.replace("-", " ").replace("_", " ").title(),
                "group": self._other_group(),
                "homepage": _homepage(line.url),
                "language": line.language or "en",
            },
        )
        self._by_slug[slug] = source
        return source

    def _other_group(self) -> MediaGroup:
        if self._group is None:
            last = MediaGroup.objects.aggregate(last=Max("position"))["last"] or 0
            self._group, _ = MediaGroup.objects.get_or_create(
                slug=OTHER_GROUP_SLUG, defaults={"name": OTHER_GROUP_NAME, "position": last + 1}
            )
        return self._group


def _homepage(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]  # never keep credentials from a URL
    return f"{parts.scheme}://{host}/"


@dataclass
class _Pending:
    number: int
    item: ArticleData


@dataclass
class ArticleImporter:
    """Collects good lines and writes them in batches; call ``add`` per line, then ``finish``."""

    on_error: Callable[[int, str], None]
    create_sources: bool = False
    batch_size: int = BATCH_SIZE
    report: ImportReport = field(default_factory=ImportReport)
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _last_published: datetime | None = None
    _created: set[int] = field(default_factory=set)
    _updated: set[int] = field(default_factory=set)
    _unchanged: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.sources = SourceBook(create=self.create_sources)

    def add(self, number: int, raw: bytes | None) -> None:
        try:
            if raw is None:
                raise BadLine(f"line is longer than {MAX_LINE_BYTES} bytes")
            if not raw.strip():
                return  # blank lines are allowed and skipped silently
            line = parse_line(raw)
            source = self.sources.get(line)
        except BadLine as exc:
            self.report.rejected += 1
            self.on_error(number, str(exc))
            return
        item = ArticleData(
            url=line.url,
            source_id=source.pk,
            title=line.title,
            published_at=line.published_at,
            body=line.body,
            summary=line.summary,
            author=line.author,
            image_url=line.image_url,
            image_caption=line.image_caption,
            language=line.language or source.language or "en",
        )
        # A batch is not cut inside a run of equal dates (up to a bound), so that ties can be
        # inserted in the order that makes an export round-trip; see _flush.
        full = len(self._pending) >= self.batch_size
        if full and (item.published_at != self._last_published or len(self._pending) >= 4 * self.batch_size):
            self._flush()
        self._pending.pop(item.url, None)  # last one wins
        self._pending[item.url] = _Pending(number, item)
        self._last_published = item.published_at

    def finish(self) -> ImportReport:
        self._flush()
        report = self.report
        report.imported = len(self._created)
        report.updated = len(self._updated - self._created)
        report.unchanged = len(self._unchanged - self._created - self._updated)
        return report

    def _flush(self) -> None:
        if not self._pending:
            return
        # Oldest first, and within one date the later line first: new rows then get ids such that
        # an export (published_at desc, id desc) lists them in the file's order again.
        pending = sorted(self._pending.values(), key=lambda p: (p.item.published_at, -p.number))
        self._pending = {}
        items = [p.item for p in pending]
        with transaction.atomic():
            kept = {
                url: (guid, is_demo, summary_only)
                for url, guid, is_demo, summary_only in Article.objects.filter(
                    url__in=[i.url for i in items]
                ).values_list("url", "guid", "is_demo", "summary_only")
            }
            if kept:
                items = [_keep_fields(i, kept[i.url]) if i.url in kept else i for i in items]
            result = article_upsert_many(items=items, batch_size=self.batch_size)
        self._created.update(result.created)
        self._updated.update(result.updated)
        self._unchanged.update(result.unchanged)


def _keep_fields(item: ArticleData, stored: tuple[str, bool, bool]) -> ArticleData:
    guid, is_demo, summary_only = stored
    return replace(item, guid=guid, is_demo=is_demo, summary_only=summary_only)


def import_stream(
    stream: BinaryIO,
    *,
    on_error: Callable[[int, str], None],
    create_sources: bool = False,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Import every line of a binary stream; bad lines go to ``on_error(line_number, reason)``."""
    importer = ArticleImporter(on_error=on_error, create_sources=create_sources, batch_size=batch_size)
    for number, raw, consumed in read_lines(stream):
        if number == 1 and raw is not None and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a UTF-8 byte order mark, as some Windows editors write
        importer.add(number, raw)
        if on_progress is not None:
            on_progress(consumed)
    return importer.finish()
