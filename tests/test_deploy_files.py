"""The production shape (Dockerfile, docker-compose.yml, .env.example) stays complete. No
Docker engine is needed: the files are read as text and YAML."""

import re
import shutil
import subprocess
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
LONG_RUNNING = {"web", "worker", "beat", "db", "redis"}
ENV_READERS = re.compile(
    r"""(?:\benv_[a-z_]+|\bredis_url|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def documented_variables() -> set[str]:
    text = (BASE_DIR / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def variables_read_by_the_portal() -> set[str]:
    names: set[str] = set()
    for path in BASE_DIR.rglob("*.py"):
        parts = path.relative_to(BASE_DIR).parts
        if parts[0] in {".venv", ".uv", "tests", "node_modules"} or "migrations" in parts:
            continue
        names.update(ENV_READERS.findall(path.read_text(encoding="utf-8")))
    return names


def healthcheck(service: str) -> str:
    return " ".join(compose()["services"][service]["healthcheck"]["test"])


def test_it_defines_the_five_services_each_with_a_health_check():
    services = compose()["services"]

    assert LONG_RUNNING <= set(services)
    for name in LONG_RUNNING:
        assert services[name]["healthcheck"]["test"], name


def test_each_health_check_asks_the_right_question():
    assert "ogp_portal.healthcheck" in healthcheck("web")
    assert "/readyz" in healthcheck("web")
    assert "/healthz" in (BASE_DIR / "ogp_portal" / "healthcheck.py").read_text()
    assert "pg_isready" in healthcheck("db")
    assert "redis-cli ping" in healthcheck("redis")
    assert "celery -A ogp_portal inspect ping" in healthcheck("worker")


def test_the_app_services_wait_for_healthy_database_and_redis_and_for_migrations():
    services = compose()["services"]

    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["db"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
    assert "migrate" in services["migrate"]["command"]


def test_the_services_run_what_production_runs():
    services = compose()["services"]

    assert services["db"]["image"] == "postgres:15"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["db"]["volumes"])
    assert services["redis"]["image"] == "redis:7"
    assert "gunicorn ogp_portal.wsgi:application" in " ".join(services["web"]["command"])
    assert "celery -A ogp_portal worker" in " ".join(services["worker"]["command"])
    assert "celery -A ogp_portal beat" in " ".join(services["beat"]["command"])


def test_the_app_services_read_dotenv_and_require_a_secret_key():
    services = compose()["services"]

    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["env_file"] == ".env", name
        assert services[name]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?"), name
        assert services[name]["environment"]["DEBUG"] == "${DEBUG:-false}", name


def test_every_variable_the_portal_reads_is_documented_in_env_example():
    read = variables_read_by_the_portal()

    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "REMINDER_LEAD_DAYS"} <= read
    assert read - documented_variables() == set()


def test_every_variable_compose_substitutes_is_documented_in_env_example():
    text = (BASE_DIR / "docker-compose.yml").read_text()
    substituted = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))

    assert substituted - documented_variables() == set()


def test_the_dockerfile_builds_the_production_image():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, flags=re.MULTILINE)
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "collectstatic" in dockerfile
    assert "compilemessages_portable" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert (
        "gunicorn ogp_portal.wsgi:application --bind 0.0.0.0:8000 "
        "--workers ${WEB_CONCURRENCY:-3} --access-logfile -" in dockerfile
    )


def test_the_image_leaves_out_secrets_and_local_state():
    ignored = (BASE_DIR / ".dockerignore").read_text().split()

    assert {".env", ".git", ".venv", "db.sqlite3", "media", "staticfiles"} <= set(ignored)


def _compose_client() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_accepts_the_file(tmp_path):
    """Docker's own validation: Compose's schema, variable substitution and env_file, which
    the YAML reads above do not check (no engine needed; `make test` installs Debian's
    docker-compose through .ci/prepare)."""
    client = _compose_client()
    assert client is not None, "no docker compose client: apt-get install docker-compose"
    shutil.copy(BASE_DIR / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text(
        (BASE_DIR / ".env.example").read_text().replace("SECRET_KEY=\n", "SECRET_KEY=x\n")
    )
    result = subprocess.run(
        [*client, "-f", "docker-compose.yml", "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
