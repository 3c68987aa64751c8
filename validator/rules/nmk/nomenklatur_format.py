"""PPB-NMK-007 (format): planning codes in ``ppb:nomenklatur`` have the
Permendagri 90/2019 shapes.

A process is tied to the budget through the nomenclature of urusan (X),
bidang urusan (X.XX), program (X.XX.XX), kegiatan (X.XX.XX.N.XX) and sub
kegiatan (X.XX.XX.N.XX.XXXX). A code that fits none of these cannot be found
in any master list, so it is an error; a sub kegiatan with the two-digit suffix
of the nomenclature before its 2023 update is a warning. Whether a well-formed
code exists in the master of the configured version is a separate check that
reuses ``_codes.nomenklatur_tokens`` and ``_codes.classify_nomenklatur``.
"""
from ...catalog import rule
from ._codes import classify_nomenklatur, nomenklatur_tokens
from ._common import applies, ext


@rule("PPB-NMK-007")
def check(model, ctx):
    if not applies(model, ctx):
        return
    shapes = ctx.params.get("shapes") or {}
    old = ctx.params.get("old_shapes") or {}
    kinds = ctx.params.get("kinds") or {}
    for el in model.elements:
        raw = ext(el, "nomenklatur") if el.ext else ""
        for token in nomenklatur_tokens(raw):
            kind, status = classify_nomenklatur(token, shapes, old)
            if status == "ok":
                continue
            names = _names(kinds, kind)
            if status == "old":
                ctx.report(el, "old_format", severity="warning", kode=token, **names)
            elif kind:
                ctx.report(el, "format", kode=token, **names)
            else:
                ctx.report(el, "unknown", kode=token, daftar=_listing(kinds, "id"),
                           list=_listing(kinds, "en"))


# ---------------------------------------------------------------------------

def _names(kinds, kind):
    k = kinds.get(kind) or {}
    return {"jenis": k.get("id", kind or ""), "kind": k.get("en", kind or ""),
            "format": k.get("format", "")}


def _listing(kinds, lang):
    return ", ".join(f"{k.get(lang, name)} {k.get('format', '')}".strip()
                     for name, k in kinds.items() if isinstance(k, dict))
