"""The template context of the like area, the comments section and the share buttons.

Used both by the template tags (the article page) and by the engagement views (htmx partials)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url

from kabar.engagement.models import COMMENT_MAX_CHARS
from kabar.engagement.selectors import comment_thread, like_text, user_likes
from kabar.engagement.services import EDIT_WINDOW


def login_url(article, anchor: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': article.get_absolute_url() + anchor})}"


def like_context(request, article, *, liked: bool | None = None) -> dict:
    if liked is None:
        liked = user_likes(user=request.user, article_id=article.pk)
    return {
        "article": article,
        "liked": liked,
        "like_text": like_text(count=article.like_count, liked=liked),
        "login_url": login_url(article, "#suka"),
    }


def comments_context(request, article, *, failed: dict | None = None) -> dict:
    """``failed``: the form that was refused, to show again with its text and error:
    {"where": "new" | "reply" | "edit", "target": comment id or None, "text": ..., "error": ...}."""
    return {
        "article": article,
        # No visible comment means nothing worth a query: placeholders alone are not shown.
        "items": comment_thread(article_id=article.pk, user=request.user) if article.comment_count else [],
        "failed": failed or {},
        "max_chars": COMMENT_MAX_CHARS,
        "edit_minutes": int(EDIT_WINDOW.total_seconds() // 60),
        "login_url": login_url(article, "#komentar"),
    }


def share_links(*, url: str, title: str) -> list[tuple[str, str, str]]:
    """(key, label, address) of each platform's public share page; no scripts from them."""
    text = f"{title} {url}"
    return [
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("x", "X", "https://x.com/intent/tweet?" + urlencode({"url": url, "text": title})),
        ("telegram", "Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
    ]


def share_context(request, article, url: str) -> dict:
    return {"article": article, "share_url": url, "links": share_links(url=url, title=article.title)}
