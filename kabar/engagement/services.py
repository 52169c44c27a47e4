"""Writes for likes, comments and shares.

Every counter on Article changes in the same transaction as the row it counts, with F(), so
concurrent writers never lose an update and the counters always equal the rows:
- like_count = Like rows;
- comment_count = comments neither deleted nor hidden (Comment.counts);
- share_count = share marks (one per visitor, article and day).
View counting is buffered and lives in visits.py.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kabar.articles.models import Article
from kabar.engagement.models import COMMENT_MAX_CHARS, Comment, CommentReport, DailyMark, Like
from kabar.engagement.visits import is_bot, marks_insert, marks_prune_if_due, visitor_key

logger = logging.getLogger("kabar.engagement")

EDIT_WINDOW = timedelta(minutes=15)
PER_MINUTE = 5
PER_DAY = 50
SHARE_TARGETS = ("whatsapp", "facebook", "x", "telegram", "salin")


class EngagementError(Exception):
    """A request the rules refuse. ``message`` is meant for the reader (already translated)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class RateLimited(EngagementError):
    pass


# --- Likes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LikeState:
    liked: bool
    count: int


def like_set(*, user, article_id: int, liked: bool) -> LikeState:
    """Like (``liked=True``) or unlike an article. Idempotent: liking twice is one like.

    The unique constraint on (user, article) decides races: of fifty simultaneous likes by one
    reader, one insert wins and the others fail inside their own savepoint, changing nothing.
    """
    with transaction.atomic():
        if not Article.objects.filter(pk=article_id).exists():
            raise Article.DoesNotExist(article_id)
        if liked:
            try:
                with transaction.atomic():
                    Like.objects.create(user=user, article_id=article_id)
            except IntegrityError:
                pass  # already liked
            else:
                Article.objects.filter(pk=article_id).update(like_count=F("like_count") + 1)
        else:
            removed, _detail = Like.objects.filter(user=user, article_id=article_id).delete()
            if removed:
                Article.objects.filter(pk=article_id).update(like_count=F("like_count") - removed)
        count = Article.objects.values_list("like_count", flat=True).get(pk=article_id)
    return LikeState(liked=liked, count=count)


# --- Comments ---------------------------------------------------------------------------------

_CONTROL = {ch for ch in map(chr, range(0x20)) if ch not in "\n\t"} | {"\x7f"}
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def comment_body_clean(raw: str) -> str:
    """Plain text as it will be stored: newlines normalised, control characters dropped
    (PostgreSQL cannot store NUL), at most one blank line in a row, no surrounding space.
    Raises EngagementError when empty or longer than 5,000 characters."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch not in _CONTROL and unicodedata.category(ch) != "Cs")
    text = _MANY_BLANK_LINES.sub("\n\n", text).strip()
    if not text:
        raise EngagementError(_("Write something first; a comment cannot be empty."), code="empty")
    if len(text) > COMMENT_MAX_CHARS:
        raise EngagementError(
            _("A comment can be at most %(max)s characters long; this one has %(count)s.")
            % {"max": _number(COMMENT_MAX_CHARS), "count": _number(len(text))},
            code="too_long",
        )
    return text


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _check_rate(*, user, now: datetime) -> None:
    recent = list(
        Comment.objects.filter(author=user, created_at__gt=now - timedelta(days=1), created_at__lte=now)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:PER_DAY]
    )
    last_minute = [t for t in recent if t > now - timedelta(minutes=1)]
    if len(last_minute) >= PER_MINUTE:
        wait = max(1, int((last_minute[PER_MINUTE - 1] + timedelta(minutes=1) - now).total_seconds()) + 1)
        raise RateLimited(
            ngettext(
                "You have posted %(limit)s comments in the last minute. Please wait %(seconds)s second "
                "and try again.",
                "You have posted %(limit)s comments in the last minute. Please wait %(seconds)s seconds "
                "and try again.",
                wait,
            )
            % {"limit": PER_MINUTE, "seconds": wait},
            code="per_minute",
        )
    if len(recent) >= PER_DAY:
        raise RateLimited(
            _("You have reached the limit of %(limit)s comments in 24 hours. Please try again later.")
            % {"limit": PER_DAY},
            code="per_day",
        )


def comment_create(
    *, user, article_id: int, body: str, parent_id: int | None = None, now: datetime | None = None
) -> Comment:
    """Post a comment, or a reply when ``parent_id`` is given (a reply to a reply joins the thread)."""
    text = comment_body_clean(body)
    now = now or timezone.now()
    with transaction.atomic():
        # Concurrent posts by one reader queue on their user row, so the rate limits hold exactly
        # on PostgreSQL too (SQLite's IMMEDIATE transactions already run one at a time).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        _check_rate(user=user, now=now)
        if not Article.objects.filter(pk=article_id).exists():
            raise Article.DoesNotExist(article_id)
        parent = None
        if parent_id is not None:
            parent = Comment.objects.filter(pk=parent_id, article_id=article_id).first()
            if parent is not None and parent.parent_id is not None:
                parent = Comment.objects.get(pk=parent.parent_id)
            if parent is None or parent.is_hidden:
                raise EngagementError(
                    _("The comment you replied to is no longer available."), code="no_parent"
                )
        comment = Comment.objects.create(
            article_id=article_id, author=user, parent=parent, body=text, created_at=now
        )
        Article.objects.filter(pk=article_id).update(comment_count=F("comment_count") + 1)
    return comment


def comment_can_edit(comment: Comment, *, user, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        user is not None
        and user.is_authenticated
        and comment.author_id == user.pk
        and comment.counts
        and now - comment.created_at <= EDIT_WINDOW
    )


def _own_comment(*, user, comment_id: int) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment_id)
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied("not the author")
    return comment


def comment_edit(*, user, comment_id: int, body: str, now: datetime | None = None) -> Comment:
    """Change one's own comment within 15 minutes of posting; it is then shown as edited."""
    text = comment_body_clean(body)
    now = now or timezone.now()
    with transaction.atomic():
        comment = _own_comment(user=user, comment_id=comment_id)
        if not comment.counts:
            raise EngagementError(_("This comment can no longer be edited."), code="gone")
        if now - comment.created_at > EDIT_WINDOW:
            raise EngagementError(
                _("A comment can only be edited within 15 minutes of posting."), code="too_late"
            )
        if text != comment.body:
            comment.body = text
            comment.edited_at = now
            comment.save(update_fields=["body", "edited_at"])
    return comment


