"""`kabar serve` runs the real site under gunicorn; Ctrl-C (SIGINT) stops every process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KABAR_")}
    env.update(
        KABAR_DATA_DIR=str(tmp_path),
        KABAR_DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        KABAR_PORT=str(free_port()),
    )
    subprocess.run(
        [sys.executable, "-m", "kabar.cli", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT, timeout=120
    )
    return env


def test_serve_answers_and_stops_on_sigint(site_env):
    port = site_env["KABAR_PORT"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kabar.cli", "serve", "--workers", "1"],
        env=site_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/admin/login/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.2)
        assert response.status_code == 200
        assert "Content-Security-Policy" in response.headers
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=20) is not None
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/admin/login/", timeout=2)


def test_serve_rejects_bad_workers(site_env):
    result = subprocess.run(
        [sys.executable, "-m", "kabar.cli", "serve", "--workers", "0"],
        env=site_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "--workers must be between 1 and 64" in result.stderr
