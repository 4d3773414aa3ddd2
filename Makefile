# Everything a newcomer needs: `make chat` to talk to the assistant, `make test` to run every test.
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MODEL := models/mle-assistant.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false

.PHONY: install db train chat shell actions serve web prod test test-fast lint browser postgres services clean help

help:
	@echo "make chat     talk to the assistant in the terminal (sets everything up)"
	@echo "make shell    Rasa's own console (rasa shell) instead, with the action server"
	@echo "make test     lint, then every test: fast, model, shell and browser (what CI runs)"
	@echo "make test-fast  the tests that need no trained model and no browser (under a minute)"
	@echo "make lint     ruff (lint and format check) and mypy --strict"
	@echo "make install  create .venv and install pinned dependencies"
	@echo "make db       build or sync the SQLite knowledge database"
	@echo "make train    train the Rasa model when data changed"
	@echo "make actions  run the action server (ACTION_PORT, default 5055)"
	@echo "make serve    run Rasa (REST and web channels; RASA_PORT, default 5005) and the action server"
	@echo "make web      run both servers and the demo page with the chat widget (WEB_PORT, default 8000)"
	@echo "make prod     production stack: PostgreSQL, Redis, Rasa and action servers behind nginx (PROD_PORT, default 8080)"
	@echo "make mutation mutation score of the fast tests over the knowledge layer (MUTATION_SAMPLE=0.2 for a sample)"

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==24.0"
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@

install: $(INSTALLED)

db: install
	@$(BIN)/python -m bot kb load

# Rasa also fingerprints its inputs; the stamp keeps `make chat` from even loading TensorFlow
# when nothing changed.
$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	$(BIN)/python -m bot train
	touch $@

train: $(MODEL)

chat: db train
	@$(BIN)/python -m bot chat

shell: db train
	$(BIN)/python -m bot shell

actions: db
	$(BIN)/python -m bot actions

serve: db train
	$(BIN)/python -m bot serve

web: db train
	$(BIN)/python -m bot web

# The browser tests drive Debian's Chromium and audit the widget with axe-core (pinned in
# tests/browser/package.json, installed into tests/browser/node_modules, never committed or served).
# Chromium, Node.js and npm come from Debian's packages when missing (needs root, as on CI).
AXE := tests/browser/node_modules/axe-core/axe.min.js
browser: $(AXE)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) \
	  || echo "!!! Could not install Debian's chromium: the browser tests will be skipped (they fail in CI)."

$(AXE): tests/browser/package.json
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nodejs npm) \
	  || echo "!!! Could not install Node.js and npm: the accessibility audit will fail."
	cd tests/browser && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@

# The fact-search tests run a throwaway PostgreSQL server as the postgres user.
postgres:
	@(command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1) \
	  || (apt-get update -qq && apt-get install -y -qq postgresql) \
	  || echo "!!! Could not install PostgreSQL: the PostgreSQL search test will fail."

# The production stack (and its tests) also needs Redis and nginx, from the distribution's packages.
services: postgres
	@command -v redis-server >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq redis-server) \
	  || echo "!!! Could not install Redis: make prod and the production-stack tests will fail."
	@command -v nginx >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nginx) \
	  || echo "!!! Could not install nginx: make prod and the production-stack tests will fail."

prod: db train services
	$(BIN)/python -m bot prod

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

FAST_TESTS := -m "not rasa_model and not browser"

test-fast: install postgres
	$(BIN)/python -m pytest $(FAST_TESTS)

test: lint db train browser services
	$(BIN)/python -m pytest

clean:
	rm -rf models var results .pytest_cache

# Benchmarks (not part of `make test`): results go to results/bench/<timestamp>/ and results/bench/latest/.
.PHONY: bench bench-quick mutation

bench: db train
	$(BIN)/python -m benchmarks
bench-quick: db train
	$(BIN)/python -m benchmarks --quick

# Mutation score of the fast tests over bot/knowledge/ and bot/answers.py (results/mutation/).
# MUTATION_SAMPLE=0.2 runs a seeded fifth of the mutants (about 16 minutes on 2 cores; all of them, over an hour).
MUTATION_SAMPLE ?= 1.0
MUTATION_VENV := .venv-mutation
$(MUTATION_VENV)/.installed: benchmarks/mutation-requirements.txt
	test -x $(MUTATION_VENV)/bin/python || $(PYTHON) -m venv $(MUTATION_VENV)
	$(MUTATION_VENV)/bin/pip install --quiet -r benchmarks/mutation-requirements.txt
	touch $@

mutation: install $(MUTATION_VENV)/.installed
	$(MUTATION_VENV)/bin/python benchmarks/mutation_score.py . --python $(BIN)/python \
	  --sample $(MUTATION_SAMPLE) --out results/mutation/latest.json
