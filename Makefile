# One target per habit. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test eval bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e . -e ./evaluation --group dev
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/rashomon compare examples/carney-beijing -o out/carney-beijing.json -o out/carney-beijing.md \
		-o out/carney-beijing.html
	@echo "Reports written: $(CURDIR)/out/carney-beijing.json and $(CURDIR)/out/carney-beijing.md"
	@echo "Open the report page: $(CURDIR)/out/carney-beijing.html"

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/rashomon eval --split dev

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_compare.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
