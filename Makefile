# plancheck — two commands on a fresh machine: `make check` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: check test lint schema docs bench clean mutation

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

check: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/plancheck check plans/ --output-dir reports

# pytest's exit 5 (no tests collected) is a failure, not a pass
test: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/python -m pytest -q; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "make test: no tests collected" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check plancheck models rules checks tests

schema: $(STAMP)
	$(BIN)/plancheck schema

docs: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/python -m plancheck.checks.docs reports/data-docs

# mutation testing (docs/mutation.md): slow, not part of CI; SESSIONS="arithmetic rules" to choose
mutation: $(STAMP)
	$(BIN)/python -c "import cosmic_ray" 2>/dev/null || $(BIN)/python -m pip install --quiet 'cosmic-ray>=8.4,<9'
	GX_ANALYTICS_ENABLED=false $(BIN)/python tests/mutation/run.py $(SESSIONS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf reports .pytest_cache .ruff_cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
