"""The search benchmark of issue 4 §7: import, reindex, then a fixed query mix through the full
HTTP stack, beside raw Tantivy and SQLite FTS5 on the same corpus.

    .venv/bin/python bench/search_bench.py [--quick | --size N] [--no-doc] [--keep | --reuse DIR]

Steps, all in a temporary data folder (its SQLite file is <tmp>/kabar.sqlite3):
1. write the synthetic corpus (bench/corpus.py) as JSONL: 1M articles, 200k with --quick;
2. `kabar migrate`, `kabar sources load`, then time `kabar import` (articles/s);
3. time `kabar reindex`;
4. build the FTS5 table from the same JSONL (fts5_baseline.py);
5. `kabar serve --workers 2` on a free loopback port; per query class, WARMUP untimed then up to
   REPS timed sequential requests (bounded by a time budget), then the whole mix from 2 concurrent
   clients; the workers' resident memory is read afterwards;
6. the same cases on raw Tantivy in-process and on FTS5.
Prints markdown tables and writes them to docs/benchmarks.md (section "search"). With --keep the
folder stays, and --reuse DIR times the queries again on it without steps 1-4 (minutes, not half
an hour: for measuring a change to the search code).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import corpus
import fts5_baseline
import report
import search_cases
from http_load import Server, concurrent, environment, get
from search_cases import CLASSES, REPEATED, Case
from timing import Latency, ms, sample

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).with_name("kabar")
KABAR = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kabar.cli"]
SOURCES_FILE = ROOT / "kabar" / "sources" / "data" / "japan.toml"

TARGETS = {"p95_ms": 50, "speedup": 20, "overhead_factor": 3, "overhead_ms": 10}
TARGETS.update({"reindex_s": 300, "rss_mb": 250, "import_rate": 2000})


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def kabar(env: dict, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([*KABAR, *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kabar {' '.join(args)} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    out = done.stdout.strip().replace("\n", "; ")
    log(f"  kabar {args[0]}: {elapsed:.1f} s  {out[-200:]}")
    return elapsed


Timed = dict[str, list[tuple[float, object]]]  # class -> (seconds, matches) per timed call


def latencies(timed: Timed) -> dict[str, Latency | None]:
    return {k: Latency.of([seconds for seconds, _ in timed.get(k, [])]) for k in (*CLASSES, REPEATED)}


def run_classes(run, mix: dict[str, list[Case]], *, warmup: int, reps: int, budget_s: float) -> Timed:
    """One class after the other; see timing.sample for which cases are warm-up and which timed."""
    return {k: sample(run, cases, warmup=warmup, reps=reps, budget_s=budget_s) for k, cases in mix.items()}


def http_phase(env: dict, tmp: Path, mix: dict[str, list[Case]], options) -> dict:
    server = Server(KABAR, env, tmp / "serve.log", workers=2)
    log(f"serve: 127.0.0.1:{server.port}")
    server.start(ready_path="/api/v1/search?q=" + corpus.word_at_rank(99_999))
    try:

        def request(case: Case) -> int:
            status, body = get(server.port, case.path)
            if status != 200:
                raise SystemExit(f"GET {case.path} -> {status}: {body[:500]!r}")
            return json.loads(body)["total"]

        sequential = run_classes(
            request, mix, warmup=options.warmup, reps=options.reps, budget_s=options.budget
        )
        # The result cache on purpose: the same query again and again.
        sequential[REPEATED] = sample(
            request, [Case(REPEATED, "japan")], warmup=1, reps=options.reps, budget_s=options.budget
        )
        log("  http sequential done")
        # Two clients in a closed loop over cases not sent before, every class interleaved.
        fresh = [c for k in CLASSES for c in mix[k][options.reps : 2 * options.reps]]
        random.Random(0).shuffle(fresh)
        results, wall = concurrent(
            server.port,
            [(c.klass, c.path) for c in fresh],
            clients=2,
            per_client=len(fresh) // 2,
            budget_s=options.budget * 2,
        )
        both: dict[str, list[float]] = defaultdict(list)
        for klass, seconds in results:
            both[klass].append(seconds)
        memory = server.worker_memory_mb()
    finally:
        server.stop()
    return {
        "load": os.getloadavg()[1],
        "sequential": sequential,
        "two_clients": {k: Latency.of(both[k]) for k in CLASSES},
        "two_clients_all": Latency.of([s for k in CLASSES for s in both[k]]),
        "throughput": len(results) / wall if wall else 0.0,
        "memory": memory,
    }


def engines_phase(env: dict, fts_db: Path, mix: dict[str, list[Case]], options) -> dict:
    os.environ.update({k: v for k, v in env.items() if k.startswith("KABAR_")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")
    import django

    django.setup()
    from django.conf import settings

    zone = ZoneInfo(settings.TIME_ZONE)
    raw = search_cases.tantivy_runner(settings.KABAR_SEARCH_WINDOW_DAYS, zone)
    tantivy_timed = run_classes(raw, mix, warmup=options.warmup, reps=options.reps, budget_s=options.budget)
    log("  raw tantivy done")
    selector_timed = run_classes(
        search_cases.selector_runner(), mix, warmup=options.warmup, reps=options.reps, budget_s=options.budget
    )
    log("  selector done")
    fts_run, fts = search_cases.fts5_runner(fts_db, zone)
    try:
        fts_timed = run_classes(
            fts_run, mix, warmup=2, reps=min(options.reps, options.fts5_reps), budget_s=options.budget
        )
    finally:
        fts.close()
    log("  fts5 done")
    return {"tantivy": tantivy_timed, "selector": selector_timed, "fts5": fts_timed}


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def _median(values: list) -> str:
    numbers = [v if isinstance(v, int) else len(v) for v in values if v is not None]
    return f"{statistics.median(numbers):,.0f}" if numbers else "–"


def render(facts: dict, mix: dict[str, list[Case]]) -> str:
    http, eng = facts["http"], facts["engines"]
    kabar_l, raw_l, fts_l = latencies(http["sequential"]), latencies(eng["tantivy"]), latencies(eng["fts5"])
    selector_l = latencies(eng["selector"])
    out = [
        "## Search (issue 4)",
        "",
        f"{facts['size']:,} synthetic articles ({facts['corpus_mb']:,.0f} MB of JSONL: Zipf vocabulary, "
        f'"japan" in every article, "government" in 83 %), run {facts["date"]} with '
        f"`{facts['command']}`. Latencies in ms. The targets are for 1M articles; at a smaller size "
        "the verdicts are indicative only. Each class is a list of distinct queries of one kind, none "
        "sent twice (kabar caches results), except `repeated`, which is `japan` again and again.",
        "",
        "End to end: `GET /api/v1/search` (20 results with snippets, total, source facets, timeline) "
        "under gunicorn with 2 workers, one request at a time; then fresh queries of every class from "
        f"2 concurrent clients ({http['throughput']:.0f} requests/s over the whole mix). Load average "
        f"(5 min) at the end of it: {http.get('load', 0):.1f} on {os.cpu_count()} cores.",
        "",
    ]
    rows = []
    for k in (*CLASSES, REPEATED):
        lat, two = kabar_l[k], http["two_clients"].get(k)
        ok = lat is not None and lat.p95 * 1000 <= TARGETS["p95_ms"]
        rows.append(
            [k, lat.samples if lat else 0, ms(lat and lat.p50), ms(lat and lat.p95), ms(lat and lat.p99)]
            + [ms(two and two.p95), _median([m for _, m in http["sequential"].get(k, [])]), verdict(ok)]
        )
    header = ["class", "requests", "p50", "p95", "p99", "p95, 2 clients", "matches (median)", "p95 ≤ 50 ms"]
    out += [report.table(header, rows), ""]
    out += [
        "The same queries beside it, in the bench's process: kabar's `search_articles` selector (all of a "
        "request's work but the view, JSON and HTTP), raw Tantivy (the engine's query from the parsed AST, "
        "top 20 by BM25 with the count; no rerank, snippets, facets or cache) and SQLite FTS5 "
        "(`ORDER BY bm25(t, 2.0, 1.0) LIMIT 20`, fewer runs where it is slow).",
        "",
    ]
    rows = []
    for k in CLASSES:
        lat, raw, fts = kabar_l[k], raw_l[k], fts_l[k]
        speedup = fts.p50 / lat.p50 if fts and lat else None
        limit = raw.p95 * TARGETS["overhead_factor"] + TARGETS["overhead_ms"] / 1000 if raw else None
        ok = lat is not None and limit is not None and lat.p95 <= limit
        sel = selector_l[k]
        rows.append(
            [
                k,
                ms(sel and sel.p50),
                ms(sel and sel.p95),
                ms(raw and raw.p50),
                ms(raw and raw.p95),
                ms(raw and raw.p99),
            ]
            + [ms(fts and fts.p50), ms(fts and fts.p95), ms(fts and fts.p99), fts.samples if fts else 0]
            + [f"{speedup:,.1f}×" if speedup else "–", verdict(ok)]
        )
    header = [
        "class",
        "selector p50",
        "p95",
        "Tantivy p50",
        "p95",
        "p99",
        "FTS5 p50",
        "p95",
        "p99",
        "FTS5 runs",
    ]
    header += ["FTS5 ÷ kabar (p50)", "kabar p95 ≤ 3 × Tantivy p95 + 10 ms"]
    out += [report.table(header, rows), ""]

    common = kabar_l["common"], fts_l["common"]
    speedup = common[1].p50 / common[0].p50 if all(common) else 0.0
    worst = max((k for k in CLASSES if kabar_l[k]), key=lambda k: kabar_l[k].p95, default=None)
    worst_p95 = kabar_l[worst].p95 if worst else 0.0
    overheads = {
        k: (kabar_l[k].p95 - raw_l[k].p95 * TARGETS["overhead_factor"]) * 1000
        for k in CLASSES
        if kabar_l[k] and raw_l[k]
    }
    over = max(overheads, key=overheads.get, default=None)
    excess = overheads[over] if over else 0.0
    biggest = max(http["memory"].values(), key=lambda m: m["VmRSS"], default=None)
    rss = biggest["VmRSS"] if biggest else 0.0
    memory = (
        f"{rss:.0f} MB: {biggest['RssAnon']:.0f} MB own + {biggest['RssFile']:.0f} MB file pages "
        f"(peak {biggest['VmHWM']:.0f} MB)"
        if biggest
        else "–"
    )
    rows = [
        [
            f"p95 end to end, worst class ({worst})",
            f"{ms(worst_p95)} ms",
            "≤ 50 ms",
            verdict(worst_p95 <= 0.05),
        ],
        ["speed-up over FTS5 on common words (p50)", f"{speedup:,.1f}×", "≥ 20×", verdict(speedup >= 20)],
        [
            f"overhead over raw Tantivy, worst class ({over}): kabar p95 − 3 × Tantivy p95",
            f"{excess:.1f} ms",
            "≤ 10 ms",
            verdict(excess <= 10),
        ],
        ["reindex time", f"{facts['reindex_s']:.0f} s", "≤ 300 s", verdict(facts["reindex_s"] <= 300)],
        [
            "web worker RSS after the run, the larger worker",
            memory,
            "≤ 250 MB",
            verdict(rss <= 250),
        ],
    ]
    measured_import = facts.get("import_rate") == facts.get("import_rate")  # NaN: not measured
    if measured_import:
        rows.append(
            [
                "`kabar import` rate (issue 2)",
                f"{facts['import_rate']:,.0f} articles/s",
                "≥ 2,000/s",
                verdict(facts["import_rate"] >= 2000),
            ]
        )
    out += [report.table(["measure", "value", "target", "verdict"], rows, "llll"), ""]
    fts = facts["fts5"]
    out += [
        f"Other times: corpus generation {facts['generate_s']:.0f} s; `kabar import` "
        + (f"{facts['import_s']:.0f} s " if measured_import else "")
        + f"({facts['import_note']}); FTS5 build {fts['insert_s']:.0f} s + optimize {fts['optimize_s']:.0f} s. "
        f"Sizes: Tantivy index {facts['index_mb']:,.0f} MB, SQLite database {facts['db_mb']:,.0f} MB, "
        f"FTS5 file {fts['size_mb']:,.0f} MB.",
        "",
        "<details><summary>The query mix: first queries of each class</summary>",
        "",
        report.table(
            ["class", "distinct queries", "first queries"],
            [[k, len(mix[k]), "; ".join(c.label for c in mix[k][:4])] for k in CLASSES],
            "lrl",
        ),
        "",
        "</details>",
    ]
    return "\n".join(out) + "\n"


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.exists() else 0.0


def build(tmp: Path, env: dict, size: int, seed: int) -> dict:
    """Steps 1-4; returns what the report needs of them, also saved as <tmp>/build.json."""
    facts: dict = {"size": size}
    anchor = datetime.now(corpus.JST).replace(second=0, microsecond=0)
    facts["anchor"] = anchor.isoformat()
    jsonl = tmp / "corpus.jsonl"
    started = time.perf_counter()
    facts["corpus_mb"] = corpus.write_jsonl(jsonl, size, anchor=anchor, seed=seed) / 1e6
    facts["generate_s"] = time.perf_counter() - started
    log(f"  corpus: {facts['generate_s']:.0f} s, {facts['corpus_mb']:,.0f} MB")

    kabar(env, "migrate", "--noinput", "-v", "0")
    kabar(env, "sources", "load", str(SOURCES_FILE))
    # The import brings the index up to date before it exits unless another process holds the
    # index writer lock (as the follower does under `make run`). Holding it here keeps the
    # import's time to the database, and the index build to `kabar reindex`, timed next.
    (tmp / "index").mkdir()
    with open(tmp / "index" / "writer.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # Stories are clustered (and timed) by bench/stories_bench.py, not here.
        facts["import_s"] = kabar(env, "import", "--no-progress", "--no-cluster", str(jsonl))
    if (tmp / "index" / "current").exists():
        facts["import_note"] = "including the index build at its exit"
    else:
        facts["import_note"] = "the database only: the index was built by `kabar reindex`"
    facts["import_rate"] = size / facts["import_s"]
    facts["reindex_s"] = kabar(env, "reindex", "--no-progress")
    facts["index_mb"] = folder_mb(tmp / "index")
    facts["db_mb"] = sum(p.stat().st_size for p in tmp.glob("kabar.sqlite3*")) / 1e6

    facts["fts5"] = fts5_baseline.build(jsonl, tmp / "fts5.sqlite3", log=log)
    jsonl.unlink()  # gigabytes at 1M; nothing reads it any more
    (tmp / "build.json").write_text(json.dumps(facts, indent=1))
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200k articles instead of 1M")
    parser.add_argument("--size", type=int, help="number of articles (overrides --quick)")
    parser.add_argument("--reps", type=int, default=200, help="timed requests per class (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per class (default 20)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per class and engine at most")
    parser.add_argument("--fts5-reps", type=int, default=50, help="timed FTS5 queries per class at most")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (for --reuse)")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="the folder a --keep run left: skip the corpus, import, reindex and FTS5 build, time the queries",
    )
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="with --reuse: time `kabar reindex` again (the index code changed)",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/benchmarks.md")
    options = parser.parse_args()
    size = options.size or (200_000 if options.quick else 1_000_000)
    tmp = options.reuse or Path(tempfile.mkdtemp(prefix="kabar-search-bench-"))
    try:
        env = environment(tmp)
        if options.reuse:
            facts = json.loads((tmp / "build.json").read_text())
            log(f"search bench: reusing {facts['size']:,} articles built in {tmp}")
            if options.reindex:
                facts["reindex_s"] = kabar(env, "reindex", "--no-progress")
                facts["index_mb"] = folder_mb(tmp / "index")
                (tmp / "build.json").write_text(json.dumps(facts, indent=1))
        else:
            log(f"search bench: {size:,} articles in {tmp}")
            facts = build(tmp, env, size, options.seed)
        # The folder of --reuse is this machine's temporary path: not for the committed report.
        shown = ["DIR" if options.reuse and arg == str(options.reuse) else arg for arg in sys.argv[1:]]
        facts["command"] = " ".join(["bench/search_bench.py", *shown])
        facts["date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        today = datetime.fromisoformat(facts["anchor"]).date()
        mix = search_cases.mix(today, length=2 * options.reps + options.warmup)
        facts["http"] = http_phase(env, tmp, mix, options)
        facts["engines"] = engines_phase(env, tmp / "fts5.sqlite3", mix, options)
    finally:
        if options.keep or options.reuse:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    text = render(facts, mix)
    print(text)
    if not options.no_doc:
        report.write_section("search", text)
        log(f"wrote {report.DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
