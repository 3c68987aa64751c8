"""Which map a stored file is: its identity key within its OPD, computed from its bytes.

A map keeps its identity when it is renamed or edited: the key is, in this order,

* ``kode:<ppb:kode>``: the map's process code, read where :meth:`validator.model.Model.ext`
  reads a map-level ppb attribute (definitions, else collaboration, process or pool);
* ``proses:<id>``: the id of its main process (the first executable one that draws
  something, else the first that draws something, else the first);
* ``definisi:<id>``: the id of its ``bpmn:definitions``;
* ``berkas:<file name>``: when none of these is written, or the file cannot be read.

``terpisah:<n>`` is a key given by a user who said that a version is a map of its own
(:func:`split_key`). Keys are compared within one OPD only: two OPDs may hold the same key.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import Model

KEY_LENGTH = 255     # Submission.map_key
TITLE_LENGTH = 255   # Submission.map_title

KODE, PROSES, DEFINISI, BERKAS, TERPISAH = "kode", "proses", "definisi", "berkas", "terpisah"
# key prefix -> what the key is, in words (for the notice "… (kode proses 03.01.03)")
WORDS = {
    KODE: "kode proses",
    PROSES: "id proses",
    DEFINISI: "id definisi",
    BERKAS: "nama berkas",
    TERPISAH: "peta terpisah, ditetapkan pengguna dari versi #",
}


@dataclass(frozen=True)
class MapIdentity:
    key: str            # e.g. "kode:03.01.03"
    title: str | None   # the map's name for lists (None when it has none)

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


def identify(data: bytes | None, filename: str, model: Model | None = None) -> MapIdentity:
    """The identity of one map file. ``model``: the file already parsed (an upload's
    validation parsed it once); else the bytes are parsed here. Never raises: a file that
    cannot be read is known by its file name."""
    if model is None and data:
        from ..parser import parse_bytes

        try:
            model = parse_bytes(bytes(data), filename, max_bytes=max(len(data), 1))
        except Exception:  # noqa: BLE001 - an unreadable file still gets a key
            model = None
    if model is None:
        return MapIdentity(_fit(f"{BERKAS}:{filename}"), _title(None, filename))
    return identify_model(model, filename)


def identify_model(model: Model, filename: str) -> MapIdentity:
    kode = _norm_kode(model.ext("kode"))
    main = main_process(model)
    if kode:
        holder = model.ext_holder("kode")
        name = _name(holder) if holder is not model.definitions else None
        return MapIdentity(_fit(f"{KODE}:{kode}"), _title(name or _map_name(model, main), filename))
    if main is not None and main.id:
        return MapIdentity(_fit(f"{PROSES}:{main.id.strip()}"), _title(_map_name(model, main), filename))
    defs_id = (model.definitions.id or "").strip()
    if defs_id:
        return MapIdentity(_fit(f"{DEFINISI}:{defs_id}"), _title(_map_name(model, None), filename))
    return MapIdentity(_fit(f"{BERKAS}:{filename}"), _title(_map_name(model, None), filename))


def main_process(model: Model):  # noqa: ANN201 - an Element or None
    """The map's main process: executable and drawing something first, then drawing
    something, then executable, then the first (document order within each)."""
    procs = [p for p in model.all("Process") if (p.id or "").strip()]
    if not procs:
        return None

    def rank(p) -> tuple[bool, bool]:  # noqa: ANN001
        return (not p.flow_elements, not p.flag("isExecutable"))

    return min(procs, key=rank)   # min is stable: the first of equal rank


def split_key(submission_id: int) -> str:
    """The key of a version a user made a map of its own."""
    return f"{TERPISAH}:{int(submission_id)}"


def describe(key: str | None) -> str:
    """The key in Indonesian words: 'kode proses 03.01.03', 'nama berkas peta.bpmn'."""
    if not key:
        return "tanpa identitas"
    kind, _, value = key.partition(":")
    words = WORDS.get(kind)
    if words is None:
        return key
    if kind == TERPISAH:
        return f"{words}{value}"
    return f"{words} {value}"


def _norm_kode(kode: str | None) -> str:
    return re.sub(r"\s+", "", kode or "")


def _name(el) -> str | None:  # noqa: ANN001
    name = (getattr(el, "name", None) or "").strip()
    return re.sub(r"\s+", " ", name) or None


def _map_name(model: Model, main) -> str | None:  # noqa: ANN001
    """The name of the main process, else of its pool, else of the definitions."""
    if main is not None:
        if _name(main):
            return _name(main)
        for part in model.all("Participant"):
            if part.process is main and _name(part):
                return _name(part)
    return _name(model.definitions)


def _title(name: str | None, filename: str) -> str | None:
    title = name or (filename.rsplit("/", 1)[-1] if filename else None)
    return title[:TITLE_LENGTH] if title else None


def _fit(key: str) -> str:
    """A key that fits its column: a long one keeps its start and a digest of the whole."""
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return key[:KEY_LENGTH - 17] + "~" + digest
