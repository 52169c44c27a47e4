"""`kabar import` and `kabar demo-data` exit with their articles clustered into stories."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from kabar.articles.models import Article
from kabar.sources.models import Source
from kabar.stories.models import Story, StoryMember
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

WIRE = (
    "TOKYO (Kyodo) -- The Japan Meteorological Agency said Tuesday a powerful typhoon named Kestrel "
    "was moving north toward Okinawa Prefecture with maximum winds of 180 kilometers per hour, and "
    "warned residents of Ishigaki and Miyako islands of record rainfall through Thursday night.\n\n"
    "Ferry services between the islands were suspended and 42 flights at Naha airport were cancelled, "
    "the airlines said, while local governments opened 96 evacuation centers for about 3,100 people.\n\n"
    "The agency said the storm could bring up to 400 millimeters of rain in 24 hours and urged people "
    "living near rivers and steep slopes to move to safety before the winds strengthen on Wednesday."
)


@pytest.fixture
def jsonl(tmp_path, group, source):
    Source.objects.create(
        slug="japan-today", name="Japan Today", group=group, homepage="https://japantoday.com/"
    )
    published = datetime.now(UTC) - timedelta(hours=3)
    lines = [
        {
            "url": "https://mainichi.jp/english/articles/20250409/kestrel",
            "title": "Typhoon Kestrel heads for Okinawa",
            "source": "mainichi",
            "published_at": published.isoformat(),
            "body": WIRE,
        },
        {
            "url": "https://japantoday.com/category/national/typhoon-kestrel",
            "title": "Powerful typhoon Kestrel heads toward Okinawa",
            "source": "japan-today",
            "published_at": (published + timedelta(hours=1)).isoformat(),
            # A syndicated copy: the dateline written another way and the last paragraph trimmed.
            "body": WIRE.replace("TOKYO (Kyodo) --", "TOKYO, April 9 (Kyodo) -").rsplit("\n\n", 1)[0],
        },
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_after_import_two_syndicated_copies_share_a_story(jsonl, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    out, err = run("import_articles", str(jsonl))  # the search index is synced too, into tmp_path
    assert out.startswith("imported 2, updated 0, rejected 0") and err == ""
    ids = list(Article.objects.values_list("pk", flat=True))
    stories = set(StoryMember.objects.filter(article_id__in=ids).values_list("story_id", flat=True))
    assert len(stories) == 1
    story = Story.objects.get(pk=stories.pop())
    assert (story.size, story.outlet_count, story.origin) == (2, 2, "Kyodo")


def test_import_no_cluster_leaves_the_stories_to_kabar_cluster(jsonl, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    run("import_articles", str(jsonl), "--no-index", "--no-cluster")
    assert not StoryMember.objects.exists()
    out, _ = run("cluster")
    assert out.startswith("clustered 2 articles (1 joined a story)")


def test_demo_data_exits_with_its_stories(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    run("sources", "load", str(ROOT / "kabar" / "sources" / "data" / "japan.toml"))
    run("demo_data", "--anchor", "2025-04-09")
    assert StoryMember.objects.count() == Article.objects.count() > 0
    assert Story.objects.filter(size__gt=1).exists()
