# IPAK brief notebooks. `make help` lists the targets.
# `make report PROVINCE=Kalteng` and `make test` work on a fresh clone: they run `setup` first
# when .venv is missing or older than pyproject.toml / requirements.txt.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
KERNEL      := ipak-brief

# Make variables never reach a shell. Every variable given on the command line is kept out of
# the recipes' environment (make would otherwise expand it, running any $(shell ...) inside),
# and the ones the CLIs need are passed, unexpanded ($(value ...)), as IPAK_* environment
# variables. Recipes contain no $(REGION), $(YEAR) ... at all: helpers.cli.preflight
# validates the values in Python (unknown region, year outside the data, LANG not id|en,
# JOBS not a positive integer -> exit 2 before any notebook runs).
$(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(eval unexport $(v))))
# REGION is the main name, PROVINCE its alias; neither given -> Kalteng.
ifeq ($(origin REGION)$(origin PROVINCE),undefinedundefined)
region_value := Kalteng
else
region_value := $(value REGION)
endif
# LANG picks the brief's language (id|en). A LANG inherited from the environment is the
# locale (e.g. en_US.UTF-8), not a brief language: ignore it. Recipes do not get it either.
ifeq ($(origin LANG),command line)
lang_value := $(value LANG)
else ifeq ($(filter id en,$(value LANG)),$(value LANG))
lang_value := $(value LANG)
else
lang_value := id
endif
unexport LANG
report reports: export IPAK_REGION   := $(region_value)
report reports: export IPAK_PROVINCE := $(value PROVINCE)
report reports: export IPAK_LANG     := $(lang_value)
report reports: export IPAK_YEAR     := $(value YEAR)
report reports: export IPAK_JOBS     := $(value JOBS)
# PDF=0|1, PPTX=0|1, XLSX=0|1 skip or write the PDF, PowerPoint and Excel files beside the HTML.
report reports: export IPAK_PDF        := $(value PDF)
report reports: export IPAK_PPTX       := $(value PPTX)
report reports: export IPAK_XLSX       := $(value XLSX)
# SINCE=<YYYY-MM-DD or year>: the last rakor; the brief adds what changed since.
report reports: export IPAK_SINCE      := $(value SINCE)
# make reports only: LEVEL=province|kabkota|all, EXECUTION_TIMEOUT=<seconds per cell>
# (validated by helpers.cli.batch: a bad value exits 2 before any notebook).
reports: export IPAK_LEVEL             := $(value LEVEL)
reports: export IPAK_EXECUTION_TIMEOUT := $(value EXECUTION_TIMEOUT)

.PHONY: help setup data report reports test test-fast lab lint format bench clean

help: ## Show this help
	@echo "IPAK brief notebooks. Usage: make <target> [REGION=Kalteng] [LANG=id|en] [YEAR=2024] [JOBS=2]"
	@grep -E '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "} {printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.txt
	@echo ">> Setting up $(VENV) (first run takes a few minutes)"
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e ".[test]"
	$(PY) -m helpers.cli.kernel >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv, install the project (editable, with test extras), register the Jupyter kernel

data: $(STAMP) ## Validate data/raw and rebuild data/processed (atomically)
	$(PY) -m helpers.cli.build

report: $(STAMP) ## Build one brief (HTML, PDF, PPTX, XLSX, JSON): make report REGION=Kalteng [LANG=en] [YEAR=2024] [PDF=0] [PPTX=0] [XLSX=0] [SINCE=2024-07-01]
	$(PY) -m helpers.cli.report

reports: $(STAMP) ## Build many briefs on warm workers: LEVEL=province|kabkota|all [JOBS=2] [PDF=0] [PPTX=0] [XLSX=0], with index.html
	$(PY) -m helpers.cli.batch

test: $(STAMP) ## Run the whole test suite (unit + end to end)
	$(PY) -m pytest

test-fast: $(STAMP) ## Run the unit tests only (no notebook, under a minute; two processes)
	$(PY) -m pytest -n 2 tests/unit

lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP) ## Lint: ruff rules, ruff format check, import contract (stages import downward)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports

format: $(STAMP) ## Apply ruff's formatter and safe fixes
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

bench: $(STAMP) ## Benchmarks: model speed/memory, interval coverage (incl. panel model), brief time, batch time, HTML size
	$(PY) bench/run.py

clean: ## Remove generated files (.venv, data/processed tables, reports)
	rm -rf $(VENV) reports build
	find data/processed -mindepth 1 ! -name README.md -delete 2>/dev/null || true
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
