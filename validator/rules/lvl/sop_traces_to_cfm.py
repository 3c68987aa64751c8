"""PPB-LVL-007: an SOP names the cross-functional map it comes from (a set check).

Under PermenPANRB 19/2018 the Peta Lintas Fungsi is the basis of an SOP, so an
SOP map (``jenisPeta=sop``) carries ``ppb:parentKode``: the code of the
process of its cross-functional map. Over a set of maps:

* no ``ppb:parentKode`` at all is a finding;
* a ``ppb:parentKode`` that names a process of a map that is not a
  cross-functional map is a finding;
* a ``ppb:parentKode`` that names no process of the set is a finding only when
  the set holds a cross-functional map of the same branch (same OPD): without
  one, the code is all that can be asked for.
"""
from ... import vocab
from ...catalog import set_rule
from . import _set as S


@set_rule("PPB-LVL-007")
def check_set(mapset, ctx):
    sop_types = {t.lower() for t in S.list_param(ctx, "jenis_peta")}
    cfm_types = {t.lower() for t in S.list_param(ctx, "jenis_induk")}
    branches = None
    for mf in S.readable(mapset):
        if (vocab.map_type(mf.model) or "").lower() not in sop_types:
            continue
        target = S.main_element(mapset, mf.name)
        raw = mf.parent_kode
        name = _sop_name(mapset, mf)
        if not raw:
            ctx.report(mf.name, target, "missing", sop=name)
            continue
        found = [n for n in mapset.by_kode(raw) if n.file != mf.name]
        if any((S.file_type(mapset, n.file) or "").lower() in cfm_types for n in found):
            continue
        if found:
            other = found[0]
            ctx.report(mf.name, target, "not_cfm", sop=name, kode=raw, proses=other.name,
                       berkas=other.file, jenis=S.file_type(mapset, other.file) or "-")
        elif (branches := branches or S.Branches(mapset)).type_present(mf, cfm_types):
            ctx.report(mf.name, target, "not_found", sop=name, kode=raw)


def _sop_name(mapset, mf) -> str:
    tops = S.top_nodes(mapset, mf.name)
    return tops[0].name if tops else mf.name
