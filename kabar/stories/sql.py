"""Hand-written SQL for the hot paths: the reads and writes of clustering one article (the ORM's
query building costs more than the queries), and the rebuild's bulk writes (COPY on PostgreSQL)
and whole-table deletes.

Table and column names come from the models, never from input; values are always parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

from django.core.management.color import no_style
from django.db import connection, models

from kabar.articles.models import Article
from kabar.stories.fingerprint import BANDS
from kabar.stories.models import Story, StoryBand, StoryCursor, StoryMember

COPY_FROM = 50  # rows; fewer go in one plain INSERT statement


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > COPY_FROM:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if connection.vendor == "sqlite":
            rows = _sqlite_rows(model, columns, rows)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _sqlite_rows(model, columns, rows: list[tuple]) -> list[tuple]:
    """Datetimes as the ORM writes them to SQLite: text, naive UTC."""
    at = [n for n, c in enumerate(columns) if isinstance(model._meta.get_field(c), models.DateTimeField)]
    if not at:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for n in at:
            value = row[n]
            row[n] = str(value.astimezone(UTC).replace(tzinfo=None)) if value is not None else None
        out.append(row)
    return out


def delete_all(models_in_order: Sequence[type[models.Model]]) -> None:
    qn = connection.ops.quote_name
    tables = [qn(m._meta.db_table) for m in models_in_order]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while checks of deferred foreign keys are pending in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def delete_stories_begun_since(since: datetime) -> None:
    """Delete the stories whose first article is at or after ``since`` (their members are gone):
    one statement, where the ORM would first load every story to look for members."""
    qn = connection.ops.quote_name
    sql = f"DELETE FROM {qn(Story._meta.db_table)} WHERE {qn('first_seen')} >= %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(since)])


def reset_story_ids() -> None:
    """After rows with explicit ids, move PostgreSQL's id sequence past them (SQLite does that itself)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Story]):
            cursor.execute(sql)


def _band_sql(days: int) -> tuple[str, str, str]:
    return _band_statements(connection.vendor, days)


@lru_cache(maxsize=16)
def _band_statements(vendor: str, days: int) -> tuple[str, str, str]:
    """The three statements on the band table, each one round trip for all BANDS bands; the
    lookup takes ``days`` days."""
    qn = connection.ops.quote_name
    table = qn(StoryBand._meta.db_table)
    band, key, day, article = (qn(c) for c in ("band", "key", "day", "article_id"))
    # A list of days, not a range: the key starts with the day, so each (day, band, key) is a seek.
    in_days = ", ".join(["%s"] * days)
    one = f"SELECT {article} FROM {table} WHERE {day} IN ({in_days}) AND {band} = %s AND {key} = %s"  # noqa: S608
    select = " UNION ".join([one] * BANDS)
    # OR of whole keys, not a row-value IN list: SQLite scans the table for the latter.
    one_row = f"({day} = %s AND {band} = %s AND {key} = %s AND {article} = %s)"
    delete = f"DELETE FROM {table} WHERE {' OR '.join([one_row] * BANDS)}"  # noqa: S608
    rows = ", ".join(["(%s, %s, %s, %s)"] * BANDS)
    insert = f"INSERT INTO {table} ({day}, {band}, {key}, {article}) VALUES {rows}"  # noqa: S608
    return select, delete, insert


def _band_rows(keys: list[int], day: int, article_id: int) -> list[int]:
    params: list[int] = []
    for band, key in enumerate(keys):
        params += [day, band, key, article_id]
    return params


def band_candidates(keys: list[int], *, low: int, high: int) -> set[int]:
    """Articles sharing one of the band ``keys`` (one per band, in order), published on a day in
    [low, high]: one primary-key seek per day and band."""
    days = list(range(low, high + 1))
    params: list[int] = []
    for band, key in enumerate(keys):
        params += [*days, band, key]
    with connection.cursor() as cursor:
        cursor.execute(_band_sql(len(days))[0], params)
        return {row[0] for row in cursor.fetchall()}


def band_insert(keys: list[int], *, day: int, article_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_band_sql(0)[2], _band_rows(keys, day, article_id))


def band_delete(keys: list[int], *, day: int, article_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_band_sql(0)[1], _band_rows(keys, day, article_id))


def cursor_lock(name: str) -> int | None:
    """The cursor's value, its row locked until the transaction ends (SQLite locks the whole
    database for the writing transaction anyway); None when there is no such row."""
    qn = connection.ops.quote_name
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT {qn('seq')} FROM {qn(StoryCursor._meta.db_table)} WHERE {qn('name')} = %s{lock}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [name])
        row = cursor.fetchone()
    return row[0] if row else None


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives naive UTC datetimes to a raw cursor; PostgreSQL gives aware ones.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _names() -> tuple[str, str]:
    qn = connection.ops.quote_name
    return qn(Article._meta.db_table), qn(StoryMember._meta.db_table)


ARTICLE_KEYS = ("id", "seq", "source_id", "title", "body", "summary", "author", "published_at")
OLD_MEMBER_KEYS = ("member_seq", "member_story_id", "member_published_at", "member_signature")


def articles_to_cluster(ids: list[int]) -> list[dict]:
    """The articles (ARTICLE_KEYS) and, for those clustered before, their member row
    (OLD_MEMBER_KEYS, else None)."""
    if not ids:
        return []
    article, member = _names()
    sql = (
        "SELECT a.id, a.seq, a.source_id, a.title, a.body, a.summary, a.author, a.published_at, "  # noqa: S608
        f"m.seq, m.story_id, m.published_at, m.signature FROM {article} a "
        f"LEFT JOIN {member} m ON m.article_id = a.id WHERE a.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    out = []
    for row in rows:
        found = dict(zip(ARTICLE_KEYS + OLD_MEMBER_KEYS, row, strict=True))
        found["published_at"] = _aware(found["published_at"])
        found["member_published_at"] = _aware(found["member_published_at"])
        out.append(found)
    return out


MEMBER_KEYS = (
    "article_id",
    "story_id",
    "published_at",
    "signature",
    "shingles",
    "marks",
    "origin",
    "source_id",
)


def members_of(ids: list[int]) -> list[dict]:
    """The member rows (MEMBER_KEYS) of these articles, with each article's source."""
    if not ids:
        return []
    article, member = _names()
    sql = (
        "SELECT m.article_id, m.story_id, m.published_at, m.signature, m.shingles, m.marks, m.origin, "  # noqa: S608
        f"a.source_id FROM {member} m JOIN {article} a ON a.id = m.article_id "
        f"WHERE m.article_id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    out = []
    for row in rows:
        found = dict(zip(MEMBER_KEYS, row, strict=True))
        found["published_at"] = _aware(found["published_at"])
        out.append(found)
    return out


def texts_of(ids: list[int]) -> dict[int, dict]:
    """{id: {title, body, summary, author}} of these articles, for fingerprint()."""
    article, _ = _names()
    sql = (
        f"SELECT id, title, body, summary, author FROM {article} "  # noqa: S608
        f"WHERE id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    return {row[0]: dict(zip(("title", "body", "summary", "author"), row[1:], strict=True)) for row in rows}
