"""Fixtures shared by the account, engagement and security tests (each conftest imports them)."""

from __future__ import annotations

import pytest

from tests.engagement.helpers import FAST_HASHERS, make_user, reset_engagement_state


@pytest.fixture(autouse=True)
def _clean_state(settings):
    # Hashing with argon2 is slow on purpose; these tests are not about hashing.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    reset_engagement_state()
    yield
    reset_engagement_state()


@pytest.fixture
def article(make_article):
    return make_article(title="Typhoon nears Okinawa", body="The storm is strong.\n\nSchools are closed.")


@pytest.fixture
def reader(db):
    return make_user("hanako")


@pytest.fixture
def other(db):
    return make_user("taro")


@pytest.fixture
def user_factory(db):
    return make_user
