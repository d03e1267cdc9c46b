# ThinkFamily: `make run` sets everything up and serves the app; `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CHILDREN ?= 600
DEMO_SEED ?= 1
# Test workers (pytest-xdist), each with its own test database; 0 runs the suite in this one process.
TEST_WORKERS ?= 2

.PHONY: run test lint check assets setup seed bench clean help

help:
	@echo "make run   - set up (venv, assets, database, demo data) and serve on http://$(HOST):$(PORT)"
	@echo "make test  - run the whole suite (lint, migrations check, unit, browser tests)"

$(VENV)/.installed: requirements.txt
	@PYTHON=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON"; "$$PYTHON" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed once, to fetch the NHS design system (nhsuk-frontend)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed

setup: $(VENV)/.installed assets
	@mkdir -p var

run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo --if-empty --children $(DEMO_CHILDREN) --seed $(DEMO_SEED)
	$(MANAGE) demo_logins
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pylint --rcfile=pyproject.toml thinkfamily tests
	$(PY) scripts/lint_templates.py
	$(PY) scripts/lint_person_access.py
	$(PY) scripts/lint_clock.py
	$(MANAGE) makemigrations --check --dry-run --settings=thinkfamily.config.settings.test
	$(MANAGE) check --settings=thinkfamily.config.settings.test

test: setup lint
	$(PY) -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var staticfiles
