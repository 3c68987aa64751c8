"""The project's C modules, built with Cython by ``tools/build_ext.py`` (``make install``).

A built module carries the SHA-256 of the source it was built from; :func:`load` gives it
only when that matches the ``.pyx`` beside it (an edited source never runs through an old
build) and its environment switch is not ``0``. Otherwise the caller runs its Python code,
which gives the same results.
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType


def load(dotted: str, switch: str) -> ModuleType | None:
    """The built module ``dotted`` (e.g. ``validator.cbuild``) when it is current and
    ``switch`` (an environment variable) is not ``0``; else None."""
    if os.environ.get(switch, "1") == "0":
        return None
    try:
        module = importlib.import_module(dotted)
    except ImportError:
        return None
    source = Path(module.__file__ or "").with_name(dotted.rsplit(".", 1)[1] + ".pyx")
    try:
        text = source.read_bytes()
    except OSError:
        return None
    try:    # the built-in SHA-256: hashlib would load OpenSSL first (3 ms of every start)
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import sha256
    if getattr(module, "SOURCE_SHA256", None) != sha256(text).hexdigest():
        return None         # built from another version of the source
    return module
