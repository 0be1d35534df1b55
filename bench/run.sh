#!/usr/bin/env bash
# The portal's benchmark in one command (see bench/README.md):
#   bash bench/run.sh                       # 1,000 / 10,000 / 100,000 pledges, about 10 minutes
#   bash bench/run.sh --sizes 1000 --duration 3
#   PAGE_CACHE=off,on bash bench/run.sh     # the page cache off and on
#   bash bench/run.sh --layouts direct,nginx-2   # also through nginx over two gunicorn instances
#   bash bench/run.sh --help
# Installs wrk and nginx (for --layouts nginx-1/nginx-2) with apt when missing, starts PostgreSQL and
# Redis with scripts/services.sh, then runs bench/bench.py. Needs root for apt and services.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bench: installing ${missing[*]}..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash scripts/services.sh

if [ ! -x .venv/bin/python ]; then
    make install
fi

exec .venv/bin/python bench/bench.py "$@"
