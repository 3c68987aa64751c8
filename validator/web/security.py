"""Reading untrusted uploads safely, and API token secrets.

An upload is one BPMN file or a ZIP of them. A ZIP is read entry by entry with
limits checked before and while inflating, so a crafted archive (a "zip bomb",
paths outside the folder, symbolic links, thousands of entries) is refused
without being unpacked. Nothing is ever written to disk.
"""
from __future__ import annotations

import hashlib
import io
import posixpath
import secrets
import stat
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
BPMN_EXTENSIONS = (".bpmn", ".bpmn2", ".xml")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")   # a local file header, or an empty archive
MAX_RATIO = 100          # uncompressed / compressed, per entry; BPMN XML compresses ~10-20x
CHUNK = 64 * 1024
TOKEN_PREFIX = "ppb_"


class UploadError(Exception):
    """Bad input: nothing is stored. ``code`` is stable, ``message_id`` is for people."""

    def __init__(self, code: str, message_id: str, http_status: int = 422) -> None:
        super().__init__(message_id)
        self.code = code
        self.message_id = message_id
        self.http_status = http_status

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message_id}


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 10 * MB
    max_zip_bytes: int = 50 * MB
    max_zip_entries: int = 500
    max_zip_uncompressed_bytes: int = 200 * MB
    max_ratio: int = MAX_RATIO

    @classmethod
    def from_config(cls, config) -> "Limits":  # noqa: ANN001 - a Flask config or dict
        return cls(
            max_file_bytes=int(config.get("MAX_FILE_BYTES", cls.max_file_bytes)),
            max_zip_bytes=int(config.get("MAX_ZIP_BYTES", cls.max_zip_bytes)),
            max_zip_entries=int(config.get("MAX_ZIP_ENTRIES", cls.max_zip_entries)),
            max_zip_uncompressed_bytes=int(config.get("MAX_ZIP_UNCOMPRESSED_BYTES",
                                                      cls.max_zip_uncompressed_bytes)),
        )


def human_size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} byte"


def safe_name(filename: str | None) -> str:
    """The last part of a client-given file name, without folders or control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "peta.bpmn"


def is_zip(filename: str, data: bytes) -> bool:
    return filename.lower().endswith(".zip") or data[:4] in ZIP_MAGIC


def is_bpmn_name(name: str) -> bool:
    return name.lower().endswith(BPMN_EXTENSIONS)


def read_upload(filename: str | None, data: bytes, limits: Limits) -> list[tuple[str, bytes]]:
    """The BPMN files of an upload as (name, bytes); raises :class:`UploadError`.

    A single file must have a BPMN extension and be within the per-file limit;
    a ZIP is read with :func:`read_zip`.
    """
    name = safe_name(filename)
    if is_zip(name, data):
        return read_zip(data, limits)
    if not is_bpmn_name(name):
        raise UploadError("UNSUPPORTED_TYPE",
                          f"Jenis berkas '{name}' tidak didukung. Unggah peta BPMN (.bpmn, .bpmn2, "
                          ".xml) atau arsip .zip berisi peta BPMN.", 415)
    if len(data) > limits.max_file_bytes:
        raise UploadError("FILE_TOO_LARGE",
                          f"Berkas '{name}' terlalu besar ({human_size(len(data))}); batas ukuran "
                          f"satu berkas adalah {human_size(limits.max_file_bytes)}.", 413)
    if not data:
        raise UploadError("EMPTY", f"Berkas '{name}' kosong.", 400)
    return [(name, data)]


def _zip_error(code: str, message: str, status: int = 422) -> UploadError:
    return UploadError(code, message, status)


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's path, checked: relative, no '..', no drive letter, no link."""
    raw = info.filename
    if "\x00" in raw:
        raise _zip_error("ZIP_UNSAFE_PATH", "Arsip ZIP memuat nama berkas yang tidak sah.")
    path = raw.replace("\\", "/")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in parts:
        raise _zip_error("ZIP_UNSAFE_PATH",
                         f"Arsip ZIP memuat jalur berkas yang tidak aman ('{raw[:120]}'): jalur "
                         "mutlak atau '..' tidak diizinkan.")
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        raise _zip_error("ZIP_SYMLINK",
                         f"Arsip ZIP memuat tautan simbolik ('{raw[:120]}'), yang tidak diizinkan.")
    return posixpath.join(*parts) if parts else ""


