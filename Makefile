# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
# Each target installs what it needs and reuses it on the next run: building and serving need
# only Python (a .venv); the tests also use Node.js packages (node_modules: axe-core, vnu-jar).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the site (sitemap, archive headers) are the last commit's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build report check new-study test test-fast bench clean distclean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PIP) -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## serve: build and serve the site on http://127.0.0.1:8000, rebuilding when data/, scripts/ or docs/ change
serve: $(VENV)/.runtime
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

## build: write the static site into site/ (replaced only when the whole build succeeds)
build: $(VENV)/.runtime
	rm -rf .site-new
	$(BIN)/mkdocs build --strict --site-dir .site-new || { rm -rf .site-new; exit 1; }
	rm -rf .site-old && { [ ! -e site ] || mv site .site-old; } && mv .site-new site && rm -rf .site-old

## report: the site with each study's report PDF in each language (prints with Chromium: apt-get install chromium)
report: $(VENV)/.test
	$(MAKE) build
	$(BIN)/python -m insights.report site
	$(MAKE) build

## check: exit 1 if the generated files are stale with respect to data/ and scripts/
check: $(VENV)/.runtime
	$(BIN)/python -m insights.generate --check

## new-study: start a study, e.g. make new-study NAME=acme-2026 (data/acme-2026/, docs/acme-2026.md and .en.md)
new-study: $(VENV)/.runtime
	@test -n "$(NAME)" || { echo "usage: make new-study NAME=<study>, e.g. NAME=acme-2026" >&2; exit 2; }
	$(BIN)/python -m insights.scaffold "$(NAME)"

## test: the whole suite (unit, build, headless Chromium)
test: $(VENV)/.test node_modules/.installed
	$(BIN)/python -m pytest

## test-fast: the edit-test loop: no browser, no whole build (tests marked slow are left out)
test-fast: $(VENV)/.test
	$(BIN)/python -m pytest -m "not slow"

## bench: print build time and memory, and the bytes each page loads before any interaction
bench: $(VENV)/.test
	$(BIN)/python scripts/benchmark.py

## clean: remove what builds and tests produce (keeps .venv and node_modules)
clean:
	rm -rf site .site-new .cache test-artifacts .pytest_cache

## distclean: also remove the installed environments
distclean: clean
	rm -rf $(VENV) node_modules
