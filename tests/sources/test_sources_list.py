"""`kabar sources list`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from kabar.sources.models import Feed, MediaGroup, Source

pytestmark = pytest.mark.django_db


def run_list() -> list[str]:
    out = StringIO()
    call_command("sources", "list", stdout=out)
    return out.getvalue().splitlines()


def test_empty_database_says_how_to_load():
    assert run_list() == ["no sources yet; load some with: kabar sources load FILE.toml"]


def test_table_lists_each_source_with_counts(source, make_article):
    wire = MediaGroup.objects.create(slug="kantor-berita", name="Kantor Berita", position=2)
    kyodo = Source.objects.create(
        slug="kyodo", name="Kyodo News", group=wire, homepage="https://english.kyodonews.net/", active=False
    )
    Feed.objects.create(source=source, url="https://mainichi.jp/a.rss")
    Feed.objects.create(source=source, url="https://mainichi.jp/b.rss", kind="atom")
    Feed.objects.create(source=source, url="https://mainichi.jp/old.rss", active=False)
    Feed.objects.create(source=kyodo, url="https://english.kyodonews.net/sitemap.xml", kind="sitemap")
    for _ in range(3):
        make_article()

    assert run_list() == [
        "slug      name        group          feeds  articles  active",
        "mainichi  Mainichi    media-jepang       2         3  yes",
        "kyodo     Kyodo News  kantor-berita      1         0  no",
    ]
