"""`make bench`: every performance bench in turn, then docs/benchmarks.md.

    .venv/bin/python bench/run.py [--quick] [--size N] [--only search,views] [search bench options]

Runs bench/search_bench.py, then each of the other bench scripts of OTHER_BENCHES that exists.
The machine description at the top of docs/benchmarks.md is rewritten first. A bench script may
write its own section (bench/report.py's write_section, as search_bench.py does); for one that only
prints, the last markdown table of its output becomes its section. --quick is passed on to every
script whose --help mentions it; --size and any other option (--keep, --reuse DIR, --reps N, see
search_bench.py --help) only to the search bench. A failing bench is reported and
the others still run; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import report

HERE = Path(__file__).resolve().parent
# name -> script; search_bench writes its own section.
BENCHES = {"search": "search_bench.py"}
OTHER_BENCHES = {"views": "views_bench.py", "clustering": "clustering_bench.py"}
SELF_REPORTING = {"search"}


def accepts(script: Path, flag: str) -> bool:
    shown = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    return flag in shown.stdout


def run_one(name: str, script: Path, args: list[str]) -> bool:
    print(f"== {name}: {script.name} {' '.join(args)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.PIPE, text=True, cwd=HERE.parent
    )
    assert process.stdout is not None
    captured = []
    for line in process.stdout:  # echo as it comes, keep it for the report
        sys.stdout.write(line)
        captured.append(line)
    code = process.wait()
    print(f"== {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
    if code != 0:
        return False
    if name not in SELF_REPORTING:
        section = report.last_table("".join(captured))
        if section:
            if not section.lstrip().startswith("#"):
                section = f"## {name.capitalize()}\n\n{section}"
            report.write_section(name, section)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the smaller sizes (search: 200k articles)")
    parser.add_argument("--size", type=int, help="articles for the search bench (overrides --quick)")
    parser.add_argument("--only", help="comma-separated bench names (default: all that exist)")
    options, search_args = parser.parse_known_args()
    wanted = set(options.only.split(",")) if options.only else None
    plan = []
    for name, file in {**BENCHES, **OTHER_BENCHES}.items():
        script = HERE / file
        if script.exists() and (wanted is None or name in wanted):
            plan.append((name, script))
    if not plan:
        raise SystemExit("no bench to run")
    report.write_section(report.MACHINE, report.machine())
    failed = []
    for name, script in plan:
        args = []
        if options.quick and accepts(script, "--quick"):
            args.append("--quick")
        if name == "search":
            args += ["--size", str(options.size)] if options.size else []
            args += search_args
        if not run_one(name, script, args):
            failed.append(name)
    print(f"wrote {report.DOC.relative_to(HERE.parent)}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
