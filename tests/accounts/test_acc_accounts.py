"""Register, log in (throttled), log out with a POST, change the password: Indonesian forms,
Django's validators, argon2, safe session cookies."""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from tests.engagement.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).body.text_content().split())


def labels(response) -> list[str]:
    doc = lxml.html.fromstring(response.content.decode())
    return [" ".join(label.text_content().split()) for label in doc.xpath("//main//form//label")]


def register(client, **overrides):
    data = {"username": "hanako", "email": "hanako@example.com", "password": PASSWORD, **overrides}
    return client.post("/akun/daftar/", data)


def test_register_page_is_indonesian(client):
    response = client.get("/akun/daftar/")
    assert response.status_code == 200
    assert labels(response) == ["Nama pengguna:", "Email:", "Kata sandi:"]
    page = text(response)
    assert "Daftar" in page and "Sudah punya akun?" in page


def test_register_logs_in_and_returns_to_next(client, settings, make_article):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    article = make_article()
    response = client.post(
        "/akun/daftar/",
        {
            "username": "hanako",
            "email": "Hanako@Example.COM",
            "password": PASSWORD,
            "next": article.get_absolute_url(),
        },
    )
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    user = User.objects.get(username="hanako")
    assert user.password.startswith("argon2$")
    assert user.email == "Hanako@example.com"
    page = client.get(article.get_absolute_url())
    assert "hanako" in text(page) and "Keluar" in text(page)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "123"}, "Kata sandi terlalu pendek"),
        ({"password": "12345678901"}, "seluruhnya terdiri dari angka"),
        ({"password": "password123"}, "terlalu umum"),
        ({"password": "hanako2025"}, "terlalu mirip"),
        ({"username": "bad name!"}, "Masukkan nama pengguna valid"),
        ({"username": "x" * 151}, "150 karakter"),
        ({"email": "not-an-email"}, "alamat email yang valid"),
        ({"email": ""}, "Bidang ini tidak boleh kosong"),
    ],
)
def test_register_errors_are_in_indonesian(client, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message.lower() in text(response).lower()
    assert not User.objects.exists()


def test_usernames_and_emails_are_unique_ignoring_case(client):
    make_user("Hanako")
    response = register(client, username="hanako", email="lain@example.com")
    assert "Nama pengguna itu sudah dipakai." in text(response)
    response = register(client, username="lain", email="HANAKO@example.com")
    assert "Sudah ada akun dengan email ini." in text(response)
    assert User.objects.count() == 1


def test_login_page_and_wrong_password_in_indonesian(client, reader):
    response = client.get("/akun/masuk/")
    assert labels(response) == ["Nama pengguna:", "Kata sandi:"]
    response = client.post("/akun/masuk/", {"username": "hanako", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in text(response)


def test_login_returns_to_next_and_ignores_foreign_next(client, reader, make_article):
    article = make_article()
    response = client.post(
        "/akun/masuk/",
        {"username": "hanako", "password": PASSWORD, "next": article.get_absolute_url() + "#suka"},
    )
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url() + "#suka"
    other = Client()
    response = other.post(
        "/akun/masuk/", {"username": "hanako", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_login_is_throttled_after_five_failures_per_username(client, reader):
    for n in range(5):
        response = client.post(
            "/akun/masuk/", {"username": "hanako", "password": f"salah{n}"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert "coba lagi" not in text(response)
    # Even the right password is refused now, from any address, with a clear wait time.
    response = client.post(
        "/akun/masuk/", {"username": "HANAKO ", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert "coba lagi dalam 15 menit" in text(response)
    assert "_auth_user_id" not in client.session
    cache.clear()  # the window has passed
    response = client.post("/akun/masuk/", {"username": "hanako", "password": PASSWORD})
    assert response.status_code == 302


def test_login_is_throttled_after_five_failures_per_address(client, reader):
    for n in range(5):
        client.post("/akun/masuk/", {"username": f"tebak{n}", "password": "x"}, REMOTE_ADDR="192.0.2.1")
    response = client.post(
        "/akun/masuk/", {"username": "hanako", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert "coba lagi dalam" in text(response) and "menit" in text(response)
    response = client.post(
        "/akun/masuk/", {"username": "hanako", "password": PASSWORD}, REMOTE_ADDR="192.0.2.2"
    )
    assert response.status_code == 302


def test_a_successful_login_resets_the_username_counter(client, reader):
    for n in range(4):
        client.post("/akun/masuk/", {"username": "hanako", "password": "x"}, REMOTE_ADDR=f"10.0.0.{n}")
    assert client.post("/akun/masuk/", {"username": "hanako", "password": PASSWORD}).status_code == 302
    client.post("/akun/keluar/")
    client.post("/akun/masuk/", {"username": "hanako", "password": "x"}, REMOTE_ADDR="10.1.0.1")
    assert client.post("/akun/masuk/", {"username": "hanako", "password": PASSWORD}).status_code == 302


def test_logout_is_a_post(client, reader):
    client.force_login(reader)
    page = client.get("/")
    doc = lxml.html.fromstring(page.content.decode())
    (form,) = doc.xpath("//header//form[@action='/akun/keluar/']")
    assert form.get("method") == "post" and form.xpath(".//button")[0].text_content() == "Keluar"
    assert client.get("/akun/keluar/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/akun/keluar/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_header_links_for_anonymous_readers(client):
    doc = lxml.html.fromstring(client.get("/sumber/mainichi/?hal=1").content.decode())
    hrefs = {a.text_content(): a.get("href") for a in doc.xpath("//header//nav[@class='account-links']//a")}
    assert hrefs == {
        "Masuk": "/akun/masuk/?next=/sumber/mainichi/%3Fhal%3D1",
        "Daftar": "/akun/daftar/?next=/sumber/mainichi/%3Fhal%3D1",
    }


def test_password_change(client, reader):
    assert client.get("/akun/sandi/").status_code == 302  # login first
    client.force_login(reader)
    response = client.get("/akun/sandi/")
    assert labels(response) == ["Sandi lama:", "Sandi baru:", "Konfirmasi sandi baru:"]
    response = client.post(
        "/akun/sandi/",
        {"old_password": "salah", "new_password1": "Baru-sekali-2026", "new_password2": "Baru-sekali-2026"},
    )
    assert "Sandi lama Anda yang dimasukkan salah" in text(response)
    response = client.post(
        "/akun/sandi/",
        {"old_password": PASSWORD, "new_password1": "Baru-sekali-2026", "new_password2": "Baru-sekali-2026"},
    )
    assert response.status_code == 302 and response["Location"] == "/akun/sandi/selesai/"
    assert "Sandi sudah diganti" in text(client.get("/akun/sandi/selesai/"))
    reader.refresh_from_db()
    assert reader.check_password("Baru-sekali-2026")
    assert "_auth_user_id" in client.session  # still logged in after the change


def test_session_cookie_is_httponly_lax_and_secure_over_https(client, reader):
    response = client.post("/akun/masuk/", {"username": "hanako", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    secure = Client()
    response = secure.post("/akun/masuk/", {"username": "hanako", "password": PASSWORD}, secure=True)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["secure"]


def test_account_forms_need_a_csrf_token(reader):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/akun/masuk/", {"username": "hanako", "password": PASSWORD}).status_code == 403
    assert (
        strict.post(
            "/akun/daftar/", {"username": "baru", "email": "b@example.com", "password": PASSWORD}
        ).status_code
        == 403
    )
    strict.force_login(reader)
    assert strict.post("/akun/keluar/").status_code == 403


def test_throttle_state_lives_in_redis_when_configured():
    """With KABAR_REDIS_URL the counters are shared by every worker; Redis keeps their expiry."""
    import uuid

    import redis
    from django.test import override_settings

    from kabar.accounts.throttle import WINDOW_SECONDS, login_failed, login_wait_seconds

    url = "redis://127.0.0.1:6379/15"
    server = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    prefix = f"kabar-test-{uuid.uuid4().hex}"
    caches = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
    with override_settings(CACHES=caches):
        try:
            for _ in range(5):
                assert login_wait_seconds(ip="192.0.2.9", username="hanako") == 0
                login_failed(ip="192.0.2.9", username="hanako")
            wait = login_wait_seconds(ip="192.0.2.1", username="Hanako")
            assert WINDOW_SECONDS - 5 <= wait <= WINDOW_SECONDS
            keys = server.keys(f"{prefix}:*")
            assert len(keys) == 4 and all(0 < server.ttl(key) <= WINDOW_SECONDS for key in keys)
        finally:
            for key in server.keys(f"{prefix}:*"):  # only ours; never flush a shared database
                server.delete(key)
