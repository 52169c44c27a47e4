"""The index writers as separate processes (issue 4 §1): `kabar index` and `kabar reindex` killed
with kill -9 at random points, several times, while articles keep changing; a restart converges to
exactly the articles of the window. And `kabar index --follow` makes a new or changed article
searchable within 5 seconds."""

from __future__ import annotations

import contextlib
import json
import os
import random
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kabar.search import engine
from kabar.search import schema as s
from kabar.search.query import parse
from tests.conftest import ROOT, skip_or_fail

pytestmark = pytest.mark.slow

KABAR = Path(sys.executable).parent / "kabar"
ARTICLES, KILLS = 8000, 6

SETUP = """
import random
from datetime import timedelta
from django.utils import timezone
from kabar.articles.services import ArticleData, article_upsert_many
from kabar.sources.models import MediaGroup, Source
group = MediaGroup.objects.create(slug="media-jepang", name="Media Jepang", position=1)
source = Source.objects.create(slug="mainichi", name="Mainichi", group=group, homepage="https://mainichi.jp/")
rng = random.Random(ARGS["seed"])
words = "tokyo rice bank train minister typhoon quake election yen sumo".split()
now = timezone.now()
items = [
    ArticleData(
        url=f"https://mainichi.jp/a/{n}",
        source_id=source.pk,
        title=" ".join(rng.choices(words, k=5)),
        body=" ".join(rng.choices(words, k=40)),
        # About one in ten is older than the window.
        published_at=now - timedelta(minutes=rng.randrange(400 * 24 * 60)),
    )
    for n in range(ARGS["count"])
]
article_upsert_many(items=items)
"""

CHANGE = """
import random
from datetime import timedelta
from django.utils import timezone
from kabar.articles.models import Article
from kabar.articles.services import ArticleData, article_upsert_many
rng = random.Random(ARGS["seed"])
now = timezone.now()
existing = list(Article.objects.order_by("id").values_list("url", "source_id"))
chosen = rng.sample(existing, min(ARGS["k"], len(existing)))
items = []
for n, (url, source_id) in enumerate(chosen):
    # New text, new dates inside and outside the window, and brand-new articles.
    days = rng.choice([1, 30, 200, 390])
    items.append(ArticleData(url=url, source_id=source_id, title=f"changed {ARGS['seed']} {n}",
                             body="edited body", published_at=now - timedelta(days=days)))
    items.append(ArticleData(url=f"{url}/new-{ARGS['seed']}", source_id=source_id, title="fresh story",
                             published_at=now - timedelta(hours=n)))
article_upsert_many(items=items)
"""

CHECK = """
import json
from django.utils import timezone
from kabar.articles.models import Article
from kabar.search import engine, schema as s
from kabar.search.query import parse
start = s.window_start(timezone.now())
reader = engine.reader()
print(json.dumps({
    "index": engine.all_ids(reader, parse(""), engine.Filters(lower=start)),
    "docs": reader.searcher().num_docs,
    "db": list(Article.objects.filter(published_at__gte=start).values_list("id", flat=True)),
}))
"""


class Env:
    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.environ = {
            **os.environ,
            "KABAR_DATABASE_URL": database_url,
            "KABAR_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "kabar.settings",
            "PYTHONPATH": str(ROOT),
        }

    def kabar(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(KABAR), *args], env=self.environ, capture_output=True, text=True, timeout=timeout, check=True
        )

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [str(KABAR), *args], env=self.environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def python(self, code: str, **args) -> str:
        script = f"import django\ndjango.setup()\nARGS = {args!r}\n{code}"
        done = subprocess.run(
            [sys.executable, "-c", script], env=self.environ, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@contextlib.contextmanager
def environment(tmp_path: Path) -> Iterator[Env]:
    """A database of this test's own, of the kind the test run uses (SQLite file or PostgreSQL)."""
    from django.conf import settings

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        env = Env(f"sqlite:///{tmp_path / 'crash.sqlite3'}", data_dir)
        env.kabar("migrate", "--noinput", "-v", "0")
        yield env
        return
    import psycopg

    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    try:
        admin = psycopg.connect(f"{server}/postgres", password=db.get("PASSWORD") or None, autocommit=True)
    except psycopg.Error as exc:
        skip_or_fail(f"PostgreSQL is not available ({type(exc).__name__})")
        return
    name = f"kabar_index_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = Env(f"{server}/{name}", data_dir)
            env.kabar("migrate", "--noinput", "-v", "0")
            yield env
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_kill_9_at_random_points_then_restart_converges(tmp_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    with environment(tmp_path) as env:
        env.python(SETUP, seed=seed, count=ARTICLES)
        env.kabar("index")  # then every kill lands on a sync or a rebuild of a live index
        victims = []
        for kill in range(KILLS):
            command = rng.choice(
                [
                    ("index", "--commit-every", "300"),
                    ("reindex", "--no-progress"),
                    ("index", "--follow", "--interval", "0.2", "--commit-every", "300"),
                ]
            )
            before = progress_marks(env)
            worker = env.popen(*command)
            # Kill once it is visibly at work (a new commit or a new generation), a little later.
            deadline = time.monotonic() + 20
            while progress_marks(env) == before and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.6))
            worker.kill()  # SIGKILL: no cleanup of any kind
            worker.communicate(timeout=30)
            victims.append(f"{command[0]}:{'killed' if worker.returncode == -9 else 'finished'}")
            env.python(CHANGE, seed=seed + kill, k=1500)
        final = env.kabar("index")
        result = json.loads(env.python(CHECK))
    context = f"seed {seed}, victims {victims}, final: {final.stdout}"
    assert len(result["index"]) == len(set(result["index"])), context
    assert sorted(result["index"]) == sorted(result["db"]), context
    assert result["docs"] == len(result["db"]), context
    generations = [p.name for p in (tmp_path / "data" / "index").glob("gen-*")]
    assert len(generations) == 1, (generations, context)
    assert sum("killed" in v for v in victims) * 2 >= KILLS, context  # most of them died mid-work


def progress_marks(env: Env) -> tuple:
    root = env.data_dir / "index"
    generations = sorted(p.name for p in root.glob("gen-*"))
    current = s.current_generation(root)
    state = s.read_state(current) if current else None
    return (generations, state.seq if state else None)


def test_the_follower_makes_changes_searchable_within_5_seconds(tmp_path):
    with environment(tmp_path) as env:
        env.python(SETUP, seed=1, count=50)
        follower = env.popen("index", "--follow", "--interval", "2")
        try:
            reader = engine.Reader(env.data_dir / "index")
            wait_until(lambda: ids(reader, "tokyo"), timeout=60)  # the first build
            second = env.popen("index", "--follow")  # one follower at a time
            assert second.wait(timeout=60) != 0
            assert "already running" in second.stderr.read()

            env.python(CHANGE, seed=7, k=40)
            started = time.monotonic()
            wait_until(lambda: ids(reader, '"changed 7"'), timeout=5)
            assert time.monotonic() - started <= 5
            assert len(ids(reader, '"fresh story"')) == 40
            assert ids(reader, '"edited body"')  # changed texts replaced the old ones
        finally:
            follower.kill()
            follower.communicate(timeout=30)


def ids(reader: engine.Reader, q: str) -> list[int]:
    from django.utils import timezone

    try:
        return engine.all_ids(reader, parse(q), engine.Filters(lower=s.window_start(timezone.now())))
    except engine.IndexUnavailable:
        return []


def wait_until(check, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s")
