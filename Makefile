# Quick start: `make build` then `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test test-fast system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Java runs EPUBCheck; poppler-utils gives tests an independent PDF parser (pdftotext)
# and pdftoppm for the visual tests. Installed only when missing (needs root, as here).
system-deps:
	@command -v java >/dev/null && command -v pdftotext >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    default-jre-headless poppler-utils >/dev/null; }

build: $(STAMP)
	$(PY) build.py

test: $(STAMP) system-deps
	$(PY) -m pytest -n 2 -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

clean:
	rm -rf output .pytest_cache
