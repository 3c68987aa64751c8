"""Map diagrams for the documents, drawn by bpmn-js exactly as the user sees them.

The maps are not drawn a second time by our own code: each one is imported into a bare
bpmn-js NavigatedViewer (``plugin/doc-diagram/index.js``, bundled by ``make assets`` into
``validator/documents/static/diagram-renderer.js``) in one headless Chromium page, the same
browser the project's browser tests drive through Playwright. A map without diagram
interchange (BPMNDI) is laid out automatically first, as the report viewer and the web
modeler do. The viewer's SVG (``saveSVG``) is rasterised by the browser into a PNG at print
resolution (python-docx embeds PNG; the HTML print view shows the same picture).

One browser serves a whole document (:class:`DiagramRenderer` is a context manager that
starts Chromium on the first map it has to draw and closes it at the end).

**Cache.** Every rendered picture is kept under the cache folder, named by the sha256 of the
map's bytes, in a sub-folder named after the renderer (the bundle's own hash and
:data:`RENDER_VERSION`), so that a new bundle never serves old pictures. The folder is
``PPB_DIAGRAM_CACHE`` when set, else ``<instance>/cache/diagram`` inside the web server
(a Flask application context), else ``ppb-validator/diagram`` under the system temporary folder. Deleting the
folder is always safe.

**Chromium.** ``PPB_CHROMIUM`` when set, else ``/usr/bin/chromium`` (Debian's package
``chromium``), else ``chromium``/``chromium-browser``/``google-chrome`` on the PATH. Playwright
never downloads a browser here.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .sop import DocumentError

RENDER_VERSION = "1"
BUNDLE = Path(__file__).resolve().parent / "static" / "diagram-renderer.js"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
_NAMES = ("chromium", "chromium-browser", "google-chrome")
LAUNCH_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-dev-shm-usage"]

# pixels of the PNG per pixel of the diagram (bpmn-js units), and the largest PNG drawn:
# about 230 dpi over the width of an A4 landscape page, enough for print and small files
SCALE = 2.0
MAX_W_PX = 2400
MAX_H_PX = 3400
TIMEOUT_MS = 60_000


@dataclass
class Diagram:
    """One map's picture: the PNG and the diagram's own size (bpmn-js pixels)."""
    png: bytes | None
    width: float
    height: float
    auto_layout: bool = False
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.png is not None

    @property
    def wide(self) -> bool:
        """Wider than tall by a good margin: drawn on a landscape page."""
        return self.width > 1.25 * self.height

    @property
    def px_size(self) -> tuple[int, int]:
        if not self.png or len(self.png) < 24:
            return (0, 0)
        return (int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big"))


def find_chromium() -> str | None:
    configured = os.environ.get("PPB_CHROMIUM", "").strip()
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    if Path(DEBIAN_CHROMIUM).is_file():
        return DEBIAN_CHROMIUM
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def default_cache_dir() -> Path:
    """``PPB_DIAGRAM_CACHE``; inside the web server ``<instance>/cache/diagram``; else
    ``ppb-validator/diagram`` under the system temporary folder."""
    configured = os.environ.get("PPB_DIAGRAM_CACHE", "").strip()
    if configured:
        return Path(configured)
    try:
        from flask import current_app, has_app_context
        if has_app_context():
            return Path(current_app.instance_path) / "cache" / "diagram"
    except ImportError:     # pragma: no cover - Flask is a dependency
        pass
    return Path(tempfile.gettempdir()) / "ppb-validator" / "diagram"


def _bundle_bytes() -> bytes:
    try:
        return BUNDLE.read_bytes()
    except OSError:
        raise DocumentError(
            "PENGGAMBAR_DIAGRAM_TIDAK_ADA",
            "Berkas penggambar diagram (bpmn-js) belum dibangun: jalankan 'make assets' "
            f"(membuat {BUNDLE.name}).") from None


class DiagramRenderer:
    """Draws maps with bpmn-js in one headless Chromium; pictures cached by model hash.

    Use as a context manager; the browser starts on the first map not in the cache.

    Playwright's sync API refuses to run in a thread whose asyncio loop is running (a caller
    that is itself async, or a process that already drives a browser with it), and it must be
    used from the thread that started it: every browser call therefore runs on one worker
    thread of this renderer, whoever calls :meth:`render`."""

    def __init__(self, cache_dir: str | os.PathLike | None = None, use_cache: bool = True) -> None:
        self.use_cache = use_cache
        self._bundle = _bundle_bytes()
        version = hashlib.sha256(self._bundle + RENDER_VERSION.encode()).hexdigest()[:12]
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache_dir = self.cache_dir / f"r{version}"
        self._pw = None
        self._browser = None
        self._page = None
        self._worker = None     # the one thread that talks to the browser
        self.rendered = 0       # maps drawn by the browser (not from the cache)
        self.from_cache = 0

    def __enter__(self) -> "DiagramRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            worker.submit(self._close_browser).result()
        finally:
            worker.shutdown(wait=True)

    def _close_browser(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._pw is not None:
                self._pw.stop()
            self._browser = self._pw = self._page = None

    def _on_worker(self, fn, *args):  # noqa: ANN001, ANN202
        """Run ``fn(*args)`` on the renderer's browser thread and return its result."""
        if self._worker is None:
            from concurrent.futures import ThreadPoolExecutor

            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ppb-diagram")
        return self._worker.submit(fn, *args).result()

    # -- the browser ----------------------------------------------------------------------

    def _start(self):
        chromium = find_chromium()
        if chromium is None:
            raise DocumentError(
                "CHROMIUM_TIDAK_ADA",
                "Chromium tidak ditemukan: diagram peta digambar dengan bpmn-js di Chromium "
                "tanpa layar. Pasang paket Debian/Ubuntu 'chromium' (atau tunjuk programnya "
                "dengan variabel lingkungan PPB_CHROMIUM).")
        try:
            from playwright.sync_api import Error as PwError, sync_playwright
        except ImportError:
            raise DocumentError(
                "PLAYWRIGHT_TIDAK_ADA",
                "Paket Python 'playwright' belum terpasang; pasang ulang ppb-validator "
                "(pip install -e .) agar diagram peta dapat digambar.") from None
        self._PwError = PwError
        try:
            self._pw = sync_playwright().start()
            self._browser = self._pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            context = self._browser.new_context(viewport={"width": 1600, "height": 1200},
                                                java_script_enabled=True, offline=True)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.set_content('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                             '<div id="canvas" style="width:1600px;height:1200px"></div>'
                             '</body></html>')
            page.add_script_tag(content=self._bundle.decode("utf-8"))
            page.wait_for_function("() => !!window.ppbDiagram")
        except DocumentError:
            self._close_browser()
            raise
        except Exception as exc:
            self._close_browser()
            raise DocumentError("CHROMIUM_GAGAL",
                                f"Chromium ({chromium}) tidak dapat dijalankan untuk menggambar "
                                f"diagram: {str(exc).splitlines()[0] if str(exc) else exc}") from None
        self._page = page
        return page

    # -- drawing --------------------------------------------------------------------------

    def render(self, data: bytes) -> Diagram:
        """The picture of one map (its bytes as stored: the cache key is their sha256)."""
        key = hashlib.sha256(data).hexdigest()
        cached = self._read_cache(key)
        if cached is not None:
            self.from_cache += 1
            return cached
        try:
            xml = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            xml = data.decode("latin-1")
        diagram = self._on_worker(self._draw, xml)
        if diagram.ok:
            self.rendered += 1
            self._write_cache(key, diagram)
        return diagram

    def _draw(self, xml: str) -> Diagram:
        """Draw one map (on the browser thread)."""
        page = self._page or self._start()
        try:
            out = page.evaluate("xml => window.ppbDiagram.render(xml)", xml)
        except self._PwError as exc:
            message = str(exc).splitlines()[0] if str(exc) else "galat tidak dikenal"
            message = message.replace("Error: ", "").replace("page.evaluate: ", "")
            return Diagram(None, 0, 0, error=message)
        width, height = float(out["width"]), float(out["height"])
        scale = min(SCALE, MAX_W_PX / max(width, 1), MAX_H_PX / max(height, 1))
        w_px, h_px = max(int(round(width * scale)), 1), max(int(round(height * scale)), 1)
        url = page.evaluate("([svg, w, h]) => window.ppbDiagram.png(svg, w, h)",
                            [out["svg"], w_px, h_px])
        png = base64.b64decode(url.split(",", 1)[1])
        return Diagram(png, width, height, auto_layout=bool(out["autoLayout"]),
                       warnings=list(out.get("warnings") or []))

    def _read_cache(self, key: str) -> Diagram | None:
        if not self.use_cache:
            return None
        png, meta = self.cache_dir / f"{key}.png", self.cache_dir / f"{key}.json"
        try:
            info = json.loads(meta.read_text("utf-8"))
            data = png.read_bytes()
        except (OSError, ValueError):
            return None
        return Diagram(data, float(info["width"]), float(info["height"]),
                       auto_layout=bool(info.get("autoLayout")),
                       warnings=list(info.get("warnings") or []), cached=True)

    def _write_cache(self, key: str, diagram: Diagram) -> None:
        if not self.use_cache:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_dir / f".{key}.{os.getpid()}.png"
            tmp.write_bytes(diagram.png)
            os.replace(tmp, self.cache_dir / f"{key}.png")
            meta = {"width": diagram.width, "height": diagram.height,
                    "autoLayout": diagram.auto_layout, "warnings": diagram.warnings}
            tmp = self.cache_dir / f".{key}.{os.getpid()}.json"
            tmp.write_text(json.dumps(meta), "utf-8")
            os.replace(tmp, self.cache_dir / f"{key}.json")
        except OSError:
            pass    # a cache that cannot be written only costs time


__all__ = ["Diagram", "DiagramRenderer", "default_cache_dir", "find_chromium"]
