"""GET /api/v1/articles/{id}/comments: the comments readers see, oldest first, with replies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Path, Router, Schema

from kabar.api.errors import ApiError, ErrorOut
from kabar.articles.models import Article
from kabar.engagement.selectors import ThreadItem, comment_thread

router = Router(tags=["comments"])

MAX_ID = 2**63 - 1


class CommentOut(Schema):
    id: int
    state: Literal["visible", "deleted", "hidden"] = Field(
        description=(
            "`visible`; `deleted` by its author or `hidden` by a moderator, kept only as a "
            "placeholder so its replies keep their place (no author, empty body)."
        )
    )
    author: str | None = Field(
        description="The author's username; null for placeholders and removed accounts."
    )
    body: str = Field(description="Plain text; line breaks are kept. Never HTML.")
    created: datetime
    edited: datetime | None = Field(description="When the author last edited it; null if never.")
    replies: list[CommentOut] = Field(description="Replies, oldest first (one level: replies have none).")


CommentOut.model_rebuild()


class CommentsOut(Schema):
    article_id: int
    count: int = Field(description="Visible comments, replies included (the article's comment counter).")
    comments: list[CommentOut] = Field(description="Top-level comments, oldest first.")


def _comment_out(item: ThreadItem) -> dict:
    comment = item.comment
    shown = not item.placeholder
    return {
        "id": comment.pk,
        "state": item.placeholder or "visible",
        "author": comment.author.get_username() if shown and comment.author else None,
        "body": comment.body if shown else "",
        "created": comment.created_at,
        "edited": comment.edited_at if shown else None,
        "replies": [_comment_out(reply) for reply in item.replies],
    }


@router.get(
    "/articles/{int:id}/comments",
    response={200: CommentsOut, 404: ErrorOut},
    summary="Comments on an article",
    description=(
        "Every comment readers can see, oldest first, each with its replies. Comments hidden by a "
        "moderator are left out. An article id that does not exist is a 404 error (code `not_found`)."
    ),
)
def list_comments(request, id: int = Path(..., description="The article's id.")):
    article = Article.objects.filter(pk=id).only("pk", "comment_count").first() if 1 <= id <= MAX_ID else None
    if article is None:
        raise ApiError(404, "not_found", f"No article with id {id}.")
    return {
        "article_id": article.pk,
        "count": article.comment_count,
        "comments": [_comment_out(item) for item in comment_thread(article_id=article.pk)],
    }
