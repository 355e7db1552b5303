# Quick start: `make build` then `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test test-fast runtime-deps fonts system-deps clean ace soak mutate wheel

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# HarfBuzz's subsetter embeds fonts in the PDF; without it WeasyPrint falls back to fontTools,
# whose subsets differ from run to run (no reproducible PDF). fonts-noto-cjk holds the Chinese,
# Japanese and Korean fonts that `make fonts` cuts down. Installed only when missing.
runtime-deps:
	@/sbin/ldconfig -p | grep -q libharfbuzz-subset || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 >/dev/null; }
	@test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }

# The CJK fonts, subset from fonts-noto-cjk into the git-ignored fonts/cjk/ (docs/fonts.md):
# about a minute the first time, nothing while the pins in fonts/cjk-characters/ are unchanged.
fonts: $(STAMP) runtime-deps
	$(PY) build.py fonts

# Java runs EPUBCheck; poppler-utils gives tests an independent PDF parser (pdftotext)
# and pdftoppm for the visual tests; chromium is the browser the --serve tests drive (through
# Playwright, which never downloads one here). Installed only when missing (needs root, as here).
system-deps: runtime-deps
	@command -v java >/dev/null && command -v pdftotext >/dev/null && command -v chromium >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    default-jre-headless poppler-utils chromium >/dev/null; }

build: $(STAMP) runtime-deps fonts
	$(PY) build.py

test: $(STAMP) system-deps fonts
	$(PY) -m pytest -n 2 -q

test-fast: $(STAMP) fonts
	$(PY) -m pytest -q -m "not slow"

clean:
	rm -rf output .pytest_cache build dist

# The installable tool (docs/install.md): dist/handout-<version>-py3-none-any.whl, with the
# templates, styles and fonts inside. `pipx install dist/handout-*.whl` gives the `handout` command.
wheel: $(STAMP)
	rm -rf build dist
	$(PY) -m pip wheel --quiet --no-deps --wheel-dir dist .

# Ace by DAISY, the EPUB accessibility checker, in a project-local folder (git-ignored).
# --ignore-scripts: its Electron download is unreachable here and not needed; ace-puppeteer
# drives Debian's chromium instead. tests/test_epub_ace.py runs it wherever it is installed.
ACE_DIR := .ace
ACE := $(ACE_DIR)/node_modules/.bin/ace-puppeteer
ACE_VERSION := 1.4.6
export PUPPETEER_EXECUTABLE_PATH ?= /usr/bin/chromium

$(ACE):
	@command -v npm >/dev/null && command -v chromium >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm chromium >/dev/null; }
	npm install --prefix $(ACE_DIR) --ignore-scripts --no-audit --no-fund @daisy/ace@$(ACE_VERSION)

# Install Ace, build content/, check every EPUB in output/ (fails on any violation), then the test.
ace: $(ACE) build
	@for epub in output/*.epub; do \
	  $(ACE) --silent --force --exiterror2 --outdir output/ace/$$(basename $$epub .epub) $$epub \
	    && echo "$$epub: Ace: no violations" || { echo "$$epub: Ace: violations, see output/ace/"; exit 1; }; \
	done
	$(PY) -m pytest -q tests/test_epub_ace.py

# Soak: build 400 generated articles and 40 books (tests/corpus/generate.py) on A4/Letter x
# standard/large-print; fails on any that is not `ok`. Options: tests/soak.py --help
# (e.g. --keep soak-failures/ to keep the failing sources and PDFs).
soak: $(STAMP) runtime-deps fonts
	$(PY) tests/soak.py

# Mutation campaign: inject 200 faults of every kind the checks claim to catch into generated
# articles (A4/Letter x standard/large-print), verify each fault really happened (poppler, pypdf,
# an own layout of the EPUB), and report the detection rate per kind; fails on any miss.
# Needs pdftotext/pdftoppm (poppler-utils, see system-deps). Options: tests/mutate.py --help
mutate: $(STAMP) runtime-deps fonts
	$(PY) tests/mutate.py
