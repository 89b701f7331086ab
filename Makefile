# `make run` and `make test` set everything up on a fresh clone: a .venv with the project,
# its dependencies and the spaCy model package, installed once and again when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run console test lint bench eval train-attribution clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m bot

console: $(STAMP)
	@$(BIN)/python -m bot console

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Style and types: ruff (lint and format) and mypy, configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check bot cogs tests
	$(BIN)/ruff format --check bot cogs
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bot bench throughput --articles 50
	$(BIN)/python -m bot bench summary

# Scores on ../shared (absent in a user's clone).
eval: $(STAMP)
	@for task in quotes attributions seeds summary extraction actors; do PATH="$(CURDIR)/$(BIN):$$PATH" ../shared/tools/evaluate.py $$task | tail -n 4; done

# Relearn bot/nlp/attribution_weights.json from PolNeAR train (needs ../shared).
train-attribution: $(STAMP)
	$(BIN)/python -m bot.bench.train_speakers --corpus ../shared/corpora/polnear/train
	$(BIN)/python -m bot.bench.train_reported --corpus ../shared/corpora/polnear/train

clean:
	rm -rf $(VENV) .pytest_cache *.egg-info
