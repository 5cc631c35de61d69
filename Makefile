# Dossier: `make build` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& echo $$p && break; done)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CORPUS ?= content/articles
N ?= 1000

.PHONY: install build test serve check bench clean zensical export

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[model,test]'
	@touch $@

install: $(STAMP)

# OFFLINE=1: a site that works opened from disk (site/index.html), without a server.
# SEARCH=auto (default): the theme's search below 40 articles, Pagefind's chunked one from 40 on;
# SEARCH=material or SEARCH=pagefind to choose.
# STRICT=1: warnings (a skipped article, one kept from its last reading) fail the build.
# SCHEDULER=tcp://host:8786: new or changed articles are parsed on that Dask cluster's workers;
# WORKERS=N: on N Dask worker processes started on this machine (README, "Running on a cluster").
build: install
	$(PY) -m dossier build $(if $(OFFLINE),--offline) $(if $(SEARCH),--search $(SEARCH)) \
		$(if $(STRICT),--strict) $(if $(SCHEDULER),--scheduler "$(SCHEDULER)") \
		$(if $(WORKERS),--workers $(WORKERS))

test: install
	$(PY) -m pytest -q

# Live preview on http://127.0.0.1:8000: builds, serves, and builds again (reloading the open
# pages) on every change under content/ and templates/ or to mkdocs.yml, rendering only the
# pages that changed. SEARCH=pagefind works (README, "Seeing edits as you make them").
serve: install
	$(PY) -m dossier serve $(if $(SEARCH),--search $(SEARCH))

check: install
	$(PY) -m dossier check $(if $(STRICT),--strict)

# Every fact of every pair file as a table: build/export/events.csv and events.jsonl.
# FORMAT=csv|jsonl|both (default both), OUT=folder (default build/export).
export: install
	$(PY) -m dossier export $(if $(OUT),--out "$(OUT)") $(if $(FORMAT),--format $(FORMAT))

bench: install
	$(PY) -m dossier.bench --corpus "$(CORPUS)" -n $(N) $(if $(REPEAT),--repeat $(REPEAT)) \
		$(if $(SEARCH),--search $(SEARCH)) $(if $(WORKERS),--cluster-workers $(WORKERS))

# The same site built by Zensical, Material for MkDocs' successor (reads the same mkdocs.yml).
zensical: install
	$(PY) -m dossier build --no-site
	$(VENV)/bin/zensical build -f mkdocs.yml

# Generated output and caches only: nothing under content/ is ever removed.
clean:
	rm -rf .cache build site
