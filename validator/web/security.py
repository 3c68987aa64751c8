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


@dataclass(frozen=True)
class FileProblem:
    """Why one file of an upload (an entry of a ZIP) is refused; ``message`` names it."""
    name: str
    code: str
    message: str
    http_status: int = 422

    def as_dict(self) -> dict:
        return {"file": self.name, "code": self.code, "message": self.message}


class UploadError(Exception):
    """Bad input: nothing is stored. ``code`` is stable, ``message_id`` is for people;
    ``problems`` lists every refused file of the upload (each with its own code)."""

    def __init__(self, code: str, message_id: str, http_status: int = 422,
                 problems: "tuple[FileProblem, ...] | list[FileProblem]" = ()) -> None:
        super().__init__(message_id)
        self.code = code
        self.message_id = message_id
        self.http_status = http_status
        self.problems = tuple(problems)

    def as_dict(self) -> dict:
        out = {"code": self.code, "message": self.message_id}
        if self.problems:
            out["problems"] = [p.as_dict() for p in self.problems]
        return out


def refuse(problems: "list[FileProblem] | tuple[FileProblem, ...]") -> UploadError:
    """One error for an upload refused whole, naming every refused file and why.

    One problem keeps its own code and message; several give ``UPLOAD_FILES_REFUSED`` with
    all of them in the message and in ``problems``. The status is 413 when every problem is
    a size limit, else 422."""
    problems = tuple(problems)
    if len(problems) == 1:
        p = problems[0]
        return UploadError(p.code, p.message, p.http_status, problems)
    status = 413 if all(p.http_status == 413 for p in problems) else 422
    listed = "; ".join(f"({i}) {_sentence_body(p.message)}" for i, p in enumerate(problems, 1))
    return UploadError("UPLOAD_FILES_REFUSED",
                       f"Unggahan ditolak seluruhnya; tidak ada yang disimpan. {len(problems)} "
                       f"berkas bermasalah: {listed}.", status, problems)


def _sentence_body(text: str) -> str:
    return text[:-1] if text.endswith(".") else text


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


NAME_MAX = 255            # the length of the stored file name columns (String(255))
_EXT_MAX = 16             # what counts as an extension when a name is cut


def clean_part(text: str | None) -> str:
    """One part of a client-given name: control and format characters (CR, LF, TAB, NUL,
    bidi overrides ...) removed, outer spaces stripped."""
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()


def fit_name(name: str, limit: int = NAME_MAX) -> str:
    """``name`` cut to ``limit`` characters, keeping its extension (``.bpmn``)."""
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= _EXT_MAX and "/" not in ext:
        return stem[:limit - len(ext) - 1].rstrip() + "." + ext
    return name[:limit]


def fit_path(path: str, limit: int = NAME_MAX) -> str:
    """A folder path cut to ``limit`` characters: leading folders are dropped first (the file
    name itself matters most), then the file name is cut keeping its extension."""
    parts = path.split("/")
    while len(parts) > 1 and len("/".join(parts)) > limit:
        parts.pop(0)
    return fit_name("/".join(parts), limit)


