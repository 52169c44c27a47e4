"""Security headers outside debug: CSP without inline script, frame denial, secure cookies on HTTPS."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_headers_on_every_response(client):
    response = client.get("/admin/login/")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_cookies_are_secure_only_over_https(client):
    plain = client.get("/admin/login/")
    assert plain.cookies["csrftoken"]["secure"] == ""
    https = client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
    assert https.cookies["csrftoken"]["secure"] is True
    assert https.cookies["csrftoken"]["samesite"] == "Lax"


@pytest.mark.django_db
def test_hsts_is_opt_in(client, settings):
    https = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in client.get("/admin/login/", headers=https).headers
    settings.SECURE_HSTS_SECONDS = 3600
    # SecurityMiddleware reads the setting when it is built, so use a new client.
    assert (
        Client()
        .get("/admin/login/", headers=https)
        .headers["Strict-Transport-Security"]
        .startswith("max-age=3600")
    )


@pytest.mark.django_db
def test_indonesian_by_default_even_for_english_browsers(client):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "id"
    assert "Cari Berita" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Client().get("/").headers["Content-Language"] == "id"
    assert client.get("/").headers["Content-Language"] == "en"
