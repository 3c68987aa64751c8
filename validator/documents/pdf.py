"""DOCX -> PDF with LibreOffice headless (``soffice --headless --convert-to pdf``).

LibreOffice lays the DOCX out exactly as a user who opens it in LibreOffice sees it, and
embeds the fonts it used (the PDF export embeds every font it draws with). Each conversion
runs with a profile directory of its own in a temporary folder: a user's running
LibreOffice, or a second conversion at the same time, does not get in the way; a
conversion that hangs is stopped after ``timeout`` seconds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .sop import DocumentError

TIMEOUT = 120
_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    """The LibreOffice program: ``PPB_SOFFICE`` when set, else ``soffice`` on the PATH."""
    configured = os.environ.get("PPB_SOFFICE", "").strip()
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(docx: bytes, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a DOCX document. Raises :class:`DocumentError` (LIBREOFFICE_TIDAK_ADA,
    KONVERSI_PDF_GAGAL, KONVERSI_PDF_LAMA) instead of a traceback."""
    soffice = find_soffice()
    if soffice is None:
        raise DocumentError(
            "LIBREOFFICE_TIDAK_ADA",
            "LibreOffice tidak ditemukan: PDF dibuat dengan LibreOffice (soffice). Pasang paket "
            "Debian/Ubuntu 'libreoffice-writer-nogui' (atau LibreOffice untuk Windows/macOS), atau "
            "tunjuk programnya dengan variabel lingkungan PPB_SOFFICE; format DOCX dan HTML tetap "
            "dapat dibuat tanpanya.")
    with tempfile.TemporaryDirectory(prefix="ppb-dokumen-") as tmp:
        work = Path(tmp)
        src = work / "dokumen.docx"
        src.write_bytes(docx)
        profile = (work / "profil").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work),
               str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=tmp,
                                  env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise DocumentError("KONVERSI_PDF_LAMA",
                                f"LibreOffice tidak selesai mengubah dokumen ke PDF dalam {timeout:g} "
                                "detik; konversi dihentikan.") from None
        except OSError as exc:
            raise DocumentError("KONVERSI_PDF_GAGAL",
                                f"LibreOffice tidak dapat dijalankan: {exc.strerror or exc}.") from None
        out = work / "dokumen.pdf"
        if proc.returncode != 0 or not out.is_file():
            detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()
            raise DocumentError("KONVERSI_PDF_GAGAL",
                                "LibreOffice gagal mengubah dokumen ke PDF"
                                + (f": {detail[:300]}" if detail else "."))
        return out.read_bytes()
