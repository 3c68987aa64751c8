"""PPB-NMK-007 (format): planning codes in ``ppb:nomenklatur`` have the
Permendagri 90/2019 shapes.

A process is tied to the budget through the nomenclature of urusan (X),
bidang urusan (X.XX), program (X.XX.XX), kegiatan (X.XX.XX.N.XX) and sub
kegiatan (X.XX.XX.N.XX.XXXX). A code that fits none of these cannot be found
in any master list, so it is an error; a sub kegiatan with the two-digit suffix
of the nomenclature before its 2023 update is a warning. Whether a well-formed
code exists in the master of the configured version is a separate check that
reuses ``_codes.nomenklatur_tokens`` and ``_codes.classify_nomenklatur``.

The master check: a well-formed code is looked up in the nomenclature master
(``master_file``, version ``master_version``; see :mod:`._master`). A code
whose urusan, bidang or program the master knows cannot exist is a warning;
what the master does not cover is never flagged. An empty ``master_file``
turns the master check off; a master that cannot be read gives one warning per
map that carries planning codes.
"""
from ...catalog import rule
from ._codes import classify_nomenklatur, nomenklatur_tokens
from ._common import applies, ext
from ._master import MasterError, load_master


@rule("PPB-NMK-007")
def check(model, ctx):
    if not applies(model, ctx):
        return
    shapes = ctx.params.get("shapes") or {}
    old = ctx.params.get("old_shapes") or {}
    kinds = ctx.params.get("kinds") or {}
    master = _master(model, ctx)
    for el in model.elements:
        raw = ext(el, "nomenklatur") if el.ext else ""
        for token in nomenklatur_tokens(raw):
            kind, status = classify_nomenklatur(token, shapes, old)
            names = _names(kinds, kind)
            if status != "bad" and master is not None:
                found = master.problem(token, kind)
                if found is not None:
                    key, params = found
                    ctx.report(el, key, severity="warning", kode=token, versi=master.title,
                               **names, **params)
            if status == "ok":
                continue
            if status == "old":
                ctx.report(el, "old_format", severity="warning", kode=token, **names)
            elif kind:
                ctx.report(el, "format", kode=token, **names)
            else:
                ctx.report(el, "unknown", kode=token, daftar=_listing(kinds, "id"),
                           list=_listing(kinds, "en"))


# ---------------------------------------------------------------------------

def _master(model, ctx):
    """The configured master, or None (off, or unreadable: then one warning on the map)."""
    path = str(ctx.params.get("master_file") or "").strip()
    if not path:
        return None
    try:
        return load_master(path, str(ctx.params.get("master_version") or ""))
    except MasterError as exc:
        if any(nomenklatur_tokens(ext(el, "nomenklatur")) for el in model.elements if el.ext):
            ctx.report(model.definitions, "master_unreadable", severity="warning",
                       alasan=exc.message_id, reason=exc.message_en)
        return None


def _names(kinds, kind):
    k = kinds.get(kind) or {}
    return {"jenis": k.get("id", kind or ""), "kind": k.get("en", kind or ""),
            "format": k.get("format", "")}


def _listing(kinds, lang):
    return ", ".join(f"{k.get(lang, name)} {k.get('format', '')}".strip()
                     for name, k in kinds.items() if isinstance(k, dict))
