# Tværblik. Every target sets itself up from nothing but python3.11:
#   make run        virtualenv + install (when pyproject.toml changed), demo data if the
#                   data folder is empty, then the dashboards on http://127.0.0.1:8866/
#   make hub        the same install plus the hub's proxy from npm, then JupyterHub with
#                   login on http://127.0.0.1:8000/ (users: tvaerblik hub-user add)
#   make test       the same set-up, then ruff, ruff format, mypy, import contracts, pytest
#   make lint       the static checks only
#   make bench      every benchmarks/bench_*.py
#   make templates  regenerate templates_xlsx/ from toolkit/schema.py
#   make sample     regenerate sample_data/ with the sample generator
#   make docs       regenerate docs/inputs.md and docs/indicators.md from the code
#   make clean      caches and build files (never data/, never .venv; distclean removes .venv)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-from-pyproject
DATA ?= $(or $(TVAERBLIK_DATA),data)
HOST ?= 127.0.0.1
PORT ?= 8866
HUB_PORT ?= 8000
NODE_STAMP := node_modules/.installed-from-lock
DEMO ?= 1
BENCH_ARGS ?=

.PHONY: help setup run hub test lint bench templates sample docs screenshots clean distclean

help:
	@echo "Tværblik"
	@echo "  make run        start dashboards på http://$(HOST):$(PORT)/ (installerer først;"
	@echo "                  indlæser eksempelkommunen, hvis datamappen $(DATA) er tom; DEMO=0 slår det fra)"
	@echo "  make hub        start Tværblik for mange brugere med login på http://$(HOST):$(HUB_PORT)/"
	@echo "                  (JupyterHub; brugere: tvaerblik hub-user add NAVN --rolle ROLLE)"
	@echo "  make test       installer og kør alle kontroller og tests (som CI)"
	@echo "  make lint       kun ruff, mypy og importkontrakterne"
	@echo "  make bench      kør benchmarks/bench_*.py"
	@echo "  make templates  lav templates_xlsx/ igen ud fra toolkit/schema.py"
	@echo "  make sample     lav sample_data/ igen med eksempelgeneratoren"
	@echo "  make docs       lav docs/inputs.md igen ud fra toolkit/schema.py"
	@echo "  make clean      slet caches og byggefiler (aldrig data/); distclean sletter også .venv"

# -- set-up ---------------------------------------------------------------------------------

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Fejl: $(PYTHON) findes ikke. Installer Python 3.11, eller kør fx 'make PYTHON=/sti/til/python3.11'." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed (or the virtualenv is new).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev,hub]"
	@touch $@

# The hub's proxy (configurable-http-proxy) from npm, into ./node_modules, as locked.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Fejl: npm findes ikke. Installer Node.js og npm (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(STAMP) $(NODE_STAMP)

# -- run ------------------------------------------------------------------------------------

run: $(STAMP)
	@if [ "$(DEMO)" = "1" ] && [ "$$($(PY) -c "$$HAS_CURRENT_VERSION" "$(DATA)")" = "no" ]; then \
	    echo "Datamappen $(DATA) er tom: indlæser eksempelkommunen (tvaerblik demo) …"; \
	    $(BIN)/tvaerblik --data "$(DATA)" demo; \
	fi
	$(BIN)/tvaerblik --data "$(DATA)" serve --host "$(HOST)" --port "$(PORT)"

# Many users with login (README: «Mange brugere»). The data folder is never filled with demo
# data here: a hub is for a municipality's own data.
hub: $(STAMP) $(NODE_STAMP)
	$(BIN)/tvaerblik --data "$(DATA)" hub --host "$(HOST)" --port "$(HUB_PORT)"

# "no" only when the folder has no current version; a folder that cannot be read is left
# alone (the Forside then explains the problem) rather than filled with demo data.
define HAS_CURRENT_VERSION
import sys
from toolkit.store import Store, StoreError
try:
    print("yes" if Store(sys.argv[1]).current_version() else "no")
except (StoreError, OSError):
    print("broken")
endef
export HAS_CURRENT_VERSION

# -- checks ---------------------------------------------------------------------------------

# Each check runs even when an earlier one failed, so one run shows every problem.
CHECKS := \
	"$(BIN)/ruff check ." \
	"$(BIN)/ruff format --check ." \
	"$(BIN)/mypy" \
	"$(BIN)/lint-imports"

define run_checks
	failed=(); \
	for check in $(1); do \
	    echo "==> $$check"; \
	    eval "$$check" || failed+=("$$check"); \
	done; \
	if [ $${#failed[@]} -gt 0 ]; then \
	    printf 'Fejlede: %s\n' "$${failed[@]}" >&2; exit 1; \
	fi
endef

lint: $(STAMP)
	@$(call run_checks,$(CHECKS))

test: $(STAMP) $(NODE_STAMP)
	@$(call run_checks,$(CHECKS) "$(BIN)/pytest")

bench: $(STAMP)
	@shopt -s nullglob; scripts=(benchmarks/bench_*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "Ingen benchmarks i benchmarks/."; exit 0; fi; \
	for script in "$${scripts[@]}"; do \
	    echo "==> $$script"; \
	    $(PY) "$$script" $(BENCH_ARGS); \
	done

# -- committed, generated files -------------------------------------------------------------

templates: $(STAMP)
	$(BIN)/tvaerblik templates templates_xlsx

sample: $(STAMP)
	$(PY) -m toolkit.sample --out sample_data

docs: $(STAMP)
	$(PY) -m toolkit.datadictionary > docs/inputs.md.tmp
	mv docs/inputs.md.tmp docs/inputs.md
	$(PY) -m toolkit.indicators.docs > docs/indicators.md.tmp
	mv docs/indicators.md.tmp docs/indicators.md

# The README's pictures: the browser tests take them; these six are kept in docs/screenshots.
screenshots: $(STAMP)
	$(BIN)/pytest -q tests/browser
	cp artifacts/screenshots/{forside,overblik,afdeling,rehabiliteringsteam,forloeb,scenarier,data-rapport}.png docs/screenshots/

# -- cleaning -------------------------------------------------------------------------------

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .hypothesis build artifacts
	rm -rf ./*.egg-info
	find . -path ./$(VENV) -prune -o -path ./.git -prune -o -name __pycache__ -type d -print0 \
	    | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules
