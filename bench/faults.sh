#!/usr/bin/env bash
# Fault runs in one command (see bench/README.md, "Fault runs"):
#   bash bench/faults.sh                        # steady load, a killed worker, PostgreSQL stopped
#   bash bench/faults.sh --runs steady,kill     # without stopping PostgreSQL
#   bash bench/faults.sh --help
# Installs wrk with apt when missing, starts PostgreSQL and Redis with scripts/services.sh, then
# runs bench/faults.py. Needs root (apt, services, pg_ctlcluster). The third run stops the
# PostgreSQL cluster for 10 s: every other client of that server loses its connections.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
    echo "faults: installing wrk..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq wrk >/dev/null
fi

bash scripts/services.sh

if [ ! -x .venv/bin/python ]; then
    make install
fi

exec .venv/bin/python bench/faults.py "$@"
