"""Server settings: defaults for a Pemda laptop, overridable by environment variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

MB = 1024 * 1024


def instance_dir() -> Path:
    path = Path(os.environ.get("PPB_INSTANCE_DIR") or Path.cwd() / "instance")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(folder: Path) -> str:
    """A key kept in the instance folder, so sessions survive a restart."""
    env = os.environ.get("PPB_SECRET_KEY")
    if env:
        return env
    keyfile = folder / "secret_key"
    if not keyfile.exists():
        keyfile.write_text(secrets.token_hex(32), encoding="ascii")
        keyfile.chmod(0o600)
    return keyfile.read_text(encoding="ascii").strip()


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
