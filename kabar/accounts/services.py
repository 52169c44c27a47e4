"""Writes for accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction


def user_register(*, username: str, email: str, password: str):
    """Create an active reader account; the form has already validated every field."""
    User = get_user_model()
    with transaction.atomic():
        return User.objects.create_user(username=username, email=email, password=password)
