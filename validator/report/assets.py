"""The diagram viewer bundle the HTML report inlines (built by ``make assets``).

The bundle is made from npm packages by esbuild into ``static/`` and is not
kept in the repository; a missing bundle is an installation problem that the
command line reports in Indonesian.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
SCRIPT = "report-viewer.js"
STYLE = "report-viewer.css"

# "<!--", "<script" and "</script" would change how the browser reads an inline
# script; "\x3C" means the same "<" inside every string, template and regex literal.
_SCRIPT_UNSAFE = re.compile(r"<(?=!--|/?script)", re.IGNORECASE)
_STYLE_UNSAFE = re.compile(r"<(?=/style)", re.IGNORECASE)


class AssetsMissing(Exception):
    """The viewer bundle has not been built."""

    def __init__(self, missing: list[Path]) -> None:
        self.missing = missing
        names = ", ".join(p.name for p in missing)
        super().__init__(
            f"penampil diagram untuk laporan HTML belum dibangun ({names} tidak ada di "
            f"validator/report/static/); jalankan 'make assets' (memerlukan Node.js 20 dan npm) "
            f"lalu ulangi")


@dataclass(frozen=True)
class ViewerAssets:
    script: str
    style: str


def check() -> None:
    """Raise :class:`AssetsMissing` when the bundle is not there."""
    missing = [STATIC_DIR / name for name in (SCRIPT, STYLE) if not (STATIC_DIR / name).is_file()]
    if missing:
        raise AssetsMissing(missing)


@lru_cache(maxsize=1)
def load() -> ViewerAssets:
    """The bundle's script and style, made safe to inline in <script> and <style>."""
    check()
    script = (STATIC_DIR / SCRIPT).read_text(encoding="utf-8")
    style = (STATIC_DIR / STYLE).read_text(encoding="utf-8")
    return ViewerAssets(script=_SCRIPT_UNSAFE.sub(r"\\x3C", script),
                        style=_STYLE_UNSAFE.sub(r"\\3C ", style))
