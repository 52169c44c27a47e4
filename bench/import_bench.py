"""Measure `kabar import` throughput into SQLite, through the real command.

    .venv/bin/python bench/import_bench.py [--lines 20000]

It generates the lines, migrates a fresh SQLite database in a temporary folder, creates the
sources with a small untimed import, then times: the import of every line (all new), the same
import again (all unchanged) and an export. The rate counts the whole command, start-up included.
The goal in issue 2 is at least 2,000 articles/s for the first import.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SOURCES = (
    "mainichi",
    "kyodo",
    "jiji",
    "nhk-world",
    "japan-times",
    "asahi",
    "japan-today",
    "nikkei-asia",
    "japan-news",
    "nippon-com",
    "japan-forward",
    "soranews24",
    "tokyo-weekender",
)
WORDS = (
    "yen economy typhoon sakura forecast earthquake shinkansen diet minister tokyo osaka kyoto "
    "election budget rice prices tourism baseball festival research robot semiconductor exports "
    "rainfall evacuation ministry prefecture governor station passengers record growth"
).split()
_SCRIPT = Path(sys.executable).with_name("kabar")
KABAR = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kabar.cli"]


def article(n: int, rng: random.Random, start: datetime) -> dict:
    source = SOURCES[n % len(SOURCES)]

    def sentence() -> str:
        words = rng.choices(WORDS, k=rng.randint(8, 18))
        return " ".join(words).capitalize() + "."

    # 150-900 words, like the demo corpus: paragraphs of a few sentences.
    paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(4, 14))]
    return {
        "url": f"https://{source}.example.jp/news/{n}",
        "title": sentence()[:-1],
        "source": source,
        "published_at": (start - timedelta(minutes=n * 7)).isoformat(),
        "body": "\n\n".join(paragraphs),
        "summary": sentence(),
        "author": "Staff writer" if n % 3 else "",
        "image_url": f"/static/demo/img/{n % 40}.jpg" if n % 2 else "",
        "image_caption": sentence() if n % 2 else "",
        "language": "en",
    }


def kabar(env: dict, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([*KABAR, *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kabar {' '.join(args)} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    print(f"  kabar {' '.join(args[:1])}: {done.stdout.strip().replace(chr(10), '; ')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=20_000, help="articles to generate (default 20000)")
    options = parser.parse_args()
    rng = random.Random(2025)  # noqa: S311 - test data, not secrets
    start = datetime(2025, 4, 9, 9, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="kabar-bench-") as folder:
        tmp = Path(folder)
        env = {
            **os.environ,
            "KABAR_DATA_DIR": str(tmp),
            "KABAR_DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        }
        data = tmp / "articles.jsonl"
        with data.open("w", encoding="utf-8") as out:
            for n in range(options.lines):
                out.write(json.dumps(article(n, rng, start), ensure_ascii=False) + "\n")
        seed = tmp / "seed.jsonl"
        seed.write_text(
            "".join(
                json.dumps({**article(n, rng, start), "url": f"https://seed.example.jp/{n}"}) + "\n"
                for n in range(len(SOURCES))
            ),
            encoding="utf-8",
        )
        size_mb = data.stat().st_size / 1e6
        print(f"{options.lines} lines, {size_mb:.1f} MB, SQLite in a temporary folder")
        kabar(env, "migrate", "--noinput", "-v", "0")
        kabar(env, "import", "--create-sources", str(seed))
        # The import's own rate: stories are clustered (and timed) by bench/stories_bench.py.
        first = kabar(env, "import", "--no-cluster", str(data))
        again = kabar(env, "import", "--no-cluster", str(data))
        exported = kabar(env, "export", str(tmp / "export.jsonl"))
        print(f"import (new):       {first:6.2f} s  {options.lines / first:8.0f} articles/s")
        print(f"import (unchanged): {again:6.2f} s  {options.lines / again:8.0f} articles/s")
        print(f"export:             {exported:6.2f} s  {options.lines / exported:8.0f} articles/s")


if __name__ == "__main__":
    main()
