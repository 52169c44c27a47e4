"""Forgery and authorisation: every POST needs its CSRF token; one reader cannot edit, delete or
un-report another's comment; the moderation admin is for staff only."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client

from kabar.engagement.models import Comment, CommentReport, Like
from kabar.engagement.services import comment_create, comment_report
from tests.engagement.helpers import PASSWORD, counters, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(article, reader, other):
    """hanako's comment, reported by jiro; taro is the other reader."""
    comment = comment_create(user=reader, article_id=article.pk, body="Milik hanako")
    jiro = make_user("jiro")
    comment_report(user=jiro, comment_id=comment.pk)
    return comment, jiro


def forms_without_token(article, comment) -> list[tuple[str, dict]]:
    return [
        (f"/suka/{article.pk}/", {"action": "like"}),
        (f"/komentar/berita/{article.pk}/", {"body": "Palsu"}),
        (f"/komentar/{comment.pk}/sunting/", {"body": "Palsu"}),
        (f"/komentar/{comment.pk}/hapus/", {}),
        (f"/komentar/{comment.pk}/laporkan/", {}),
        (f"/komentar/{comment.pk}/batal-lapor/", {}),
        (f"/bagikan/{article.pk}/", {"ke": "whatsapp"}),
        ("/akun/keluar/", {}),
        (
            "/akun/sandi/",
            {"old_password": PASSWORD, "new_password1": "Baru-2026-x", "new_password2": "Baru-2026-x"},
        ),
    ]


def test_every_post_without_a_csrf_token_is_refused(article, reader, setting):
    comment, _jiro = setting
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    for url, data in forms_without_token(article, comment):
        assert strict.post(url, data).status_code == 403, url
        assert strict.post(url, data, HTTP_HX_REQUEST="true").status_code == 403, url
    assert not Like.objects.exists()
    comment.refresh_from_db()
    assert comment.body == "Milik hanako" and comment.deleted_at is None
    assert CommentReport.objects.count() == 1
    assert counters(article.pk) == {"views": 0, "likes": 0, "comments": 1, "shares": 0}
    assert "_auth_user_id" in strict.session  # not logged out either


def test_a_token_from_the_page_is_accepted(article, reader):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    page = lxml.html.fromstring(strict.get(article.get_absolute_url()).content.decode())
    token = page.xpath("//*[@id='suka']//input[@name='csrfmiddlewaretoken']/@value")[0]
    response = strict.post(f"/suka/{article.pk}/", {"action": "like", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and counters(article.pk)["likes"] == 1


def test_a_reader_cannot_touch_another_readers_comment(client, article, other, setting):
    comment, _jiro = setting
    client.force_login(other)
    assert client.post(f"/komentar/{comment.pk}/sunting/", {"body": "Dibajak"}).status_code == 403
    assert client.post(f"/komentar/{comment.pk}/hapus/").status_code == 403
    assert client.post(f"/komentar/{comment.pk}/batal-lapor/").status_code == 404
    assert (
        client.post(f"/komentar/{comment.pk}/sunting/", {"body": "x"}, HTTP_HX_REQUEST="true").status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.body == "Milik hanako" and comment.deleted_at is None and comment.edited_at is None
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1
    # The author cannot clear someone else's report either; only the reporter can withdraw it.
    client.force_login(comment.author)
    assert client.post(f"/komentar/{comment.pk}/batal-lapor/").status_code == 404
    assert CommentReport.objects.count() == 1
    # Nor do the buttons show up for someone else's comment.
    client.force_login(other)
    doc = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    actions = doc.xpath(f"//li[@id='komentar-{comment.pk}']/div[@class='comment-actions']")[0]
    assert not actions.xpath(".//details[@class='edit'] | .//details[@class='delete']")
    assert not actions.xpath(".//form[contains(@action, 'batal-lapor')]")


def test_unknown_comments_are_404(client, reader):
    client.force_login(reader)
    for action in ("sunting", "hapus", "laporkan", "batal-lapor"):
        assert client.post(f"/komentar/999999/{action}/", {"body": "x"}).status_code == 404


def test_moderation_admin_is_for_staff_only(client, reader, setting):
    comment, _jiro = setting
    for url in ("/admin/engagement/moderationqueue/", "/admin/engagement/comment/"):
        assert client.get(url).status_code == 302
    client.force_login(reader)
    for url in ("/admin/engagement/moderationqueue/", "/admin/engagement/comment/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.post(
        "/admin/engagement/moderationqueue/", {"action": "hide_comments", "_selected_action": [comment.pk]}
    )
    assert Comment.objects.get(pk=comment.pk).status == "visible"
