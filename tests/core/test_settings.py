"""The settings table (kabar/conf.py): defaults, parsers, one-line errors, and the README table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kabar import conf

ROOT = Path(__file__).resolve().parents[2]
KABAR = [sys.executable, "-m", "kabar.cli"]


def run_kabar(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KABAR_")}
    env.update({"KABAR_DATA_DIR": str(tmp_path / "data")})
    env.update(env_extra)
    return subprocess.run([*KABAR, *args], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_defaults():
    values = conf.load({})
    assert values["KABAR_PORT"] == 8000
    assert values["KABAR_HOST"] == "127.0.0.1"
    assert values["KABAR_DEBUG"] is False
    assert values["KABAR_TIME_ZONE"] == "Asia/Jakarta"
    assert values["KABAR_SEARCH_WINDOW_DAYS"] == 365
    assert values["KABAR_DATABASE_URL"] is None
    assert values["KABAR_SECRET_KEY"] is None
    assert values["KABAR_DATA_DIR"].name == "var"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KABAR_PORT", "eighty"),
        ("KABAR_PORT", "70000"),
        ("KABAR_DEBUG", "maybe"),
        ("KABAR_TIME_ZONE", "Mars/Olympus"),
        ("KABAR_SEARCH_WINDOW_DAYS", "-3"),
        ("KABAR_DATABASE_URL", "mysql://x"),
        ("KABAR_SECRET_KEY", "short"),
        ("KABAR_HOST", "bad host"),
        ("KABAR_HSTS_SECONDS", "-1"),
    ],
)
def test_invalid_values_raise_one_line_naming_the_variable(name, value):
    with pytest.raises(conf.ConfigError) as info:
        conf.load({name: value})
    message = str(info.value)
    assert message.startswith(f"{name}=")
    assert "\n" not in message
    if name == "KABAR_SECRET_KEY":
        assert value not in message  # a secret is never echoed


def test_empty_variable_counts_as_unset():
    assert conf.load({"KABAR_PORT": "", "KABAR_DATABASE_URL": " "})["KABAR_PORT"] == 8000


def test_cli_fails_at_start_with_one_line(tmp_path):
    result = run_kabar(["check"], {"KABAR_PORT": "http"}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kabar: error: KABAR_PORT=")


def test_secret_key_is_generated_once_and_kept(tmp_path):
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_kabar(["shell", "--no-imports", "-c", script], {}, tmp_path)
    second = run_kabar(["shell", "--no-imports", "-c", script], {}, tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 32 and key == second.stdout.strip()
    path = tmp_path / "data" / "secret_key"
    assert path.read_text().strip() == key
    assert (path.stat().st_mode & 0o777) == 0o600
    given = run_kabar(["shell", "--no-imports", "-c", script], {"KABAR_SECRET_KEY": "x" * 40}, tmp_path)
    assert given.stdout.strip() == "x" * 40


def test_readme_settings_table_matches_conf():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\|\s*`(KABAR_[A-Z_]+)`\s*\|", readme, flags=re.M))
    declared = {setting.name for setting in conf.SETTINGS}
    assert documented == declared
    for setting in conf.SETTINGS:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{setting.name}`"))
        if setting.default is not None:
            assert f"`{setting.default}`" in row, f"README default for {setting.name} differs"


def test_every_setting_has_help():
    for setting in conf.SETTINGS:
        assert setting.help.strip(), setting.name
