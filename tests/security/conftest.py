from __future__ import annotations

import pytest

from tests.engagement.helpers import FAST_HASHERS, make_user, reset_engagement_state


@pytest.fixture(autouse=True)
def _clean_state(settings):
    # Hashing with argon2 is slow on purpose; these tests are not about hashing.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    reset_engagement_state()
    yield
    reset_engagement_state()


@pytest.fixture
def article(make_article):
    return make_article(title="Typhoon nears Okinawa", body="The storm is strong.\n\nSchools are closed.")


@pytest.fixture
def reader(db):
    return make_user("hanako")


@pytest.fixture
def other(db):
    return make_user("taro")


@pytest.fixture
def user_factory(db):
    return make_user


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