def safe_name(filename: str | None) -> str:
    """The last part of a client-given file name, without folders or control characters,
    at most NAME_MAX characters (its extension kept)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return fit_name(clean_part(name)) or "peta.bpmn"


def is_zip(filename: str, data: bytes) -> bool:
    return filename.lower().endswith(".zip") or data[:4] in ZIP_MAGIC


def is_bpmn_name(name: str) -> bool:
    return name.lower().endswith(BPMN_EXTENSIONS)


def read_upload(filename: str | None, data: bytes, limits: Limits) -> list[tuple[str, bytes]]:
    """The BPMN files of an upload as (name, bytes); raises :class:`UploadError` naming
    every refused file (whole or nothing).

    A single file must have a BPMN extension and be within the per-file limit;
    a ZIP is read with :func:`read_zip`.
    """
    files, problems = read_upload_all(filename, data, limits)
    if problems:
        raise refuse(problems)
    return files


def read_upload_all(filename: str | None, data: bytes, limits: Limits
                    ) -> tuple[list[tuple[str, bytes]], list[FileProblem]]:
    """The readable BPMN files of an upload and the problems of the others (a ZIP entry that
    is too large, unsafe, encrypted, unreadable ...), so that a caller can refuse the upload
    naming every problem. A fault of the whole upload (not a ZIP, too large, too many
    entries) raises :class:`UploadError` at once."""
    name = safe_name(filename)
    if is_zip(name, data):
        return read_zip_all(data, limits)
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
    return [(name, data)], []


PLAN_EXTENSIONS = (".yaml", ".yml", ".json", ".xlsx")
PLAN_IGNORED = ("rencana tidak diambil dari arsip unggahan: peta diperiksa terhadap rencana aktif, "
                "dan admin mengganti rencana di halaman Rencana")
NOT_A_MAP = "bukan peta BPMN (.bpmn, .bpmn2, .xml), tidak diperiksa"


def skipped_entries(filename: str | None, data: bytes, limit: int = 500) -> list[dict]:
    """The entries of a ZIP upload that are not checked, each with the reason, so that nothing
    is dropped silently (a ``rencana.yaml`` among the maps above all). Reads only the
    archive's directory; [] for a single file or an archive that cannot be opened."""
    if not is_zip(safe_name(filename), data):
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()[:limit]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return []
    out = []
    for info in infos:
        name = "/".join(clean_part(p) for p in info.filename.replace("\\", "/").split("/") if p)
        base = name.rsplit("/", 1)[-1]
        if info.is_dir() or not base or is_bpmn_name(name) or name.startswith("__MACOSX/") \
                or base.startswith("."):
            continue
        reason = PLAN_IGNORED if base.lower().endswith(PLAN_EXTENSIONS) else NOT_A_MAP
        out.append({"berkas": name[:255], "alasan": reason})
    return out


def _shown(raw: str) -> str:
    """A client-given name as messages show it: printable, at most 120 characters."""
    return clean_part(raw)[:120]


def _entry_name(info: zipfile.ZipInfo) -> tuple[str, FileProblem | None]:
    """The entry's path, cleaned, or why it is refused: absolute, '..', a drive letter, a
    symbolic link. Each folder and the file name lose control characters (CR, LF, TAB ...)
    like a single upload's name; the folders stay (the set rules resolve references by
    them); the whole is cut to NAME_MAX characters."""
    raw = info.filename
    shown = _shown(raw)
    if "\x00" in raw:
        return "", FileProblem(shown, "ZIP_UNSAFE_PATH",
                               f"Arsip ZIP memuat nama berkas yang tidak sah ('{shown}').")
    path = raw.replace("\\", "/")
    parts = [clean_part(p) for p in path.split("/")]
    parts = [p for p in parts if p not in ("", ".")]
    if path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in parts:
        return "", FileProblem(shown, "ZIP_UNSAFE_PATH",
                               f"Arsip ZIP memuat jalur berkas yang tidak aman ('{shown}'): jalur "
                               "mutlak atau '..' tidak diizinkan.")
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        return "", FileProblem(shown, "ZIP_SYMLINK",
                               f"Arsip ZIP memuat tautan simbolik ('{shown}'), yang tidak diizinkan.")
    return (fit_path(posixpath.join(*parts)) if parts else ""), None


def read_zip(data: bytes, limits: Limits) -> list[tuple[str, bytes]]:
    """The BPMN entries of a ZIP archive, read within the limits; raises
    :class:`UploadError` naming every refused entry."""
    files, problems = read_zip_all(data, limits)
    if problems:
        raise refuse(problems)
    return files


