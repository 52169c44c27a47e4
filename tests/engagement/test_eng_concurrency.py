"""50 simultaneous like requests from one reader end in exactly one like, on SQLite and PostgreSQL;
counters stay equal to their rows under concurrent comments and concurrent view flushes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import ROOT
from tests.engagement import concurrency_scenario
from tests.engagement.helpers import make_user


def check(result: dict) -> None:
    assert result["errors"] == []
    assert result["like_rows"] == 1 and result["like_count"] == 1
    assert result["mix_rows"] in (0, 1) and result["mix_count"] == result["mix_rows"]
    assert result["comment_rows"] == result["comment_count"] == 20
    assert result["view_marks"] == result["view_count"] == 300


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_on_this_database(make_article, tmp_path):
    if connection.vendor == "sqlite":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kabar.settings",
            "KABAR_DATA_DIR": str(tmp_path),
            "KABAR_DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "engagement" / "concurrency_scenario.py")],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        check(json.loads(done.stdout.strip().splitlines()[-1]))
        return
    article = make_article()
    users = [make_user(f"pembaca{n}") for n in range(20)]
    check(concurrency_scenario.run(article_id=article.pk, user_ids=[u.pk for u in users]))
