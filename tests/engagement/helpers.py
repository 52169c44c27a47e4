"""Shared by the engagement, accounts, security and browser tests."""

from __future__ import annotations

PASSWORD = "Sakura-mekar-2025!"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(name: str, **extra):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=name, email=f"{name}@example.com", password=PASSWORD, **extra
    )


def reset_engagement_state() -> None:
    """The cache (login throttle) and this process's view buffer are shared by every test."""
    from django.core.cache import cache

    from kabar.engagement.visits import views_reset

    cache.clear()
    views_reset()


def counters(article_id: int) -> dict[str, int]:
    from kabar.articles.models import Article

    a = Article.objects.get(pk=article_id)
    return {
        "views": a.view_count,
        "likes": a.like_count,
        "comments": a.comment_count,
        "shares": a.share_count,
    }
