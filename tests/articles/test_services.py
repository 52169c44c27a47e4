from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kabar.articles.models import Article
from kabar.articles.services import ArticleData, article_upsert, article_upsert_many

NOW = timezone.now().replace(microsecond=0)


def _item(source, n, **kw):
    data = dict(
        url=f"https://mainichi.jp/english/articles/{n}",
        source_id=source.pk,
        title=f"Title {n}",
        published_at=NOW - timedelta(hours=n),
        body="One.\n\nTwo.",
    )
    data.update(kw)
    return ArticleData(**data)


@pytest.mark.django_db(transaction=True)
def test_upsert_creates_updates_and_skips_unchanged(source):
    first = article_upsert_many(items=[_item(source, 1), _item(source, 2)])
    assert len(first.created) == 2 and not first.updated
    seqs = dict(Article.objects.values_list("url", "seq"))
    again = article_upsert_many(items=[_item(source, 1), _item(source, 2, title="Edited")])
    assert again.created == [] and len(again.updated) == 1 and len(again.unchanged) == 1
    assert Article.objects.count() == 2
    after = dict(Article.objects.values_list("url", "seq"))
    edited = "https://mainichi.jp/english/articles/2"
    unchanged = "https://mainichi.jp/english/articles/1"
    assert after[unchanged] == seqs[unchanged]
    assert after[edited] > max(seqs.values())
    assert Article.objects.get(url=edited).title == "Edited"


@pytest.mark.django_db
def test_sequence_numbers_are_unique_and_increasing(source):
    seen = []
    for n in range(5):
        article, state = article_upsert(item=_item(source, n))
        assert state == "created"
        seen.append(article.seq)
    assert seen == sorted(seen) and len(set(seen)) == 5


@pytest.mark.django_db
def test_database_rejects_duplicate_url_and_negative_counters(source, make_article):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            source=source,
            url=article.url,
            title="dup",
            published_at=timezone.now(),
            fetched_at=timezone.now(),
            updated_at=timezone.now(),
            seq=10**6,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(like_count=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="")
