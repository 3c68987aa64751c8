"""PPB-KLP-005: a cross-functional map or SOP has a clear end and a stated result.

The "definitif" principle of PermenPANRB 19/2018: a process has a clear
boundary and a defined output. Each end event therefore names the result it
ends with ("Izin terbit", "Berkas dikembalikan") rather than a bare "Selesai"
on the map types of ``jenis_peta_nama_hasil`` (cross-functional maps: an SOP's
terminator reads "mulai"/"selesai" in PermenPANRB 35/2012), and the process
states its output in ``ppb:output`` (on the process or its pool). An unnamed
end event is label-required's finding (one finding for one
problem), not this rule's.
"""
import re
from functools import lru_cache

from ... import vocab
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-KLP-005")
def check(model, ctx):
    p = ctx.params
    if vocab.map_type(model) not in (p.get("jenis_peta") or ()):
        return
    pools = ms.pools_by_process(model)
    processes = [proc for proc in ms.instansi_processes(model, p.get("nilai_eksternal") or ())
                 if proc.flow_elements]
    if p.get("wajib_output_proses", True):
        for proc in processes:
            pool = pools.get(proc)
            if not (vocab.text(proc, "output") or (pool is not None and vocab.text(pool, "output"))):
                ctx.report(pool or proc, "no_output")
    named_result = p.get("jenis_peta_nama_hasil")
    if named_result is None:
        named_result = p.get("jenis_peta") or ()
    if vocab.map_type(model) not in named_result:
        return
    generic = {_norm(w) for w in p.get("nama_generik") or ()}
    inside = set(processes)
    for end in model.all("EndEvent"):
        if end.find_parent("Process") not in inside:
            continue
        name = _norm(end.name)
        if name and name in generic:
            ctx.report(end, "end_generic")


# ---------------------------------------------------------------------------

@lru_cache(maxsize=1 << 12)      # the same generic words and end names, map after map
def _norm(text):
    return re.sub(r"[\s\W_]+", " ", text or "").strip().lower()
