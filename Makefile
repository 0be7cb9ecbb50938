# SXSH Portal — the two README commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: messages run test install install-test system-deps system-deps-run lint format check bench serve demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-deps

## System packages: fonts for Vietnamese PDFs, Chromium for browser tests, pdftotext for checks.
system-deps:
	@./scripts/system-deps.sh test

system-deps-run:
	@./scripts/system-deps.sh run

.env:
	@cp .env.example .env
	@echo "Created .env from .env.example (DEBUG on, for local use only)."

## run: set everything up and serve the demo on http://$(HOST):$(PORT)
run: system-deps-run install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: install what the tests need and run the whole suite
test: install-test
	$(PY) -m pytest

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh the English catalogue after changing interface strings (then translate, make messages again)
messages: install
	DEBUG=true $(PY) manage.py makemessages -l en --ignore=.venv --ignore=test-artifacts --ignore=bench --ignore=tests --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages -l en --ignore=.venv

bench: install-test
	$(PIP) install --quiet -e ".[bench]"
	./scripts/bench.sh

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles test-artifacts
