"""PPB-LVL-002: a Level 0 map holds the three process groups.

Under PermenPANRB 19/2018 practice a Level 0 map shows the whole instansi as
Proses Inti (core, the value stream; required), Proses Pendukung (support) and
Proses Manajemen, also called "Lainnya". A process counts for a group by its
own ``ppb:kategori`` or by the pool/lane it is drawn in ("Proses Inti", ...).

With ``konvensi: misi-urusan`` (Level 0 = misi RPJMD, Level 1 = urusan) the
groups do not apply; instead every Level 0 process names the misi it serves.
"""
import re
from collections import Counter
from functools import lru_cache

from ... import vocab
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-LVL-002")
def check(model, ctx):
    if not ms.is_level0(model):
        return
    p = ctx.params
    pools = ms.pools_by_process(model)
    nodes = ms.top_activities(ms.instansi_processes(model, p.get("nilai_eksternal") or ()))
    if p.get("konvensi") == "misi-urusan":
        _check_misi(model, ctx, nodes, pools)
        return
    phrases = p.get("nama_kelompok") or {}
    counts = Counter(ms.node_category(n, pools, phrases) for n in nodes)
    groups = _group_holders(model, phrases)
    minimum = p.get("minimum") or {}
    errors = set(p.get("kategori_error") or ())
    for cat in vocab.CATEGORIES:
        need, have = int(minimum.get(cat, 1)), counts[cat]
        if have >= need:
            continue
        severity = None if cat in errors else "warning"
        if have:
            ctx.report(model.definitions, "too_few", severity, kategori=cat, jumlah=have, minimum=need)
        elif cat in groups:
            ctx.report(groups[cat], "group_empty", severity, kategori=cat)
        else:
            ctx.report(model.definitions, "missing_" + cat, severity)


# ---------------------------------------------------------------------------

def _group_holders(model, phrases):
    """category -> the first pool or lane drawn as that group."""
    out = {}
    for type_name in ("Participant", "Lane"):
        for el in model.all(type_name):
            cat = ms.group_of(el, phrases)
            if cat is not None:
                out.setdefault(cat, el)
    return out


def _check_misi(model, ctx, nodes, pools):
    p = ctx.params
    if not nodes:
        ctx.report(model.definitions, "no_process")
        return
    keys = p.get("atribut_misi") or ()
    pattern = _compiled(p.get("pola_misi") or "")
    for node in nodes:
        holders = (node, *ms.enclosing_groups(node, pools))
        if any(vocab.refs(h, k) for h in holders for k in keys):
            continue
        if pattern is not None and any(pattern.search(h.name or "") for h in holders):
            continue
        ctx.report(node, "misi_missing", atribut=" / ".join("ppb:" + k for k in keys))


@lru_cache(maxsize=8)
def _compiled(pattern):
    return re.compile(pattern, re.I) if pattern else None
