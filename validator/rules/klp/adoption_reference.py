"""PPB-KLP-010: an adopted map names both the number and the date of its decree.

A map that says it is adopted (``ppb:tanggalPenetapan``) is the annex of a
Keputusan with a number, and the other way round: one of the two without the
other is one finding, on the element that holds the one given. Whether the
date is a real date is PPB-KLP-007's (one problem, one finding). Maps that
declare no ``ppb:jenisPeta`` are not ppb maps and are left alone, as in
PPB-KLP-007.
"""
from ... import vocab
from ...catalog import rule

_DASHES = ("-", "–", "—", "--")


@rule("PPB-KLP-010")
def check(model, ctx):
    if not (vocab.raw_map_type(model) or "").strip():
        return
    tanggal = _given(vocab.map_text(model, "tanggalPenetapan"))
    nomor = _given(vocab.map_text(model, "nomorPenetapan"))
    if tanggal and not nomor:
        ctx.report(model.ext_holder("tanggalPenetapan"), "no_number", tanggal=tanggal)
    elif nomor and not tanggal:
        ctx.report(model.ext_holder("nomorPenetapan"), "no_date", nomor=nomor)


def _given(text: str) -> str:
    return "" if text in _DASHES else text
