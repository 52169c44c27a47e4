"""Readers' engagement with articles: likes, comments (with reports) and daily visit marks.

The four counters themselves live on Article (view_count, like_count, comment_count, share_count);
only the services in this app change them, inside the same transaction as the rows below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kabar.articles.models import Article

COMMENT_MAX_CHARS = 5_000


class Like(models.Model):
    # PROTECT: deleting a user would silently drop likes without touching like_count.
    # Deactivate accounts instead of deleting them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="likes")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="like_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.article_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", "Tampil"
        HIDDEN = "hidden", "Disembunyikan"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # SET_NULL keeps the comment (and comment_count) when an account is removed.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="comments"
    )
    # One level of replies: a reply's parent is always a top-level comment (checked in the service).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "created_at"], name="comment_article_oldest"),
            models.Index(fields=["author", "created_at"], name="comment_author_recent"),
        ]
        constraints = [
            # A deleted comment keeps no text.
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(body=""), name="comment_deleted_is_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} on {self.article_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    @property
    def counts(self) -> bool:
        """Whether this comment is part of its article's comment_count."""
        return not self.is_deleted and not self.is_hidden


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator hides or approves the comment; resolved reports leave the queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_user"),
        ]
        indexes = [models.Index(fields=["resolved_at"], name="report_open")]

    def __str__(self) -> str:
        return f"report of comment {self.comment_id}"


class ModerationQueue(Comment):
    """The comments with open reports, as their own page in the admin."""

    class Meta:
        proxy = True
        verbose_name = "komentar yang dilaporkan"
        verbose_name_plural = "antrean moderasi"


class DailyMark(models.Model):
    """ "This visitor already viewed (or shared) this article today".

    ``visitor`` is a keyed hash of the user id, or of IP address and user agent, with a key that
    changes every day (see visits.py); no address is stored. Marks older than yesterday are pruned.
    """

    class Kind(models.TextChoices):
        VIEW = "v", "view"
        SHARE = "s", "share"

    day = models.DateField()
    kind = models.CharField(max_length=1, choices=Kind.choices)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=32)

    class Meta:
        constraints = [
            # Day first, so pruning by day reads a prefix of this index.
            models.UniqueConstraint(fields=["day", "kind", "article", "visitor"], name="mark_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day} {self.article_id}"
