"""docs/benchmarks.md: the machine at the top, then one section per bench, each replaced by that
bench's last run and the others kept. A section sits between `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->`."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
MACHINE = "machine"

HEADER = """# Benchmarks

The tables below are written by `make bench` (`bench/run.py`): each section is replaced by the last
run of its bench, the others are kept. `make bench BENCH_ARGS=--quick` runs the smaller sizes.
Numbers depend on the machine and on what else it was doing; compare runs on the same machine.
"""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> str:
    try:
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "unknown"
    rows = [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{_cpu_model()}, {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))})"),
        ("memory", _memory_gib()),
        ("system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("tantivy (Python package)", _version("tantivy")),
        ("Django", _version("Django")),
        ("gunicorn", _version("gunicorn")),
        ("load average at the start (1, 5, 15 min)", load),
    ]
    lines = ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


def _block(name: str, body: str) -> str:
    return f"<!-- bench:{name} -->\n{body.strip()}\n<!-- /bench:{name} -->"


def write_section(name: str, body: str, doc: Path = DOC) -> None:
    """Replace (or append) the section NAME of the document with `body` (markdown)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.DOTALL)
    block = _block(name, body)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    elif name == MACHINE:
        # The machine goes first, right after the header paragraph.
        head, sep, rest = text.partition("\n<!-- bench:")
        text = head.rstrip() + "\n\n" + block + "\n" + (sep + rest if sep else "")
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A markdown table; `align` has one letter per column, l or r (right is the default for
    every column but the first)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---" if a == "l" else "--:" for a in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def last_table(text: str) -> str:
    """The last markdown table in a bench's output, with the heading or line just above it, for
    bench scripts that only print."""
    lines = text.splitlines()
    end = max((i for i, line in enumerate(lines) if line.lstrip().startswith("|")), default=None)
    if end is None:
        return ""
    start = end
    while start > 0 and lines[start - 1].lstrip().startswith("|"):
        start -= 1
    lead = start
    while lead > 0 and lines[lead - 1].strip() and not lines[lead - 1].lstrip().startswith("|"):
        lead -= 1
        if start - lead >= 3:
            break
    return "\n".join(lines[lead : end + 1])


if __name__ == "__main__":
    sys.stdout.write(machine())
