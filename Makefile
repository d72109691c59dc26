# `make run` opens the planner; `make test` runs lint, types and the whole test suite.
# Both create their own virtual environment in .venv and install confplan into it (not editable,
# so the tests exercise the package exactly as users install it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

run: $(BIN)/python
	$(BIN)/python -m pip install -q .
	$(BIN)/confplan

test: $(BIN)/python
	$(BIN)/python -m pip install -q ".[test]"
	$(MAKE) lint
	$(BIN)/python -m pytest

# Property-based tests run long (thousands of cases per property; examples kept in .hypothesis/); so do the
# planner's randomised run (5 seeds x 1,000 steps, its figures shown by -rP) and its endings in a pty (50 of each).
fuzz: $(BIN)/python
	$(BIN)/python -m pip install -q ".[test]"
	CONFPLAN_FUZZ=long $(BIN)/python -m pytest -rP tests/fuzz tests/tui/test_random_run.py tests/tui/test_endings.py

# Speed and memory, as ratios against baselines measured in the same run (bench/README.md).
bench: $(BIN)/python
	$(BIN)/python -m pip install -q ".[test]"
	$(BIN)/python -m bench.run

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
