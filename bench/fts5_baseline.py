"""The SQLite FTS5 baseline of the search benchmark: the same corpus, the same parsed queries.

The table is built from the corpus JSONL in its own SQLite file:

    CREATE VIRTUAL TABLE t USING fts5(title, body, source UNINDEXED, published UNINDEXED,
                                      tokenize='porter unicode61')

and a query is `SELECT rowid FROM t WHERE t MATCH ? ... ORDER BY bm25(t, 2.0, 1.0) LIMIT 20`, the
FTS5 expression being built from the AST of `kabar.search.query.parse` (never from the reader's
text) and passed as a bound parameter. Source and date filters are plain WHERE conditions on the
unindexed columns, which is how one filters an FTS5 match. FTS5 has no query of exclusions only.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from kabar.search.query import TITLE, Or, Phrase, Query, Term

SCHEMA = (
    "CREATE VIRTUAL TABLE t USING fts5(title, body, source UNINDEXED, published UNINDEXED, "
    "tokenize='porter unicode61')"
)
TOP = 20


def _string(words: Iterable[str]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def _leaf(leaf: Term | Phrase) -> str:
    text = _string((leaf.text,) if isinstance(leaf, Term) else leaf.words)
    return f"title : {text}" if leaf.field == TITLE else text


def _clause(clause: Term | Phrase | Or) -> str:
    if isinstance(clause, Or):
        return "(" + " OR ".join(_leaf(item) for item in clause.items) + ")"
    return _leaf(clause)


def match_expression(q: Query) -> str | None:
    """The FTS5 MATCH expression of a parsed query; None when FTS5 cannot express it (no positive
    clause: FTS5's NOT needs a left-hand side)."""
    if not q.must:
        return None
    expression = " AND ".join(_clause(c) for c in q.must)
    for excluded in q.exclude:
        expression = f"({expression}) NOT ({_leaf(excluded)})"
    return expression


def _rows(jsonl: Path) -> Iterator[tuple[str, str, str, int]]:
    with jsonl.open("rb") as lines:
        for line in lines:
            item = json.loads(line)
            published = int(datetime.fromisoformat(item["published_at"]).timestamp())
            yield item["title"], item["body"], item["source"], published


def build(jsonl: Path, db: Path, *, log: Callable[[str], None] = print) -> dict[str, float]:
    """Build the FTS5 table; returns the insert and optimize times in seconds and the file size."""
    db.unlink(missing_ok=True)
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        # A throwaway file: durability does not matter, only the finished index does.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute(SCHEMA)
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO t(title, body, source, published) VALUES (?, ?, ?, ?)", _rows(jsonl)
        )
        connection.execute("COMMIT")
        inserted = time.perf_counter() - started
        log(f"  fts5 insert: {inserted:.1f} s")
        # Merging into one segment gives FTS5 its fastest queries: the baseline at its best.
        started = time.perf_counter()
        connection.execute("INSERT INTO t(t) VALUES ('optimize')")
        optimized = time.perf_counter() - started
        log(f"  fts5 optimize: {optimized:.1f} s")
    finally:
        connection.close()
    return {"insert_s": inserted, "optimize_s": optimized, "size_mb": db.stat().st_size / 1e6}


class Fts5:
    def __init__(self, db: Path) -> None:
        self.connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.connection.execute("PRAGMA cache_size=-262144")

    def close(self) -> None:
        self.connection.close()

    def search(
        self,
        q: Query,
        *,
        sources: Iterable[str] = (),
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[int] | None:
        """Top TOP rowids by bm25 (title weighted 2), or None when FTS5 cannot run the query."""
        expression = match_expression(q)
        if expression is None:
            return None
        sql = "SELECT rowid FROM t WHERE t MATCH ?"
        params: list = [expression]
        sources = list(sources)
        if sources:
            sql += f" AND source IN ({', '.join('?' * len(sources))})"
            params += sources
        if since is not None:
            sql += " AND published >= ?"
            params.append(int(since.timestamp()))
        if until is not None:
            sql += " AND published < ?"
            params.append(int(until.timestamp()))
        sql += f" ORDER BY bm25(t, 2.0, 1.0) LIMIT {TOP}"
        return [row[0] for row in self.connection.execute(sql, params)]
