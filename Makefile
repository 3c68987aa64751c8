# ppb-validator: make run | make test | make bench
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus/miwg

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Until the web server exists, `make run` validates the sample maps.
run: install
	$(VENV)/bin/ppb validate bpmn_samples/ ; test $$? -le 1

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) benchmarks/bench_validate.py --corpus $(CORPUS)

clean:
	rm -rf $(VENV) .pytest_cache benchmarks/.node
