"""Simultaneous writers, each thread with its own database connection.

On PostgreSQL the test calls ``run`` in-process. pytest's SQLite test database lives in memory
with a shared cache, where a second writer fails at once ("table is locked") instead of waiting,
so for SQLite the test runs this file as a script against a real SQLite file configured exactly
like production (WAL, busy timeout, IMMEDIATE transactions) and reads the JSON it prints.
"""

from __future__ import annotations

import json
import threading

THREADS = 50


def _parallel(count: int, work) -> list[str]:
    from django.db import connection

    barrier = threading.Barrier(count)
    errors: list[str] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except Exception as exc:  # reported, so the test shows what went wrong
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def run(*, article_id: int, user_ids: list[int]) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from kabar.articles.models import Article
    from kabar.engagement.models import Comment, DailyMark, Like
    from kabar.engagement.services import comment_create, like_set
    from kabar.engagement.visits import views_write

    users = list(get_user_model().objects.filter(pk__in=user_ids).order_by("pk"))
    reader = users[0]
    errors = _parallel(THREADS, lambda n: like_set(user=reader, article_id=article_id, liked=True))
    # Half like and half unlike at once, starting from one like: the end state is one of the two,
    # and the counter matches the rows either way.
    errors += _parallel(THREADS, lambda n: like_set(user=reader, article_id=article_id, liked=n % 2 == 0))
    liked_rows_after_mix = Like.objects.filter(article_id=article_id).count()
    like_count_after_mix = Article.objects.get(pk=article_id).like_count
    errors += _parallel(THREADS, lambda n: like_set(user=reader, article_id=article_id, liked=True))

    # Comments by many readers at once (one each, so no rate limit is hit).
    errors += _parallel(
        len(users), lambda n: comment_create(user=users[n], article_id=article_id, body=f"Komentar {n}")
    )
    # Two web workers flushing overlapping views at once: every visitor counts once.
    today = timezone.localdate()
    batch = [(today, article_id, f"{n:032x}") for n in range(300)]
    halves = [batch[:200], batch[100:]]
    errors += _parallel(2, lambda n: views_write(halves[n]))

    article = Article.objects.get(pk=article_id)
    return {
        "errors": errors,
        "like_rows": Like.objects.filter(article_id=article_id).count(),
        "like_count": article.like_count,
        "mix_rows": liked_rows_after_mix,
        "mix_count": like_count_after_mix,
        "comment_rows": Comment.objects.filter(article_id=article_id).count(),
        "comment_count": article.comment_count,
        "view_marks": DailyMark.objects.filter(article_id=article_id, day=today).count(),
        "view_count": article.view_count,
    }


def _main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kabar.articles.services import ArticleData, article_upsert
    from kabar.sources.models import MediaGroup, Source
    from tests.engagement.helpers import make_user

    assert connection.vendor == "sqlite" and connection.settings_dict["NAME"] != ":memory:"
    call_command("migrate", verbosity=0)
    group = MediaGroup.objects.create(slug="media-jepang", name="Media Jepang", position=1)
    source = Source.objects.create(
        slug="mainichi", name="Mainichi", group=group, homepage="https://mainichi.jp/"
    )
    article, _ = article_upsert(
        item=ArticleData(
            url="https://mainichi.jp/english/articles/1",
            source_id=source.pk,
            title="Typhoon nears Okinawa",
            published_at=timezone.now(),
        )
    )
    users = [make_user(f"pembaca{n}") for n in range(20)]
    print(json.dumps(run(article_id=article.pk, user_ids=[u.pk for u in users])))


if __name__ == "__main__":
    _main()
