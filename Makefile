# ppb-validator: make run | make run-cli | make test | make bench | make assets
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus/miwg
# bpmnlint (reference for the parity test and the benchmark), pinned by benchmarks/package-lock.json
NODE_STAMP := benchmarks/node_modules/.ppb-installed
# bpmn-js and esbuild for the HTML report's viewer, pinned by plugin/package-lock.json
PLUGIN_STAMP := plugin/node_modules/.ppb-installed
STATIC := validator/report/static
VIEWER := $(STATIC)/report-viewer.js $(STATIC)/report-viewer.css
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NEED_NODE = @node -e 'process.exit(+process.versions.node.split(".")[0] < 20 ? 1 : 0)' || \
	  { echo "Node.js >= 20 with npm is needed for $(1)" >&2; exit 1; }

.PHONY: install node-deps plugin-deps assets browser-deps run run-cli test bench clean

install: $(STAMP) assets

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# npm ci again only when the lock (or package.json) changed; npm ci empties node_modules,
# so the stamp inside it goes away with it.
node-deps: $(NODE_STAMP)

$(NODE_STAMP): benchmarks/package-lock.json benchmarks/package.json
	$(call NEED_NODE,bpmnlint (benchmarks/))
	cd benchmarks && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

plugin-deps: $(PLUGIN_STAMP)

$(PLUGIN_STAMP): plugin/package-lock.json plugin/package.json
	$(call NEED_NODE,the HTML report viewer (plugin/))
	cd plugin && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(PLUGIN_STAMP)

# The viewer bundle (bpmn-js + our plugin/report-viewer/*.js) and its CSS, inlined into
# every HTML report; built here, never committed.
assets: $(VIEWER)

$(VIEWER) &: $(PLUGIN_STAMP) plugin/package.json $(wildcard plugin/report-viewer/*)
	cd plugin && npm run --silent build
	touch $(VIEWER)

# Debian's chromium for the browser test (Playwright drives it; it never downloads a browser).
browser-deps:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) is missing after apt-get install chromium" >&2; exit 1; }

# The validation server (web pages and API) on http://localhost:5000/ with demo data
# on a new database; HOST/PORT override the address. `make run-cli` validates the sample maps.
HOST ?= 127.0.0.1
PORT ?= 5000
run: install
	$(VENV)/bin/ppb serve --host $(HOST) --port $(PORT)

run-cli: install
	$(VENV)/bin/ppb validate bpmn_samples/ ; test $$? -le 1

test: install node-deps browser-deps
	$(PY) -m pytest -q

bench: install node-deps
	$(PY) benchmarks/bench_validate.py --corpus $(CORPUS)

clean:
	rm -rf $(VENV) .pytest_cache benchmarks/node_modules plugin/node_modules $(STATIC)
