"""View counting in the real deployment shape: gunicorn with two workers on a SQLite file.

Each worker buffers views in memory and flushes them from its own thread; the DailyMark unique
constraint makes a visitor count once even when both workers saw them. Counts must appear within
10 seconds, and stopping the server must not lose or double them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 visitor/{n}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def view_count(db_path, article_id: int) -> int:
    with sqlite3.connect(db_path, timeout=20) as db:
        return db.execute("SELECT view_count FROM articles_article WHERE id = ?", (article_id,)).fetchone()[0]


def test_two_gunicorn_workers_count_each_visitor_once_within_ten_seconds(tmp_path):
    db_path = tmp_path / "site.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kabar.settings",
        "KABAR_DATA_DIR": str(tmp_path),
        "KABAR_DATABASE_URL": f"sqlite:///{db_path}",
        "KABAR_REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    setup = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "engagement" / "site_setup.py")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    article = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kabar.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        url = base + article["path"]
        # 12 visitors, 5 requests each on fresh connections, so both workers see most visitors.
        for _round in range(5):
            for n in range(12):
                response = httpx.get(url, headers={"User-Agent": BROWSER.format(n=n)}, timeout=10)
                assert response.status_code == 200
        for bot in ("Googlebot/2.1", "curl/8.5"):
            httpx.get(url, headers={"User-Agent": bot}, timeout=10)
        httpx.get(url, headers={"User-Agent": BROWSER.format(n=99), "Sec-Purpose": "prefetch"}, timeout=10)
        last_request = time.monotonic()
        while view_count(db_path, article["id"]) < 12 and time.monotonic() - last_request < 12:
            time.sleep(0.2)
        lag = time.monotonic() - last_request
        assert view_count(db_path, article["id"]) == 12
        assert lag <= 10
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    assert view_count(db_path, article["id"]) == 12
