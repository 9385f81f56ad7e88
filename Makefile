# Two commands matter: `make run` and `make test`. Both set themselves up on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrate demo messages bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) scripts/run.sh

test: $(STAMP)
	scripts/test.sh

lint: $(STAMP)
	scripts/test.sh lint

messages: $(STAMP)
	cd src/halte && ../../$(PY) -m halte makemessages -l nl --no-obsolete --add-location file
	cd src/halte && ../../$(PY) -m halte compilemessages

bench: $(STAMP)
	scripts/pg.sh run $(PY) benchmarks/ingest.py

clean:
	rm -rf $(VENV) var
