# easytrack: `make run` serves the app on SQLite, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
BUN_VERSION := 1.4.4
PORT ?= 3000

export REFLEX_BUN_PATH := $(CURDIR)/$(TOOLS)/bun
export REFLEX_TELEMETRY_ENABLED := false
# Never let Playwright fetch a browser: the tests use the system Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test setup setup-dev migrate clean help icons image screenshots i18n

help:
	@echo "make run   - set up and serve easytrack at http://localhost:$(PORT) (SQLite in ./data)"
	@echo "make test  - set up and run the whole test suite (unit, integration, state, browser)"

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# Reflex would download bun from the web; take it from the npm registry instead.
$(TOOLS)/bun:
	mkdir -p $(TOOLS)
	npm install --prefix $(TOOLS) --save-exact --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	ln -sf node_modules/bun/bin/bun.exe $(TOOLS)/bun
	$(TOOLS)/bun --version

# axe-core (the accessibility rules engine) is injected into pages by the browser tests.
$(TOOLS)/node_modules/axe-core/axe.min.js:
	mkdir -p $(TOOLS)
	npm install --prefix $(TOOLS) --save-exact --no-audit --no-fund --loglevel=error axe-core@4.14.1

setup: $(VENV)/.runtime $(TOOLS)/bun
setup-dev: $(VENV)/.dev $(TOOLS)/bun $(TOOLS)/node_modules/axe-core/axe.min.js

migrate: setup
	$(PY) -m easytrack migrate

run: migrate
	$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT) --backend-port $(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Extract every translatable text, merge it into each language's .po file, compile the browser's catalogue.
i18n: setup
	$(PY) -m easytrack.i18n update

icons: setup
	$(PY) deploy/make_icons.py

screenshots: setup-dev
	$(PY) scripts/screenshots.py

image:
	docker build -t easytrack:latest .

clean:
	rm -rf .web .states $(TOOLS) $(VENV)
