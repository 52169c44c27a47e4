from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from kabar.sources.models import Source

# Size limits shared by the importer, the crawler and the admin.
LIMITS = {
    "url": 1000,
    "guid": 500,
    "title": 500,
    "summary": 5_000,
    "body": 200_000,
    "author": 300,
    "image_url": 1000,
    "image_caption": 1_000,
    "language": 10,
}


class Article(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=LIMITS["url"], unique=True)
    guid = models.CharField(max_length=LIMITS["guid"], blank=True, default="")
    title = models.CharField(max_length=LIMITS["title"])
    summary = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")
    author = models.CharField(max_length=LIMITS["author"], blank=True, default="")
    published_at = models.DateTimeField()
    fetched_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    image_url = models.CharField(max_length=LIMITS["image_url"], blank=True, default="")
    image_caption = models.CharField(max_length=LIMITS["image_caption"], blank=True, default="")
    language = models.CharField(max_length=LIMITS["language"], default="en")
    is_demo = models.BooleanField(default=False)
    summary_only = models.BooleanField(default=False)
    view_count = models.BigIntegerField(default=0)
    like_count = models.BigIntegerField(default=0)
    comment_count = models.BigIntegerField(default=0)
    share_count = models.BigIntegerField(default=0)
    # Change sequence: bumped on every insert or content change; the search index tails it.
    seq = models.BigIntegerField(unique=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_newest"),
            models.Index(fields=["source", "-published_at"], name="article_source_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(view_count__gte=0), name="article_view_count_gte_0"),
            models.CheckConstraint(condition=Q(like_count__gte=0), name="article_like_count_gte_0"),
            models.CheckConstraint(condition=Q(comment_count__gte=0), name="article_comment_count_gte_0"),
            models.CheckConstraint(condition=Q(share_count__gte=0), name="article_share_count_gte_0"),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(url=""), name="article_url_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:article", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80].strip("-") or "berita"

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
