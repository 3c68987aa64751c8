"""HTTP details shared by every view: download file names and the ids in URLs.

``content_disposition`` writes the Content-Disposition header for any file name (an en dash,
a Javanese script, a quote): an ASCII ``filename="..."`` for old clients and the exact name
as ``filename*=UTF-8''...`` (RFC 6266, RFC 8187/5987). Header values must be Latin-1 on the
wire; a raw Unicode name made the server fail.

``IdConverter`` replaces Flask's ``int`` converter: ``<int:submission_id>`` matches ids up
to :data:`MAX_ID` (the largest value of the INTEGER id columns); a larger number is no id
of ours and answers 404 instead of overflowing the database driver.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1                 # INTEGER primary keys (SQLite accepts more; PostgreSQL not)
# what the ASCII fallback keeps; anything else becomes '_' (no quote, backslash, '%' or ';')
_ASCII_OK = re.compile(r"[A-Za-z0-9 ._()+,=@!#$&'\[\]{}~^-]")
# RFC 5987 attr-char besides ALPHA / DIGIT, which quote() leaves alone
_ATTR_CHARS = "!#$&+-.^_`|~"


def _printable(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()


def _fold(text: str) -> str:
    """ASCII letters for ``text``: accents dropped (é -> e), dashes as '-', others '_'."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if _ASCII_OK.fullmatch(ch):
            out.append(ch)
        elif unicodedata.category(ch) == "Mn":
            continue                        # a combining accent of the letter before it
        elif unicodedata.category(ch) == "Pd":
            out.append("-")
        else:
            out.append("_")
    return re.sub(r"_{2,}", "_", "".join(out))


def ascii_filename(filename: str, default: str = "unduhan") -> str:
    """An ASCII stand-in for ``filename`` that keeps its extension; ``default`` (with the
    extension) when nothing readable is left."""
    name = _printable(filename)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:16]
    base = _fold(stem).strip(" ._")
    if not base.replace("_", "").replace("-", "").strip():
        base = default
    return base[:150] + (f".{ext}" if ext else "")


def content_disposition(filename: str, inline: bool = False) -> str:
    """The Content-Disposition value for a download named ``filename`` (any Unicode text):
    ``attachment`` (or ``inline``), an ASCII ``filename="..."`` and, when the name is not
    plain ASCII, the exact name as ``filename*=UTF-8''<percent-encoded>``."""
    name = _printable(filename).replace("/", "_").replace("\\", "_") or "unduhan"
    fallback = ascii_filename(name)
    value = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if fallback != name:
        value += "; filename*=UTF-8''" + quote(name, safe=_ATTR_CHARS, encoding="utf-8")
    return value


class IdConverter(IntegerConverter):
    """``<int:...>``: a non-negative whole number up to :data:`MAX_ID`, else no match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        top = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=top, signed=signed)


def install_id_converter(app) -> None:  # noqa: ANN001 - a Flask app, before its blueprints
    """Make ``<int:...>`` in every route of ``app`` an :class:`IdConverter`."""
    app.url_map.converters["int"] = IdConverter
