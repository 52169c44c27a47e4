"""Prepare a SQLite site for a test that runs real server processes: migrate, add one article.

Run as a script with KABAR_DATABASE_URL and KABAR_DATA_DIR set; prints the article's id and path.
"""

from __future__ import annotations

import json


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from kabar.articles.services import ArticleData, article_upsert
    from kabar.sources.models import MediaGroup, Source

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
            body="The storm is strong.",
            published_at=timezone.now(),
        )
    )
    print(json.dumps({"id": article.pk, "path": article.get_absolute_url()}))


if __name__ == "__main__":
    main()