def read_zip(data: bytes, limits: Limits) -> list[tuple[str, bytes]]:
    """The BPMN entries of a ZIP archive, read within the limits.

    Checked before anything is inflated: archive size, entry count, each entry's
    path (relative, no '..', no symlink), encryption, declared sizes and their
    compression ratio. While inflating, the real output is counted and reading
    stops as soon as a limit is passed (declared sizes may lie).
    """
    if len(data) > limits.max_zip_bytes:
        raise UploadError("ZIP_TOO_LARGE",
                          f"Arsip ZIP terlalu besar ({human_size(len(data))}); batas ukuran arsip "
                          f"adalah {human_size(limits.max_zip_bytes)}.", 413)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UploadError("ZIP_INVALID", "Berkas ZIP rusak atau bukan arsip ZIP yang sah.", 422) from None
    with zf:
        if len(infos) > limits.max_zip_entries:
            raise UploadError("ZIP_TOO_MANY_ENTRIES",
                              f"Arsip ZIP memuat {len(infos)} entri; batasnya {limits.max_zip_entries}.",
                              413)
        chosen: list[tuple[str, zipfile.ZipInfo]] = []
        seen: set[str] = set()
        declared_total = 0
        for info in infos:
            name = _entry_name(info)
            if info.is_dir() or not name:
                continue
            if not is_bpmn_name(name) or name.split("/")[0] == "__MACOSX":
                continue   # only BPMN files are read; other files are left alone
            if info.flag_bits & 0x1:
                raise _zip_error("ZIP_ENCRYPTED",
                                 f"Berkas '{name}' di dalam arsip ZIP dienkripsi; unggah arsip "
                                 "tanpa kata sandi.")
            if name in seen:
                raise _zip_error("ZIP_DUPLICATE", f"Arsip ZIP memuat berkas '{name}' lebih dari sekali.")
            seen.add(name)
            _check_declared(name, info, limits)
            declared_total += info.file_size
            if declared_total > limits.max_zip_uncompressed_bytes:
                raise _too_big_total(limits)
            chosen.append((name, info))
        if not chosen:
            raise UploadError("ZIP_NO_BPMN",
                              "Arsip ZIP tidak memuat berkas BPMN (.bpmn, .bpmn2, .xml).", 422)
        out: list[tuple[str, bytes]] = []
        total = 0
        for name, info in chosen:
            content = _inflate(zf, name, info, limits, limits.max_zip_uncompressed_bytes - total)
            total += len(content)
            out.append((name, content))
        return out


def _check_declared(name: str, info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > limits.max_file_bytes:
        raise UploadError("FILE_TOO_LARGE",
                          f"Berkas '{name}' di dalam arsip ZIP terlalu besar "
                          f"({human_size(info.file_size)}); batas satu berkas adalah "
                          f"{human_size(limits.max_file_bytes)}.", 413)
    if info.file_size > 64 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise _bomb(name)


def _bomb(name: str) -> UploadError:
    return UploadError("ZIP_BOMB",
                       f"Berkas '{name}' di dalam arsip ZIP memiliki rasio pemampatan yang tidak "
                       "wajar (kemungkinan 'zip bomb'); arsip ditolak.", 413)


def _too_big_total(limits: Limits) -> UploadError:
    return UploadError("ZIP_TOO_LARGE_UNCOMPRESSED",
                       "Isi arsip ZIP setelah diekstrak melebihi batas "
                       f"{human_size(limits.max_zip_uncompressed_bytes)}.", 413)


def _inflate(zf: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, limits: Limits,
             remaining: int) -> bytes:
    """Inflate one entry, stopping as soon as it passes a limit (sizes in headers may lie)."""
    cap = min(limits.max_file_bytes, remaining)
    buf = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                buf += chunk
                if len(buf) > cap:
                    if len(buf) > limits.max_file_bytes:
                        raise UploadError("FILE_TOO_LARGE",
                                          f"Berkas '{name}' di dalam arsip ZIP melebihi batas "
                                          f"{human_size(limits.max_file_bytes)}.", 413)
                    raise _too_big_total(limits)
                if len(buf) > 64 * 1024 and len(buf) > limits.max_ratio * max(info.compress_size, 1):
                    raise _bomb(name)
    except UploadError:
        raise
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as exc:
        raise UploadError("ZIP_INVALID",
                          f"Berkas '{name}' di dalam arsip ZIP tidak dapat dibaca ({type(exc).__name__}).",
                          422) from None
    return bytes(buf)


# -- API tokens -------------------------------------------------------------------------------

def new_token() -> str:
    """A fresh secret shown once to its owner; only :func:`token_hash` of it is stored."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
