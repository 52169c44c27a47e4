"""OpenAPI at /api/v1/openapi.json and self-hosted docs at /api/v1/docs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_lists_the_endpoints_with_their_responses(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "kabar API"
    paths = spec["paths"]
    assert {"/api/v1/articles", "/api/v1/articles/{id}"} <= set(paths)
    assert all(path.startswith("/api/v1/") for path in paths)
    listing, detail = paths["/api/v1/articles"]["get"], paths["/api/v1/articles/{id}"]["get"]
    assert listing["summary"] == "List articles, newest first"
    assert detail["summary"] == "One article"
    assert {p["name"] for p in listing["parameters"]} == {"source", "group", "page", "page_size"}
    assert set(listing["responses"]) == {"200", "400"}
    assert set(detail["responses"]) == {"200", "404"}
    error_ref = listing["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert error_ref == detail["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
    schemas = spec["components"]["schemas"]
    error_schema = schemas[error_ref.rsplit("/", 1)[1]]
    assert set(error_schema["properties"]) == {"error"}
    assert set(schemas["ErrorDetail"]["properties"]) == {"code", "message"}
    assert set(schemas["ArticleOut"]["properties"]) >= {"permalink", "counts", "source", "published_at"}
    page_size = next(p for p in listing["parameters"] if p["name"] == "page_size")["schema"]
    assert (page_size["minimum"], page_size["maximum"], page_size["default"]) == (1, 100, 20)


def test_docs_page_loads_no_external_resource(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert urls, "the docs page should load its script and style from us"
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"external resource: {url}"
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    # Our CSP forbids inline script; the page only has script files and a JSON data block.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp


def test_docs_assets_are_served_by_us(client):
    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r"""(?:<script src|rel="stylesheet" href)="([^"]+)""", html)
    assert len(assets) == 3  # Swagger UI's bundle, its start-up script and its stylesheet
    for url in assets:
        assert client.get(url).status_code == 200, url
