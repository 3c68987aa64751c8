"""Alignment of a validated map set with its plan: matrix, cascade tree, per-OPD progress.

:func:`compute` turns a set run's :class:`~validator.engine.Report` (its map set, its plan
and its findings) into an :class:`Alignment` that every report format shows the same way:

* the **matrix**: one row per sasaran in scope (the RPJMD's, then each Renstra's, as
  :func:`validator.planlinks.sasaran_in_scope` selects them), one column per process of the
  set that is core (``kategori`` inti) or serves a sasaran in scope (the Pemda map's first,
  then by OPD in the order of the organisation master); a cell says how the
  process serves the sasaran (:data:`VIA_DIRECT`, :data:`VIA_INDICATOR`,
  :data:`VIA_CASCADE`); plus the two gap lists: sasaran no process serves and core processes
  that serve no sasaran at all;
* the **cascade tree**: RPJMD misi -> tujuan -> sasaran -> Renstra sasaran (per OPD) ->
  processes, with the Renstra sasaran that cascade from nothing kept apart as broken links;
* the **per-OPD table**: for the Pemda itself, every OPD of the organisation master and
  every OPD seen in the maps: its maps, their findings by severity, and how many of its
  sasaran the set serves ("belum mengunggah" when it has no map).

Which process serves which sasaran, which map belongs to which OPD and which sasaran are in
scope come from :mod:`validator.planlinks` (the alignment rules read the same functions), so
the matrix and the findings never disagree. Building is linear in the size of the set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from . import planlinks, vocab

if TYPE_CHECKING:
    from .engine import Report
    from .mapset import MapSet
    from .plan import Opd, Plan, Sasaran

VIA_DIRECT = "direct"          # the process names the sasaran in ppb:sasaranRef
VIA_INDICATOR = "indicator"    # the process names one of the sasaran's indikator
VIA_CASCADE = "cascade"        # an RPJMD sasaran, through a Renstra sasaran cascading from it
VIA_ORDER = (VIA_DIRECT, VIA_INDICATOR, VIA_CASCADE)

BROKEN_MISSING = "missing"     # the Renstra sasaran names no RPJMD sasaran
BROKEN_UNKNOWN = "unknown"     # it names an id that is no RPJMD sasaran of the plan

ROW_PEMDA = "pemda"            # the Pemda itself (maps of tingkat pemda, the RPJMD sasaran)
ROW_OPD = "opd"                # an OPD of the organisation master
ROW_UNKNOWN_OPD = "unknownOpd"  # an OPD named by maps but absent from the master
ROW_NO_OPD = "noOpd"           # maps whose OPD cannot be told (or that cannot be read)


# -- the data --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProcessRef:
    """A process of the set as the outputs show it."""
    kode: str | None
    name: str
    file: str
    element: str | None
    opd: str | None            # OPD singkatan (as in the plan), None when not known
    opd_name: str | None
    kategori: str | None
    tier: str | None           # "pemda" / "opd" / None
    inherits_from: str | None = None   # serves nothing itself; takes over the sasaran of
                                       # this process above it (kode, else name)

    def as_dict(self) -> dict:
        out = {"kode": self.kode, "name": self.name, "file": self.file, "element": self.element,
               "opd": self.opd, "opdName": self.opd_name, "kategori": self.kategori,
               "tier": self.tier}
        if self.inherits_from:
            out["inheritsFrom"] = self.inherits_from
        return out


@dataclass(frozen=True)
class TreeProcess:
    """A process hanging under a sasaran of the cascade tree, and how it serves it."""
    process: ProcessRef
    via: str

    def as_dict(self) -> dict:
        return {**self.process.as_dict(), "via": self.via}


@dataclass
class MatrixRow:
    sasaran: str
    teks: str
    is_rpjmd: bool
    opd: str | None             # Renstra sasaran: the OPD singkatan
    renstra: str | None
    sasaran_rpjmd: str | None   # Renstra sasaran: the RPJMD sasaran it cascades from
    cells: dict[int, str] = field(default_factory=dict)   # column index -> via
    serving: int = 0            # processes serving it (every kind, core or not)

    @property
    def served(self) -> bool:
        return self.serving > 0

    def as_dict(self) -> dict:
        return {"sasaran": self.sasaran, "teks": self.teks,
                "level": "rpjmd" if self.is_rpjmd else "renstra", "opd": self.opd,
                "renstra": self.renstra, "sasaranRpjmd": self.sasaran_rpjmd,
                "served": self.served, "servingProcesses": self.serving,
                "cells": [{"column": c, "via": v} for c, v in sorted(self.cells.items())]}


@dataclass
class Matrix:
    columns: list[ProcessRef]
    rows: list[MatrixRow]
    unserved: list[MatrixRow]           # rows no process serves
    unaligned: list[ProcessRef]         # core processes serving no sasaran of the plan

    def as_dict(self) -> dict:
        return {"columns": [c.as_dict() for c in self.columns],
                "rows": [r.as_dict() for r in self.rows]}


@dataclass
class TreeSasaran:
    """A sasaran in the cascade tree: an RPJMD sasaran with its Renstra children, or a
    Renstra sasaran (``children`` empty)."""
    id: str
    teks: str
    opd: str | None = None
    renstra: str | None = None
    in_scope: bool = True
    processes: list[TreeProcess] = field(default_factory=list)
    children: list["TreeSasaran"] = field(default_factory=list)
    broken: str | None = None           # BROKEN_MISSING / BROKEN_UNKNOWN for a broken link
    cascades_from: str | None = None    # the RPJMD sasaran id as written

    def as_dict(self) -> dict:
        out = {"id": self.id, "teks": self.teks, "opd": self.opd, "renstra": self.renstra,
               "inScope": self.in_scope,
               "processes": [p.as_dict() for p in self.processes]}
        if self.renstra is None:
            out["renstraSasaran"] = [c.as_dict() for c in self.children]
        else:
            out["cascadesFrom"] = self.cascades_from
        if self.broken:
            out["broken"] = self.broken
        return out


@dataclass
class TreeTujuan:
    id: str | None                      # None: RPJMD sasaran whose tujuan is not in the plan
    teks: str
    sasaran: list[TreeSasaran] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "teks": self.teks, "sasaran": [s.as_dict() for s in self.sasaran]}


@dataclass
class TreeMisi:
    id: str | None                      # None: tujuan whose misi is not in the plan
    teks: str
    tujuan: list[TreeTujuan] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "teks": self.teks, "tujuan": [t.as_dict() for t in self.tujuan]}


@dataclass
class CascadeTree:
    misi: list[TreeMisi]
    broken: list[TreeSasaran]           # Renstra sasaran cascading from nothing

    def as_dict(self) -> dict:
        return {"misi": [m.as_dict() for m in self.misi],
                "broken": [b.as_dict() for b in self.broken]}


@dataclass
class OpdRow:
    kind: str                           # ROW_PEMDA / ROW_OPD / ROW_UNKNOWN_OPD / ROW_NO_OPD
    singkatan: str | None
    kode: str | None
    nama: str
    maps: list[str] = field(default_factory=list)
    unreadable: int = 0
    findings: dict[str, int] = field(default_factory=lambda: {
        "error": 0, "warning": 0, "info": 0, "suppressed": 0})
    sasaran_total: int = 0
    sasaran_served: int = 0
    unserved: list[str] = field(default_factory=list)     # sasaran ids of this row not served
    has_plan: bool = False              # a Renstra (or, for the Pemda, the RPJMD) is known

    @property
    def uploaded(self) -> bool:
        return bool(self.maps)

    @property
    def coverage(self) -> float | None:
        """Served sasaran in percent (one decimal); None when there is nothing to serve."""
        if not self.sasaran_total:
            return None
        return round(100.0 * self.sasaran_served / self.sasaran_total, 1)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "singkatan": self.singkatan, "kode": self.kode,
                "nama": self.nama, "status": "uploaded" if self.uploaded else "notUploaded",
                "maps": {"count": len(self.maps), "names": list(self.maps),
                         "unreadable": self.unreadable},
                "findings": dict(self.findings),
                "sasaran": {"total": self.sasaran_total, "served": self.sasaran_served,
                            "coverage": self.coverage, "unserved": list(self.unserved),
                            "planned": self.has_plan}}


@dataclass
class Alignment:
    pemda: str
    rpjmd: str
    periode: tuple[int, int]
    matrix: Matrix
    cascade: CascadeTree
    opd: list[OpdRow]

    def as_dict(self) -> dict:
        """The JSON shape (camelCase keys); ``opd`` is the per-OPD table."""
        return {
            "plan": {"pemda": self.pemda, "rpjmd": self.rpjmd, "periode": list(self.periode)},
            "matrix": self.matrix.as_dict(),
            "unservedSasaran": [{"sasaran": r.sasaran, "teks": r.teks,
                                 "level": "rpjmd" if r.is_rpjmd else "renstra", "opd": r.opd}
                                for r in self.matrix.unserved],
            "unalignedProcesses": [p.as_dict() for p in self.matrix.unaligned],
            "cascade": self.cascade.as_dict(),
            "opd": [o.as_dict() for o in self.opd],
        }


# -- building --------------------------------------------------------------------------------

def compute(report: "Report") -> Alignment | None:
    """The alignment of a set run with a plan; None for a file run or a set without plan."""
    if not getattr(report, "is_set", False) or report.plan is None or report.mapset is None:
        return None
    from .mapset import gc_paused

    with gc_paused():   # a collector pass here would walk every model of the set
        return build(report.mapset, report.plan, report.files)


def prepare(mapset: "MapSet", plan: "Plan") -> None:
    """Work out the part of the alignment that does not depend on the findings (the matrix
    and the cascade tree), kept for the next :func:`build` of this set and plan: a parallel
    set run does it while its forked copy is still checking."""
    planlinks.cache(mapset, plan)["alignment"] = _plan_side(mapset, plan)


def _plan_side(mapset: "MapSet", plan: "Plan") -> tuple:
    links = planlinks.process_links(mapset, plan)
    serving = planlinks.serving(links, plan)
    scope = {s.id for s in planlinks.sasaran_in_scope(mapset, plan)}
    refs = {id(link): _process_ref(link) for link in links}
    return serving, _matrix(plan, links, serving, scope, refs), _tree(plan, serving, scope, refs)


def build(mapset: "MapSet", plan: "Plan", results: Iterable = ()) -> Alignment:
    """The alignment of ``mapset`` with ``plan``; ``results`` (the report's FileResults)
    give the findings counted in the per-OPD table."""
    # what prepare() made is taken once: another build makes its own objects
    prepared = planlinks.cache(mapset, plan).pop("alignment", None)
    serving, matrix, tree = prepared if prepared is not None else _plan_side(mapset, plan)
    table = _opd_table(mapset, plan, serving, results)
    r = plan.rpjmd
    return Alignment(pemda=plan.pemda.nama, rpjmd=r.id, periode=tuple(r.periode),
                     matrix=matrix, cascade=tree, opd=table)


def via_of(link, sasaran: "Sasaran") -> str:
    """How a process serving ``sasaran`` serves it: direct, through an indikator of it,
    else (an RPJMD sasaran) through a Renstra sasaran cascading from it."""
    if sasaran.id in link.sasaran:
        return VIA_DIRECT
    if any(ind.id in link.indikator for ind in sasaran.indikator):
        return VIA_INDICATOR
    return VIA_CASCADE


def _process_ref(link) -> ProcessRef:
    node = link.node
    opd = link.opd
    above = link.inherited_from if link.inherited else None
    return ProcessRef(kode=node.kode, name=node.name, file=node.file,
                      element=node.element_id, opd=opd.singkatan if opd is not None else None,
                      opd_name=opd.nama if opd is not None else None,
                      kategori=link.kategori, tier=link.tier,
                      inherits_from=(above.kode or above.name) if above is not None else None)


def _matrix(plan: "Plan", links: list, serving: dict, scope: set[str], refs: dict) -> Matrix:
    in_scope, seen = [], set()
    for s in plan.all_sasaran:                # one row per id: the first, as the plan reads it
        if s.id in scope and s.id not in seen:
            seen.add(s.id)
            in_scope.append(s)
    serving_scope = {id(link) for s in in_scope for link in serving.get(s.id, ())}
    order = _column_order(plan, links)
    chosen = [link for link in order if link.is_core or id(link) in serving_scope]
    column_of = {id(link): i for i, link in enumerate(chosen)}
    rows = []
    for s in in_scope:
        row = MatrixRow(sasaran=s.id, teks=s.teks, is_rpjmd=s.is_rpjmd, opd=s.opd,
                        renstra=s.renstra, sasaran_rpjmd=s.sasaran_rpjmd)
        procs = serving.get(s.id, ())
        row.serving = len({id(link) for link in procs})
        for link in procs:
            col = column_of.get(id(link))
            if col is not None:
                via = via_of(link, s)
                old = row.cells.get(col)
                if old is None or VIA_ORDER.index(via) < VIA_ORDER.index(old):
                    row.cells[col] = via
        rows.append(row)
    # a core process is aligned when it serves a sasaran itself or details one that does
    unaligned = [refs[id(link)] for link in order if link.is_core and not link.linked]
    return Matrix(columns=[refs[id(link)] for link in chosen], rows=rows,
                  unserved=[r for r in rows if not r.served], unaligned=unaligned)


def _column_order(plan: "Plan", links: list) -> list:
    """Processes as the matrix shows them: the Pemda's (Level 0) first, then each OPD's in
    the order of the organisation master, then those of OPDs it lacks; set order within."""
    rank = {}
    for i, o in enumerate(plan.organisasi):
        rank.setdefault(o.singkatan, i)
    unknown = len(rank)

    def key(item):
        i, link = item
        if link.tier == planlinks.TIER_PEMDA:
            return (0, 0, i)
        opd = link.opd
        return (1, rank.get(opd.singkatan, unknown) if opd is not None else unknown + 1, i)

    return [link for _, link in sorted(enumerate(links), key=key)]


def _tree(plan: "Plan", serving: dict, scope: set[str], refs: dict) -> CascadeTree:
    r = plan.rpjmd
    rpjmd_ids = {s.id for s in r.sasaran}

    def procs(s: "Sasaran", cascade: bool) -> list[TreeProcess]:
        out, seen = [], set()
        for link in serving.get(s.id, ()):
            via = via_of(link, s)
            if (via == VIA_CASCADE and not cascade) or id(link) in seen:
                continue
            seen.add(id(link))
            out.append(TreeProcess(refs[id(link)], via))
        return out

    children: dict[str, list[TreeSasaran]] = {}
    broken: list[TreeSasaran] = []
    for rs in plan.renstra:
        for s in rs.sasaran:
            node = TreeSasaran(id=s.id, teks=s.teks, opd=rs.opd, renstra=rs.id,
                               in_scope=s.id in scope, processes=procs(s, False),
                               cascades_from=s.sasaran_rpjmd)
            if not s.sasaran_rpjmd:
                node.broken = BROKEN_MISSING
                broken.append(node)
            elif s.sasaran_rpjmd not in rpjmd_ids:
                node.broken = BROKEN_UNKNOWN
                broken.append(node)
            else:
                children.setdefault(s.sasaran_rpjmd, []).append(node)

    misi = [TreeMisi(m.id, m.teks) for m in r.misi]
    misi_by_id = {m.id: m for m in misi}
    tujuan_by_id: dict[str, TreeTujuan] = {}
    loose_misi = TreeMisi(None, "")
    for t in r.tujuan:
        tt = TreeTujuan(t.id, t.teks)
        tujuan_by_id.setdefault(t.id, tt)
        misi_by_id.get(t.misi or "", loose_misi).tujuan.append(tt)
    loose_tujuan = TreeTujuan(None, "")
    for s in r.sasaran:
        node = TreeSasaran(id=s.id, teks=s.teks, in_scope=s.id in scope,
                           processes=procs(s, False), children=children.get(s.id, []))
        tujuan_by_id.get(s.tujuan or "", loose_tujuan).sasaran.append(node)
    if loose_tujuan.sasaran:
        loose_misi.tujuan.append(loose_tujuan)
    if loose_misi.tujuan:
        misi.append(loose_misi)
    return CascadeTree(misi=misi, broken=broken)


def _opd_table(mapset: "MapSet", plan: "Plan", serving: dict, results: Iterable) -> list[OpdRow]:
    counts = {fr.path: fr.counts() for fr in results}
    rpjmd = plan.rpjmd
    pemda = OpdRow(ROW_PEMDA, None, plan.pemda.kode, plan.pemda.nama, has_plan=True)
    _coverage(pemda, rpjmd.sasaran, serving)
    rows: dict[str, OpdRow] = {}
    for o in plan.organisasi:
        key = o.singkatan.casefold()
        if key in rows:
            continue
        row = OpdRow(ROW_OPD, o.singkatan, o.kode, o.nama)
        _plan_of(row, plan, o.singkatan, o.kode, serving)
        rows[key] = row
    extra: dict[str, OpdRow] = {}
    no_opd = OpdRow(ROW_NO_OPD, None, None, "")

    tiers = planlinks.file_tiers(mapset, plan)
    owners = _map_owners(mapset, plan, tiers)
    for mf in mapset.files:
        owner = owners.get(mf.name)
        if mf.model is None:
            row = no_opd
        elif owner is None:
            row = pemda if tiers.get(mf.name) == planlinks.TIER_PEMDA else no_opd
        elif isinstance(owner, str):
            row = extra.get(owner.casefold())
            if row is None:
                row = OpdRow(ROW_UNKNOWN_OPD, owner, None, owner)
                _plan_of(row, plan, owner, None, serving)
                if not row.has_plan:       # the Renstra the map names, when the plan has it
                    renstra = planlinks.map_renstra(mf.model, plan)
                    if renstra is not None:
                        row.has_plan = True
                        _coverage(row, renstra.sasaran, serving)
                extra[owner.casefold()] = row
        else:
            row = rows.get(owner.singkatan.casefold())
            if row is None:      # an OPD of the plan that the master lists twice or not at all
                row = rows.setdefault(owner.singkatan.casefold(),
                                      OpdRow(ROW_OPD, owner.singkatan, owner.kode, owner.nama))
        row.maps.append(mf.name)
        if mf.model is None:
            row.unreadable += 1
        c = counts.get(mf.name)
        if c:
            for k in row.findings:
                row.findings[k] += c.get(k, 0)
    out = [pemda, *rows.values(), *sorted(extra.values(), key=lambda r: r.nama.casefold())]
    if no_opd.maps:
        out.append(no_opd)
    return out


def _plan_of(row: OpdRow, plan: "Plan", singkatan: str, kode: str | None, serving: dict) -> None:
    renstra = plan.renstra_of(singkatan) or (plan.renstra_of(kode) if kode else None)
    if renstra is not None:
        row.has_plan = True
        _coverage(row, renstra.sasaran, serving)


def _coverage(row: OpdRow, sasaran: Iterable["Sasaran"], serving: dict) -> None:
    for s in sasaran:
        row.sasaran_total += 1
        if serving.get(s.id):
            row.sasaran_served += 1
        else:
            row.unserved.append(s.id)


def _map_owners(mapset: "MapSet", plan: "Plan", tier: dict[str, str | None]
                ) -> dict[str, "Opd | str"]:
    """file -> its OPD: the OPD of the plan the map names (:func:`planlinks.map_opd`); else
    the OPD code or name the map declares but the master lacks (a str); else the owner of
    the map it details (a Peta Lintas Fungsi or SOP without its own OPD attributes).
    Pemda-tier maps and maps with no owner to be found are left out."""
    own: dict[str, "Opd | str"] = {}
    for mf in mapset.files:
        if mf.model is None:
            continue
        opd = planlinks.map_opd(mf.model, plan)
        if opd is not None:
            own[mf.name] = opd
            continue
        declared = _declared_opd(mf.model)
        if declared and tier.get(mf.name) != planlinks.TIER_PEMDA:
            own[mf.name] = declared
    result = dict(own)
    for mf in mapset.files:
        if mf.model is None or mf.name in result or tier.get(mf.name) == planlinks.TIER_PEMDA:
            continue
        seen = {mf.name}
        file = mf.name
        while True:
            parent = _parent_file(mapset, file)
            if parent is None or parent in seen or tier.get(parent) == planlinks.TIER_PEMDA:
                break
            if parent in own:
                result[mf.name] = own[parent]
                break
            seen.add(parent)
            file = parent
    return result


def _parent_file(mapset: "MapSet", file: str) -> str | None:
    for node in mapset.nodes_of(file):
        if not node.is_process:
            continue
        parent = mapset.parent_of(node)
        if parent is not None and parent.file != file:
            return parent.file
    return None


def _declared_opd(model) -> str:
    return vocab.map_text(model, "kodeOrganisasi") or vocab.map_text(model, "instansi")
