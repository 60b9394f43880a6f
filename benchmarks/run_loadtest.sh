#!/usr/bin/env bash
# `make loadtest`: the demo data on PostgreSQL + Redis, gunicorn with production settings (DEBUG
# off) on a loopback port, locust headless for LOADTEST_TIME with LOADTEST_USERS users.
# Plain HTTP on loopback stands in for the TLS-terminating proxy: SSL redirect and Secure
# cookies are off for this run only; the API throttles are raised so that 20 users from one
# address measure the portal, not the rate limit (which tests/core covers). gunicorn keeps an
# idle connection 5 s (its default, 2 s, is what locust's users wait at most between requests:
# a request sent as gunicorn closes the connection is reset, which a proxy in front would retry).
#
# LOADTEST_DATABASE=postgres://…/ogp_bench (the 10x data set of `make bench`; use a copy of
# it): that database instead of the demo, gunicorn with 2 workers, signed-in accounts added by
# benchmarks.loadtest_accounts (removed at the end), and the users that need no demo account:
# visitors, anonymous and token API readers, a signed-in official.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${LOADTEST_PORT:-$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
USERS=${LOADTEST_USERS:-20}
TIME=${LOADTEST_TIME:-60s}
# The demo's mix is the one of its earlier runs (docs/performance.md); LOADTEST_CLASSES changes it.
read -r -a CLASSES <<<"${LOADTEST_CLASSES:-Visitor ApiReader ForumEditor}"
if [ -n "${LOADTEST_DATABASE:-}" ]; then
  export DATABASE_URL=$LOADTEST_DATABASE
  WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
  OUT=${LOADTEST_OUT:-benchmarks/results/loadtest-10x}
  export LOADTEST_API_PAGES=${LOADTEST_API_PAGES:-1000}
  read -r -a CLASSES <<<"${LOADTEST_CLASSES:-Visitor ApiReader ApiTokenReader SignedInOfficial}"
else
  OUT=${LOADTEST_OUT:-benchmarks/results/loadtest}
fi
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database (make loadtest sets one)}"
: "${REDIS_URL:?set REDIS_URL (make loadtest sets one)}"
export DEBUG=false SECRET_KEY=${SECRET_KEY:-loadtest-only-not-secret} \
  ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false SECURE_COOKIES=false \
  SECURE_PROXY_SSL_HEADER=false SECURE_HSTS_SECONDS=0 \
  API_THROTTLE_ANON=${API_THROTTLE_ANON:-100000/min} API_THROTTLE_USER=${API_THROTTLE_USER:-100000/min} \
  CELERY_TASK_ALWAYS_EAGER=false

$PY manage.py migrate --no-input -v0
if [ -n "${LOADTEST_DATABASE:-}" ]; then
  export LOADTEST_ACCOUNT LOADTEST_PASSWORD
  LOADTEST_ACCOUNT=$($PY -m benchmarks.loadtest_accounts add)
  LOADTEST_PASSWORD=$($PY -c 'from benchmarks.loadtest_accounts import PASSWORD; print(PASSWORD)')
  REMOVE_ACCOUNTS="$PY -m benchmarks.loadtest_accounts remove"
else
  $PY manage.py seed_demo --if-empty
  REMOVE_ACCOUNTS=true
fi
$PY manage.py collectstatic --no-input -v0
mkdir -p "$(dirname "$OUT")"
.venv/bin/gunicorn ogp_portal.wsgi:application --bind "127.0.0.1:$PORT" \
  --workers "${WEB_CONCURRENCY:-3}" --keep-alive "${LOADTEST_KEEPALIVE:-5}" --log-level info --error-logfile "$OUT-gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true; $REMOVE_ACCOUNTS' EXIT
for _ in $(seq 240); do
  kill -0 $GUNICORN 2>/dev/null || { echo "gunicorn did not start: $OUT-gunicorn.log"; exit 1; }
  [ "$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/readyz")" = 200 ] && break
  sleep 0.5
done
# The locust file reads its figures' shape from benchmarks.throughput_bench (the repository on
# the path), and writes them as JSON to LOADTEST_JSON when set (make bench reads them there).
PYTHONPATH=".${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/locust -f benchmarks/locustfile.py "${CLASSES[@]}" --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate "$USERS" --run-time "$TIME" --stop-timeout 10 \
  --csv "$OUT" --only-summary 2>&1 | tee "$OUT.txt"
