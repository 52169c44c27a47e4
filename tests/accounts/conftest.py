"""The shared account and engagement fixtures: see tests/engagement/fixtures.py."""

from tests.engagement.fixtures import _clean_state, article, other, reader, user_factory  # noqa: F401
