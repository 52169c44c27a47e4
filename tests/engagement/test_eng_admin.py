"""The moderation queue in the admin: reported comments, bulk hide and approve, staff only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from kabar.engagement.models import Comment, CommentReport
from kabar.engagement.services import comment_create, comment_report
from tests.engagement.helpers import counters, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/engagement/moderationqueue/"
COMMENTS = "/admin/engagement/comment/"


@pytest.fixture
def reported(article, reader, other):
    bad = comment_create(user=other, article_id=article.pk, body="Komentar buruk")
    fine = comment_create(user=other, article_id=article.pk, body="Komentar wajar")
    comment_create(user=reader, article_id=article.pk, body="Tidak dilaporkan")
    comment_report(user=reader, comment_id=bad.pk)
    comment_report(user=make_user("jiro"), comment_id=bad.pk)
    comment_report(user=reader, comment_id=fine.pk)
    return bad, fine


@pytest.fixture
def moderator(db):
    return make_user("moderator", is_staff=True, is_superuser=True)


def test_queue_lists_only_reported_comments_most_reported_first(client, moderator, reported):
    bad, fine = reported
    client.force_login(moderator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Komentar buruk" in body and "Komentar wajar" in body and "Tidak dilaporkan" not in body
    assert body.index("Komentar buruk") < body.index("Komentar wajar")


def test_bulk_hide_and_approve_from_the_queue(client, moderator, reported, article):
    bad, fine = reported
    client.force_login(moderator)
    response = client.post(QUEUE, {"action": "hide_comments", "_selected_action": [bad.pk]}, follow=True)
    assert response.status_code == 200
    response = client.post(QUEUE, {"action": "approve_comments", "_selected_action": [fine.pk]}, follow=True)
    assert response.status_code == 200
    bad.refresh_from_db()
    fine.refresh_from_db()
    assert bad.status == "hidden" and fine.status == "visible"
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert counters(article.pk)["comments"] == 2
    body = client.get(QUEUE).content.decode()
    assert "Komentar buruk" not in body and "Komentar wajar" not in body
    # Approving a hidden comment brings it back, and the count with it.
    client.post(COMMENTS, {"action": "approve_comments", "_selected_action": [bad.pk]})
    assert counters(article.pk)["comments"] == 3


def test_comments_cannot_be_added_or_deleted_in_the_admin(client, moderator, reported):
    bad, _fine = reported
    client.force_login(moderator)
    assert client.get(f"{COMMENTS}add/").status_code == 403
    assert client.get(f"{COMMENTS}{bad.pk}/delete/").status_code == 403
    client.post(COMMENTS, {"action": "delete_selected", "_selected_action": [bad.pk]})
    assert Comment.objects.filter(pk=bad.pk).exists()


def test_moderation_requires_staff(client, reader, reported):
    bad, _fine = reported
    assert client.get(QUEUE).status_code == 302  # anonymous: to the admin login
    client.force_login(reader)
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(QUEUE, {"action": "hide_comments", "_selected_action": [bad.pk]})
    bad.refresh_from_db()
    assert bad.status == "visible"


def test_staff_needs_the_change_permission_to_moderate(client, reported):
    bad, _fine = reported
    staff = make_user("staf", is_staff=True)
    client.force_login(staff)
    assert client.get(QUEUE).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_moderationqueue"))
    client.force_login(staff)
    assert client.get(QUEUE).status_code == 200
    client.post(QUEUE, {"action": "hide_comments", "_selected_action": [bad.pk]})
    bad.refresh_from_db()
    assert bad.status == "visible"  # viewing is not moderating
    staff.user_permissions.add(Permission.objects.get(codename="change_moderationqueue"))
    client.force_login(staff)
    client.post(QUEUE, {"action": "hide_comments", "_selected_action": [bad.pk]})
    bad.refresh_from_db()
    assert bad.status == "hidden"
