"""Comments: posting, replies, editing, deleting, reporting, limits, and comment_count at all times."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kabar.engagement import services
from kabar.engagement.models import Comment, CommentReport
from kabar.engagement.services import (
    EngagementError,
    RateLimited,
    comment_create,
    comment_delete,
    comment_edit,
    comment_report,
    comment_unreport,
    comments_approve,
    comments_hide,
)
from tests.engagement.helpers import counters, make_user

pytestmark = pytest.mark.django_db


def visible_rows(article) -> int:
    return Comment.objects.filter(article=article, deleted_at__isnull=True, status="visible").count()


def assert_exact(article) -> None:
    assert counters(article.pk)["comments"] == visible_rows(article)


def section(response):
    html = response.content.decode()
    doc = lxml.html.fromstring(f"<div>{html}</div>")
    return doc.xpath("//*[@id='komentar']")[0]


def squash(node) -> str:
    return " ".join(node.text_content().split())


def test_comments_are_listed_oldest_first_with_the_count_in_the_heading(client, article, reader, other):
    start = timezone.now() - timedelta(minutes=10)
    comment_create(user=reader, article_id=article.pk, body="Pertama", now=start)
    comment_create(user=other, article_id=article.pk, body="Kedua", now=start + timedelta(minutes=1))
    comment_create(user=reader, article_id=article.pk, body="Ketiga", now=start + timedelta(minutes=2))
    sec = section(client.get(article.get_absolute_url()))
    assert squash(sec.xpath("h2")[0]) == "Komentar (3)"
    assert [squash(t) for t in sec.xpath(".//div[@class='comment-text']")] == ["Pertama", "Kedua", "Ketiga"]
    assert [squash(a) for a in sec.xpath(".//span[@class='comment-author']")] == ["hanako", "taro", "hanako"]
    assert_exact(article)


def test_form_has_a_labelled_textarea_and_a_send_button(client, article, reader):
    client.force_login(reader)
    sec = section(client.get(article.get_absolute_url()))
    (form,) = sec.xpath("./form[@class='comment-form']")
    (textarea,) = form.xpath(".//textarea[@name='body']")
    label = textarea.getparent()
    assert label.tag == "label" and squash(label.xpath("./span")[0]) == "Komentar"
    assert textarea.get("maxlength") == "5000"
    assert [squash(b) for b in form.xpath(".//button")] == ["Kirim"]
    (honeypot,) = form.xpath(".//input[@name='situs']")
    assert honeypot.get("tabindex") == "-1" and honeypot.getparent().getparent().get("aria-hidden") == "true"


def test_anonymous_reader_sees_a_login_link_and_cannot_post(client, article):
    sec = section(client.get(article.get_absolute_url()))
    assert squash(sec.xpath(".//a")[0]) == "Masuk untuk berkomentar"
    assert not sec.xpath(".//form | .//textarea")
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": "Halo"})
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/?next=")
    assert not Comment.objects.exists()


def test_post_without_javascript_redirects_to_the_new_comment(client, article, reader):
    client.force_login(reader)
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": "Semoga aman.", "situs": ""})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#komentar-{comment.pk}"
    page = client.get(response["Location"])
    sec = section(page)
    assert "Komentar Anda sudah terkirim." in squash(sec)
    assert squash(sec.xpath("h2")[0]) == "Komentar (1)"


def test_post_with_htmx_returns_the_section_and_the_counters(client, article, reader):
    client.force_login(reader)
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": "Lewat htmx"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    assert squash(doc.xpath("//*[@id='komentar']/h2")[0]) == "Komentar (1)"
    (oob,) = doc.xpath("//*[@id='angka']")
    assert oob.get("hx-swap-oob") == "true"
    assert [squash(li) for li in oob.xpath(".//li")][2] == "Komentar 1"


def test_refused_comment_keeps_its_text_without_javascript_and_with_htmx(client, article, reader):
    client.force_login(reader)
    too_long = "x" * 5001
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": too_long})
    assert response.status_code == 400
    doc = lxml.html.fromstring(response.content.decode())
    assert doc.xpath("//textarea")[0].text_content() == too_long
    assert "paling panjang 5.000 karakter" in squash(doc.body) and "5.001" in squash(doc.body)
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": "   \n  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    sec = section(response)
    assert "komentar tidak boleh kosong" in squash(sec)
    assert sec.xpath(".//textarea[@class='comment-new']")[0].get("aria-invalid") == "true"
    assert not Comment.objects.exists()


def test_length_limits_are_one_to_five_thousand_characters(article, reader):
    with pytest.raises(EngagementError):
        comment_create(user=reader, article_id=article.pk, body="")
    with pytest.raises(EngagementError):
        comment_create(user=reader, article_id=article.pk, body="a" * 5001)
    assert comment_create(user=reader, article_id=article.pk, body="a").body == "a"
    # Windows line ends count as one character each, as the reader typed them.
    body = ("a" * 99 + "\r\n") * 50
    assert len(comment_create(user=reader, article_id=article.pk, body=body).body) == 4999


def test_control_characters_are_dropped_and_blank_lines_squeezed(article, reader):
    comment = comment_create(user=reader, article_id=article.pk, body="a\x00b\x07\n\n\n\n\nc\td")
    assert comment.body == "a b\n\nc\td".replace(" ", "")


def test_five_a_minute_and_fifty_a_day(client, article, reader):
    start = timezone.now() - timedelta(hours=23)
    for n in range(5):
        comment_create(user=reader, article_id=article.pk, body=f"#{n}", now=start + timedelta(seconds=n))
    with pytest.raises(RateLimited) as refused:
        comment_create(user=reader, article_id=article.pk, body="#6", now=start + timedelta(seconds=10))
    assert "5 komentar dalam satu menit" in refused.value.message and "detik" in refused.value.message
    # A minute after the first, one more is allowed.
    comment_create(user=reader, article_id=article.pk, body="#6", now=start + timedelta(seconds=61))
    later = start + timedelta(minutes=5)
    for n in range(44):
        comment_create(user=reader, article_id=article.pk, body=f"d{n}", now=later + timedelta(minutes=n))
    with pytest.raises(RateLimited) as refused:
        comment_create(user=reader, article_id=article.pk, body="too many", now=later + timedelta(hours=2))
    assert "batas 50 komentar dalam 24 jam" in refused.value.message
    assert Comment.objects.filter(author=reader).count() == 50
    # The view says so clearly, with status 429 without JS.
    client.force_login(reader)
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": "lagi"})
    assert response.status_code == 429
    assert "batas 50 komentar" in squash(lxml.html.fromstring(response.content.decode()).body)
    assert_exact(article)


def test_honeypot_stores_nothing_and_tells_nothing(client, article, reader):
    client.force_login(reader)
    response = client.post(f"/komentar/berita/{article.pk}/", {"body": "Beli obat", "situs": "http://spam"})
    assert response.status_code == 302 and response["Location"].endswith("#komentar")
    assert not Comment.objects.exists()


def test_replies_are_one_level_deep(client, article, reader, other):
    top = comment_create(user=reader, article_id=article.pk, body="Induk")
    reply = comment_create(user=other, article_id=article.pk, body="Balasan", parent_id=top.pk)
    deeper = comment_create(user=reader, article_id=article.pk, body="Balasan lagi", parent_id=reply.pk)
    assert reply.parent_id == top.pk and deeper.parent_id == top.pk
    client.force_login(other)
    sec = section(client.get(article.get_absolute_url()))
    (thread,) = sec.xpath("./ol/li")
    assert [squash(t) for t in thread.xpath("./ol[@class='replies']/li//div[@class='comment-text']")] == [
        "Balasan",
        "Balasan lagi",
    ]
    assert [squash(s) for s in sec.xpath(".//details[@class='reply']/summary")] == ["Balas"] * 3
    assert squash(sec.xpath("h2")[0]) == "Komentar (3)"


def test_reply_to_a_comment_of_another_article_or_hidden_is_refused(make_article, article, reader):
    elsewhere = make_article()
    foreign = comment_create(user=reader, article_id=elsewhere.pk, body="Di artikel lain")
    with pytest.raises(EngagementError):
        comment_create(user=reader, article_id=article.pk, body="x", parent_id=foreign.pk)
    top = comment_create(user=reader, article_id=article.pk, body="Induk")
    comments_hide(comment_ids=[top.pk])
    with pytest.raises(EngagementError):
        comment_create(user=reader, article_id=article.pk, body="x", parent_id=top.pk)


def test_edit_own_comment_within_fifteen_minutes(client, article, reader):
    posted = timezone.now() - timedelta(minutes=14)
    comment = comment_create(user=reader, article_id=article.pk, body="Salah ketik", now=posted)
    client.force_login(reader)
    sec = section(client.get(article.get_absolute_url()))
    assert squash(sec.xpath(".//details[@class='edit']/summary")[0]) == "Sunting"
    response = client.post(f"/komentar/{comment.pk}/sunting/", {"body": "Sudah benar"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Sudah benar" and comment.edited_at is not None
    sec = section(client.get(article.get_absolute_url()))
    assert "disunting" in squash(sec.xpath(".//p[@class='comment-meta']")[0])


def test_edit_after_fifteen_minutes_is_refused(client, article, reader):
    comment = comment_create(
        user=reader, article_id=article.pk, body="Lama", now=timezone.now() - timedelta(minutes=16)
    )
    with pytest.raises(EngagementError) as refused:
        comment_edit(user=reader, comment_id=comment.pk, body="Baru")
    assert "15 menit" in refused.value.message
    client.force_login(reader)
    assert not section(client.get(article.get_absolute_url())).xpath(".//details[@class='edit']")
    response = client.post(f"/komentar/{comment.pk}/sunting/", {"body": "Baru"}, HTTP_HX_REQUEST="true")
    assert "15 menit" in squash(section(response))
    comment.refresh_from_db()
    assert comment.body == "Lama" and comment.edited_at is None


def test_unchanged_edit_is_not_marked_edited(article, reader):
    comment = comment_create(user=reader, article_id=article.pk, body="Sama")
    assert comment_edit(user=reader, comment_id=comment.pk, body="  Sama \n").edited_at is None


def test_delete_keeps_replies_and_shows_a_placeholder(client, article, reader, other):
    top = comment_create(user=reader, article_id=article.pk, body="Akan dihapus")
    comment_create(user=other, article_id=article.pk, body="Balasan tetap", parent_id=top.pk)
    client.force_login(reader)
    response = client.post(f"/komentar/{top.pk}/hapus/", HTTP_HX_REQUEST="true")
    sec = section(response)
    (first,) = sec.xpath("./ol/li")
    assert squash(first.xpath("./p")[0]) == "Komentar dihapus"
    assert "Akan dihapus" not in squash(sec)
    assert squash(first.xpath(".//ol[@class='replies']//div[@class='comment-text']")[0]) == "Balasan tetap"
    assert squash(sec.xpath("h2")[0]) == "Komentar (1)"
    top.refresh_from_db()
    assert top.body == "" and top.deleted_at is not None
    assert_exact(article)
    comment_delete(user=reader, comment_id=top.pk)  # twice is harmless
    assert_exact(article)


def test_report_puts_a_comment_in_the_queue_and_can_be_withdrawn(client, article, reader, other):
    comment = comment_create(user=other, article_id=article.pk, body="Komentar kasar")
    client.force_login(reader)
    sec = section(client.get(article.get_absolute_url()))
    assert [squash(b) for b in sec.xpath(".//form[contains(@action, 'laporkan')]//button")] == ["Laporkan"]
    response = client.post(f"/komentar/{comment.pk}/laporkan/")
    assert response.status_code == 302
    assert CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count() == 1
    client.post(f"/komentar/{comment.pk}/laporkan/")  # twice is one report
    assert CommentReport.objects.count() == 1
    sec = section(client.get(article.get_absolute_url()))
    assert "Dilaporkan" in squash(sec) and "Terima kasih" in squash(sec)
    assert client.post(f"/komentar/{comment.pk}/batal-lapor/").status_code == 302
    assert not CommentReport.objects.exists()


def test_own_comment_cannot_be_reported(article, reader):
    comment = comment_create(user=reader, article_id=article.pk, body="Milik sendiri")
    with pytest.raises(EngagementError):
        comment_report(user=reader, comment_id=comment.pk)


def test_hidden_comments_vanish_and_the_count_follows(client, article, reader, other):
    keep = comment_create(user=reader, article_id=article.pk, body="Tetap")
    spam = comment_create(user=other, article_id=article.pk, body="SPAM SPAM")
    comment_report(user=reader, comment_id=spam.pk)
    assert comments_hide(comment_ids=[spam.pk]) == 1
    assert comments_hide(comment_ids=[spam.pk]) == 0  # hiding twice changes nothing
    sec = section(client.get(article.get_absolute_url()))
    assert "SPAM" not in squash(sec) and squash(sec.xpath("h2")[0]) == "Komentar (1)"
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert_exact(article)
    assert comments_approve(comment_ids=[spam.pk, keep.pk]) == 1
    assert squash(section(client.get(article.get_absolute_url())).xpath("h2")[0]) == "Komentar (2)"
    assert_exact(article)


def test_hidden_parent_with_replies_stays_as_a_placeholder(client, article, reader, other):
    top = comment_create(user=other, article_id=article.pk, body="Induk buruk")
    comment_create(user=reader, article_id=article.pk, body="Balasan baik", parent_id=top.pk)
    comments_hide(comment_ids=[top.pk])
    sec = section(client.get(article.get_absolute_url()))
    assert "Induk buruk" not in squash(sec)
    assert "Komentar disembunyikan oleh moderator" in squash(sec) and "Balasan baik" in squash(sec)
    assert squash(sec.xpath("h2")[0]) == "Komentar (1)"


def test_comment_count_is_exact_through_a_mixed_sequence(article, reader, other):
    third = make_user("jiro")
    a = comment_create(user=reader, article_id=article.pk, body="a")
    b = comment_create(user=other, article_id=article.pk, body="b", parent_id=a.pk)
    c = comment_create(user=third, article_id=article.pk, body="c")
    assert_exact(article)
    comments_hide(comment_ids=[b.pk])
    assert_exact(article)
    comment_delete(user=reader, comment_id=a.pk)
    assert_exact(article)
    comments_approve(comment_ids=[b.pk])
    assert_exact(article)
    comments_hide(comment_ids=[a.pk, c.pk])  # a is deleted: hiding it must not count it twice
    assert_exact(article)
    comments_approve(comment_ids=[a.pk, c.pk])
    assert_exact(article)
    assert counters(article.pk)["comments"] == 2  # b and c


def test_text_is_plain_with_line_breaks_and_safe_links(client, article, reader):
    body = 'Lihat https://mainichi.jp/english/articles/1?a=1&b=2.\n<b>tebal</b> "kutip"\nwww.nhk.or.jp'
    comment_create(user=reader, article_id=article.pk, body=body)
    sec = section(client.get(article.get_absolute_url()))
    (text,) = sec.xpath(".//div[@class='comment-text']")
    assert [child.tag for child in text] == ["a", "br", "br", "a"]
    links = text.xpath("./a")
    assert links[0].get("href") == "https://mainichi.jp/english/articles/1?a=1&b=2"
    assert links[1].get("href") == "https://www.nhk.or.jp"
    assert all(link.get("rel") == "nofollow ugc noopener" for link in links)
    assert "<b>tebal</b>" in text.text_content()


def test_api_lists_visible_comments_with_replies(client, article, reader, other):
    top = comment_create(user=reader, article_id=article.pk, body="Induk\nbaris dua")
    reply = comment_create(user=other, article_id=article.pk, body="Balasan", parent_id=top.pk)
    hidden = comment_create(user=other, article_id=article.pk, body="Disembunyikan")
    comments_hide(comment_ids=[hidden.pk])
    comment_edit(user=other, comment_id=reply.pk, body="Balasan, disunting")
    data = client.get(f"/api/v1/articles/{article.pk}/comments").json()
    assert data["article_id"] == article.pk and data["count"] == 2
    (item,) = data["comments"]
    assert item["author"] == "hanako" and item["body"] == "Induk\nbaris dua" and item["edited"] is None
    assert item["state"] == "visible" and item["created"]
    (child,) = item["replies"]
    assert child["author"] == "taro" and child["body"] == "Balasan, disunting" and child["edited"]
    assert child["replies"] == []
    comment_delete(user=reader, comment_id=top.pk)
    (item,) = client.get(f"/api/v1/articles/{article.pk}/comments").json()["comments"]
    assert (item["state"], item["author"], item["body"]) == ("deleted", None, "")
    assert len(item["replies"]) == 1
    missing = client.get("/api/v1/articles/999999/comments")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_permission_errors_from_services(article, reader, other):
    comment = comment_create(user=reader, article_id=article.pk, body="Milik hanako")
    with pytest.raises(PermissionDenied):
        services.comment_edit(user=other, comment_id=comment.pk, body="Bajak")
    with pytest.raises(PermissionDenied):
        services.comment_delete(user=other, comment_id=comment.pk)
    comment_report(user=make_user("jiro"), comment_id=comment.pk)
    with pytest.raises(CommentReport.DoesNotExist):
        comment_unreport(user=other, comment_id=comment.pk)
    with pytest.raises(CommentReport.DoesNotExist):
        comment_unreport(user=reader, comment_id=comment.pk)  # the author cannot clear reports either
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1
