# ppb-validator: make run | make test | make bench
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus/miwg
# bpmnlint (reference for the parity test and the benchmark), pinned by benchmarks/package-lock.json
NODE_STAMP := benchmarks/node_modules/.ppb-installed

.PHONY: install node-deps run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# npm ci again only when the lock (or package.json) changed; npm ci empties node_modules,
# so the stamp inside it goes away with it.
node-deps: $(NODE_STAMP)

$(NODE_STAMP): benchmarks/package-lock.json benchmarks/package.json
	@node -e 'process.exit(+process.versions.node.split(".")[0] < 20 ? 1 : 0)' || \
	  { echo "Node.js >= 20 with npm is needed for bpmnlint (benchmarks/)" >&2; exit 1; }
	cd benchmarks && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Until the web server exists, `make run` validates the sample maps.
run: install
	$(VENV)/bin/ppb validate bpmn_samples/ ; test $$? -le 1

test: install node-deps
	$(PY) -m pytest -q

bench: install node-deps
	$(PY) benchmarks/bench_validate.py --corpus $(CORPUS)

clean:
	rm -rf $(VENV) .pytest_cache benchmarks/node_modules
