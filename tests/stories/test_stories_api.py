"""The API: `story` on /api/v1/articles and /api/v1/articles/{id}, and GET /api/v1/stories."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.stories.models import Story
from kabar.stories.services import stories_sync

pytestmark = pytest.mark.django_db


def recent_stories(labelled, store, sizes=(4, 3, 2)):
    """Labelled stories of the given sizes, moved so that each ends in the last hours (the first the earliest)."""
    by_story = {}
    for record in labelled:
        by_story.setdefault(record["story"], []).append(record)
    now = timezone.now()
    chosen, records = [], []
    for n, size in enumerate(sizes):
        group = next(g for k, g in sorted(by_story.items()) if len(g) == size and g not in chosen)
        chosen.append(group)
        shift = now - timedelta(hours=10 - n) - max(r["published_at"] for r in group)
        records += [{**r, "published_at": r["published_at"] + shift} for r in group]
    ids = store(records)
    stories_sync()
    return chosen, ids


def test_an_article_carries_its_story(client, labelled, store):
    (group,), ids = recent_stories(labelled, store, sizes=(4,))
    first = min(group, key=lambda r: r["published_at"])
    data = client.get(f"/api/v1/articles/{ids[group[-1]['id']]}").json()
    story = data["story"]
    assert set(story) == {"id", "size", "outlet_count", "origin", "members"}
    assert story["size"] == 4 and story["outlet_count"] == len({r["source"] for r in group})
    assert story["origin"] in {"Kyodo", "Jiji Press"}
    assert story["id"] == Story.objects.get().pk
    members = story["members"]
    assert [m["id"] for m in members] == [
        ids[r["id"]] for r in sorted(group, key=lambda r: r["published_at"])
    ]
    assert members[0]["id"] == ids[first["id"]]
    assert set(members[0]) == {"id", "source", "title", "url", "permalink", "published_at"}
    assert members[0]["url"] == first["url"]
    assert members[0]["permalink"].startswith(f"http://testserver/berita/{ids[first['id']]}/")
    assert members[0]["source"]["slug"] == first["source"]


def test_an_article_not_clustered_yet_has_no_story(client, make_article):
    article = make_article()
    assert client.get(f"/api/v1/articles/{article.pk}").json()["story"] is None


def test_the_list_carries_stories_in_a_fixed_number_of_queries(
    client, labelled, store, django_assert_max_num_queries
):
    recent_stories(labelled, store)
    with django_assert_max_num_queries(8):
        results = client.get("/api/v1/articles?page_size=9").json()["results"]
    assert len(results) == 9 and all(r["story"]["size"] in (2, 3, 4) for r in results)


def test_top_stories_rank_by_outlets_then_recency(client, labelled, store):
    groups, ids = recent_stories(labelled, store, sizes=(2, 4, 3))
    data = client.get("/api/v1/stories").json()
    sizes = [s["size"] for s in data["results"]]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == 3
    top = data["results"][0]
    assert set(top) == {
        "id",
        "size",
        "outlet_count",
        "origin",
        "members",
        "first_seen",
        "last_updated",
        "title",
    }
    first = min(groups[1], key=lambda r: r["published_at"])
    assert top["title"] == first["title"]
    assert client.get("/api/v1/stories?limit=1").json()["results"][0]["id"] == top["id"]
    assert client.get("/api/v1/stories?min_outlets=4").json()["results"] == [
        s for s in data["results"] if s["outlet_count"] >= 4
    ]


def test_top_stories_since(client, labelled, store):
    recent_stories(labelled, store)
    now = timezone.now()
    ends = sorted(Story.objects.values_list("last_updated", flat=True))
    later = (ends[0] + timedelta(seconds=1)).isoformat()
    assert len(client.get("/api/v1/stories", {"since": later}).json()["results"]) == 2
    assert len(client.get("/api/v1/stories", {"since": ends[0].isoformat()}).json()["results"]) == 3
    assert (
        client.get("/api/v1/stories", {"since": (now - timedelta(minutes=1)).isoformat()}).json()["results"]
        == []
    )
    old = client.get("/api/v1/stories", {"since": "2001-01-01T00:00:00Z"}).json()
    assert old["since"] > "2001-01-02"  # clamped to the last month


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("since=2999-01-01T00:00:00Z", "invalid_since"),
        ("since=yesterday", "invalid_parameter"),
        ("limit=0", "invalid_parameter"),
        ("limit=101", "invalid_parameter"),
        ("min_outlets=0", "invalid_parameter"),
    ],
)
def test_top_stories_reject_bad_parameters(client, query, code):
    response = client.get(f"/api/v1/stories?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_top_stories_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/stories"]
