# Two commands matter: `make run` and `make test`. Both set themselves up on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint messages bench bench-tracking bench-notify bench-carriers bench-pushes bench-intents bench-scale openapi carrier-docs \
	train-understanding clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) scripts/run.sh

# The production server: production settings from the environment (README, "Running in
# production"), gunicorn with HALTE_WEB_WORKERS workers.
serve: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

test: $(STAMP)
	scripts/test.sh

lint: $(STAMP)
	scripts/test.sh lint

messages: $(STAMP)
	cd src/halte && ../../$(PY) -m halte makemessages -l nl --no-obsolete --add-location file
	cd src/halte && ../../$(PY) -m halte compilemessages

bench: $(STAMP)
	HALTE_PG_DURABLE=1 scripts/pg.sh run $(PY) benchmarks/ingest.py --sqlite

clean:
	rm -rf $(VENV) var

openapi: $(STAMP)
	DJANGO_SETTINGS_MODULE=halte.settings.test $(PY) -m halte export_openapi_schema \
		--api halte.api.api --indent 2 --sorted --output docs/openapi.json

# The tracking page on gunicorn with production settings, against a static file of the same server.
bench-tracking: $(STAMP)
	HALTE_PG_DURABLE=1 scripts/pg.sh run $(PY) benchmarks/tracking_page.py

bench-notify: $(STAMP)
	HALTE_PG_DURABLE=1 scripts/pg.sh run $(PY) benchmarks/notify.py

carrier-docs: $(STAMP)
	DJANGO_SETTINGS_MODULE=halte.settings.test $(PY) -m halte carrier_docs

# The whole machine under load: private PostgreSQL, 1 M shipments, gunicorn, wrk (ARGS=--quick).
bench-scale: $(STAMP)
	$(PY) benchmarks/scale.py $(ARGS)

bench-carriers: $(STAMP)
	HALTE_PG_DURABLE=1 scripts/pg.sh run $(PY) benchmarks/carrier_feeds.py

bench-pushes: $(STAMP)
	HALTE_PG_DURABLE=1 scripts/pg.sh run $(PY) benchmarks/push_load.py

bench-intents: $(STAMP)
	$(PY) benchmarks/intents.py

train-understanding: $(STAMP)
	DJANGO_SETTINGS_MODULE=halte.settings.test $(PY) -m halte train_understanding
