"""The server's own rule pages (/aturan), the report's links to them, the API docs page's
Markdown, and the Indonesian file inputs (no browser: the HTML the server sends)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator.catalog import load_catalog
from validator.web.openapi import markdown_inline

from .conftest import ADMIN, OPD_USER, login, make_app


@pytest.fixture
def site(tmp_path, demo_db, monkeypatch):
    monkeypatch.setenv("PPB_INSTANCE_DIR", str(tmp_path))
    app = make_app(tmp_path, demo_db)
    yield app
    app.extensions["ppb_db"].engine.dispose()


@pytest.fixture
def web(site):
    return site.test_client()


def test_rule_index_lists_every_catalog_rule_without_login(web):
    resp = web.get("/aturan")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    catalog = load_catalog()
    linked = set(re.findall(r'href="/aturan/([^"#]+)"', html))
    assert linked == set(catalog.rules)
    assert "Aturan pemeriksaan" in html
    assert "github.com" not in html
    assert "Content-Security-Policy" in resp.headers
    assert 'class="mainnav"' not in html           # public: no account, no menu
    login(web, *OPD_USER)
    page = web.get("/aturan").get_data(as_text=True)
    assert re.search(r'<a href="/aturan/?" aria-current="page">Aturan</a>', page)


def test_rule_page_shows_the_catalog_entry_in_indonesian(web):
    spec = load_catalog().get("end-event-required")
    resp = web.get("/aturan/end-event-required")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert spec.title["id"] in html
    assert "Subproses {elemen} belum memiliki end event." in html   # a message, as an example
    assert spec.fix["id"].split(",")[0] in html
    assert "sekunder" in html                                   # confidence, in Indonesian
    assert "Sub process is missing end event" not in html       # not the English message
    assert "github.com" not in html


def test_ppb_rule_page_shows_source_and_parameters(web):
    spec = load_catalog().get("PPB-ALN-001")
    html = web.get("/aturan/PPB-ALN-001").get_data(as_text=True)
    assert "Permendagri 86/2017" in html
    assert "<code>levels</code>" in html and "0, 1" in html
    assert "hanya bila rencana" in html                           # requires: rencana
    assert spec.title["en"] not in html


@pytest.mark.parametrize("rule_id", ["PPB-TIDAK-ADA", "..%2Fetc", "a" * 200])
def test_unknown_rule_is_an_indonesian_404(web, rule_id):
    resp = web.get(f"/aturan/{rule_id}")
    assert resp.status_code == 404
    assert "tidak ditemukan" in resp.get_data(as_text=True).lower()


def _first_report(web) -> str:
    history = web.get("/riwayat").get_data(as_text=True)
    ids = re.findall(r'href="/laporan/(\d+)"', history)
    assert ids, "the demo OPD has stored submissions"
    for sid in ids:
        html = web.get(f"/laporan/{sid}").get_data(as_text=True)
        if 'class="finding ' in html:
            return html
    pytest.fail("no report with findings among the demo submissions")


def test_report_findings_link_to_the_servers_rule_pages_and_skip_link(web):
    login(web, *OPD_USER)
    html = _first_report(web)
    links = re.findall(r'<a class="rule-id" href="([^"]+)"', html)
    assert links and all(href.startswith("/aturan/") for href in links)
    assert "github.com" not in html
    # the skip link comes before the general one and targets the first finding
    skip = html.index('id="lompat-temuan"')
    assert skip < html.index('href="#isi"')
    assert 'href="#temuan-pertama"' in html
    assert html.count('id="temuan-pertama"') == 1
    first = html.index('id="temuan-pertama"')
    assert first < html.index('class="finding ', first - 10) + 10
    for href in set(links[:5]):
        assert web.get(href).status_code == 200


def test_markdown_inline_renders_code_bold_links_and_escapes_the_rest():
    out = str(markdown_inline("kirim `<b>` dengan **token** ke [halaman](/token) "
                              "[x](javascript:alert(1)) <script>"))
    assert "<code>&lt;b&gt;</code>" in out
    assert "<strong>token</strong>" in out
    assert '<a href="/token">halaman</a>' in out
    assert "javascript:" in out and 'href="javascript' not in out
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_api_docs_page_has_no_raw_backticks(web):
    resp = web.get("/api/v1/docs")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "`" not in html
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in html


def test_file_inputs_are_labelled_in_indonesian_and_validated_by_the_server(web):
    login(web, *ADMIN)
    for url, empty in (("/unggah", "Pilih berkas peta"), ("/rencana", "Pilih berkas rencana")):
        html = web.get(url).get_data(as_text=True)
        form = re.search(r'<form class="upload-form"[^>]*>', html).group(0)
        assert "novalidate" in form          # no English browser bubble: the server answers
        assert 'class="file-input"' in html
        assert re.search(r'<label class="button-like"[^>]*for="berkas"[^>]*>Pilih berkas…</label>', html)
        assert "Belum ada berkas dipilih." in html
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        resp = web.post(url, data={"csrf_token": token, "opd": "DISDUKCAPIL"})
        assert resp.status_code == 400
        assert empty in resp.get_data(as_text=True)


# -- the web modeler's live lint: every message Indonesian, every rule link a rule page -------
PLUGIN = Path(__file__).resolve().parents[2] / "plugin"
_JS_STRING = r"'((?:[^'\\]|\\.)*)'"


def _builtin_rules() -> list[str]:
    lint = (PLUGIN / "web-modeler" / "lint.js").read_text(encoding="utf-8")
    block = lint.split("export const BUILTIN = {", 1)[1].split("};", 1)[0]
    return re.findall(r"^\s*'([a-z-]+)':", block, re.M)


def _translated() -> set[str]:
    text = (PLUGIN / "web-modeler" / "translate.js").read_text(encoding="utf-8")
    block = text.split("export const TEXTS = {", 1)[1].split("\n};", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\s*" + _JS_STRING + r":", block, re.M)}


def test_every_live_lint_rule_has_a_rule_page():
    rules = _builtin_rules()
    assert len(rules) >= 20
    missing = sorted(set(rules) - set(load_catalog().rules))
    assert missing == []


def test_every_bpmnlint_message_of_the_modeler_is_translated():
    source = PLUGIN / "node_modules" / "bpmnlint" / "rules"
    if not source.is_dir():
        pytest.skip("plugin/node_modules is not installed (make assets)")
    texts = _translated()
    wanted: set[str] = set()
    for name in _builtin_rules():
        code = (source / f"{name}.js").read_text(encoding="utf-8")
        for m in re.finditer(r"report\([^,]+,\s*(type \+ )?" + _JS_STRING, code):
            if m.group(1):   # type + ' is missing end event': Process / Sub process
                wanted |= {"Process" + m.group(2), "Sub process" + m.group(2)}
            else:
                wanted.add(m.group(2))
    assert len(wanted) >= 30
    assert sorted(wanted - texts) == []


def test_simulation_outputs_name_the_engine_in_indonesian():
    from validator.sim import Scenario, simulate_file
    from validator.sim import html as sim_html
    from validator.sim.report import render_text

    sample = Path(__file__).resolve().parents[2] / "bpmn_samples" / "pariaman" / \
        "disdukcapil-akta-kelahiran-lintas-fungsi-baik.bpmn"
    result = simulate_file(sample, Scenario(cases=20, replications=1))
    assert result.engine in ("compiled", "reference")
    word = {"compiled": "terkompilasi", "reference": "referensi"}[result.engine]
    text = render_text(result, lang="id")
    assert f"mesin {word}" in text and f"mesin {result.engine}" not in text
    assert f"engine {result.engine}" in render_text(result, lang="en")
    page = sim_html.render(result, lang="id")
    assert re.search(rf"<dd>{word}\b", page) and f"<dd>{result.engine}" not in page


def test_simulation_result_page_names_the_engine_in_indonesian(site):
    import validator.web as web_pkg

    # the page's line that names the engine, rendered on its own (the page needs a whole run)
    source = (Path(web_pkg.__file__).parent / "templates" / "simulasi_hasil.html").read_text(encoding="utf-8")
    line = next(ln for ln in source.splitlines() if "mesin {{" in ln)
    r = {"cases": 10, "replications": 2, "seed": 1, "calendar": {"name": "kerja"}}
    for engine, word in (("compiled", "terkompilasi"), ("reference", "referensi")):
        html = site.jinja_env.from_string(line).render(r=dict(r, engine=engine))
        assert f"mesin {word}," in html and f"mesin {engine}" not in html
