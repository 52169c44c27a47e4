"""A reader's whole journey in Chromium, desktop and mobile: register, like, unlike, comment, reply,
edit, delete, report, copy the link, log out and log in again. htmx updates the page in place; there
are no console errors and no horizontal overflow. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re

import pytest

from kabar.engagement.models import Comment, CommentReport
from kabar.engagement.services import comment_create
from tests.engagement.helpers import FAST_HASHERS, PASSWORD, counters, make_user, reset_engagement_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_article, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    reset_engagement_state()
    article = make_article(
        title="Typhoon Shanshan nears Kyushu",
        body="The Japan Meteorological Agency warned of heavy rain.\n\nSchools are closed.",
        image_url="/static/kabar/demo/weather.svg",
        image_caption="Waves hit the coast",
    )
    taro = make_user("taro")
    comment_create(
        user=taro, article_id=article.pk, body="Semoga semua aman.\nTetap waspada: https://www.jma.go.jp/"
    )
    yield article
    reset_engagement_state()


def mark_page(page) -> None:
    """A flag that a full page load would wipe out: proves htmx swapped in place."""
    page.evaluate("() => { window.kabarNoReload = true; }")


def still_same_page(page) -> bool:
    return page.evaluate("() => window.kabarNoReload === true")


def test_reader_journey(live_server, watched_page, viewport_name, story):
    page = watched_page.page
    article_url = live_server.url + story.get_absolute_url()
    shot = lambda name: watched_page.screenshot(f"engagement-{name}-{viewport_name}")  # noqa: E731
    name = f"budi_{viewport_name}"

    # Headless Chromium announces itself as such, and kabar does not count headless browsers.
    page.set_extra_http_headers({"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"})
    # Anonymous: the heart leads to login, and from there to registration, and back to the article.
    page.goto(article_url)
    assert page.locator("#suka .like-text").inner_text() == "Jadilah yang pertama menyukai"
    page.get_by_role("link", name="Suka (masuk dulu)").click()
    assert "/akun/masuk/" in page.url
    page.locator("main").get_by_role("link", name="Daftar").click()
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Email").fill(f"{name}@example.com")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    shot("register")
    page.locator("main form").get_by_role("button", name="Daftar").click()
    page.wait_for_url(re.compile(r"/berita/\d+/"))
    assert page.locator("header .account-name").inner_text() == name

    # Like and unlike, in place.
    page.wait_for_function("() => window.htmx !== undefined")
    mark_page(page)
    page.get_by_role("button", name="Suka", exact=True).click()
    page.wait_for_selector("#suka .like-button.liked")
    assert page.locator("#suka .like-text").inner_text() == "Anda menyukai ini"
    assert page.locator("#angka li").nth(1).inner_text().split()[-1] == "1"
    assert still_same_page(page)
    shot("liked")
    page.get_by_role("button", name="Batal suka").click()
    page.wait_for_selector("#suka .like-button:not(.liked)")
    assert page.locator("#suka .like-text").inner_text() == "Jadilah yang pertama menyukai"
    assert counters(story.pk)["likes"] == 0

    # Comment.
    page.get_by_label("Komentar", exact=True).fill("Terima kasih atas beritanya.\nBaris kedua.")
    page.locator("form.comment-form").get_by_role("button", name="Kirim").click()
    page.wait_for_selector("#komentar-judul:has-text('Komentar (2)')")
    mine = page.locator(".comment", has_text="Terima kasih atas beritanya.")
    assert "Baris kedua." in mine.locator(".comment-text").inner_text()
    assert still_same_page(page)

    # Reply to taro.
    taros = page.locator("#komentar .comment-list > li").first
    taros.locator("summary", has_text="Balas").first.click()
    taros.get_by_label("Balasan Anda").first.fill("Setuju!")
    taros.locator("details.reply form").first.get_by_role("button", name="Kirim").click()
    page.wait_for_selector("#komentar-judul:has-text('Komentar (3)')")
    assert (
        page.locator("#komentar .comment-list > li").first.locator(".replies .comment-text").inner_text()
        == "Setuju!"
    )

    # Edit my comment.
    mine = page.locator("#komentar .comment-list > li", has_text="Terima kasih atas beritanya.")
    mine.locator("summary", has_text="Sunting").click()
    mine.get_by_label("Sunting komentar Anda").fill("Terima kasih, sangat membantu.")
    mine.get_by_role("button", name="Simpan").click()
    page.wait_for_selector(".comment:has-text('sangat membantu') .edited")
    assert (
        "disunting"
        in page.locator(".comment", has_text="sangat membantu").locator(".comment-meta").inner_text()
    )
    shot("comments")

    # Delete it: the placeholder stays.
    mine = page.locator("#komentar .comment-list > li", has_text="sangat membantu")
    mine.locator("summary", has_text="Hapus").click()
    mine.get_by_role("button", name="Ya, hapus").click()
    page.wait_for_selector("#komentar-judul:has-text('Komentar (2)')")
    assert page.get_by_text("Komentar dihapus").is_visible()

    # Report taro's comment.
    taros = page.locator("#komentar .comment-list > li").first
    taros.locator(".comment-actions").first.get_by_role("button", name="Laporkan").click()
    page.wait_for_selector("#komentar .reported")
    assert CommentReport.objects.filter(comment__author__username="taro").count() == 1
    assert still_same_page(page)

    # Copy the link: counted as a share (a beacon), and the reader is told.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Salin tautan").click()
    page.wait_for_selector(".share-status:has-text('Tautan disalin')")
    for _ in range(40):
        if counters(story.pk)["shares"] == 1:
            break
        page.wait_for_timeout(100)
    assert counters(story.pk)["shares"] == 1
    assert page.evaluate("() => navigator.clipboard.readText()") == article_url
    shot("article")
    assert watched_page.horizontal_overflow() <= 0

    # Log out, then log in again.
    page.locator("header").get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()
    assert page.locator("header").get_by_role("link", name="Masuk").is_visible()
    page.locator("header").get_by_role("link", name="Masuk").click()
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    shot("login")
    page.locator("main form").get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    assert page.locator("header .account-name").inner_text() == name
    page.locator("header").get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()

    assert Comment.objects.filter(author__username=name).count() == 2  # the deleted one and the reply
    assert counters(story.pk)["comments"] == 2
    assert watched_page.errors == []


def test_wrong_login_and_throttle_message(live_server, watched_page, viewport_name, story):
    make_user("hanako")
    page = watched_page.page
    page.goto(live_server.url + "/akun/masuk/")
    for _ in range(5):
        page.get_by_label("Nama pengguna").fill("hanako")
        page.get_by_label("Kata sandi").fill("salah")
        page.locator("main form").get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        assert page.get_by_text("Nama pengguna atau kata sandi salah").is_visible()
    page.get_by_label("Nama pengguna").fill("hanako")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    assert page.get_by_text("coba lagi dalam 15 menit").is_visible()
    watched_page.screenshot(f"engagement-throttle-{viewport_name}")
    assert watched_page.errors == []