def read_zip_all(data: bytes, limits: Limits) -> tuple[list[tuple[str, bytes]], list[FileProblem]]:
    """The readable BPMN entries of a ZIP archive and the problems of the refused ones.

    Checked before anything is inflated: archive size, entry count, each entry's
    path (relative, no '..', no symlink), encryption, declared sizes and their
    compression ratio. While inflating, the real output is counted and reading
    stops as soon as a limit is passed (declared sizes may lie). Faults of the whole
    archive (too large, too many entries, not a ZIP, too much in total) raise at once.
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
        problems: list[FileProblem] = []
        chosen: list[tuple[str, zipfile.ZipInfo]] = []
        seen: set[str] = set()
        declared_total = 0
        for info in infos:
            name, problem = _entry_name(info)
            if problem is not None:
                problems.append(problem)
                continue
            if info.is_dir() or not name:
                continue
            if not is_bpmn_name(name) or name.split("/")[0] == "__MACOSX":
                continue   # only BPMN files are read; other files are left alone
            if info.flag_bits & 0x1:
                problems.append(FileProblem(name, "ZIP_ENCRYPTED",
                                            f"Berkas '{name}' di dalam arsip ZIP dienkripsi; unggah "
                                            "arsip tanpa kata sandi."))
                continue
            if name in seen:
                problems.append(FileProblem(name, "ZIP_DUPLICATE",
                                            f"Arsip ZIP memuat berkas '{name}' lebih dari sekali."))
                continue
            seen.add(name)
            problem = _check_declared(name, info, limits)
            if problem is not None:
                problems.append(problem)
                continue
            declared_total += info.file_size
            if declared_total > limits.max_zip_uncompressed_bytes:
                raise _too_big_total(limits)
            chosen.append((name, info))
        if not chosen and not problems:
            raise UploadError("ZIP_NO_BPMN",
                              "Arsip ZIP tidak memuat berkas BPMN (.bpmn, .bpmn2, .xml).", 422)
        out: list[tuple[str, bytes]] = []
        total = 0
        for name, info in chosen:
            try:
                content = _inflate(zf, name, info, limits, limits.max_zip_uncompressed_bytes - total)
            except _EntryRefused as exc:
                problems.append(exc.problem)
                continue
            total += len(content)
            out.append((name, content))
        return out, problems


class _EntryRefused(Exception):
    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _check_declared(name: str, info: zipfile.ZipInfo, limits: Limits) -> FileProblem | None:
    if info.file_size > limits.max_file_bytes:
        return FileProblem(name, "FILE_TOO_LARGE",
                           f"Berkas '{name}' di dalam arsip ZIP terlalu besar "
                           f"({human_size(info.file_size)}); batas satu berkas adalah "
                           f"{human_size(limits.max_file_bytes)}.", 413)
    if info.file_size > 64 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return _bomb(name)
    return None


def _bomb(name: str) -> FileProblem:
    return FileProblem(name, "ZIP_BOMB",
                       f"Berkas '{name}' di dalam arsip ZIP memiliki rasio pemampatan yang tidak "
                       "wajar (kemungkinan 'zip bomb'); arsip ditolak.", 413)


def _too_big_total(limits: Limits) -> UploadError:
    return UploadError("ZIP_TOO_LARGE_UNCOMPRESSED",
                       "Isi arsip ZIP setelah diekstrak melebihi batas "
                       f"{human_size(limits.max_zip_uncompressed_bytes)}.", 413)


def _inflate(zf: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, limits: Limits,
             remaining: int) -> bytes:
    """Inflate one entry, stopping as soon as it passes a limit (sizes in headers may lie).
    An entry over its own limits raises :class:`_EntryRefused`; past the archive's total,
    :class:`UploadError`."""
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
                        raise _EntryRefused(FileProblem(
                            name, "FILE_TOO_LARGE", f"Berkas '{name}' di dalam arsip ZIP melebihi "
                            f"batas {human_size(limits.max_file_bytes)}.", 413))
                    raise _too_big_total(limits)
                if len(buf) > 64 * 1024 and len(buf) > limits.max_ratio * max(info.compress_size, 1):
                    raise _EntryRefused(_bomb(name))
    except (UploadError, _EntryRefused):
        raise
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as exc:
        raise _EntryRefused(FileProblem(
            name, "ZIP_INVALID", f"Berkas '{name}' di dalam arsip ZIP tidak dapat dibaca "
            f"({type(exc).__name__}).", 422)) from None
    return bytes(buf)


# -- API tokens -------------------------------------------------------------------------------

def new_token() -> str:
    """A fresh secret shown once to its owner; only :func:`token_hash` of it is stored."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
