# newsfacts: `make run` (set up + materialize everything over seeds/), `make test` (set up + tests).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# Settings (see newsfacts/settings.py): relative paths are taken from the repo root.
export NEWS_ARTICLES_DIR ?= seeds
export NEWS_DUCKDB_PATH ?= warehouse/news.duckdb
export DAGSTER_HOME := $(CURDIR)/dagster_home
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1

.PHONY: setup run test eval bench ui lint format dbt-parse docs clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# constraints.txt: the exact versions tested here, so a fresh machine gets the same stack.
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# dagster-dbt reads the manifest when definitions load; `dagster dev` rebuilds it itself.
# The absolute warehouse path, as the pipeline passes it: dbt's partial-parse state is only
# reused by a run whose profile is the same.
dbt-parse: $(VENV)/.installed
	cd dbt_project && NEWS_DUCKDB_PATH=$(abspath $(NEWS_DUCKDB_PATH)) ../$(BIN)/dbt parse --quiet --profiles-dir .

setup: $(VENV)/.installed dbt-parse

run: setup
	$(BIN)/dagster job execute -m orchestration.definitions -j newsfacts_job
	$(PY) -m newsfacts.report

test: setup
	$(PY) -m pytest

# Precision / recall / F1 of the extraction against the hand-made gold in tests/gold/.
eval: $(VENV)/.installed
	$(PY) -m newsfacts.evaluation

# Throughput, raw spaCy limit, memory and add-10-articles time on the first N corpus articles
# (default 1,000): make bench BENCH_ARGS="--n 10000". See scripts/bench.py.
BENCH_ARGS ?=
bench: setup
	$(PY) scripts/bench.py $(BENCH_ARGS)

ui: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

docs: setup
	cd dbt_project && ../$(BIN)/dbt docs generate --profiles-dir .

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf warehouse/*.duckdb warehouse/*.wal warehouse/*.lock warehouse/.extract_spool warehouse/.*.dbt_target dbt_project/target dbt_project/logs