def comment_delete(*, user, comment_id: int, now: datetime | None = None) -> Comment:
    """Delete one's own comment: its text goes, its replies stay. Deleting twice is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        comment = _own_comment(user=user, comment_id=comment_id)
        if comment.is_deleted:
            return comment
        counted = comment.counts
        comment.body = ""
        comment.deleted_at = now
        comment.save(update_fields=["body", "deleted_at"])
        CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)
        if counted:
            Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") - 1)
    return comment


def comment_report(*, user, comment_id: int) -> CommentReport:
    """Put someone else's comment in the moderation queue. Reporting twice is one report."""
    comment = Comment.objects.get(pk=comment_id)
    if not comment.counts:
        raise Comment.DoesNotExist(comment_id)  # nothing a reader can see is left to report
    if comment.author_id == user.pk:
        raise EngagementError(_("You cannot report your own comment."), code="own")
    # get_or_create retries the read when a second click by the same reader loses the insert race.
    report, _created = CommentReport.objects.get_or_create(comment=comment, reporter=user)
    return report


def comment_unreport(*, user, comment_id: int) -> None:
    """Withdraw one's own open report. Anyone else's report, or none, is a DoesNotExist (404)."""
    removed, _detail = CommentReport.objects.filter(
        comment_id=comment_id, reporter=user, resolved_at__isnull=True
    ).delete()
    if not removed:
        raise CommentReport.DoesNotExist(comment_id)


def comments_hide(*, comment_ids: Iterable[int], now: datetime | None = None) -> int:
    """Moderation: hide comments from readers and close their reports. Returns how many were hidden."""
    return _moderate(comment_ids=comment_ids, status=Comment.Status.HIDDEN, now=now)


def comments_approve(*, comment_ids: Iterable[int], now: datetime | None = None) -> int:
    """Moderation: keep (or bring back) comments and close their reports. Returns how many came back."""
    return _moderate(comment_ids=comment_ids, status=Comment.Status.VISIBLE, now=now)


def _moderate(*, comment_ids: Iterable[int], status: str, now: datetime | None) -> int:
    ids = sorted(set(comment_ids))
    now = now or timezone.now()
    with transaction.atomic():
        changing = list(
            Comment.objects.select_for_update().filter(pk__in=ids).exclude(status=status).order_by("pk")
        )
        Comment.objects.filter(pk__in=[c.pk for c in changing]).update(status=status)
        CommentReport.objects.filter(comment_id__in=ids, resolved_at__isnull=True).update(resolved_at=now)
        step = -1 if status == Comment.Status.HIDDEN else 1
        per_article = Counter(c.article_id for c in changing if not c.is_deleted)
        for article_id in sorted(per_article):
            Article.objects.filter(pk=article_id).update(
                comment_count=F("comment_count") + step * per_article[article_id]
            )
    return len(changing)


# --- Shares -----------------------------------------------------------------------------------


def share_record(*, request, article_id: int, target: str) -> bool:
    """Count a click on a share button, at most once per visitor, article and day."""
    if target not in SHARE_TARGETS:
        raise EngagementError(_("Unknown share button."), code="target")
    if is_bot(request):
        return False
    day = timezone.localdate()
    visitor = visitor_key(request, day)
    with transaction.atomic():
        if not Article.objects.filter(pk=article_id).exists():
            raise Article.DoesNotExist(article_id)
        added = marks_insert([(day, DailyMark.Kind.SHARE, article_id, visitor)])
        if added:
            Article.objects.filter(pk=article_id).update(share_count=F("share_count") + 1)
    marks_prune_if_due()  # also when view counting is off and no flusher prunes
    return bool(added)
