"""Strictly increasing change numbers, handed out in commit order."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from kabar.core.models import Sequence

ARTICLE_SEQ = "article"


def sequence_reserve(*, name: str, count: int = 1) -> int:
    """Reserve ``count`` numbers and return the first; the caller must be inside a transaction."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_reserve() must run inside transaction.atomic()")
    updated = Sequence.objects.filter(name=name).update(value=F("value") + count)
    if not updated:
        Sequence.objects.get_or_create(name=name, defaults={"value": 0})
        Sequence.objects.filter(name=name).update(value=F("value") + count)
    last = Sequence.objects.values_list("value", flat=True).get(name=name)
    return last - count + 1


def sequence_current(*, name: str) -> int:
    return Sequence.objects.filter(name=name).values_list("value", flat=True).first() or 0
