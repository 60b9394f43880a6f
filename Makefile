# The two set-up commands are `make run` and `make test`; everything else is for developers.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
PY := .venv/bin/python
HOST_PORT ?= 127.0.0.1:8000
# runserver takes a port alone (on 127.0.0.1) or host:port; the address printed says which.
ADDRESS = $(if $(findstring :,$(HOST_PORT)),$(HOST_PORT),127.0.0.1:$(HOST_PORT))

.PHONY: run test env serve lint fmt bench messages clean backup restore loadtest

$(UV):
	python3 -m venv .uv
	.uv/bin/pip install --quiet uv

env: $(UV)
	$(UV) sync --frozen --quiet

messages: env
	$(PY) manage.py compilemessages_portable

# One process prepares everything (run_prepare: translations, migrate with the checks, demo data
# if empty, first dump, static files), then the server starts without checking again.
run: env
	$(PY) manage.py run_prepare --address $(ADDRESS)
	$(PY) manage.py runserver $(HOST_PORT) --noreload --skip-checks

# The suite tests what production runs: PostgreSQL and Redis (local defaults below, which
# .ci/prepare starts when they are down), then again on the embedded default `make run` serves
# (SQLite, local-memory cache, Celery in-process) without the tests that need a service by design.
test: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ogp_portal
test: export REDIS_URL ?= redis://127.0.0.1:6379/1
test: export DJANGO_ALLOW_ASYNC_UNSAFE = true
test: env messages
	.ci/prepare
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -m "not postgres and not redis"

lint: env
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen lint-imports

fmt: env
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

bench: env
	$(PY) -m benchmarks.api_bench

clean:
	rm -rf .venv .uv staticfiles db.sqlite3

# Whole-portal backup and restore (docs/operations.md): `make backup` writes
# backups/portal-backup-<time>.tar.gz; `make restore BACKUP=that-file` puts it back.
backup: env
	$(PY) manage.py backup --output-dir $(or $(BACKUP_DIR),backups)

restore: env
	@test -n "$(BACKUP)" || (echo "make restore BACKUP=backups/portal-backup-....tar.gz" && exit 2)
	$(PY) manage.py restore "$(BACKUP)" $(if $(YES),--yes,)

# Load test (docs/performance.md): gunicorn on PostgreSQL + Redis with the demo data, locust
# headless, 20 users for 60 s; fails on any 5xx. Figures in benchmarks/results/loadtest*.
loadtest: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ogp_loadtest
loadtest: export REDIS_URL ?= redis://127.0.0.1:6379/3
# LOADTEST_DATABASE=postgres://…/ogp_bench_copy: the 10x data set instead (run_loadtest.sh).
loadtest: export LOADTEST_DATABASE ?=
loadtest: env messages
	benchmarks/run_loadtest.sh
