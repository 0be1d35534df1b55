# Portal Kemitraan CSR Kota Depok: local setup, demo server and test suite.
#   make run       set up .venv, migrate, load reference + demo data, serve on 127.0.0.1:8000
#   make test      lint, migration check and pytest (DATABASE_URL is taken from the environment)
#   make services  start PostgreSQL and Redis for the PostgreSQL test run (needs root)
#   make fmt       format the code and apply ruff's safe fixes
#   make screenshots  photograph the main pages (demo data, Chromium) into docs/screenshots/
#   make clean     remove var/ (SQLite database, media) and .venv

PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
RUFF       := $(VENV)/bin/ruff
PYTEST     := $(VENV)/bin/pytest
MANAGE     := $(PY) manage.py
STAMP      := $(VENV)/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test lint services fmt screenshots clean

help:
	@echo "make run       set up, load reference and demo data, serve http://127.0.0.1:8000"
	@echo "make test      ruff format --check, ruff check, makemigrations --check, pytest"
	@echo "               (PYTEST_ARGS='-k name' to pass arguments; DATABASE_URL from the env)"
	@echo "make services  start PostgreSQL 15 and Redis for the PostgreSQL test run (root)"
	@echo "make fmt       ruff format and ruff check --fix"
	@echo "make screenshots  PNGs of the main pages from the demo data into docs/screenshots/"
	@echo "make clean     remove var/ and .venv"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file is newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

install: $(STAMP)

# DEBUG=1 so no SECRET_KEY is needed and the SQLite database in var/ is used by default.
run: export DEBUG = 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(STAMP)
	$(RUFF) format --check .
	$(RUFF) check .

# DATABASE_URL and REDIS_URL are passed through unchanged, so the same target runs the suite
# on SQLite (unset) or PostgreSQL (see .ci/run).
test: lint
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(PYTEST) $(PYTEST_ARGS)

services:
	bash scripts/services.sh

fmt: $(STAMP)
	$(RUFF) format .
	$(RUFF) check --fix .

# A temporary SQLite database with the demo data, served and photographed by Chromium.
screenshots: $(STAMP)
	$(PY) scripts/screenshots.py

clean:
	rm -rf var $(VENV)
