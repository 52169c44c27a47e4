from __future__ import annotations

from django.db import models
from django.db.models import Q


class MediaGroup(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "media group"

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    group = models.ForeignKey(MediaGroup, on_delete=models.PROTECT, related_name="sources")
    homepage = models.URLField(max_length=500)
    language = models.CharField(max_length=10, default="en")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        RDF = "rdf", "RDF"
        JSON = "json", "JSON"
        SITEMAP = "sitemap", "Sitemap"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=1000)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RSS)
    active = models.BooleanField(default=True)
    # Crawler state (filled in by the crawler).
    etag = models.CharField(max_length=500, blank=True, default="")
    last_modified = models.CharField(max_length=100, blank=True, default="")
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    last_success_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True, default="")
    lease_owner = models.CharField(max_length=100, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source__name", "url"]
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="feed_unique_source_url"),
            models.CheckConstraint(
                condition=Q(kind__in=["rss", "atom", "rdf", "json", "sitemap"]), name="feed_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.url
