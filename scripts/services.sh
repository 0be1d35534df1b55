#!/usr/bin/env bash
# Start the services the PostgreSQL/Redis test run needs on a development or CI machine:
# PostgreSQL on 127.0.0.1:5432 (user postgres, password postgres, database depok_csr) and
# Redis on 127.0.0.1:6379; and Debian's Chromium at /usr/bin/chromium for the browser tests.
# Safe to run any number of times: it only starts or installs what is missing.
# Needs root (it starts the cluster as postgres and may apt-get install redis-server and
# chromium).
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
PG_DB=depok_csr
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
WAIT_SECONDS=30

fail() {
    echo "services.sh: ERROR: $*" >&2
    exit 1
}

log() {
    echo "services.sh: $*"
}

# --- PostgreSQL ----------------------------------------------------------------------------

command -v pg_ctlcluster >/dev/null || fail "pg_ctlcluster not found; install PostgreSQL 15."
command -v pg_isready >/dev/null || fail "pg_isready not found; install the PostgreSQL client."

pg_version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_version" ] || fail "no PostgreSQL cluster configured under /etc/postgresql."

if pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    log "PostgreSQL is already accepting connections on $PG_HOST:$PG_PORT."
else
    log "starting PostgreSQL $pg_version (cluster main)..."
    if ! output=$(pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start 2>&1); then
        if grep -qi "already running" <<<"$output"; then
            log "cluster already running."
        else
            echo "$output" >&2
            fail "could not start PostgreSQL $pg_version (see the message above)."
        fi
    fi
fi

waited=0
until pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        fail "PostgreSQL did not accept connections on $PG_HOST:$PG_PORT within ${WAIT_SECONDS}s."
    fi
    sleep 1
    waited=$((waited + 1))
done
log "PostgreSQL is ready on $PG_HOST:$PG_PORT."

su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" \
    || fail "could not set the password of the postgres user."
log "PostgreSQL user postgres has password 'postgres'."

# The database DATABASE_URL names in the README and .ci/run; pytest makes its own test_ copy.
if [ "$(su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" != "1" ]; then
    su postgres -c "createdb $PG_DB" || fail "could not create the database $PG_DB."
    log "created database $PG_DB."
fi

# --- Redis ---------------------------------------------------------------------------------

redis_pong() {
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null || true)" = "PONG" ]
}

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    log "installing redis-server..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || fail "apt-get update failed; cannot install redis-server."
    apt-get install -y -qq redis-server >/dev/null || fail "apt-get install redis-server failed."
fi
command -v redis-server >/dev/null || fail "redis-server is still missing after installing it."

if redis_pong; then
    log "Redis is already answering on $REDIS_HOST:$REDIS_PORT."
else
    log "starting Redis on $REDIS_HOST:$REDIS_PORT..."
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
        --save "" --appendonly no \
        || fail "redis-server did not start."
fi

waited=0
until redis_pong; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        fail "Redis did not answer PING on $REDIS_HOST:$REDIS_PORT within ${WAIT_SECONDS}s."
    fi
    sleep 1
    waited=$((waited + 1))
done
log "Redis is ready on $REDIS_HOST:$REDIS_PORT."

# --- Chromium (browser tests) ---------------------------------------------------------------

# tests/browser/ drive Debian's Chromium through Playwright, which never downloads a browser.
CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
    log "installing chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || fail "apt-get update failed; cannot install chromium."
    apt-get install -y -qq chromium >/dev/null || fail "apt-get install chromium failed."
fi
[ -x "$CHROMIUM" ] || fail "$CHROMIUM is still missing after installing chromium."
log "Chromium is installed: $("$CHROMIUM" --version 2>/dev/null | head -n 1)."
