from __future__ import annotations

import pytest

from tests.engagement.fixtures import _clean_state, article, other, reader, user_factory  # noqa: F401


@pytest.fixture
def chromium():
    """Runs steps in Chromium (tests/security/chromium_check.py, in its own process) and returns
    what each page showed; skips (fails under KABAR_TEST_STRICT=1) when Chromium is absent."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import CHROMIUM, ROOT, skip_or_fail

    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")

    def check(base: str, steps: list[dict]) -> list[dict]:
        done = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "security" / "chromium_check.py")],
            input=json.dumps({"base": base, "steps": steps}),
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    return check


@pytest.fixture
def payloads(testdata):
    """Every non-blank line of the payload files, by kind: {"xss": [...], "sqli": [...]}."""

    def read(kind: str) -> list[str]:
        lines: list[str] = []
        for path in sorted((testdata / "payloads" / kind).glob("*.txt")):
            lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert lines, f"no {kind} payloads found"
        return lines

    return {"xss": read("xss"), "sqli": read("sqli")}
