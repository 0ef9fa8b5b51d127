# Vielfalt — the two commands: `make run` (set up everything and serve the demo) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup assets lint layers types migrations-check translations-check unit browser test-postgres budgets messages clean

run: setup
	$(BIN)/vielfalt demo

test: setup lint layers types migrations-check translations-check unit

# --- set-up (idempotent and fast the second time) ------------------------------------------------
setup: $(STAMP) assets var/.translations var/static/staticfiles.json

$(STAMP): requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Vielfalt needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

assets: node_modules/.package-lock.json

var/.translations: $(STAMP) $(wildcard src/vielfalt/locale/*/LC_MESSAGES/*.po src/vielfalt/accounts/allauth_locale/*/LC_MESSAGES/*.po)
	mkdir -p var
	$(BIN)/vielfalt compile_translations
	touch var/.translations

# Static files for production (hashed and compressed); the demo serves them from their sources.
var/static/staticfiles.json: $(STAMP) node_modules/.package-lock.json $(shell find src/vielfalt/static -type f 2>/dev/null)
	$(BIN)/vielfalt collectstatic --noinput --verbosity 0

# --- checks ----------------------------------------------------------------------------------------
lint:
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/ruff format --check src tests bench conftest.py

# Apps import only downwards (the layers contract in pyproject.toml; see docs/architecture.md).
layers:
	$(BIN)/lint-imports

types:
	$(BIN)/mypy src

migrations-check:
	$(BIN)/vielfalt makemigrations --check --dry-run

translations-check:
	$(BIN)/vielfalt check_translations

unit:
	$(BIN)/pytest -p no:cacheprovider -n 2 src --every-page-budgeted

browser: setup
	$(BIN)/pytest -p no:cacheprovider -n 2 tests/browser

test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -p no:cacheprovider -n 2 src

# Instructions per request of the public pages, the signed-in pages and a registration, each within its
# multiple of the floor's in bench/budgets.toml (valgrind; a fresh demo in its own PostgreSQL database;
# about 4 minutes).
BUDGETS_DB ?= vielfalt_budgets
budgets: setup
	dropdb --if-exists --force -h 127.0.0.1 -U postgres $(BUDGETS_DB)
	createdb -h 127.0.0.1 -U postgres $(BUDGETS_DB)
	export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BUDGETS_DB) && unset REDIS_URL && \
	  $(BIN)/vielfalt migrate --verbosity 0 && $(BIN)/vielfalt import_regions >/dev/null && \
	  $(BIN)/vielfalt load_demo >/dev/null && \
	  $(BIN)/python bench/instructions.py --public --check && \
	  $(BIN)/python bench/instructions.py --signed-in --check && \
	  $(BIN)/python bench/instructions.py --registration --check

# --- for developers ------------------------------------------------------------------------------
messages: $(STAMP)
	cd src/vielfalt && ../../$(BIN)/vielfalt makemessages -l en -l tr -l ar -l fa -l ru -l uk --no-location --no-obsolete -i "tests/*"

clean:
	rm -rf $(VENV) node_modules var/static var/.translations
