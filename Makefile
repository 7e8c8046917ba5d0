# The two commands a newcomer needs: `make serve` and `make test`. Everything else is optional.
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | sha256sum | cut -c1-12)

# llama.cpp's default build tunes itself to the building CPU (-march=native), and on some
# virtual CPUs that code faults on the first completion (seen here: a general protection fault
# in libggml-cpu on an AVX-512 Xeon). So the embedded backend gets one portable wheel (AVX2,
# no AVX-512), built once into a cache outside the tree and found there on later installs.
LLAMA_VERSION    := $(shell sed -n 's/.*"llama-cpp-python\[server\]==\([0-9.]*\)".*/\1/p' pyproject.toml)
LLAMA_WHEELS     ?= $(HOME)/.cache/deskcheck/llama-wheels
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF

.PHONY: serve test lint layers typecheck golden pytest cassettes bench browser-deps clean docs

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@ls $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || { \
	  echo "building llama-cpp-python $(LLAMA_VERSION) for any x86-64 CPU with AVX2 (about 10 minutes, once)"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel --quiet --no-deps --no-cache-dir \
	    -w $(LLAMA_WHEELS) llama-cpp-python==$(LLAMA_VERSION); }
	$(BIN)/pip install --quiet --find-links $(LLAMA_WHEELS) -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

serve: $(STAMP)  ## set up, then serve the API on the embedded model at http://127.0.0.1:8000
	$(BIN)/deskcheck serve

test: $(STAMP) browser-deps lint layers typecheck golden docs pytest  ## set up, then lint, type-check and run every test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The import contracts in pyproject.toml ([tool.importlinter]): a new upward import fails here.
layers: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Any change to what the evidence layer outputs fails here until it is reviewed and re-saved
# (`python bench/golden.py save bench/golden-evidence2.json`).
golden: $(STAMP)
	$(BIN)/python bench/golden.py check bench/golden-evidence2.json

pytest: $(STAMP)
	$(BIN)/pytest

# The documentation site (docs/, mkdocs.yml), warnings as errors: a link to a page or an anchor
# that does not exist fails `make test`. NO_MKDOCS_2_WARNING silences the theme's banner only.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site

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
	rm -rf $(VENV) var artifacts build/site .pytest_cache .mypy_cache .ruff_cache .grimp_cache .import_linter_cache
