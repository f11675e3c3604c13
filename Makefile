# The project's commands. Each sets up what it needs on first use (a local .venv), so a fresh
# clone needs only `make serve` (or `make build`) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup build serve serve-en validate test test-fast test-content check-pull-request lint format bench browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

setup: $(STAMP)

## Build both languages into site/ (site/de/, site/en/, and a root page that picks the language).
build: $(STAMP)
	$(BIN)/casebook build

## Preview the German site with live reload on http://127.0.0.1:8000/ (edit cases/ and see it change).
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload -f mkdocs.yml

## Preview the English site.
serve-en: $(STAMP)
	$(BIN)/mkdocs serve --livereload -f mkdocs.en.yml

## Check every case file and the vocabulary.
validate: $(STAMP)
	$(BIN)/casebook validate

## Chromium for the browser tests (Debian's package; installed once, needs root or sudo).
browser:
	@scripts/ensure-browser-deps.sh

## Everything the tests need, then the tests: every layer (what CI runs).
test: $(STAMP) browser
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/python -m pytest

## The fast layer: the code's unit tests, no site built, no browser.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m unit

## The content checks of the live collection in cases/ (validates, builds, checks every page and link).
test-content: $(STAMP)
	$(BIN)/casebook validate
	$(BIN)/python -m pytest -q -m content

## A pull request's tests: only the content checks when it changes nothing outside cases/, else everything.
BASE ?= origin/main
check-pull-request: $(STAMP)
	@set -e; outside=$$(git diff --name-only "$(BASE)...HEAD" -- . ':(exclude)cases/'); \
	if [ -n "$$outside" ]; then \
		echo "The change touches more than cases/: every test."; $(MAKE) test; \
	else \
		echo "The change touches only cases/: the content checks."; $(MAKE) test-content; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/ruff format --check plugins tests scripts

format: $(STAMP)
	$(BIN)/ruff format plugins tests scripts
	$(BIN)/ruff check --fix plugins tests scripts

## Build-time benchmark against plain Material (prints a table; add ARGS=--large for 10,000 cases).
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(ARGS)

clean:
	rm -rf site .site-* .pytest_cache .cache/plugin/casebook
