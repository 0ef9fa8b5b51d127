"""Production settings pass Django's deployment checks without a warning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run_with(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "HTTPS", "PLAIN_STATIC", "SECURE_SSL_REDIRECT", "DB_CONN_MAX_AGE"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "vielfalt.cli", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    key = tmp_path / "secret_key"
    key.write_text("p" * 20 + "-a-long-random-production-key-" + "q" * 30)
    return {
        "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
        "SECRET_KEY_FILE": str(key),
        "ALLOWED_HOSTS": "vielfalt.example.org",
        "VAR_DIR": str(tmp_path / "var"),
    }


def test_check_deploy_passes_without_warnings(production_env):
    result = _run_with(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for(production_env):
    result = _run_with(
        production_env,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.HTTPS)",
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(production_env, tmp_path):
    env = {**production_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}"}
    code = (
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'],"
        " connection.settings_dict['OPTIONS']['timeout'])"
    )
    result = _run_with(env, "shell", "--no-imports", "-c", code)
    assert result.stdout.split() == ["wal", "IMMEDIATE", "20"], result.stderr


@pytest.mark.parametrize(
    ("switch", "expected"),
    [({}, ["True", "5", "-c", "jit=off"]), ({"DB_PREPARED_STATEMENTS": "0"}, ["None", "None", "-c", "jit=off"])],
)
def test_postgres_connections_prepare_repeated_statements_unless_turned_off(production_env, switch, expected):
    env = {**production_env, "DATABASE_URL": "postgres://vielfalt@127.0.0.1:5432/vielfalt", **switch}
    code = (
        "from django.conf import settings; options = settings.DATABASES['default']['OPTIONS'];"
        "print(options.get('server_side_binding'), options.get('prepare_threshold'), options['options'])"
    )
    result = _run_with(env, "shell", "--no-imports", "-c", code)
    assert result.stdout.split() == expected, result.stderr


def test_production_keeps_connections_a_minute_and_checks_them_before_reuse(production_env):
    env = {**production_env, "DATABASE_URL": "postgres://vielfalt@127.0.0.1:5432/vielfalt"}
    code = (
        "from django.conf import settings; database = settings.DATABASES['default'];"
        "print(database['CONN_MAX_AGE'], database['CONN_HEALTH_CHECKS'])"
    )
    result = _run_with(env, "shell", "--no-imports", "-c", code)
    assert result.stdout.split() == ["60", "True"], result.stderr
