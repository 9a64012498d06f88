# csp-portal. `make run` installs, loads the 28 March 2018 board, renders its
# agenda packs and serves the portal; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_MEETING := bd-csp/2018-03-28
PACK_DIR := var/packs
# The demo clock: the demo runs "as at" the day its agenda was published (csp_portal.clock).
# `make run DEMO_TODAY=` runs it on the real date.
DEMO_TODAY ?= 2018-03-20

# The embedded default: DEBUG on, SQLite file in var/, and a Celery worker beside the web
# server on a broker that needs no server (kombu's filesystem transport under var/broker;
# scripts/with_worker.sh). Set DATABASE_URL / CELERY_BROKER_URL / SECRET_KEY to run
# against services. Other targets with no broker set run tasks in-process.
RUN_ENV := DEBUG=$${DEBUG-1}

.PHONY: run install migrate demo packs render-packs pack-preview serve test lint bench clean

# Both demo packs are rendered by the worker (and in var/packs/) before the portal serves.
run: install migrate demo
	$(RUN_ENV) BIN=$(BIN) scripts/with_worker.sh $(MAKE) --no-print-directory render-packs serve

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

migrate: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_demo

packs: demo render-packs

render-packs:
	mkdir -p $(PACK_DIR)
	$(RUN_ENV) $(BIN)/python manage.py render_pack $(DEMO_MEETING) --edition public --out $(PACK_DIR)/bd-csp-2018-03-28-public.pdf
	$(RUN_ENV) $(BIN)/python manage.py render_pack $(DEMO_MEETING) --edition members --out $(PACK_DIR)/bd-csp-2018-03-28-members.pdf

# One page of the demo members' pack as a PNG for the README (needs poppler-utils' pdftoppm).
PREVIEW_PAGE ?= 2
pack-preview: packs
	pdftoppm -png -r 60 -f $(PREVIEW_PAGE) -l $(PREVIEW_PAGE) -singlefile \
		$(PACK_DIR)/bd-csp-2018-03-28-members.pdf docs/pack-preview

serve: install
	$(RUN_ENV) $(BIN)/python manage.py demo_login
	$(RUN_ENV) DEMO_TODAY=$(DEMO_TODAY) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} $(BIN)/pytest

lint: install
	$(BIN)/ruff check .

# One table of every benchmark (bench/run.py); figures also in var/bench/latest.json.
# bench/pages.py needs PostgreSQL (BENCH_DATABASE_URL, default the local csp_bench).
bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf var
