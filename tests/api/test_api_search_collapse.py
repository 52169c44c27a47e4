"""GET /api/v1/search?collapse=true|false: one result per story with story_size, or every match
exactly as before. Real database, real Tantivy index, stories clustered by the real service."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.sources.models import Source

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
HIT_KEYS = {
    "id",
    "url",
    "permalink",
    "title",
    "title_highlighted",
    "snippet",
    "source",
    "published_at",
    "counts",
}


@pytest.fixture
def index_dir(settings, tmp_path):
    """A fresh index under a temporary KABAR_DATA_DIR; call the result to sync index and stories."""
    from kabar.search import engine, indexing
    from kabar.stories.services import stories_sync

    settings.DATA_DIR = tmp_path
    engine.forget_readers()

    def sync():
        indexing.sync()
        stories_sync()

    yield sync
    engine.forget_readers()


@pytest.fixture
def syndicated(group, make_article, index_dir):
    japan_today = Source.objects.create(
        slug="japan-today", name="Japan Today", group=group, homepage="https://japantoday.com/"
    )
    now = timezone.now()
    made = {
        "mainichi": make_article(
            title="Typhoon Kestrel heads for Okinawa", body=WIRE, published_at=now - timedelta(hours=3)
        ),
        "japan_today": make_article(
            source_id=japan_today.pk,
            url="https://japantoday.com/category/national/typhoon-kestrel",
            title="Powerful typhoon Kestrel heads toward Okinawa",
            body=WIRE,
            published_at=now - timedelta(hours=2),
        ),
        "alone": make_article(
            title="Typhoon shelters: a checklist",
            body="Keep water, a radio and a torch ready before a typhoon arrives.",
            published_at=now - timedelta(hours=5),
        ),
    }
    index_dir()
    return made


def search(client, **params):
    return client.get("/api/v1/search", params)


def test_collapse_true_gives_one_result_per_story_with_story_size(client, syndicated):
    data = search(client, q="typhoon", sort="newest", collapse="true").json()
    assert [(r["id"], r["story_size"]) for r in data["results"]] == [
        (syndicated["japan_today"].pk, 2),  # the best-ranked member in this order: the newest copy
        (syndicated["alone"].pk, 1),
    ]
    assert set(data["results"][0]) == HIT_KEYS | {"story_size"}
    # total and facets count articles over the full match set, as documented.
    assert data["total"] == 3
    assert {f["slug"]: f["count"] for f in data["facets"]["sources"]} == {"mainichi": 2, "japan-today": 1}


def test_collapse_false_and_the_default_list_every_match_without_story_size(client, syndicated):
    for params in ({}, {"collapse": "false"}):
        data = search(client, q="typhoon", sort="newest", **params).json()
        assert [r["id"] for r in data["results"]] == [
            syndicated["japan_today"].pk,
            syndicated["mainichi"].pk,
            syndicated["alone"].pk,
        ]
        assert all(set(r) == HIT_KEYS for r in data["results"])
        assert data["total"] == 3


def test_collapse_pages_over_stories(client, syndicated):
    first = search(client, q="typhoon", sort="newest", collapse="true", page_size=1).json()
    second = search(client, q="typhoon", sort="newest", collapse="true", page_size=1, page=2).json()
    third = search(client, q="typhoon", sort="newest", collapse="true", page_size=1, page=3).json()
    assert [r["id"] for r in first["results"]] == [syndicated["japan_today"].pk]
    assert [r["id"] for r in second["results"]] == [syndicated["alone"].pk]
    assert third["results"] == [] and third["total"] == 3


def test_an_article_not_clustered_yet_is_a_story_of_one(client, syndicated, make_article, index_dir):
    from kabar.search import indexing

    fresh = make_article(
        title="Typhoon update", body=WIRE, published_at=timezone.now() - timedelta(minutes=5)
    )
    indexing.sync()  # indexed, not clustered
    data = search(client, q="typhoon", sort="newest", collapse="true").json()
    assert data["results"][0]["id"] == fresh.pk and data["results"][0]["story_size"] == 1


@pytest.mark.parametrize("value", ["maybe", "2", ""])
def test_a_bad_collapse_is_400(client, syndicated, value):
    response = search(client, q="typhoon", collapse=value)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and "collapse" in error["message"]


def test_openapi_documents_collapse_and_story_size(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/search"]["get"]
    (param,) = [p for p in operation["parameters"] if p["name"] == "collapse"]
    assert param["schema"]["type"] == "boolean" and param["schema"]["default"] is False
    assert "story" in (param.get("description") or param["schema"].get("description"))
    assert "collapse=true" in operation["description"]
    story_size = spec["components"]["schemas"]["SearchHit"]["properties"]["story_size"]
    assert "collapse=true" in story_size["description"]


def story_text(n: int) -> str:
    """A story of its own: words drawn with seed ``n``, with a name and numbers."""
    rng = random.Random(n)
    words = "minister prefecture police railway airport hospital council budget typhoon harbor museum".split()
    words += "village farmers students doctors tourists announced reported warned decided opened".split()
    paragraphs = [
        " ".join([f"Name{n}", str(rng.randint(100, 9999)), *rng.choices(words, k=45)]) for _ in range(3)
    ]
    return "TOKYO (Kyodo) -- " + ".\n\n".join(paragraphs) + "."


def test_a_short_window_is_widened_and_pages_match_every_match_deduplicated(
    client, group, make_article, index_dir, monkeypatch
):
    """Page 2 of collapsed results is the 2nd slice of every match (in order) with each story's later
    matches left out, also when the first window of matches is too short for it."""
    from kabar.search import collapse
    from kabar.stories.models import StoryMember

    monkeypatch.setattr(collapse, "FIRST_WINDOW", 2)
    monkeypatch.setattr(collapse, "WINDOW_PER_RESULT", 1)
    other = Source.objects.create(
        slug="japan-today", name="Japan Today", group=group, homepage="https://j.example/"
    )
    now = timezone.now()
    for n in range(3):  # three stories of three copies, interleaved in time, and two lone articles
        for k in range(3):
            make_article(
                title=f"Typhoon story {n}",
                body=story_text(n),
                published_at=now - timedelta(hours=k * 3 + n),
                **({"source_id": other.pk, "url": f"https://j.example/{n}/{k}"} if k % 2 else {}),
            )
    for n in range(2):
        make_article(
            title=f"Typhoon lone {n}", body=story_text(50 + n), published_at=now - timedelta(hours=20 + n)
        )
    index_dir()
    every = [r["id"] for r in search(client, q="typhoon", sort="newest", page_size=100).json()["results"]]
    story = dict(StoryMember.objects.values_list("article_id", "story_id"))
    assert len(every) == 11 and len(set(story.values())) == 5
    firsts, seen = [], set()
    for article_id in every:
        if story[article_id] not in seen:
            seen.add(story[article_id])
            firsts.append(article_id)
    pages = [
        search(client, q="typhoon", sort="newest", collapse="true", page_size=2, page=p).json()["results"]
        for p in (1, 2, 3, 4)
    ]
    assert [[r["id"] for r in page] for page in pages] == [firsts[0:2], firsts[2:4], firsts[4:5], []]
    assert sorted(r["story_size"] for page in pages for r in page) == [1, 1, 3, 3, 3]
