"""`kabar recluster [--since DATE]` and `kabar cluster [--follow]`."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kabar.stories.management.commands.cluster import Command as ClusterCommand
from kabar.stories.management.commands.recluster import parse_since
from kabar.stories.models import StoryCursor, StoryMember
from kabar.stories.services import CURSOR, REBUILDING

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_recluster_shows_a_progress_bar_and_a_summary(labelled, store):
    store(labelled[:60])
    out, err = run("recluster", "--workers", "1")
    assert "recluster" in err and "60/60" in err and "articles" in err
    assert out.startswith("clustered 60 articles into ") and "more than one article" in out
    assert StoryMember.objects.count() == 60
    out, err = run("recluster", "--workers", "1", "--no-progress")
    assert err == "" and out.startswith("clustered 60 articles")


def test_recluster_since_a_date(labelled, store):
    store(labelled[:60])
    day = labelled[30]["published_at"].astimezone(UTC).date()
    expected = sum(1 for r in labelled[:60] if r["published_at"] >= parse_since(day.isoformat()))
    out, err = run("recluster", "--since", day.isoformat(), "--workers", "1")
    assert f"{expected}/{expected}" in err
    assert out.startswith(f"clustered {expected} articles published since ")
    assert StoryMember.objects.count() == expected


def test_since_accepts_a_date_or_a_time_and_refuses_anything_else(settings):
    assert parse_since("2025-04-09T03:00:00+00:00") == datetime(2025, 4, 9, 3, 0, tzinfo=UTC)
    assert parse_since("2025-04-09").isoformat().startswith("2025-04-09T00:00:00")
    for bad in ("yesterday", "2025-13-01", "'; DROP TABLE x; --"):
        with pytest.raises(CommandError, match="--since"):
            parse_since(bad)
    with pytest.raises(CommandError, match="--workers"):
        run("recluster", "--workers", "0")


def test_cluster_once_catches_up(labelled, store):
    store(labelled[:25])
    out, _ = run("cluster")
    assert out.startswith("clustered 25 articles (")
    out, _ = run("cluster")
    assert out.startswith("clustered 0 articles")


def test_cluster_refuses_during_a_rebuild(make_article):
    make_article()
    StoryCursor.objects.create(name=CURSOR, seq=REBUILDING)
    with pytest.raises(CommandError, match="recluster"):
        run("cluster")


def test_cluster_follow_keeps_clustering_new_articles(labelled, store):
    store(labelled[:10])
    command = ClusterCommand(stdout=StringIO(), stderr=StringIO())
    rounds = iter([True, True, False])

    def keep_going() -> bool:
        going = next(rounds)
        if going and StoryMember.objects.count() == 10:
            store(labelled[10:15])  # arrives between two passes
        return going

    command.follow(interval=0.1, keep_going=keep_going)
    assert StoryMember.objects.count() == 15
    lines = command.stdout._out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == ["clustered 10 articles", "clustered 5 articles"]


def test_cluster_rejects_a_bad_interval():
    with pytest.raises(CommandError, match="--interval"):
        run("cluster", "--follow", "--interval", "0")
