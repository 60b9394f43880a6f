"""A bad configuration stops start-up with one line naming the variable, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
UNREACHABLE_DATABASE = "postgres://postgres@127.0.0.1:1/ogp_unreachable"


def run(args: list[str], **env: str | None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "ogp_portal.settings"}
    for name, value in env.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return subprocess.run(
        args, cwd=BASE_DIR, env=environ, capture_output=True, text=True, timeout=60
    )


def manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], **env)


def assert_one_clear_line(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if variable in line]
    assert len(lines) == 1, result.stderr


@pytest.mark.parametrize("command", [["check"], ["migrate", "--no-input"]])
def test_a_malformed_database_url_is_named(command):
    result = manage(*command, DATABASE_URL="postgres//no-scheme")

    assert_one_clear_line(result, "DATABASE_URL")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "command", [["migrate", "--no-input"], ["runserver", "127.0.0.1:8105"], ["showmigrations"]]
)
def test_an_unreachable_database_is_named(command):
    result = manage(*command, DATABASE_URL=UNREACHABLE_DATABASE)

    assert_one_clear_line(result, "DATABASE_URL")


def test_production_without_a_secret_key_is_refused():
    result = manage("check", DEBUG="false", SECRET_KEY=None)

    assert_one_clear_line(result, "SECRET_KEY")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379/0", "127.0.0.1:6379", "redis://"])
def test_a_redis_url_that_is_not_redis_is_named(url):
    result = manage("check", REDIS_URL=url)

    assert_one_clear_line(result, "REDIS_URL")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_wsgi_application_refuses_a_bad_configuration_in_one_line():
    result = run([sys.executable, "-c", "import ogp_portal.wsgi"], DEBUG="false", SECRET_KEY=None)

    assert_one_clear_line(result, "SECRET_KEY")
    assert len(result.stderr.strip().splitlines()) == 1


def test_gunicorn_stops_at_start_up_on_a_bad_configuration():
    result = run(
        [str(GUNICORN), "ogp_portal.wsgi:application", "--bind", "127.0.0.1:8105"],
        DEBUG="false",
        SECRET_KEY=None,
    )

    assert_one_clear_line(result, "SECRET_KEY")


def test_the_wsgi_application_freezes_what_start_up_built_out_of_the_collectors_walks():
    result = run([sys.executable, "-c", "import gc, ogp_portal.wsgi; print(gc.get_freeze_count())"])

    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10_000
