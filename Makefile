# AgentPath — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# @CMD:PKGS installs PKGS only when CMD is missing (a Node.js with its own npm may already be there).
RUN_PACKAGES := @msgfmt:gettext @npm:nodejs,npm libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
TEST_PACKAGES := $(RUN_PACKAGES) @chromium:chromium @pg_ctlcluster:postgresql
export DJANGO_SETTINGS_MODULE := agentpath.settings
# Python and pytest keep compiled (and assertion-rewritten) modules: the second pytest run and each xdist worker
# after the first import them instead of compiling again (half the collection time).
unexport PYTHONDONTWRITEBYTECODE
# pytest-xdist: one worker per core; a file's tests stay on one worker (module fixtures are built once); files
# are handed out in the order tests/conftest.py sorts them, the longest first (not by their number of tests).
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder
# Extra pytest arguments for both suites (e.g. PYTEST_ARGS="--junitxml=var/ci/sqlite.xml", or a folder).
PYTEST_ARGS ?=

.PHONY: run test test-postgres test-production setup setup-test assets messages lint bench-small clean

## make run: install everything, migrate SQLite, load the framework and the demo center, serve :8000
run: setup
	$(BIN)/agentpath migrate --noinput
	$(BIN)/agentpath load-framework cola
	$(BIN)/agentpath demo
	$(BIN)/agentpath apply-scheduled-moves --daily
	@$(BIN)/agentpath shell -v 0 -c "from django.conf import settings; print('Mode: ' + ('DEBUG on (development: error pages show tracebacks; AGENTPATH_ENV=production turns it off, see docs/operations.md)' if settings.DEBUG else 'DEBUG off (production settings)'))"
	@echo "Serving http://$(HOST):$(PORT)/  (background worker started; Ctrl-C stops both)"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/agentpath db_worker --interval 1 >var/worker.log 2>&1 & worker=$$!; \
	  $(BIN)/agentpath runserver $(HOST):$(PORT)

## make test: install what the tests need, then the whole suite on SQLite with the browser tests (but the few
## marked postgresql_only, which `make test-postgres` runs; SQLITE_TESTS= runs them here too)
SQLITE_TESTS ?= not postgresql_only
test: setup-test
	$(PYTEST) $(if $(SQLITE_TESTS),-m "$(SQLITE_TESTS)") $(PYTEST_ARGS)

## make test-postgres: every test whose outcome can depend on the database engine, against a throwaway
## PostgreSQL cluster on loopback (the engine-independent ones, tests/conftest.py, run in `make test`;
## PG_TESTS= runs them all here too)
PG_TESTS ?= not engine_independent
test-postgres: setup-test
	$(BIN)/python -m agentpath.devtools.throwaway_pg -- $(PYTEST) $(if $(PG_TESTS),-m "$(PG_TESTS)") $(PYTEST_ARGS)

## make test-production: the production path of docs/operations.md (collectstatic, gunicorn, bearer writes)
test-production: setup
	$(BIN)/python scripts/production_check.py

setup: $(VENV)/.installed assets messages
	@mkdir -p var

# the test tools and the product in one pip run (not `pip install -e .` and then again with [test])
setup-test: $(VENV)/.installed-test assets messages
	@mkdir -p var
	@./scripts/ensure-debian-packages.sh $(TEST_PACKAGES)

define make-venv
	@./scripts/ensure-debian-packages.sh $(RUN_PACKAGES)
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || ./scripts/ensure-debian-packages.sh python3-venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
endef

# --no-compile: pip would compile every module of every package it installs, half of its time; Python compiles
# the modules a process imports when it first imports them, and keeps them (PYTHONDONTWRITEBYTECODE is unexported).
$(VENV)/.installed: pyproject.toml
	$(make-venv)
	$(BIN)/pip install -q --no-compile -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml
	$(make-venv)
	$(BIN)/pip install -q --no-compile -e ".[test]"
	@touch $(VENV)/.installed $@

assets: src/agentpath/static/vendor/.installed

src/agentpath/static/vendor/.installed: package.json package-lock.json scripts/copy-vendor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Each app's catalogue compiled when its .po changed (what `agentpath compilemessages` runs, without starting
# Django and walking the tree each time): the SQLite and PostgreSQL suites of .ci/run start at the same time and
# must not rewrite a .mo file the other is reading.
PO_FILES := $(wildcard src/agentpath/locale/*/LC_MESSAGES/django.po src/agentpath/*/locale/*/LC_MESSAGES/django.po)
messages: $(PO_FILES:.po=.mo)

%.mo: %.po
	msgfmt --check-format -o $@ $<

## make lint: ruff (with PLC0415, no import inside a function) and the layers of docs/architecture.md (import-linter)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	PYTHONPATH=src $(BIN)/lint-imports

bench-small:
	for b in bench/*.py; do $(BIN)/python $$b --small || exit 1; done

clean:
	rm -rf $(VENV) node_modules src/agentpath/static/vendor var
