"""Every API error is {"error": {"code", "message"}}: 400 for bad parameters, 404 for what is not there."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999999", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=1000", "page_size"),
        ("page_size=ten", "page_size"),
        ("source=" + "x" * 65, "source"),
    ],
)
def test_bad_parameters_get_400(client, query, param):
    error = error_of(client.get(f"/api/v1/articles?{query}"), 400)
    assert error["code"] == "invalid_parameter"
    assert error["message"].startswith(f"{param}: ")


def test_several_bad_parameters_are_named_together(client):
    error = error_of(client.get("/api/v1/articles?page=0&page_size=1000"), 400)
    assert "page: " in error["message"] and "page_size: " in error["message"]


def test_unknown_source_or_group_gets_400(client, source):
    error = error_of(client.get("/api/v1/articles?source=nope"), 400)
    assert error == {"code": "unknown_source", "message": 'No source with slug "nope".'}
    error = error_of(client.get("/api/v1/articles?group=nope"), 400)
    assert error == {"code": "unknown_group", "message": 'No media group with slug "nope".'}


@pytest.mark.parametrize("article_id", ["12345", "0", "99999999999999999999999"])
def test_unknown_article_id_gets_404(client, make_article, article_id):
    make_article()
    error = error_of(client.get(f"/api/v1/articles/{article_id}"), 404)
    assert error == {"code": "not_found", "message": f"No article with id {article_id}."}


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/nope", "/api/v1/articles/abc", "/api/v1/articles/", "/api/v1/articles/1/x"]
)
def test_unknown_api_paths_get_the_json_404(client, path):
    assert error_of(client.get(path), 404)["code"] == "not_found"
