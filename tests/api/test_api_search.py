"""GET /api/v1/search against a real database and a real Tantivy index: the exact shape, values,
filters, paging, facets and timeline over the full match set, the 400s, and the OpenAPI entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.articles.models import Article

pytestmark = pytest.mark.django_db

TOP_KEYS = {
    "query",
    "total",
    "page",
    "page_size",
    "results",
    "facets",
    "timeline",
    "ignored_terms",
    "notices",
}
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
def corpus(make_article, kyodo, index_dir):
    now = timezone.now()
    made = {
        "tokyo": make_article(
            title="Sakura season opens early in Tokyo",
            body="The sakura front reached Tokyo a week early.\n\nCrowds gathered in Ueno Park.",
            published_at=now - timedelta(hours=20),
        ),
        "kyoto": make_article(
            url="https://english.kyodonews.net/news/kyoto",
            source_id=kyodo.pk,
            title="Cherry blossom crowds fill Kyoto",
            body="Visitors walked under the sakura along the canal. Tourists from China came too.",
            published_at=now - timedelta(days=2),
        ),
        "exports": make_article(
            title="Sakura saplings exported to Europe",
            body="Growers shipped sakura saplings to parks in Europe.",
            published_at=now - timedelta(days=40),
        ),
        "typhoon": make_article(
            url="https://english.kyodonews.net/news/typhoon",
            source_id=kyodo.pk,
            title="Typhoon nears Okinawa",
            body="A strong typhoon moved toward Okinawa. China and Japan issued warnings.",
            published_at=now - timedelta(days=10),
        ),
    }
    for n in range(5):  # over half of the window: "yen" is a common word
        made[f"yen{n}"] = make_article(
            title=f"Yen moves against the dollar, day {n}",
            body="Currency traders watched the yen closely.",
            published_at=now - timedelta(days=3 + n),
        )
    index_dir()
    return made


def search(client, **params):
    return client.get("/api/v1/search", params)


def test_shape_and_values(client, corpus):
    Article.objects.filter(pk=corpus["tokyo"].pk).update(
        view_count=9, like_count=3, comment_count=2, share_count=1
    )
    response = search(client, q="sakura")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == TOP_KEYS
    assert (data["query"], data["total"], data["page"], data["page_size"]) == ("sakura", 3, 1, 20)
    assert data["ignored_terms"] == [] and data["notices"] == []
    assert len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) == HIT_KEYS
    tokyo = corpus["tokyo"]
    assert first == {
        "id": tokyo.pk,
        "url": tokyo.url,
        "permalink": "http://testserver" + tokyo.get_absolute_url(),
        "title": "Sakura season opens early in Tokyo",
        "title_highlighted": "<mark>Sakura</mark> season opens early in Tokyo",
        "snippet": first["snippet"],
        "source": {"slug": "mainichi", "name": "Mainichi"},
        "published_at": first["published_at"],
        "counts": {"views": 9, "likes": 3, "comments": 2, "shares": 1},
    }
    assert "<mark>sakura</mark>" in first["snippet"] and "Ueno Park" in first["snippet"]
    published = timezone.datetime.fromisoformat(first["published_at"].replace("Z", "+00:00"))
    assert abs(published - tokyo.published_at) < timedelta(seconds=1)
    assert data["facets"] == {
        "sources": [
            {"slug": "mainichi", "name": "Mainichi", "count": 2},
            {"slug": "kyodo", "name": "Kyodo News", "count": 1},
        ]
    }


def test_timeline_covers_the_range_day_by_day(client, corpus):
    since = timezone.localdate() - timedelta(days=6)
    data = search(client, q="sakura", since=since.isoformat()).json()
    days = [row["date"] for row in data["timeline"]]
    assert days == [(since + timedelta(days=n)).isoformat() for n in range(7)]
    counts = {row["date"]: row["count"] for row in data["timeline"] if row["count"]}
    expected = {}
    for key in ("tokyo", "kyoto"):
        day = timezone.localdate(corpus[key].published_at).isoformat()
        expected[day] = expected.get(day, 0) + 1
    assert counts == expected
    assert data["total"] == 2


def test_total_and_facets_cover_every_page(client, make_article, index_dir):
    now = timezone.now()
    for n in range(7):
        make_article(title=f"Nikkei index rises, session {n}", published_at=now - timedelta(hours=n + 1))
    index_dir()
    seen = []
    for page in (1, 2, 3):
        data = search(client, q="nikkei", page=page, page_size=3, sort="newest").json()
        assert data["total"] == 7
        assert data["facets"]["sources"] == [{"slug": "mainichi", "name": "Mainichi", "count": 7}]
        assert sum(row["count"] for row in data["timeline"]) == 7
        seen += [hit["title"] for hit in data["results"]]
    # Every match listed once, newest first, nothing collapsed.
    assert seen == [f"Nikkei index rises, session {n}" for n in range(7)]
    assert search(client, q="nikkei", page=4, page_size=3).json()["results"] == []


def test_duplicate_titles_are_all_listed(client, make_article, index_dir):
    for n in range(3):
        make_article(
            title="Same wire story on tsunami drill", body=f"Copy {n} of the same story about a drill."
        )
    index_dir()
    data = search(client, q="tsunami").json()
    assert data["total"] == 3 and len(data["results"]) == 3


def test_filters(client, corpus):
    assert [h["title"] for h in search(client, q="sakura", source="kyodo").json()["results"]] == [
        "Cherry blossom crowds fill Kyoto"
    ]
    both = search(client, q="sakura", source=["kyodo", "mainichi"], sort="newest").json()
    assert both["total"] == 3
    assert search(client, q="sakura", group="kantor-berita").json()["total"] == 1
    assert search(client, q="sakura source:mainichi").json()["total"] == 2
    week = timezone.localdate() - timedelta(days=7)
    assert search(client, q="sakura", since=week.isoformat()).json()["total"] == 2
    exports_day = timezone.localdate(corpus["exports"].published_at).isoformat()
    only = search(client, q="sakura", since=exports_day, until=exports_day).json()
    assert [h["title"] for h in only["results"]] == ["Sakura saplings exported to Europe"]


def test_sort_newest_and_relevance(client, corpus):
    newest = [h["title"] for h in search(client, q="sakura", sort="newest").json()["results"]]
    assert newest == [
        "Sakura season opens early in Tokyo",
        "Cherry blossom crowds fill Kyoto",
        "Sakura saplings exported to Europe",
    ]
    relevant = [h["title"] for h in search(client, q="sakura").json()["results"]]
    assert relevant[0] == "Sakura season opens early in Tokyo"
    assert sorted(relevant) == sorted(newest)


def test_notices_and_ignored_terms(client, corpus):
    data = search(client, q="the sakura").json()
    assert data["ignored_terms"] == ["the"]
    assert "ignored_terms" in [n["code"] for n in data["notices"]]
    data = search(client, q="sakura", since="2001-01-01").json()
    assert {"code": "since_clamped", "message": "Maksimal 1 tahun yang lalu"} in data["notices"]
    assert data["total"] == 3
    data = search(client, q="-china").json()
    assert [n["code"] for n in data["notices"]] == ["only_exclusions"]
    assert data["total"] == 7
    assert "common_word" in [n["code"] for n in search(client, q="yen").json()["notices"]]


def test_hostile_query_stays_data(client, corpus):
    hostile = '"><script>alert(1)</script> sakura'
    data = search(client, q=hostile).json()
    assert data["query"] == hostile
    for hit in data["results"]:
        assert "<script" not in hit["title_highlighted"] and "<script" not in hit["snippet"]


def test_empty_query_lists_the_window_newest_first(client, corpus):
    data = search(client).json()
    assert data["total"] == 9
    assert data["results"][0]["title"] == "Sakura season opens early in Tokyo"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"page": "0"}, "invalid_parameter"),
        ({"page": "-1"}, "invalid_parameter"),
        ({"page": "x"}, "invalid_parameter"),
        ({"page_size": "0"}, "invalid_parameter"),
        ({"page_size": "1000"}, "invalid_parameter"),
        ({"page": "500", "page_size": "100"}, "invalid_parameter"),
        ({"since": "yesterday"}, "invalid_parameter"),
        ({"since": "2026-02-30"}, "invalid_parameter"),
        ({"until": "2026-13-01"}, "invalid_parameter"),
        ({"since": "2026-05-10", "until": "2026-05-01"}, "invalid_range"),
        ({"sort": "foo"}, "invalid_parameter"),
        ({"source": "nope"}, "unknown_source"),
        ({"source": ["kyodo", "nope"]}, "unknown_source"),
        ({"group": "nope"}, "unknown_group"),
        ({"q": "x" * 2001}, "invalid_parameter"),
    ],
)
def test_bad_parameters_are_400(client, corpus, params, code):
    response = search(client, q="sakura", **params) if "q" not in params else search(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_page_size_bounds_are_accepted(client, corpus):
    assert search(client, q="sakura", page_size=1).json()["page_size"] == 1
    data = search(client, q="sakura", page_size=100, page=100).json()
    assert (data["page"], data["page_size"], data["results"]) == (100, 100, [])


def test_no_index_yet_is_a_notice(client, make_article, settings, tmp_path):
    from kabar.search import engine

    settings.DATA_DIR = tmp_path
    engine.forget_readers()
    make_article(title="Sakura")
    data = search(client, q="sakura").json()
    assert data["total"] == 0
    assert [n["code"] for n in data["notices"]] == ["index_unavailable"]
    engine.forget_readers()


def test_openapi_documents_the_search(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/search"]["get"]
    assert operation["summary"] == "Search articles"
    assert "full match set" in operation["description"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"q", "source", "group", "since", "until", "sort", "page", "page_size", "collapse"}
    for param in params.values():
        assert param.get("description") or param["schema"].get("description"), param["name"]
    assert params["source"]["schema"]["type"] == "array"
    size = params["page_size"]["schema"]
    assert (size["minimum"], size["maximum"], size["default"]) == (1, 100, 20)
    assert params["page"]["schema"]["minimum"] == 1
    assert set(params["sort"]["schema"]["enum"]) == {"relevance", "newest"}
    assert set(operation["responses"]) == {"200", "400"}
    schemas = spec["components"]["schemas"]
    out = schemas[
        operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    ]
    assert set(out["properties"]) == TOP_KEYS
    hit = schemas["SearchHit"]
    assert set(hit["properties"]) == HIT_KEYS | {"story_size"}  # story_size: only with collapse=true
    assert "<mark>" in hit["properties"]["snippet"]["description"]
    assert set(schemas["SearchCounts"]["properties"]) == {"views", "likes", "comments", "shares"}
