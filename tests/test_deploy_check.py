"""`manage.py check --deploy` is clean with production settings from the environment."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# Set by pytest.ini's env for the suite itself; production never sets them.
TEST_ONLY = {"SECURE_SSL_REDIRECT", "SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}


def production_environment(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    return env | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "csr.depok.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://csr.depok.go.id",
        # Named, never reached: the deploy checks read settings, not the servers.
        "DATABASE_URL": "postgres://portal:secret@db.internal:5432/depok_csr",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "DATA_DIR": str(tmp_path),
        **extra,
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_nothing_with_production_settings(tmp_path):
    result = manage(production_environment(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "ERROR" not in output, output


def test_check_deploy_warns_when_hsts_is_switched_off(tmp_path):
    # The check above can fail: a production setting left out is reported.
    env = production_environment(tmp_path, SECURE_HSTS_SECONDS="0")

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_postgresql_connections_are_checked_before_reuse(tmp_path):
    # After a database restart a worker's kept connection is dead: Django tests it before
    # reusing it and opens a new one, so the portal recovers without restarting gunicorn.
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )

    result = manage(production_environment(tmp_path), "shell", "-c", code)

    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.split() == ["django.db.backends.postgresql", "600", "True"], result.stderr
