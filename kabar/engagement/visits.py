"""Who is a visitor, and counting article views without writing to the database on every request.

One view per visitor, article and day. A visitor is a keyed hash of the user id (logged in) or of
the IP address and user agent (anonymous); the key is derived from SECRET_KEY and the date, so it
changes every day, and no address is ever stored. Crawlers and prefetches are not visitors.

How a view travels:

1. ``view_record`` (called by the article page) only touches this process's memory: a set of
   (day, article, visitor) it has already seen and a set of pending views. No database, no cache.
2. ``views_flush`` writes the pending views in one transaction: it inserts them into DailyMark,
   whose unique constraint drops any visitor another worker (or web node) already counted today,
   and adds what was really inserted to ``Article.view_count`` with one UPDATE per article.
   Deduplication therefore holds across gunicorn workers and machines whatever the cache backend:
   the local-memory cache is per process and could not share a "seen" set between workers.
3. Under gunicorn each worker starts a daemon thread on its first view that flushes every
   FLUSH_SECONDS, plus once at exit, so counts lag by at most a few seconds even on an idle worker.
   Anywhere else (the test client, Django's live server, a shell) views are flushed only when
   ``views_flush`` is called; a long-lived thread there would write into other tests' databases.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone

from kabar.articles.models import Article
from kabar.engagement.models import DailyMark

logger = logging.getLogger("kabar.engagement")

FLUSH_SECONDS = 2.0  # counts may lag 10 s: 2 s here, then up to 8 s in a cached page (pagecache.py)
PENDING_MAX = 200_000  # beyond this (a database down for long) new views are dropped, not hoarded
SEEN_MAX = 500_000  # the per-process "already counted" set is cleared when it grows past this
PRUNE_SECONDS = 3600.0
INSERT_CHUNK = 500  # rows per INSERT; 4 parameters each stays far below SQLite's variable limit
UA_MAX = 512

# Crawlers, link previewers, monitors and HTTP libraries. A reader's browser matches none of them.
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog|embedly|preview|"
    r"whatsapp|telegram|discord|slack|skype|pinterest|vkshare|bitly|tumblr|flipboard|"
    r"curl|wget|python|httpx|aiohttp|okhttp|go-http-client|java/|libwww|scrapy|headless|"
    r"lighthouse|pagespeed|gtmetrix|pingdom|uptime|monitor|validator|semrush|ahrefs|yandex|baidu|"
    r"petalbot|bytespider|feedfetcher|feedly|inoreader|newsblur"
)  # matched against the lowercased agent: re.IGNORECASE makes this 20 times slower

Key = tuple[date, int, str]  # (day, article id, visitor)


def is_bot(request) -> bool:
    """Known crawlers, empty user agents, and speculative loads (prefetch/prerender) are not readers."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent.strip() or BOT_AGENT.search(agent[:UA_MAX].lower()):
        return True
    for header in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ"):
        value = request.META.get(header, "").lower()
        if "prefetch" in value or "prerender" in value or "preview" in value:
            return True
    return False


@lru_cache(maxsize=4)
def _day_key(day: date, secret: str) -> bytes:
    # A key per day: yesterday's hashes cannot be matched with today's, and a hash reveals nothing
    # without the secret key. The marks holding them are pruned after a day (see _maybe_prune).
    return hmac.new(secret.encode(), f"kabar.visitor:{day.isoformat()}".encode(), hashlib.sha256).digest()


def visitor_key(request, day: date) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        identity = f"u:{user.pk}"
    else:
        agent = request.META.get("HTTP_USER_AGENT", "")[:UA_MAX]
        identity = f"a:{request.META.get('REMOTE_ADDR', '')}\n{agent}"
    key = _day_key(day, settings.SECRET_KEY)
    return hmac.new(key, identity.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: set[Key] = set()
        self.seen: set[Key] = set()
        self.seen_day: date | None = None
        self.dropped = 0
        self.last_prune: float | None = None
        self.flusher_pid: int | None = None
        self.stop = threading.Event()
        self.exit_flush = False


_state = _State()


def view_record(*, request, article_id: int) -> bool:
    """Note one view of ``article_id`` by this request's visitor; True if it is new in this process."""
    if not settings.KABAR_COUNT_VIEWS or request.method != "GET" or is_bot(request):
        return False
    day = timezone.localdate()
    key = (day, article_id, visitor_key(request, day))
    with _state.lock:
        if _state.seen_day != day:
            _state.seen.clear()
            _state.seen_day = day
        if key in _state.seen:
            return False
        if len(_state.seen) >= SEEN_MAX:
            _state.seen.clear()  # only an optimisation; DailyMark still drops repeats
        _state.seen.add(key)
        if len(_state.pending) < PENDING_MAX:
            _state.pending.add(key)
        else:
            _state.dropped += 1
    if request.META.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):
        _ensure_flusher()
    return True


def views_pending() -> int:
    with _state.lock:
        return len(_state.pending)


