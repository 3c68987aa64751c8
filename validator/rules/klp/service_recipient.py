"""PPB-KLP-008: a cross-functional map or SOP shows who receives the service.

One of the principles of PermenPANRB 19/2018 as the training modules teach it is
"pelanggan": a process ends with an output for someone (read through secondary sources, so
this is information, not an error). A Peta Lintas Fungsi or SOP shows its recipient when it
has any of:

* a pool or lane of the service's user: marked ``ppb:pemangku="eksternal"`` or named like one
  (parameter ``penerima``: Pemohon, Masyarakat, Pelaku Usaha, ...);
* a message flow to or from another pool (that pool receives or asks for the work);
* a name that says whom the result goes to: ``ppb:output``, an end event or an activity
  naming a recipient of ``penerima``, or saying "kepada ..." / "diterima ..."
  ("Menyerahkan SIP kepada pemohon", "KTP-el diterima penduduk").

Otherwise one finding on the process (the pool when the process has no name) asks to show
the recipient. Maps without any activity are left alone.
"""
import re

from ...catalog import rule
from ...lazy_re import lazy_re
from ..efi.handoffs import _applicant
from ..sop._common import applies, ext, list_param

_RECIPIENTS = ("pemohon", "masyarakat", "penduduk", "warga", "pelaku usaha", "wajib pajak",
               "pengguna layanan", "penerima layanan", "pelanggan", "pasien", "peserta")
_TO_SOMEONE = lazy_re(r"\b(kepada|diterima|diserahkan ke|disampaikan ke)\b", re.I)


@rule("PPB-KLP-008")
def check(model, ctx):
    if not applies(model, ctx, ("lintasFungsi", "sop")):
        return
    if not any(True for _ in model.all("Task")):
        return
    words = [" ".join(w.lower().split()) for w in list_param(ctx, "penerima", _RECIPIENTS)]
    if any(_applicant(el, words) for el in (*model.all("Participant"), *model.all("Lane"))):
        return
    pools = list(model.all("Participant"))
    if any(True for _ in model.all("MessageFlow")) and len(pools) >= 2:
        return
    texts = [ext(p, "output") for p in (*model.all("Process"), *pools)]
    texts += [el.name or "" for el in (*model.all("EndEvent"), *model.all("Task"))]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I) if words else None
    for text in texts:
        if text and (_TO_SOMEONE.search(text) or (pattern is not None and pattern.search(text))):
            return
    for process in model.all("Process"):
        if not any(True for t in model.all("Task") if t.find_parent("Process") is process):
            continue
        pool = next((p for p in pools if p.process is process), None)
        where = process if (process.name or "").strip() or pool is None else pool
        ctx.report(where, "default")
        return
