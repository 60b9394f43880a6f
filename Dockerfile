# syntax=docker/dockerfile:1
# The OGP Action Plan Portal, production image: gunicorn serves the web, the same image runs
# the Celery worker and beat (see docker-compose.yml and docs/operations.md).
FROM python:3.11-slim

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /bin/

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH="/app/.venv/bin:$PATH" \
    DEBUG=false \
    MEDIA_ROOT=/app/media

WORKDIR /app

# pg_dump / pg_restore for `manage.py backup` and `restore` (Debian 12's 15, as the db service).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, from the lock file only, so that code changes reuse this layer.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# Static files and translations are built into the image. The settings need a SECRET_KEY when
# DEBUG is off; this dummy one exists only during the build and is not kept in the image.
RUN SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --no-input --verbosity 0 \
    && SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py compilemessages_portable \
    && rm -f /tmp/build.sqlite3

# An unprivileged user; it owns only the media directory (uploads and open-data exports).
RUN groupadd --system --gid 10001 ogp \
    && useradd --system --uid 10001 --gid ogp --home-dir /app --no-create-home ogp \
    && mkdir -p /app/media \
    && chown ogp:ogp /app/media
USER ogp

# The deployed commit (shown with the open-data dumps); .git is not in the image.
ARG GIT_COMMIT=""
ENV GIT_COMMIT=${GIT_COMMIT}

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "ogp_portal.healthcheck"]

# gunicorn.conf.py (read from /app) makes a bad configuration stop start-up in one line.
CMD ["sh", "-c", "exec gunicorn ogp_portal.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
