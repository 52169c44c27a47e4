"""GET /api/v1/stories: the top stories (one report run by several outlets)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from kabar.api.errors import ApiError, ErrorOut
from kabar.api.schemas import TopStoryOut, story_out
from kabar.stories.selectors import TOP_HOURS, top_stories

router = Router(tags=["stories"])

MAX_DAYS_BACK = 31  # the ranking reads every story updated since then; a month is plenty


class StoryList(Schema):
    since: datetime = Field(description="Stories with a version published at or after this time.")
    results: list[TopStoryOut]


@router.get(
    "/stories",
    response={200: StoryList, 400: ErrorOut},
    summary="Top stories",
    description=(
        "Stories (the same report in several outlets) with a version published since `since`, "
        f"most outlets first, then the most recently updated. `since` defaults to {TOP_HOURS} hours "
        f"ago and may go back at most {MAX_DAYS_BACK} days; a time in the future is a 400 error "
        "(code `invalid_since`)."
    ),
)
def list_stories(
    request,
    since: datetime | None = Query(None, description="ISO 8601 time, e.g. `2025-04-09T00:00:00+09:00`."),
    min_outlets: int = Query(2, ge=1, le=100, description="Only stories run by at least this many outlets."),
    limit: int = Query(20, ge=1, le=100, description="At most this many stories."),
):
    now = timezone.now()
    if since is None:
        since = now - timedelta(hours=TOP_HOURS)
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    if since > now:
        raise ApiError(400, "invalid_since", "since is in the future.")
    since = max(since, now - timedelta(days=MAX_DAYS_BACK))
    stories = top_stories(since=since, limit=limit, min_outlets=min_outlets)
    return {"since": since, "results": [story_out(request, s) for s in stories]}
