"""Likes, comments and shares: POST only, CSRF-protected, thin.

Every form works without JavaScript (POST, then a redirect back to the article). With htmx the
same forms get the refreshed part of the page instead, plus the counters out of band.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabar.articles.models import Article
from kabar.engagement import services
from kabar.engagement.context import comments_context, like_context, login_url
from kabar.engagement.forms import CommentForm, EditForm
from kabar.engagement.models import COMMENT_MAX_CHARS, Comment, CommentReport

logger = logging.getLogger("kabar.engagement")


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _article(pk: int) -> Article:
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def _to_login(request, article: Article, anchor: str):
    url = login_url(article, anchor)
    if _htmx(request):
        # A plain redirect would be followed by the XHR and the login page swapped into the article.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
def like(request, pk: int):
    article = _article(pk)
    if not request.user.is_authenticated:
        return _to_login(request, article, "#suka")
    action = request.POST.get("action")
    if action not in ("like", "unlike"):
        return HttpResponseBadRequest("action must be like or unlike")
    state = services.like_set(user=request.user, article_id=article.pk, liked=action == "like")
    if _htmx(request):
        article.refresh_from_db()
        context = {**like_context(request, article, liked=state.liked), "oob": True}
        return render(request, "engagement/like_area.html", context)
    return redirect(article.get_absolute_url() + "#suka")


def _comments_response(request, article: Article, *, anchor: str = "#komentar", failed=None, status=400):
    if _htmx(request):
        article.refresh_from_db()
        context = {**comments_context(request, article, failed=failed), "oob": True}
        return render(request, "engagement/comments.html", context)
    if failed:
        context = {"article": article, "failed": failed, "max_chars": COMMENT_MAX_CHARS}
        return render(request, "engagement/comment_failed.html", context, status=status)
    return redirect(article.get_absolute_url() + anchor)


@require_POST
def comment_create(request, pk: int):
    article = _article(pk)
    if not request.user.is_authenticated:
        return _to_login(request, article, "#komentar")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("invalid comment form")
    data = form.cleaned_data
    if data["situs"]:
        # Answer as if it worked, so a bot learns nothing; nothing is stored.
        logger.info("comment honeypot filled by user %s", request.user.pk)
        return _comments_response(request, article)
    try:
        comment = services.comment_create(
            user=request.user, article_id=article.pk, body=data["body"], parent_id=data["parent"]
        )
    except services.EngagementError as exc:
        failed = {
            "where": "reply" if data["parent"] else "new",
            "target": data["target"] or data["parent"],
            "parent": data["parent"],
            "text": data["body"],
            "error": exc.message,
        }
        status = 429 if isinstance(exc, services.RateLimited) else 400
        return _comments_response(request, article, failed=failed, status=status)
    messages.success(request, _("Your comment has been posted."))
    return _comments_response(request, article, anchor=f"#komentar-{comment.pk}")


def _comment(pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("article"), pk=pk)


@require_POST
def comment_edit(request, pk: int):
    comment = _comment(pk)
    if not request.user.is_authenticated:
        return _to_login(request, comment.article, "#komentar")
    form = EditForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("invalid edit form")
    try:
        services.comment_edit(user=request.user, comment_id=comment.pk, body=form.cleaned_data["body"])
    except services.EngagementError as exc:
        failed = {
            "where": "edit",
            "target": comment.pk,
            "text": form.cleaned_data["body"],
            "error": exc.message,
        }
        return _comments_response(request, comment.article, failed=failed)
    messages.success(request, _("Your comment has been updated."))
    return _comments_response(request, comment.article, anchor=f"#komentar-{comment.pk}")


@require_POST
def comment_delete(request, pk: int):
    comment = _comment(pk)
    if not request.user.is_authenticated:
        return _to_login(request, comment.article, "#komentar")
    services.comment_delete(user=request.user, comment_id=comment.pk)
    messages.success(request, _("Your comment has been deleted."))
    return _comments_response(request, comment.article, anchor=f"#komentar-{comment.pk}")


@require_POST
def comment_report(request, pk: int):
    return _report_action(
        request, pk, services.comment_report, Comment.DoesNotExist,
        _("Thank you. A moderator will look at this comment."),
    )  # fmt: skip


@require_POST
def comment_unreport(request, pk: int):
    return _report_action(
        request, pk, services.comment_unreport, CommentReport.DoesNotExist,
        _("Your report has been withdrawn."),
    )  # fmt: skip


def _report_action(request, pk: int, action, missing: type[Exception], done: str):
    """Report or withdraw a report: ``action(user=, comment_id=)``; ``missing`` means 404 and an
    EngagementError (such as reporting one's own comment) a 400."""
    comment = _comment(pk)
    if not request.user.is_authenticated:
        return _to_login(request, comment.article, "#komentar")
    try:
        action(user=request.user, comment_id=comment.pk)
    except missing:
        raise Http404 from None
    except services.EngagementError as exc:
        return HttpResponseBadRequest(exc.message)
    messages.success(request, done)
    return _comments_response(request, comment.article, anchor=f"#komentar-{comment.pk}")


@require_POST
def share(request, pk: int):
    """Called by share.js (navigator.sendBeacon) when a share button is clicked; answers 204."""
    try:
        services.share_record(request=request, article_id=pk, target=request.POST.get("ke", ""))
    except Article.DoesNotExist:
        raise Http404 from None
    except services.EngagementError:
        return HttpResponseBadRequest("unknown share button")
    return HttpResponse(status=204)