def views_reset() -> None:
    """Forget everything buffered in this process (tests start from a clean slate)."""
    with _state.lock:
        _state.pending.clear()
        _state.seen.clear()
        _state.seen_day = None
        _state.dropped = 0


def views_flush() -> int:
    """Write this process's pending views; returns how many were new for the day (and counted)."""
    with _state.lock:
        batch, _state.pending = _state.pending, set()
        dropped, _state.dropped = _state.dropped, 0
    if dropped:
        logger.warning("view counting: %d views dropped while the database was unavailable", dropped)
    if not batch:
        return 0
    try:
        counted = views_write(batch)
    except DatabaseError as exc:
        logger.warning("view counting: flush failed, will retry: %s", exc)
        with _state.lock:
            room = max(PENDING_MAX - len(_state.pending), 0)
            _state.pending.update(list(batch)[:room])
        return 0
    _maybe_prune()
    return counted


def views_write(batch: Iterable[Key]) -> int:
    """Count a batch of (day, article id, visitor) views; returns how many were new for their day."""
    batch = set(batch)
    with transaction.atomic():
        ids = sorted({article_id for _, article_id, _ in batch})
        existing: set[int] = set()
        for start in range(0, len(ids), INSERT_CHUNK):
            chunk = ids[start : start + INSERT_CHUNK]
            existing.update(Article.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        rows = [(day, DailyMark.Kind.VIEW, a, v) for day, a, v in sorted(batch) if a in existing]
        added = marks_insert(rows)
        view_counts_add(added)
    return sum(added.values())


def view_counts_add(added: Counter[int]) -> None:
    """Add ``added[article id]`` to each article's view_count: one UPDATE per article, sent as one
    batch (an ORM update per article costs more than the rest of a flush).

    Ascending ids: two workers flushing at once lock the rows in the same order (PostgreSQL).
    """
    if not added:
        return
    table = connection.ops.quote_name(Article._meta.db_table)
    column = connection.ops.quote_name(Article._meta.get_field("view_count").column)
    key = connection.ops.quote_name(Article._meta.pk.column)
    # Only our own table and column names are formatted in; the numbers are parameters.
    sql = f"UPDATE {table} SET {column} = {column} + %s WHERE {key} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(added[article_id], article_id) for article_id in sorted(added)])


def marks_insert(rows: Iterable[tuple[date, str, int, str]]) -> Counter[int]:
    """Insert (day, kind, article id, visitor) marks; returns, per article, how many were new.

    ``ON CONFLICT DO NOTHING RETURNING`` (SQLite 3.35+, PostgreSQL) reports exactly the rows this
    statement inserted, so two processes inserting the same mark at once count it once.
    """
    table = connection.ops.quote_name(DailyMark._meta.db_table)
    rows = list(rows)
    added: Counter[int] = Counter()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            params: list = []
            for day, kind, article_id, visitor in chunk:
                params += [connection.ops.adapt_datefield_value(day), kind, article_id, visitor]
            # Only placeholders and our own table name are formatted in; every value is a parameter.
            sql = (
                f"INSERT INTO {table} (day, kind, article_id, visitor) VALUES {values} "  # noqa: S608
                "ON CONFLICT DO NOTHING RETURNING article_id"
            )
            cursor.execute(sql, params)
            added.update(row[0] for row in cursor.fetchall())
    return added


def marks_prune_if_due() -> None:
    """Prune old marks at most once an hour per process (called after writing marks)."""
    _maybe_prune()


def _maybe_prune() -> None:
    now = time.monotonic()
    if _state.last_prune is not None and now - _state.last_prune < PRUNE_SECONDS:
        return
    _state.last_prune = now
    marks_prune()


def marks_prune(*, today: date | None = None) -> int:
    """Delete marks from before yesterday; a day's marks are needed only while the day lasts."""
    today = today or timezone.localdate()
    deleted, _ = DailyMark.objects.filter(day__lt=today - timedelta(days=1)).delete()
    return deleted


def _ensure_flusher() -> None:
    pid = os.getpid()
    if _state.flusher_pid == pid:
        return
    with _state.lock:
        if _state.flusher_pid == pid:  # another thread of this worker got here first
            return
        _state.flusher_pid = pid
        _state.stop = threading.Event()
    threading.Thread(
        target=_flush_forever, args=(_state.stop,), name="kabar-view-flusher", daemon=True
    ).start()
    if not _state.exit_flush:
        _state.exit_flush = True
        atexit.register(_flush_quietly)


def views_stop_flusher() -> None:
    """Stop this process's flusher thread (tests); the next counted view starts a new one."""
    _state.stop.set()
    _state.flusher_pid = None


def _flush_forever(stop: threading.Event) -> None:
    while not stop.wait(FLUSH_SECONDS):
        _flush_quietly()


def _flush_quietly() -> None:
    if not views_pending():
        return
    close_old_connections()
    try:
        views_flush()
    except Exception:  # the thread must survive anything; the next round retries
        logger.exception("view counting: flush crashed")
    finally:
        close_old_connections()
