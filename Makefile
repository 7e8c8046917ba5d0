# The two commands a newcomer needs: `make serve` and `make test`. Everything else is optional.
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)

.PHONY: serve test lint typecheck golden pytest cassettes bench browser-deps clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

serve: $(STAMP)  ## set up, then serve the API on the embedded model at http://127.0.0.1:8000
	$(BIN)/deskcheck serve

test: $(STAMP) browser-deps lint typecheck golden pytest  ## set up, then lint, type-check and run every test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Any change to what the evidence layer outputs fails here until it is reviewed and re-saved
# (`python bench/golden.py save bench/golden-evidence2.json`).
golden: $(STAMP)
	$(BIN)/python bench/golden.py check bench/golden-evidence2.json

pytest: $(STAMP)
	$(BIN)/pytest

cassettes: $(STAMP)  ## re-record every cassette against a freshly started embedded model
	$(BIN)/pytest -m "not live and not browser" --record-mode=rewrite
	$(BIN)/pytest

bench: $(STAMP)  ## print the benchmarks' figures
	$(BIN)/python bench/run.py

# Browser tests drive Debian's Chromium; nothing downloads a browser of its own.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf $(VENV) var artifacts .pytest_cache .mypy_cache .ruff_cache
