# ppb-validator: make run | make run-cli | make test | make bench | make assets | make plugin
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

.PHONY: install node-deps plugin-deps assets browser-deps run run-cli test bench bench-server bench-sim clean

install: $(STAMP) cext assets

# The C modules, built with Cython (from the test extra) beside their sources: the
# simulation's main loop (validator/sim/cloop.pyx: the Python loop's numbers, about five
# times faster) and the model builder's walk (validator/cbuild.pyx: the Python walk's model,
# about twice as fast). Nothing happens for a module whose build is current; without gcc
# Debian's is installed. A failed build leaves the Python code in use (the tests say so).
.PHONY: cext cloop
cloop: cext
cext: $(STAMP)
	@command -v gcc >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gcc >/dev/null; } || true
	@$(PY) tools/build_ext.py || true

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

$(VIEWER) &: $(PLUGIN_STAMP) plugin/package.json $(wildcard plugin/report-viewer/*) plugin/web-modeler/auto-layout.js plugin/web-modeler/pools.js plugin/web-modeler/diagrams.js
	cd plugin && npm run --silent build
	touch $(VIEWER)

# The Camunda Modeler plugin (plugin/modeler + plugin/bpmnlint-plugin-ppb): the offline rule
# config is generated from rules/ (python -m validator.offline_rules), the client bundled with
# esbuild, and the folder zipped: unpack dist/ppb-validator-modeler-plugin.zip into the
# Modeler's resources/plugins/ (README.md, "Plugin Camunda Modeler"). Built, never committed.
OFFLINE_RULES := plugin/bpmnlint-plugin-ppb/generated/offline-rules.json
PLUGIN_DIR := dist/ppb-validator
PLUGIN_ZIP := dist/ppb-validator-modeler-plugin.zip
.PHONY: plugin offline-rules

offline-rules: $(STAMP)
	$(PY) -m validator.offline_rules -o $(OFFLINE_RULES)

plugin: $(STAMP) $(PLUGIN_STAMP) offline-rules
	cd plugin && node modeler/build.js --out ../$(PLUGIN_DIR)
	rm -f $(PLUGIN_ZIP)
	cd dist && ../$(PY) -m zipfile -c $(notdir $(PLUGIN_ZIP)) $(notdir $(PLUGIN_DIR))/
	@echo "Plugin Camunda Modeler: $(PLUGIN_ZIP) (ekstrak ke resources/plugins/)"

# The server's web modeler (/modeler/<id>): bpmn-js Modeler, properties panel, live lint
# (bpmn-js-bpmnlint with bpmnlint's recommended rules and the offline rules) and our modules,
# bundled by esbuild with CSS and fonts into validator/web/static/modeler/. Built, never committed.
WEB_MODELER_DIR := validator/web/static/modeler
WEB_MODELER := $(WEB_MODELER_DIR)/modeler.js $(WEB_MODELER_DIR)/modeler.css
assets: $(WEB_MODELER)

$(WEB_MODELER) &: $(STAMP) $(PLUGIN_STAMP) plugin/package.json validator/ppb.moddle.json \
		$(wildcard plugin/web-modeler/*) $(wildcard plugin/modeler/client/*.* plugin/modeler/client/*/*.js) \
		$(wildcard plugin/bpmnlint-plugin-ppb/*.js plugin/bpmnlint-plugin-ppb/*/*.js rules/*/*.yaml)
	$(PY) -m validator.offline_rules -o $(OFFLINE_RULES)
	cd plugin && npm run --silent build:web-modeler
	touch $(WEB_MODELER)

# The server's version comparison viewer (/laporan/<id>/beda/<other>): bpmn-js with
# bpmn-js-differ, bundled into validator/web/static/beda/. Built, never committed.
DIFF_VIEWER := validator/web/static/beda/diff-viewer.js validator/web/static/beda/diff-viewer.css
assets: $(DIFF_VIEWER)

$(DIFF_VIEWER) &: $(PLUGIN_STAMP) plugin/package.json $(wildcard plugin/diff-viewer/*) \
		plugin/web-modeler/auto-layout.js plugin/web-modeler/pools.js plugin/modeler/client/properties/fields.js
	cd plugin && npm run --silent build:diff-viewer
	touch $(DIFF_VIEWER)

# The documents' diagram renderer (ppb dokumen peta, validator/documents/diagrams.py): a bare
# bpmn-js NavigatedViewer with saveSVG and the viewer's auto-layout, run in headless Chromium.
# Built, never committed.
DOC_DIAGRAM := validator/documents/static/diagram-renderer.js
assets: $(DOC_DIAGRAM)

$(DOC_DIAGRAM): $(PLUGIN_STAMP) plugin/doc-diagram/index.js plugin/web-modeler/auto-layout.js \
		plugin/web-modeler/pools.js plugin/web-modeler/diagrams.js
	cd plugin && node_modules/.bin/esbuild doc-diagram/index.js --bundle --minify --format=iife \
	  --target=es2020 --legal-comments=eof --charset=utf8 --log-level=warning --outfile=../$(DOC_DIAGRAM)

# Debian's chromium for the browser test (Playwright drives it; it never downloads a browser).
browser-deps:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) is missing after apt-get install chromium" >&2; exit 1; }

# Debian's redis-server for the Celery job test (tests/web/test_jobs_celery.py starts its own
# server on a free loopback port; nothing is left running).
REDIS := /usr/bin/redis-server
.PHONY: redis-deps
redis-deps:
	@test -x $(REDIS) || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server; }
	@test -x $(REDIS) || { echo "$(REDIS) is missing after apt-get install redis-server" >&2; exit 1; }

# Debian's PostgreSQL server for the tests against a real database: tests/web/pg.py runs
# initdb/pg_ctl (from /usr/lib/postgresql/<version>/bin) into a temporary folder on a free
# loopback port for the test session, and every server test runs on SQLite and on it.
HAVE_PG = ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1
.PHONY: postgres-deps
postgres-deps:
	@$(HAVE_PG) || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; }
	@$(HAVE_PG) || { echo "initdb/pg_ctl are missing after apt-get install postgresql" >&2; exit 1; }
test: postgres-deps

# Debian's LibreOffice Writer (no GUI) for the SOP documents' PDF: tests/documents convert the
# generated DOCX with `soffice --headless --convert-to pdf`.
SOFFICE := /usr/bin/soffice
.PHONY: libreoffice-deps
libreoffice-deps:
	@test -x $(SOFFICE) || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui; }
	@test -x $(SOFFICE) || { echo "$(SOFFICE) is missing after apt-get install libreoffice-writer-nogui" >&2; exit 1; }
test: libreoffice-deps

# The validation server (web pages and API) on http://localhost:5000/ with demo data
# on a new database; HOST/PORT override the address. `make run-cli` validates the sample set with its plan.
HOST ?= 127.0.0.1
PORT ?= 5000
run: install
	$(VENV)/bin/ppb serve --host $(HOST) --port $(PORT)

run-cli: install
	$(VENV)/bin/ppb validate bpmn_samples/pariaman --rencana bpmn_samples/rencana-pariaman.yaml ; test $$? -le 1

test: install node-deps browser-deps redis-deps
	$(PY) -m pytest -q

bench: install node-deps
	$(PY) benchmarks/bench_validate.py --corpus $(CORPUS)
	$(PY) benchmarks/bench_sets.py

# The SOP AP document: a 20-activity SOP as DOCX (target under 2 s), and one LibreOffice
# conversion to PDF.
.PHONY: bench-documents
bench-documents: install libreoffice-deps
	$(PY) benchmarks/bench_documents.py --pdf

# The server under load: `ppb serve` as `make run` starts it (free loopback port, temporary
# database with the demo data), 8 keep-alive clients POSTing a 28 KB map to /api/v1/validate
# for 20 s, on SQLite and then on a throw-away PostgreSQL server (as the tests start it);
# prints validations/s, p50/p95/p99 latency, CPU per validation and the goals for each.
# BENCH_SERVER_DB=sqlite (or postgresql) measures one only; BENCH_SERVER_ARGS adds options,
# e.g. BENCH_SERVER_ARGS="--duration 60 --json hasil.json".
BENCH_SERVER_DB ?= both
bench-server: install postgres-deps
	$(PY) benchmarks/bench_server.py --database $(BENCH_SERVER_DB) $(BENCH_SERVER_ARGS)

# The server under hostile input: /api/v1/health polled every 20 ms while maps with 100,000
# attributes, 50,000 namespace declarations, 100,000 nested elements, a 2,000-task map and a
# 20,000-case looping simulation are sent; prints each request's time and health p50/p95/max.
.PHONY: bench-responsive
bench-responsive: install
	$(PY) benchmarks/bench_responsive.py $(BENCH_RESPONSIVE_ARGS)

# The compiled engine against Prosimos 2.1 on two maps (tests/sim/models/izin-4-lane.bpmn and
# bench-kalender-loop.bpmn: office calendar, rework loop, a P1D timer): 5 interleaved runs of
# 50,000 cases each, every run and the medians with the ratio against the 50x goal, agreement
# of mean cycle time, and the peak memory of a 1,000,000-case run.
# Prosimos goes into its own git-ignored virtualenv; if it cannot be installed the benchmark
# says so and still measures our two engines. BENCH_SIM_ARGS adds options, e.g. "--cases 20000".
PROSIMOS_VENV := benchmarks/.venv-prosimos
bench-sim: install
	@test -x $(PROSIMOS_VENV)/bin/python || $(PYTHON) -m venv $(PROSIMOS_VENV)
	@$(PROSIMOS_VENV)/bin/python -c "import prosimos" 2>/dev/null || \
	  $(PROSIMOS_VENV)/bin/pip install --quiet --disable-pip-version-check prosimos==2.1.0 || \
	  echo "Prosimos 2.1.0 tidak dapat dipasang dari PyPI ke $(PROSIMOS_VENV)" >&2
	$(PY) benchmarks/bench_sim.py --prosimos-python $(PROSIMOS_VENV)/bin/python $(BENCH_SIM_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache benchmarks/node_modules plugin/node_modules $(STATIC)
	rm -rf $(PLUGIN_DIR) $(PLUGIN_ZIP) plugin/bpmnlint-plugin-ppb/generated $(WEB_MODELER_DIR)
