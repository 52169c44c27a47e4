"""`kabar import` / `kabar export` end to end: the real command in a subprocess.

A subprocess cannot see pytest's test database, so these tests give it its own SQLite file in a
temporary folder (and migrate it first).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

_SCRIPT = Path(sys.executable).with_name("kabar")
KABAR = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kabar.cli"]


def line(n: int, **overrides) -> bytes:
    data = {
        "url": f"https://mainichi.jp/english/articles/2025/{n}",
        "title": f"Yen weakens {n}",
        "source": "mainichi",
        "published_at": f"2025-04-{n:02d}T09:00:00+09:00",
        "body": "Tokyo stocks fell.\n\nThe yen weakened.",
        "image_caption": "Kabuto-cho, Tokyo." if n % 2 else "",
    }
    data.update(overrides)
    return json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n"


class Site:
    """A temporary data folder with its own migrated SQLite database."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.env = {
            **os.environ,
            "KABAR_DATA_DIR": str(folder),
            "KABAR_DATABASE_URL": f"sqlite:///{folder / 'kabar.sqlite3'}",
        }
        self.run("migrate", "--noinput", "-v", "0", check=True)

    def run(self, *args: str, stdin: bytes | None = None, check: bool = False) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*KABAR, *args], input=stdin, capture_output=True, env=self.env, timeout=120, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"kabar {' '.join(args)} failed: {done.stderr.decode()}")
        return done


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site(tmp_path_factory.mktemp("kabar-cli") / "site")


def test_import_reports_bad_lines_counts_and_exit_status(site, tmp_path):
    first = tmp_path / "first.jsonl"
    first.write_bytes(line(1) + line(2, title="Gempa di Noto — 能登"))
    done = site.run("import", "--create-sources", str(first))
    assert (done.returncode, done.stdout, done.stderr) == (0, b"imported 2, updated 0, rejected 0\n", b"")

    second = tmp_path / "second.jsonl"
    second.write_bytes(
        line(1)  # unchanged
        + b"\n"  # blank: skipped silently
        + b'{"url": "https://mainichi.jp/x", "title": \n'
        + line(2, title="Gempa di Noto (diperbarui)")  # updated
        + line(3, source="nope")
        + line(4, title="café").replace("café".encode(), b"caf\xe9")  # Latin-1, not UTF-8
        + line(5, published_at="2025-04-05 09:00")
        + line(6)  # new
    )
    done = site.run("import", str(second))
    assert done.stderr.decode().splitlines() == [
        "line 3: invalid JSON (Expecting value at column 43)",
        'line 5: unknown source "nope" (use --create-sources to create it)',
        "line 6: not valid UTF-8",
        'line 7: bad date in "published_at": no UTC offset '
        "(expected ISO 8601 with a UTC offset, e.g. 2025-04-09T08:30:00+09:00)",
    ]
    assert done.stdout == b"imported 1, updated 1, rejected 4\nunchanged 1\n"
    assert done.returncode == 1

    done = site.run("import", "-", stdin=line(7) + line(1))
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        b"imported 1, updated 0, rejected 0\nunchanged 1\n",
        b"",
    )


def test_missing_file_is_a_one_line_error(site, tmp_path):
    done = site.run("import", str(tmp_path / "absent.jsonl"))
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"CommandError: cannot read {tmp_path / 'absent.jsonl'}: No such file or directory"
    ]
    done = site.run("export", "--since", "soon", "-")
    assert done.returncode == 1 and done.stdout == b""
    assert len(done.stderr.decode().splitlines()) == 1


def test_export_then_import_into_a_new_database_round_trips(site, tmp_path):
    source_file = tmp_path / "in.jsonl"
    source_file.write_bytes(
        b"".join(line(n) for n in range(10, 20)) + line(20, published_at="2025-04-19T09:00:00+09:00")
    )
    site.run("import", "--create-sources", str(source_file), check=True)
    exported = tmp_path / "export.jsonl"
    done = site.run("export", str(exported))
    assert done.returncode == 0 and done.stdout.startswith(b"exported ")
    piped = site.run("export", "-")
    assert piped.stdout == exported.read_bytes() and piped.stderr == done.stdout

    fresh = Site(tmp_path / "fresh")
    done = fresh.run("import", "--create-sources", str(exported))
    assert done.returncode == 0, done.stderr
    again = fresh.run("export", "-", check=True)
    assert again.stdout == exported.read_bytes()


def test_progress_bar_appears_on_a_terminal_only(site, tmp_path):
    path = tmp_path / "bar.jsonl"
    path.write_bytes(b"".join(line(n, url=f"https://mainichi.jp/bar/{n}") for n in range(1, 29)))
    done = site.run("import", str(path))
    assert done.stderr == b""  # not a terminal: no bar

    # stderr on a pseudo-terminal: the bar is drawn there, the summary still goes to stdout.
    main, child = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, where tqdm draws nothing; give it a real size.
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([*KABAR, "import", str(path)], stdout=subprocess.PIPE, stderr=child, env=site.env)
    os.close(child)
    drawn = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closes when the command exits
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main)
    out = proc.stdout.read()
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert out == b"imported 0, updated 0, rejected 0\nunchanged 28\n"
    assert b"import" in drawn and b"100%" in drawn
