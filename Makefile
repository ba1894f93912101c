# The two set-up commands of the README: `make serve` and `make test`.
# Both create .venv and install what they need from the package registries.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: serve build test check chromium bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

check: $(STAMP)
	$(VENV)/bin/kaikki check

build: check
	$(VENV)/bin/mkdocs build --strict

serve: check
	$(VENV)/bin/mkdocs serve

# Debian's Chromium for the browser tests; no browser is downloaded by Playwright.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)
