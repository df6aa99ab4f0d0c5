# Viedie ciemi — one command for each routine step. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run install browser lucene proxy gettext test test-fast test-postgres lint messages messages-check content editor backup restore wrk bench bench-fresh bench-pages bench-api bench-opendata clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the pinned dependencies

run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(STAMP) ## install, migrate, load the content and serve on 127.0.0.1:$PORT
	$(MANAGE) migrate --no-input
	$(MANAGE) load_content
	$(MANAGE) privacy_in_step
	$(MANAGE) setup_roles
	$(MANAGE) send_queued_mail
	$(MANAGE) ensure_editor --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

content: $(STAMP) ## reload the content files (keeps what editors changed)
	$(MANAGE) load_content
	$(MANAGE) privacy_in_step

browser: ## Debian's chromium for the browser tests (apt-get, when run as root)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: the browser tests will be skipped"; \
	  else echo "chromium is missing (apt-get install chromium): the browser tests will be skipped"; fi; }

proxy: ## Debian's Caddy, to test the reverse proxy of compose.yaml (apt-get, when run as root)
	@command -v caddy >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null \
	      && { systemctl disable --now caddy >/dev/null 2>&1 || true; }) \
	      || echo "caddy could not be installed: the proxy tests will be skipped"; \
	  else echo "caddy is missing (apt-get install caddy): the proxy tests will be skipped"; fi; }

gettext: ## GNU gettext (xgettext, msgfmt) for make messages and messages-check (apt-get, as root)
	@{ command -v xgettext && command -v msgfmt; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null) \
	      || echo "gettext could not be installed: make messages needs it (apt-get install gettext)"; \
	  else echo "GNU gettext is missing (apt-get install gettext): make messages needs it;" \
	    "messages-check then skips its makemessages check"; fi; }

lucene: ## Debian's liblucene8-java, to compare the Latvian analysis with Lucene's (apt-get, as root)
	@test -f /usr/share/java/lucene-analyzers-common-8.7.0.jar || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblucene8-java >/dev/null) \
	      || echo "liblucene8-java could not be installed: the Lucene comparison will be skipped"; \
	  else echo "liblucene8-java is missing: the Lucene comparison will be skipped"; fi; }

test: $(STAMP) browser lucene proxy ## run the test suite (SQLite; DATABASE_URL chooses another database)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP) ## the suite without the Chromium and search-cluster tests (a quicker check while working)
	$(BIN)/python -m pytest -m "not browser and not cluster" $(PYTEST_ARGS)

test-postgres: $(STAMP) browser lucene proxy ## run the test suite against the local PostgreSQL server
	DATABASE_URL=$${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## check the code with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# makemessages writes only into locale/ (the first of LOCALE_PATHS, and the only locale
# folder it finds); locale/upstream/ holds the hand-made overrides of Wagtail, wagtail-localize
# and Django (see locale/README.md) and is never written by it. compilemessages compiles them all.
messages: $(STAMP) gettext ## update the project's catalogue in locale/, compile every catalogue
	@command -v xgettext >/dev/null 2>&1 || { echo "make messages needs GNU gettext (apt-get install gettext)"; exit 1; }
	$(MANAGE) makemessages --locale lv --locale en --ignore '.venv/*' --ignore 'locale/upstream/*' \
	  --no-obsolete --add-location file
	$(MANAGE) compilemessages --ignore '.venv/*'

messages-check: $(STAMP) gettext ## check the catalogues: coverage, staleness, plural forms, placeholders, one word per msgid
	$(BIN)/python -m pytest tests/test_admin_catalogues.py -q

editor: $(STAMP) ## make a local editor account with a new password
	$(MANAGE) ensure_editor --reset

backup: $(STAMP) ## back up the database and media into backups/<time>/ (the site may keep serving)
	$(MANAGE) backup

restore: $(STAMP) ## replace the database and media with BACKUP=<folder> (stop the site first)
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=backups/<time>"; exit 1; }
	$(MANAGE) restore $(BACKUP)

wrk: ## Debian's wrk, the load generator of make bench (apt-get, when run as root)
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	      || { echo "wrk could not be installed: make bench needs it (apt-get install wrk)"; exit 1; }; \
	  else echo "wrk is missing: make bench needs it (apt-get install wrk, as root)"; exit 1; fi; }

BENCH_DB ?= sqlite:///$(CURDIR)/bench.sqlite3
BENCH_STORIES ?= 10000
BENCH_SECONDS ?= 5
BENCH_RESULTS ?= $(CURDIR)/bench-pages.json
BENCH_PAGES = DATABASE_URL=$(BENCH_DB) $(MANAGE) bench_pages --seconds $(BENCH_SECONDS) --results $(BENCH_RESULTS)
# Debug off, as in production: with it on, Django also records every query it runs.
bench: export DEBUG = 0
bench-pages: export DEBUG = 0
bench-api: export DEBUG = 0
# The default bench database starts empty, so that loading the content and adding the stories
# are timed as a new site's (another BENCH_DB is used as it is).
bench-fresh:
	@if [ "$(BENCH_DB)" = "sqlite:///$(CURDIR)/bench.sqlite3" ]; then \
	  rm -f bench.sqlite3 bench.sqlite3-wal bench.sqlite3-shm $(BENCH_RESULTS); fi
	DATABASE_URL=$(BENCH_DB) $(MANAGE) migrate --no-input -v0

bench: $(STAMP) wrk bench-fresh ## readers' pages, search and API on real content, then $BENCH_STORIES more stories per language (own database)
	$(BENCH_PAGES) --load-content
	DATABASE_URL=$(BENCH_DB) $(MANAGE) bench_search
	$(BENCH_PAGES) --stories $(BENCH_STORIES) --profile
	DATABASE_URL=$(BENCH_DB) $(MANAGE) bench_search --stories $(BENCH_STORIES)
	DATABASE_URL=$(BENCH_DB) $(MANAGE) bench_api
	$(MAKE) bench-opendata

bench-pages: $(STAMP) wrk bench-fresh ## readers' pages only: under gunicorn and wrk, cold and warm, real content then $BENCH_STORIES stories
	$(BENCH_PAGES) --load-content
	$(BENCH_PAGES) --stories $(BENCH_STORIES) --profile

bench-api: $(STAMP) ## API only: 20-story listing under gunicorn (median, p95), SQL queries per page size
	DATABASE_URL=$(BENCH_DB) $(MANAGE) migrate --no-input -v0
	DATABASE_URL=$(BENCH_DB) $(MANAGE) load_content
	DATABASE_URL=$(BENCH_DB) $(MANAGE) bench_api

BENCH_OPENDATA_DB ?= sqlite:///$(CURDIR)/bench-opendata.sqlite3
bench-opendata: export DEBUG = 0
bench-opendata: $(STAMP) ## open data only: CSV and GeoJSON time and memory at 1 000 and 20 000 stories (a fresh database of its own)
	rm -f $(CURDIR)/bench-opendata.sqlite3 $(CURDIR)/bench-opendata.sqlite3-*
	DATABASE_URL=$(BENCH_OPENDATA_DB) $(MANAGE) migrate --no-input -v0
	DATABASE_URL=$(BENCH_OPENDATA_DB) $(MANAGE) load_content
	DATABASE_URL=$(BENCH_OPENDATA_DB) $(MANAGE) bench_opendata

clean: ## remove the local database, media and virtualenv
	rm -rf $(VENV) db.sqlite3 bench.sqlite3 bench-pages*.json bench-opendata.sqlite3* media staticfiles
