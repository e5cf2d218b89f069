# Dân Vận — developer commands. Every target creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check format messages clean bench-import bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/danvan compile-translations --verbosity 0
	DEBUG=1 $(BIN)/danvan demo

test: $(STAMP)
	$(BIN)/danvan compile-translations --verbosity 0
	$(BIN)/pytest -q -n auto

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy danvan tests conftest.py
	$(BIN)/danvan makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Import 50,000 asset lines (12,500 households) into a fresh SQLite database; prints rows/s.
bench-import: $(STAMP)
	$(BIN)/python benchmarks/compensation_import.py

# The bench extra (locust, py-spy for the portal load test), when pyproject.toml declares it.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml $(STAMP)
	if grep -q '^bench = \[' pyproject.toml; then \
		$(BIN)/python -m pip install --quiet -e ".[dev,bench]"; fi
	touch $(BENCH_STAMP)

# Petition screens at scale: SQLite and PostgreSQL at 100,000 petitions by default
# (BENCH_SIZES=100000,1000000 BENCH_DATABASES=sqlite,postgres); writes docs/benchmarks.md.
bench: $(BENCH_STAMP)
	$(BIN)/danvan compile-translations --verbosity 0
	$(BIN)/python benchmarks/petitions_bench.py

messages: $(STAMP)
	cd danvan && ../$(BIN)/danvan makemessages -l en -l vi --no-obsolete --ignore=settings/*

clean:
	rm -rf $(VENV) var
