"""Article-page throughput with view counting on and off (issue 5, section 4).

    .venv/bin/python bench/views_bench.py [--quick] [--seconds 10] [--rounds 2] [--connections 16]

Builds a throwaway SQLite site (articles with comments) in a temporary folder, then for each of
KABAR_COUNT_VIEWS=0 and =1 starts `kabar serve` (gunicorn, 2 workers, as in production) on a free
loopback port and drives it with wrk (Debian package `wrk`). Every request asks for a random article
as a random one of 50,000 visitors, so nearly every request is a new view: the worst case for
counting. The readers are anonymous, so pages come from the page cache (kabar/web/pagecache.py) as
they would in production; with a random article each time, every article's page is still built
again every few seconds. Off and on alternate for --rounds rounds and the best of each is kept; the
CPU the server used per page is shown too, as it hardly depends on other work on the machine. In
the last "on" run a probe measures how long fresh views take to reach the database (at most 10 s
allowed), and at the end the counters are checked against the day's marks.

Prints one markdown table with the verdicts against the targets (on >= 1,000 req/s and >= 70 % of
off) and writes it to the "views" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import report

ROOT = Path(__file__).resolve().parent.parent
KABAR = Path(sys.executable).with_name("kabar")
HOST = "127.0.0.1"
TARGET_RPS = 1000
TARGET_RATIO = 0.70
MAX_LAG_S = 10.0

# wrk runs this per request: a random article, a random visitor (a distinct browser user agent).
WRK_SCRIPT = """
local paths = {%s}
math.randomseed(os.time())
request = function()
  local path = paths[math.random(#paths)]
  local agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 pembaca/"
    .. math.random(1, 50000)
  return wrk.format("GET", path, {["User-Agent"] = agent})
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def build_site(env: dict[str, str], articles: int) -> list[str]:
    """Migrate and fill the site in a child process (settings come from the environment)."""
    code = f"""
import django, json
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.utils import timezone
from kabar.articles.services import ArticleData, article_upsert_many
from kabar.engagement.services import comment_create
from kabar.sources.models import MediaGroup, Source
call_command("migrate", verbosity=0)
group = MediaGroup.objects.create(slug="media-jepang", name="Media Jepang", position=1)
source = Source.objects.create(slug="mainichi", name="Mainichi", group=group, homepage="https://mainichi.jp/")
now = timezone.now()
body = "\\n\\n".join(["Paragraph %d of a news story about Japan, long enough to look real. " % n * 3 for n in range(8)])
items = [ArticleData(url=f"https://mainichi.jp/english/articles/{{n}}", source_id=source.pk,
                     title=f"Typhoon nears Okinawa, report {{n}}", body=body, summary="A typhoon nears Okinawa.",
                     image_url="/static/kabar/demo/weather.svg", image_caption="Waves hit the coast",
                     published_at=now - timedelta(minutes=n)) for n in range({articles})]
article_upsert_many(items=items)
readers = [get_user_model().objects.create_user(f"pembaca{{n}}", password=None) for n in range(3)]
from kabar.articles.models import Article
paths = []
for article in Article.objects.order_by("pk"):
    for n, reader in enumerate(readers):
        comment_create(user=reader, article_id=article.pk, body=f"Komentar {{n}}: semoga aman.",
                       now=now - timedelta(days=article.pk + 1, minutes=n))
    paths.append(article.get_absolute_url())
print(json.dumps(paths))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"building the site failed:\n{done.stderr[-3000:]}")
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def record_cost_us(env: dict[str, str]) -> float:
    """Microseconds of CPU one view_record call costs (new visitors each time), measured in-process."""
    code = """
import django, time
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from kabar.engagement.visits import view_record, views_reset
factory = RequestFactory()
requests = []
for n in range(20000):
    request = factory.get("/berita/1/x/", HTTP_USER_AGENT=f"Mozilla/5.0 Firefox/128.0 pembaca/{n}")
    request.user = AnonymousUser()
    requests.append(request)
started = time.process_time()
for n, request in enumerate(requests):
    view_record(request=request, article_id=1 + n % 200)
print((time.process_time() - started) / len(requests) * 1e6)
views_reset()
"""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring view_record failed:\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.env = {**env, "KABAR_HOST": HOST, "KABAR_PORT": str(self.port)}
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(KABAR), "serve", "--workers", "2"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"kabar serve exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"kabar serve did not start; see {self.log}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the gunicorn master and its workers."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            pid, ppid = int(entry.name), int(fields[1])
            if self.process is not None and self.process.pid in (pid, ppid):
                total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # workers flush their last views on the way out
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wrk(port: int, script: Path, *, seconds: int, connections: int) -> tuple[float, int]:
    shown = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), f"http://{HOST}:{port}/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", shown)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses:\n{shown}")
    requests = int(re.search(r"(\d+) requests in", shown).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", shown).group(1)), requests


PROBES = 20


def probe_lag(port: int, path: str, db: Path) -> float | None:
    """Seconds until PROBES fresh visitors of an article nobody else reads show in its view_count."""
    for n in range(PROBES):
        request = urllib.request.Request(
            f"http://{HOST}:{port}{path}", headers={"User-Agent": f"Mozilla/5.0 Firefox/128.0 probe/{n}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
    sent = time.monotonic()
    article_id = int(path.split("/")[2])
    while time.monotonic() - sent < 30:
        with sqlite3.connect(db, timeout=30) as conn:
            views = conn.execute(
                "SELECT view_count FROM articles_article WHERE id = ?", (article_id,)
            ).fetchone()[0]
        if views >= PROBES:
            return time.monotonic() - sent
        time.sleep(0.1)
    return None


def counted(db: Path) -> tuple[int, int]:
    """(sum of view_count, view marks): equal once every worker has flushed."""
    with sqlite3.connect(db, timeout=30) as conn:
        total = conn.execute("SELECT COALESCE(SUM(view_count), 0) FROM articles_article").fetchone()[0]
        marks = conn.execute("SELECT COUNT(*) FROM engagement_dailymark WHERE kind = 'v'").fetchone()[0]
    return total, marks


def verdicts(rates: dict[str, float], lag: float | None, counts: tuple[int, int]) -> dict[str, bool]:
    on, off = rates["on"], rates["off"]
    return {
        "rate": on >= TARGET_RPS,
        "ratio": off > 0 and on / off >= TARGET_RATIO,
        "lag": lag is not None and lag <= MAX_LAG_S,
        "counts": counts[0] == counts[1],
    }


def summary(
    *,
    articles: int,
    wrk_args: str,
    rates: dict[str, float],
    cpu_ms: dict[str, float],
    lag: float | None,
    counts: tuple[int, int],
    record_us: float,
    load: tuple[str, str],
) -> str:
    """One markdown table with every number and its verdict (bench/run.py keeps the last table)."""
    met = verdicts(rates, lag, counts)
    cores = os.cpu_count() or 1

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    def capacity(label: str) -> float:
        return cores * 1000 / cpu_ms[label] if cpu_ms[label] else 0.0

    on, off = rates["on"], rates["off"]
    flushed = f"{lag:.1f} s" if lag is not None else "not within 30 s"
    rows = [
        ["article pages/s (wrk)", f"{off:,.0f}", f"{on:,.0f}", f"on ≥ {TARGET_RPS:,}", verdict(met["rate"])],
        ["on / off", "", f"{on / off:.0%}" if off else "–", f"≥ {TARGET_RATIO:.0%}", verdict(met["ratio"])],
        ["server CPU per page", f"{cpu_ms['off']:.2f} ms", f"{cpu_ms['on']:.2f} ms", "", ""],
        [
            f"pages/s if all {cores} CPUs were kabar's",
            f"{capacity('off'):,.0f}",
            f"{capacity('on'):,.0f}",
            f"on ≥ {TARGET_RPS:,}",
            verdict(capacity("on") >= TARGET_RPS),
        ],
        ["CPU of one view_record (new visitor)", "", f"{record_us:.1f} µs", "", ""],
        [
            f"{PROBES} fresh views in the database after",
            "",
            flushed,
            f"≤ {MAX_LAG_S:.0f} s",
            verdict(met["lag"]),
        ],
        [
            "views counted = day marks after stopping",
            "",
            f"{counts[0]:,} = {counts[1]:,}",
            "equal",
            verdict(met["counts"]),
        ],
    ]
    head = (
        f"SQLite, {articles} articles, wrk {wrk_args}, `kabar serve --workers 2`, a random article as "
        f"one of 50,000 visitors per request; load average {load[0]} before, {load[1]} after "
        f"({cores} CPUs, shared with other work)"
    )
    return report.table([head, "counting off", "counting on", "target", "verdict"], rows, "lrrll")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5-second runs instead of 10")
    parser.add_argument("--seconds", type=int, default=10, help="length of each measured wrk run")
    parser.add_argument("--connections", type=int, default=16, help="open connections wrk keeps busy")
    parser.add_argument("--articles", type=int, default=200, help="articles in the throwaway site")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating off/on rounds; the best of each counts"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary site and server logs")
    args = parser.parse_args()
    seconds = 5 if args.quick else args.seconds
    rounds = 1 if args.quick else args.rounds
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="kabar-views-bench-"))
    try:
        db = folder / "bench.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kabar.settings",
            "KABAR_DATA_DIR": str(folder),
            "KABAR_DATABASE_URL": f"sqlite:///{db}",
            "KABAR_REDIS_URL": "",
            "KABAR_DEBUG": "0",
            "KABAR_ALLOWED_HOSTS": f"{HOST},localhost",
        }
        paths = build_site(env, args.articles)
        load_before = f"{os.getloadavg()[0]:.2f}"
        # The last article is kept out of wrk's list: the lag probe counts views of it alone.
        probe_path, paths = paths[-1], paths[:-1]
        script = folder / "visitors.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
        rates: dict[str, float] = {"off": 0.0, "on": 0.0}
        cpu_ms: dict[str, float] = {"off": float("inf"), "on": float("inf")}
        lag = None
        # Rounds alternate off and on, and the best of each is kept, so a burst of other work on
        # the machine does not decide the comparison.
        for round_number in range(rounds):
            for label, flag in (("off", "0"), ("on", "1")):
                log = folder / f"serve-{label}-{round_number}.log"
                with Server({**env, "KABAR_COUNT_VIEWS": flag}, log) as server:
                    wrk(server.port, script, seconds=2, connections=args.connections)  # warm-up
                    before = server.cpu_seconds()
                    rate, requests = wrk(server.port, script, seconds=seconds, connections=args.connections)
                    # CPU per request hardly depends on what else the machine does, unlike req/s.
                    cpu = (server.cpu_seconds() - before) / max(requests, 1) * 1000
                    rates[label] = max(rates[label], rate)
                    cpu_ms[label] = min(cpu_ms[label], cpu)
                    if flag == "1" and round_number == rounds - 1:
                        lag = probe_lag(server.port, probe_path, db)
        after_stop = counted(db)
        load_after = f"{os.getloadavg()[0]:.2f}"
        record_us = record_cost_us(env)
        section = summary(
            articles=len(paths),
            wrk_args=f"-t1 -c{args.connections} -d{seconds}s",
            rates=rates,
            cpu_ms=cpu_ms,
            lag=lag,
            counts=after_stop,
            record_us=record_us,
            load=(load_before, load_after),
        )
        # The same section as `make bench` (bench/run.py) writes from this output's last table.
        print(f"\n{section}")
        report.write_section("views", f"## Views\n\n{section}")
        met = verdicts(rates, lag, after_stop)
        print(f"\nTargets: {'met' if all(met.values()) else 'NOT met'}.")
        return 0  # like the other benches: the verdict is printed, only a broken run fails
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
