"""Production settings: no secret, no start; with them, `check --deploy` is clean."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "billetnet.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-secret-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "www.billetnet.fr",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/billetnet",
    "DJANGO_EMAIL_HOST": "smtp.example.org",
}


def _manage(*args, env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_names_every_missing_variable():
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "billetnet.settings.production"})
    assert result.returncode != 0
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_EMAIL_HOST"):
        assert name in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "too short" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_cache_is_redis_when_redis_url_is_set():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = _manage(
        "shell", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    )
    assert result.stdout.splitlines()[-1] == "billetnet.cache.RedisCache"
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.splitlines()[-1] == "django.core.cache.backends.locmem.LocMemCache"


def test_database_uses_health_checks():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_prepared_statements_can_be_turned_off():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.splitlines()[-1] == str(2**31 - 1)
    off = {**PRODUCTION_ENV, "DJANGO_DB_PREPARED_STATEMENTS": "false"}
    assert _manage("shell", "-c", code, env=off).stdout.splitlines()[-1] == "None"


def test_clicks_do_not_wait_for_the_disk_unless_told_to():
    code = "from django.conf import settings; print(settings.BOOKING_CLICK_ASYNC_COMMIT)"
    assert _manage("shell", "-c", code, env=PRODUCTION_ENV).stdout.splitlines()[-1] == "True"
    durable = {**PRODUCTION_ENV, "BILLETNET_BOOKING_CLICK_ASYNC_COMMIT": "false"}
    assert _manage("shell", "-c", code, env=durable).stdout.splitlines()[-1] == "False"
