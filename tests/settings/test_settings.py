import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "p7!x0c" * 10,
    "ALLOWED_HOSTS": "qa.bexley.example.org",
    "DATABASE_URL": "postgres://qa:secret@db.internal:5432/qa",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_HOST": "smtp.internal",
    "SECURE_PROXY_SSL_HEADER": "True",
}


# What `make test` sets for the test run itself, which a production environment would not.
TEST_ONLY = ("COOKIE_SECURE", "SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL")


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and not any(marker in k for marker in TEST_ONLY)
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        # Migrating a new database takes 45-50 s of CPU here (before this change too), and a
        # full `make test` runs a browser test beside it: 60 s timed out twice on 7 December.
        timeout=240,
    )


def shell(code, env):
    """What `code` prints, run by `manage.py shell` (its last line: the shell may announce itself)."""
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def setting(name, env):
    return shell(f"from django.conf import settings; print(settings.{name})", env)


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check", "--deploy", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" * 5 + "\n")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    assert setting("SECRET_KEY", {**env, "SECRET_KEY_FILE": str(secret)}) == "from-a-file-" * 5


def test_a_boolean_must_be_true_or_false():
    result = manage("check", env={**PRODUCTION, "DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG must be True or False, not 'yes'" in result.stderr


def test_embedded_default_is_a_real_postgresql_started_and_stopped_under_the_state_folder(
    tmp_path,
):
    """`make run` needs no server: the embedded PostgreSQL starts, the app migrates onto it and
    reads back through Django, and it stops again (the same engine as production)."""
    env = {"DEBUG": "True", "STATE_DIR": str(tmp_path)}
    printed = shell(
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL)",
        env,
    )
    assert printed.split() == ["django.db.backends.postgresql", "filesystem://localhost//"]

    run_env = {**os.environ, **env}
    run_env.pop("DATABASE_URL", None)
    embedded = [sys.executable, "-m", "bexley_qa.embedded_db"]
    started = subprocess.run([*embedded, "start"], env=run_env, capture_output=True, text=True)
    try:
        assert started.returncode == 0, started.stderr
        assert started.stdout.strip() == f"postgres://postgres@/bexley_qa?host={tmp_path}/postgres"
        migrated = manage("migrate", "--noinput", "-v0", env=env)
        assert migrated.returncode == 0, migrated.stderr
        assert shell(
            "from django.db import connection; from audits.models import Audit; "
            "print(connection.vendor, connection.pg_version >= 180000, Audit.objects.count())",
            env,
        ).split() == ["postgresql", "True", "0"]
    finally:
        stopped = subprocess.run([*embedded, "stop"], env=run_env, capture_output=True, text=True)
    assert stopped.returncode == 0, stopped.stderr
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()


def test_sessions_end_after_30_idle_minutes_by_default_and_it_is_configurable():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert setting("SESSION_COOKIE_AGE", {**PRODUCTION, "SESSION_IDLE_MINUTES": "15"}) == "900"


def test_an_idle_session_expires_but_an_active_one_does_not(org, client_for, settings):
    # In the database store, where the clock can be moved (Redis keeps its own: next test).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        client = client_for(org.alice)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200  # activity renews the session
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("sign-in"))


def test_pages_carry_a_strict_content_security_policy(org, client_for):
    response = client_for(org.alice).get(reverse("people:child-list"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_have_no_inline_script_or_style(org, client_for):
    client = client_for(org.pat)
    for url in (reverse("home"), reverse("people:child-list"), org.amy.get_absolute_url()):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script on {url}: {tag}"
        assert "<style" not in html
        assert " style=" not in html


@pytest.mark.parametrize(
    "header",
    ["X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"],
)
def test_security_headers_are_present(org, client_for, header):
    assert header in client_for(org.alice).get(reverse("home")).headers


def test_the_web_server_will_not_start_without_a_secret_key_when_debug_is_off():
    result = subprocess.run(
        [sys.executable, "-c", "import bexley_qa.wsgi"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "SECRET_KEY"}, "DEBUG": "False"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_collectstatic_with_hashed_names_succeeds(tmp_path):
    """What the Docker image runs: every file the CSS and JS refer to must exist."""
    result = manage(
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        env={**PRODUCTION, "STATIC_MANIFEST": "True", "STATIC_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "govuk-frontend/govuk-frontend.min.css" in manifest


def test_two_factor_is_required_in_production_and_off_for_the_demo():
    assert setting("REQUIRE_TWO_FACTOR", PRODUCTION) == "True"
    assert setting("REQUIRE_TWO_FACTOR", {"DEBUG": "True"}) == "False"


def test_signed_in_requests_write_no_session_rows_to_the_database(org, client_for):
    """Sessions live in Redis (every request renews one: no database write per request)."""
    from django.contrib.sessions.models import Session

    client = client_for(org.tom)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert not Session.objects.exists()


def test_passwords_are_hashed_with_argon2id_at_owasps_minimum(org):
    org.tom.set_password("a long and unusual password")
    algorithm, variety, version, params, *_ = org.tom.password.split("$")
    assert (algorithm, variety, params) == ("argon2", "argon2id", "m=19456,t=2,p=1")
    assert org.tom.check_password("a long and unusual password")


def test_in_redis_each_request_renews_the_sessions_idle_timeout(org, client_for):
    from django.core.cache import cache

    client = client_for(org.alice)
    assert client.get(reverse("home")).status_code == 200
    redis = cache._cache.get_client()
    key = cache.make_and_validate_key(
        "django.contrib.sessions.cache" + client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    assert settings.SESSION_COOKIE_AGE - 5 <= redis.ttl(key) <= settings.SESSION_COOKIE_AGE
    redis.expire(key, 60)  # as if idle for all but a minute
    assert client.get(reverse("home")).status_code == 200
    assert redis.ttl(key) > 60  # renewed
    redis.delete(key)  # as Redis does when the idle time has passed
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("sign-in"))
