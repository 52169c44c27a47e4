"""Fixtures for the story tests: the labelled set, its outlets in the database, and loaders."""

from __future__ import annotations

import pytest

from tests.stories.story_helpers import read_labelled

WIRE = {"kyodo": "Kyodo News", "jiji": "Jiji Press"}
OUTLETS = {
    "nhk-world": "NHK World",
    "japan-times": "The Japan Times",
    "asahi": "The Asahi Shimbun",
    "japan-today": "Japan Today",
    "nikkei-asia": "Nikkei Asia",
    "japan-news": "The Japan News by Yomiuri",
    "nippon-com": "Nippon.com",
    "japan-forward": "Japan Forward",
    "soranews24": "SoraNews24",
    "tokyo-weekender": "Tokyo Weekender",
}


@pytest.fixture(scope="session")
def labelled() -> list[dict]:
    return read_labelled()


@pytest.fixture
def outlets(group, source) -> dict[str, int]:
    """Every source of the shipped list, by slug -> id (with conftest's group and "mainichi")."""
    from kabar.sources.models import MediaGroup, Source

    media = group
    wire = MediaGroup.objects.create(slug="kantor-berita", name="Kantor Berita", position=2)
    ids = {"mainichi": source.pk}
    for slug, name in {**OUTLETS, **WIRE}.items():
        group = wire if slug in WIRE else media
        ids[slug] = Source.objects.create(
            slug=slug, name=name, group=group, homepage=f"https://{slug}.example/"
        ).pk
    return ids


@pytest.fixture
def store(outlets):
    """store(records) writes labelled records as articles; returns {label id: article id}."""
    from kabar.articles.models import Article
    from kabar.articles.services import ArticleData, article_upsert_many

    def write(records: list[dict]) -> dict[int, int]:
        items = [
            ArticleData(
                url=r["url"],
                source_id=outlets[r["source"]],
                title=r["title"],
                published_at=r["published_at"],
                body=r["body"],
                summary=r["summary"],
                author=r["author"],
            )
            for r in records
        ]
        article_upsert_many(items=items)
        ids = dict(Article.objects.filter(url__in=[r["url"] for r in records]).values_list("url", "pk"))
        return {r["id"]: ids[r["url"]] for r in records}

    return write
