"""Stories (copies of one wire story in several outlets), their members and the LSH band table.

Everything here is derived from the articles and can be rebuilt with ``kabar recluster``.
"""

from __future__ import annotations

from django.db import models

from kabar.articles.models import Article

ORIGIN_MAX = 40


class Story(models.Model):
    """One story and its copies. Every clustered article is in exactly one story (size 1 if alone)."""

    # The earliest published member (ties: lowest id); null only while an article is being deleted.
    representative = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin = models.CharField(max_length=ORIGIN_MAX, blank=True, default="")  # "Kyodo", or "" if unknown
    size = models.PositiveIntegerField(default=1)
    outlet_count = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField()  # publication time of the earliest member
    last_updated = models.DateTimeField()  # publication time of the latest member

    class Meta:
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["-last_updated"], name="story_last_updated")]

    def __str__(self) -> str:
        return f"story {self.pk} ({self.size})"


class StoryMember(models.Model):
    """An article's place in a story, and its fingerprint, so that later articles can be compared
    with it without reading its text again."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="story_member"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    seq = models.BigIntegerField()  # the article's change number when it was clustered
    published_at = models.DateTimeField()
    origin = models.CharField(max_length=ORIGIN_MAX, blank=True, default="")
    signature = models.BinaryField()  # MinHash values, little-endian uint32
    shingles = models.PositiveIntegerField()
    marks = models.TextField(blank=True, default="")  # numbers, names, title words (fingerprint.py)
    joined_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"article {self.article_id} in story {self.story_id}"


class StoryBand(models.Model):
    """One LSH band of one article's MinHash: articles sharing (band, key) within a few days are
    candidates. The primary key is the lookup index (one seek per day and band). It starts with the
    day so that rows are written in order as time goes on: a rebuild appends instead of touching
    every page of a big index, and the recent days a lookup reads stay in the cache."""

    pk = models.CompositePrimaryKey("day", "band", "key", "article")
    band = models.SmallIntegerField()
    key = models.BigIntegerField()
    day = models.IntegerField()  # publication day, days since 1970-01-01 UTC
    # No constraint and no index: rows are removed by their full key (the member keeps the
    # signature they came from), and a deleted article's leftover rows are skipped (no member).
    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    def __str__(self) -> str:
        return f"band {self.band} of article {self.article_id}"


class StoryCursor(models.Model):
    """How far the clustering has followed the article change sequence (``Article.seq``)."""

    name = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.seq}"
