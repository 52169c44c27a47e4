"""Reads for likes and comments, shaped for the article page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kabar.engagement.models import Comment, CommentReport, Like
from kabar.engagement.services import comment_can_edit


def user_likes(*, user, article_id: int) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Like.objects.filter(user=user, article_id=article_id).exists()


def like_text(*, count: int, liked: bool) -> str:
    """The sentence under the like button."""
    if liked:
        others = max(count - 1, 0)
        if not others:
            return _("You like this")
        return ngettext("You and %(others)s other", "You and %(others)s others", others) % {
            "others": number_format(others, force_grouping=True)
        }
    if count <= 0:
        return _("Be the first to like this")
    return ngettext("%(count)s person likes this", "%(count)s people like this", count) % {
        "count": number_format(count, force_grouping=True)
    }


@dataclass
class ThreadItem:
    """A comment as a reader sees it: a visible one, or a placeholder for a deleted or hidden one."""

    comment: Comment
    replies: list[ThreadItem] = field(default_factory=list)
    can_edit: bool = False
    can_delete: bool = False
    can_reply: bool = False
    can_report: bool = False
    reported: bool = False  # reported by this reader, not yet resolved

    @property
    def placeholder(self) -> str:
        """ "deleted" or "hidden" when only a placeholder is shown, else ""."""
        if self.comment.is_deleted:
            return "deleted"
        if self.comment.is_hidden:
            return "hidden"
        return ""


def comment_thread(*, article_id: int, user=None, now: datetime | None = None) -> list[ThreadItem]:
    """Top-level comments oldest first, each with its replies oldest first.

    Hidden comments vanish; a hidden top-level comment with visible replies stays as a placeholder
    so the replies keep their place. Deleted comments stay as a "deleted" placeholder.
    """
    now = now or timezone.now()
    rows = list(
        Comment.objects.filter(article_id=article_id).select_related("author").order_by("created_at", "id")
    )
    signed_in = user is not None and user.is_authenticated
    reported: set[int] = set()
    if signed_in and rows:
        reported = set(
            CommentReport.objects.filter(
                reporter=user, comment__article_id=article_id, resolved_at__isnull=True
            ).values_list("comment_id", flat=True)
        )
    items: dict[int, ThreadItem] = {}
    top: list[ThreadItem] = []
    for comment in rows:
        item = ThreadItem(comment=comment)
        if signed_in and comment.counts:
            own = comment.author_id == user.pk
            item.can_edit = comment_can_edit(comment, user=user, now=now)
            item.can_delete = own
            item.can_reply = True
            item.reported = comment.pk in reported
            item.can_report = not own and not item.reported
        items[comment.pk] = item
    for item in items.values():  # in created order, so replies stay oldest first
        comment = item.comment
        if comment.parent_id is None:
            top.append(item)
        elif not comment.is_hidden and comment.parent_id in items:
            items[comment.parent_id].replies.append(item)
    return [item for item in top if not item.comment.is_hidden or _has_visible(item)]


def _has_visible(item: ThreadItem) -> bool:
    return any(reply.comment.counts for reply in item.replies)
