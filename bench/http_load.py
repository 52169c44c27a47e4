"""Driving `kabar serve` (gunicorn) for a bench: start it on a free loopback port, send bounded
requests, read the workers' memory, stop it. Traffic only ever goes to 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    """One GET on a new connection (gunicorn's sync workers close every connection anyway)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": f"{HOST}:{port}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Server:
    """`kabar serve --workers N` in the background, its output in a log file."""

    def __init__(self, command: Sequence[str], env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.log = log
        self.command = [*command, "serve", "--workers", str(workers)]
        self.env = {**env, "KABAR_HOST": HOST, "KABAR_PORT": str(self.port)}
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str, timeout: float = 60.0) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kabar serve exited with {self.process.returncode}; see {self.log}")
            try:
                status, body = get(self.port, ready_path, timeout=10)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise RuntimeError(f"GET {ready_path} answered {status}: {body[:300]!r}")
        self.stop()
        raise RuntimeError(f"kabar serve did not answer within {timeout:.0f} s; see {self.log}")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the children of the master (`kabar serve` execs into it)."""
        if self.process is None:
            return []
        master = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The fields after the parenthesised command name: state, ppid, ...
            if int(stat.rpartition(")")[2].split()[1]) == master:
                pids.append(int(entry.name))
        return sorted(pids)

    def worker_memory_mb(self) -> dict[int, dict[str, float]]:
        """pid -> {VmRSS, VmHWM, RssAnon, RssFile} in MB: the resident memory now, its peak, and the
        resident memory split into the process's own (anonymous) pages and file pages (the index's
        memory-mapped files among them, which the page cache shares between the workers)."""
        memory = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            names = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
            memory[pid] = {name: int(fields.get(name, "0 kB").split()[0]) / 1024 for name in names}
        return memory

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def concurrent(
    port: int, paths: Sequence[tuple[str, str]], *, clients: int, per_client: int, budget_s: float
) -> tuple[list[tuple[str, float]], float]:
    """`clients` threads each send up to `per_client` requests, cycling through (label, path) from
    their own starting point, until the budget runs out. Returns ((label, seconds) per request,
    wall time). Each request waits for the previous one of its client: a closed loop."""
    results: list[tuple[str, float]] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + budget_s

    def client(offset: int) -> None:
        mine = []
        for i in range(per_client):
            label, path = paths[(offset + i) % len(paths)]
            started = time.perf_counter()
            status, _ = get(port, path)
            finished = time.perf_counter()
            if status != 200:
                failures.append(f"{status} {path}")
                break
            mine.append((label, finished - started))
            if finished > deadline:
                break
        with lock:
            results.extend(mine)

    threads = [
        threading.Thread(target=client, args=(n * len(paths) // clients,), daemon=True)
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"HTTP failures under load: {failures[:3]}")
    return results, wall


def environment(data_dir: Path) -> dict[str, str]:
    """The environment of every kabar command of a bench: its own data folder and SQLite file."""
    return {
        **os.environ,
        "KABAR_DATA_DIR": str(data_dir),
        "KABAR_DATABASE_URL": f"sqlite:///{data_dir / 'kabar.sqlite3'}",
        "KABAR_DEBUG": "0",
        "KABAR_COUNT_VIEWS": "0",
    }
