"""Screenshot of the plugin's bpmn-js modules in headless Chromium (Debian's chromium,
no browser download): a cross-functional sample with the offline rules' findings as markers
and the "Peta Proses Bisnis" group of the properties panel. Writes plugin/modeler/screenshot.png.

    python plugin/modeler/demo/screenshot.py [FILE.bpmn] [ELEMENT-ID]
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PLUGIN = HERE.parent.parent
ROOT = PLUGIN.parent
OUT = HERE.parent / "screenshot.png"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main(argv: list[str]) -> int:
    bpmn = Path(argv[0]).resolve() if argv else ROOT / "tests" / "rules" / "PPB-NMK-001" / "invalid-lintas-fungsi.bpmn"
    select = argv[1] if len(argv) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["node_modules/.bin/esbuild", str(HERE / "page.js"), "--bundle", "--format=iife",
                        "--loader:.json=json", f"--outfile={tmp / 'page.js'}", "--log-level=warning"],
                       cwd=PLUGIN, check=True)
        lint = subprocess.run(["node", "cli.js", "--config", "generated/offline-rules.json", str(bpmn)],
                              cwd=PLUGIN / "bpmnlint-plugin-ppb", check=True, capture_output=True, text=True)
        reports = json.loads(lint.stdout)[str(bpmn)]
        findings = [{"rule": r["rule"], "element": r["id"], "severity": r["severity"], "message": r["message"]}
                    for r in reports]
        css = "".join((PLUGIN / "node_modules" / p).read_text(encoding="utf-8") for p in (
            "bpmn-js/dist/assets/diagram-js.css", "bpmn-js/dist/assets/bpmn-js.css",
            "bpmn-js/dist/assets/bpmn-font/css/bpmn.css",
            "@bpmn-io/properties-panel/dist/assets/properties-panel.css"))
        css += (HERE.parent / "client" / "style.css").read_text(encoding="utf-8")
        css = css.replace("../font/", "font/")
        shutil.copytree(PLUGIN / "node_modules" / "bpmn-js" / "dist" / "assets" / "bpmn-font" / "font", tmp / "font")
        html = f"""<!doctype html><html><head><meta charset="utf-8"><style>{css}
          body {{ margin: 0; display: flex; height: 100vh; font-family: sans-serif; }}
          #canvas {{ flex: 1; }} #properties {{ width: 360px; border-left: 1px solid #ccc; overflow: auto; }}
          </style></head><body><div id="canvas"></div><div id="properties"></div>
          <script src="page.js"></script></body></html>"""
        (tmp / "index.html").write_text(html, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 800})
            page.goto((tmp / "index.html").as_uri())
            page.evaluate("([xml, f]) => window.ppbDemo(xml, f).then(() => true)",
                          [bpmn.read_text(encoding="utf-8"), findings])
            target = select or (findings[0]["element"] if findings else None)
            if target:
                page.evaluate("id => { const m = window.modeler; m.get('selection').select(m.get('elementRegistry').get(id)); }",
                              target)
            for title in ("Peta Proses Bisnis", "Peta Proses Bisnis: mutu baku"):
                page.locator(".bio-properties-panel-group-header", has_text=title).first.click()
            page.wait_for_timeout(300)
            groups = page.locator(".bio-properties-panel-group-header-title").all_inner_texts()
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"{OUT} ({len(findings)} temuan; grup panel: {', '.join(groups)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
