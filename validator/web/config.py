"""Server settings: defaults for a Pemda laptop, overridable by environment variables."""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

MB = 1024 * 1024


DIR_MODE = 0o700     # the instance folder: the database, the secret key; its owner only
FILE_MODE = 0o600


def instance_dir() -> Path:
    """The instance folder (PPB_INSTANCE_DIR, else ./instance), made 0700: created so, and
    tightened when others may enter it (a shared folder such as /tmp, with its sticky bit,
    is left alone; so is a folder of another owner)."""
    path = Path(os.environ.get("PPB_INSTANCE_DIR") or Path.cwd() / "instance")
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    private_dir(path)
    return path


def owned(st: os.stat_result) -> bool:
    """Whether the current user owns a file (POSIX; Windows has no such modes to tighten)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and st.st_uid == geteuid()


def private_dir(path: Path) -> None:
    try:
        st = path.stat()
        if st.st_mode & 0o077 and not st.st_mode & stat.S_ISVTX and owned(st):
            path.chmod(DIR_MODE)
    except OSError:
        pass   # not ours to change; the files in it are 0600 anyway


def _secret_key(folder: Path) -> str:
    """A key kept in the instance folder (mode 0600), so sessions survive a restart."""
    env = os.environ.get("PPB_SECRET_KEY")
    if env:
        return env
    keyfile = folder / "secret_key"
    try:   # created 0600 from the first byte: never readable by others, not even briefly
        fd = os.open(keyfile, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32))
    try:
        if keyfile.stat().st_mode & 0o077:
            keyfile.chmod(FILE_MODE)
    except OSError:
        pass
    key = keyfile.read_text(encoding="ascii").strip()
    if not key:   # a start that stopped between creating and writing the file
        key = secrets.token_hex(32)
        keyfile.write_text(key, encoding="ascii")
    return key


def default_config() -> dict:
    folder = instance_dir()
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'ppb.sqlite3'}",
        "SECRET_KEY": _secret_key(folder),
        "MAX_FILE_BYTES": int(float(os.environ.get("PPB_MAX_FILE_MB", "10")) * MB),
        "MAX_ZIP_BYTES": int(float(os.environ.get("PPB_MAX_ZIP_MB", "50")) * MB),
        "MAX_ZIP_ENTRIES": int(os.environ.get("PPB_MAX_ZIP_ENTRIES", "500")),
        "MAX_ZIP_UNCOMPRESSED_BYTES": int(float(os.environ.get("PPB_MAX_ZIP_UNCOMPRESSED_MB", "200")) * MB),
        "CORS_ORIGINS": [o for o in os.environ.get("PPB_CORS_ORIGINS", "null").split(",") if o],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("PPB_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "PPB_SEED_SAMPLES": os.environ.get("PPB_SEED_SAMPLES", "1") == "1",
    }
