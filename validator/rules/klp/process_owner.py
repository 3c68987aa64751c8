"""PPB-KLP-004: every process has an owner, and the owner is in the organisation.

A process map ties each process to the unit that answers for it
(``ppb:pemilik``). Two checks:

* on every file: the process boxes of overview maps (``jenis_peta_kotak``)
  and the process (pool) of cross-functional maps and SOPs
  (``jenis_peta_proses``) have ``ppb:pemilik``; a core process without one is
  an error, the others a warning. Levels in ``level_dikecualikan`` are left
  out (e.g. Level 0 = misi RPJMD in the misi-urusan convention);
* over a set with a plan: the owner exists in the plan's organisation master.
  An OPD map's owners are that OPD's units and jabatan (or the OPD itself); the
  OPD is found by ``ppb:kodeOrganisasi``, else by the Renstra named in
  ``ppb:dokumenAcuan``, else by ``ppb:instansi`` (the OPD's name, possibly
  followed by the Pemda's). A Pemda map's owners are the OPDs (name or
  singkatan) and their units. Names are compared without case and extra
  spaces only: "Dinas Kesehatan" and "Dinkes" are different names unless the
  master lists "Dinkes" as the singkatan.
"""
from ... import vocab
from ...catalog import rule, set_rule
from .. import _map_structure as ms
from ..lvl import _set as S
from ..nmk._common import ext


@rule("PPB-KLP-004")
def check(model, ctx):
    for el, cat, owner in owned_processes(model, ctx.params):
        if owner:
            continue
        severity = None if cat in _error_categories(ctx) else "warning"
        ctx.report(el, "missing", severity, kategori=cat or "tanpa kategori",
                   category=cat or "uncategorised")


@set_rule("PPB-KLP-004")
def check_set(mapset, ctx):
    plan = ctx.plan
    for mf in S.readable(mapset):
        rows = [r for r in owned_processes(mf.model, ctx.params) if r[2]]
        if not rows:
            continue
        if S.is_pemda_map(mf.model) or _names_rpjmd(mf.model, plan):
            names, where, where_en = _pemda_names(plan), "perangkat daerah", "the regional agencies"
        else:
            opd = find_opd(mf.model, plan)
            if opd is None:
                ctx.report(mf.name, None, "opd_unknown", severity="warning",
                           kode=vocab.map_text(mf.model, "kodeOrganisasi") or "-",
                           acuan=vocab.map_text(mf.model, "dokumenAcuan") or "-",
                           instansi=vocab.map_text(mf.model, "instansi") or "-")
                continue
            names = _opd_names(opd)
            where, where_en = opd.nama, opd.nama
        for el, cat, owner in rows:
            for part in _owners(owner):
                if S.norm(part) in names:
                    continue
                severity = None if cat in _error_categories(ctx) else "warning"
                ctx.report(mf.name, el, "unknown", severity, pemilik=part, organisasi=where,
                           organisation=where_en)


# ---------------------------------------------------------------------------

def owned_processes(model, params):
    """(element, category, owner) of every process that needs an owner, in document order.
    Made once per model and parameters: the file check and the set check both ask (a set
    run's extract carries it back from the worker that checked the file)."""
    key = ("owned_processes", *(tuple(params.get(name) or ()) for name in _OWNED_PARAMS))
    memo = model._memo
    rows = memo.get(key)
    if rows is None:
        rows = memo[key] = tuple(_owned_processes(model, params))
    return list(rows)


_OWNED_PARAMS = ("jenis_peta_kotak", "jenis_peta_proses", "level_dikecualikan", "nilai_eksternal")


def _owned_processes(model, params):
    mtype = (vocab.map_type(model) or "").lower()
    boxes = {t.lower() for t in params.get("jenis_peta_kotak") or ()}
    whole = {t.lower() for t in params.get("jenis_peta_proses") or ()}
    if mtype not in boxes and mtype not in whole:
        return []
    level = ms.level(model)
    if level is not None and level in {int(x) for x in params.get("level_dikecualikan") or ()}:
        return []
    processes = ms.instansi_processes(model, params.get("nilai_eksternal") or ())
    out = []
    if mtype in boxes:
        for node in ms.top_process_nodes(processes):
            out.append((node, vocab.category(node), ext(node, "pemilik")))
    else:
        pools = ms.pools_by_process(model)
        for proc in processes:
            if not any("FlowNode" in f.types for f in proc.flow_elements):
                continue
            pool = pools.get(proc)
            cat = vocab.category(proc) or (vocab.category(pool) if pool is not None else None)
            owner = ext(proc, "pemilik") or ext(pool, "pemilik")
            out.append((pool if pool is not None else proc, cat, owner))
    return out


def find_opd(model, plan):
    """The plan's OPD a map belongs to, or None."""
    kode = vocab.map_text(model, "kodeOrganisasi")
    if kode:
        opd = plan.opd(kode)
        if opd is not None:
            return opd
    acuan = vocab.map_text(model, "dokumenAcuan")
    if acuan:
        renstra = plan.renstra_by_id(acuan)
        if renstra is not None:
            opd = plan.opd(renstra.opd)
            if opd is not None:
                return opd
    instansi = S.norm(vocab.map_text(model, "instansi"))
    if instansi:
        best = None
        for opd in plan.organisasi:
            name = S.norm(opd.nama)
            if name and (instansi == name or instansi.startswith(name + " ")) \
                    and (best is None or len(name) > len(S.norm(best.nama))):
                best = opd
            elif S.norm(opd.singkatan) == instansi:
                return opd
        return best
    return None


def _names_rpjmd(model, plan) -> bool:
    acuan = vocab.map_text(model, "dokumenAcuan")
    return bool(acuan) and acuan == plan.rpjmd.id


def _opd_names(opd) -> set[str]:
    return {S.norm(n) for n in (opd.nama, opd.singkatan, *opd.unit, *opd.jabatan) if n}


def _pemda_names(plan) -> set[str]:
    out = set()
    for opd in plan.organisasi:
        out |= {S.norm(n) for n in (opd.nama, opd.singkatan, *opd.unit) if n}
    return out


def _owners(raw: str) -> list[str]:
    """Several owners may be written separated by ';'."""
    return [p.strip() for p in raw.split(";") if p.strip()]


def _error_categories(ctx) -> set[str]:
    return {str(c).lower() for c in ctx.params.get("kategori_error") or ()}
