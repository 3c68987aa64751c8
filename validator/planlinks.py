"""How maps and their processes link to the plan: one reading for the alignment rules
(PPB-ALN) and for the report's alignment matrix and per-OPD table.

A map belongs to a **tier** (:func:`map_tier`): the Pemda as a whole (its Level 0 map,
drawn from the RPJMD) or one OPD (maps drawn from that OPD's Renstra). A map of an OPD is
tied to that OPD of the plan's organisation master (:func:`map_opd`) and to its Renstra
(:func:`map_renstra`). Each process of the set (:class:`~validator.mapset.ProcessNode`)
gets a :class:`ProcessLink`: the sasaran and indikator it names with ``ppb:sasaranRef`` /
``ppb:indikatorRef`` (RPJMD or Renstra ids alike), split into those the plan has and those
it has not, and the sasaran it takes over from the process it details. An indikator of a
sasaran off the line of the sasaran the process names (PPB-ALN-004's finding) is not a
link: the process serves nothing more through it (issue 17).

:func:`serving` says which processes serve each sasaran (directly, through an indikator,
or, for an RPJMD sasaran, through a Renstra sasaran that cascades from it);
:func:`sasaran_in_scope` says which sasaran a set is answerable for, so that checking one
OPD's maps against the whole plan does not flag every other OPD's sasaran.

Everything here reads; nothing is reported. The PPB-ALN rules decide what is a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable
from weakref import WeakKeyDictionary

from . import vocab
from .model import Element, Model

if TYPE_CHECKING:
    from .mapset import MapSet, ProcessNode
    from .plan import Opd, Plan, Renstra, Sasaran

TIER_PEMDA = "pemda"
TIER_OPD = "opd"
TIERS = (TIER_PEMDA, TIER_OPD)

_TIER_ALIASES = {
    "pemda": TIER_PEMDA, "pemerintah daerah": TIER_PEMDA, "daerah": TIER_PEMDA,
    "pemkot": TIER_PEMDA, "pemkab": TIER_PEMDA, "pemprov": TIER_PEMDA, "kota": TIER_PEMDA,
    "kabupaten": TIER_PEMDA, "provinsi": TIER_PEMDA, "instansi": TIER_PEMDA,
    "opd": TIER_OPD, "perangkat daerah": TIER_OPD, "pd": TIER_OPD, "skpd": TIER_OPD,
    "organisasi perangkat daerah": TIER_OPD, "satuan kerja perangkat daerah": TIER_OPD,
}
# how the name of a whole Pemda, or of one of its OPDs, begins (ppb:instansi)
_PEMDA_NAME_START = ("pemerintah kota", "pemerintah kabupaten", "pemerintah provinsi",
                     "pemerintah daerah", "pemkot", "pemkab", "pemprov")
_OPD_NAME_START = ("dinas", "badan", "kantor", "sekretariat", "inspektorat", "kecamatan",
                   "satuan polisi", "satpol", "rumah sakit", "rsud", "bappeda", "bpkpd", "bkpsdm")
# words that may follow an OPD's name in ppb:instansi ("Dinas Kesehatan Kota Pariaman")
_PLACE_START = ("kota", "kabupaten", "kab.", "kab", "provinsi", "prov.", "pemerintah")


_SPACES = re.compile(r"\s+")


def _norm(text: str | None) -> str:
    return _SPACES.sub(" ", (text or "").strip()).casefold()


# -- maps ------------------------------------------------------------------------------------

def map_tier(model: Model, plan: "Plan | None" = None) -> str | None:
    """``"pemda"``, ``"opd"`` or None (unknown), from what the map declares.

    ``ppb:tingkat`` decides when it holds a known value (``pemda``/``opd`` or a usual
    synonym such as "perangkat daerah"). Otherwise, in this order: a ``ppb:kodeOrganisasi``
    makes it an OPD map; ``ppb:dokumenAcuan`` naming the plan's RPJMD makes it a Pemda map,
    naming a Renstra of the plan an OPD map (without a plan: an id starting "RPJMD" or
    "RENSTRA"); ``ppb:instansi`` equal to the plan's Pemda, or naming an OPD of the plan,
    decides next; last, how ``ppb:instansi`` begins ("Pemerintah Kota ..." is a Pemda;
    "Dinas ...", "Badan ...", "Sekretariat ...", "Kecamatan ..." an OPD). A Level 0 map is
    not taken for a Pemda map by its level alone: OPDs draw Level 0 maps too.
    """
    declared = _TIER_ALIASES.get(_norm(vocab.map_text(model, "tingkat")))
    if declared:
        return declared
    if vocab.map_text(model, "kodeOrganisasi"):
        return TIER_OPD
    doc = vocab.map_text(model, "dokumenAcuan")
    if doc:
        if plan is not None:
            if doc == plan.rpjmd.id:
                return TIER_PEMDA
            if plan.renstra_by_id(doc) is not None:
                return TIER_OPD
        upper = doc.upper()
        if upper.startswith("RPJMD"):
            return TIER_PEMDA
        if upper.startswith("RENSTRA"):
            return TIER_OPD
    instansi = _norm(vocab.map_text(model, "instansi"))
    if instansi:
        if plan is not None:
            if instansi == _norm(plan.pemda.nama):
                return TIER_PEMDA
            if opd_by_name(instansi, plan) is not None:
                return TIER_OPD
        if instansi.startswith(_PEMDA_NAME_START):
            return TIER_PEMDA
        if instansi.startswith(_OPD_NAME_START):
            return TIER_OPD
    return None


def map_opd(model: Model, plan: "Plan | None") -> "Opd | None":
    """The OPD of the organisation master a map belongs to; None for a Pemda-tier map,
    without a plan, or when nothing names a known OPD.

    Tried in order: ``ppb:kodeOrganisasi`` as an OPD code (or singkatan) of the master;
    ``ppb:dokumenAcuan`` naming a Renstra of the plan, whose OPD it is; ``ppb:instansi``
    naming an OPD (its name, optionally followed by the place, as "Dinas Kesehatan Kota
    Pariaman", or its singkatan).
    """
    if plan is None or map_tier(model, plan) == TIER_PEMDA:
        return None
    return _opd_of(model, plan)


def _opd_of(model: Model, plan: "Plan") -> "Opd | None":
    kode = vocab.map_text(model, "kodeOrganisasi")
    if kode:
        found = plan.opd(kode) or plan.opd(re.sub(r"\s+", "", kode))
        if found is not None:
            return found
    doc = vocab.map_text(model, "dokumenAcuan")
    renstra = plan.renstra_by_id(doc) if doc else None
    if renstra is not None:
        found = plan.opd(renstra.opd)
        if found is not None:
            return found
    return opd_by_name(vocab.map_text(model, "instansi"), plan)


def map_renstra(model: Model, plan: "Plan | None") -> "Renstra | None":
    """The Renstra a map of an OPD answers to: its OPD's Renstra (None when the plan has
    none); for a map whose OPD is not in the organisation master, the Renstra its
    ``ppb:dokumenAcuan`` names. None for a Pemda-tier map."""
    if plan is None or map_tier(model, plan) == TIER_PEMDA:
        return None
    return _renstra_of(model, plan, _opd_of(model, plan))


def _renstra_of(model: Model, plan: "Plan", opd: "Opd | None") -> "Renstra | None":
    if opd is not None:
        return plan.renstra_of(opd.singkatan) or plan.renstra_of(opd.kode)
    doc = vocab.map_text(model, "dokumenAcuan")
    return plan.renstra_by_id(doc) if doc else None


def opd_by_name(text: str | None, plan: "Plan | None") -> "Opd | None":
    """The OPD a name stands for: its kode, singkatan or nama, the name optionally followed
    by the place ("Dinas Kesehatan Kota Pariaman"); the longest matching name wins."""
    if plan is None:
        return None
    raw = (text or "").strip()
    if not raw:
        return None
    direct = plan.opd(raw)
    if direct is not None:
        return direct
    want = _norm(raw)
    best = None
    for opd in plan.organisasi:
        for name in (opd.nama, opd.singkatan):
            n = _norm(name)
            if not n:
                continue
            if want == n or (want.startswith(n + " ") and want[len(n) + 1:].startswith(_PLACE_START)):
                if best is None or len(n) > best[0]:
                    best = (len(n), opd)
    return best[1] if best else None


def owner_opd(pemilik: str | None, plan: "Plan | None") -> "Opd | None":
    """The OPD a process owner (``ppb:pemilik``) names: an OPD by kode, singkatan or name
    (:func:`opd_by_name`), else a unit of exactly one OPD ("Bagian Organisasi")."""
    found = opd_by_name(pemilik, plan)
    if found is not None or plan is None or not (pemilik or "").strip():
        return found
    want = _norm(pemilik)
    holders = [o for o in plan.organisasi if any(_norm(u) == want for u in o.unit)]
    return holders[0] if len(holders) == 1 else None




def map_level(model: Model) -> int | None:
    """The declared ``ppb:level``; 0 for a map declared ``jenisPeta=level0`` without one."""
    level = vocab.map_level(model)
    if level is None and vocab.map_type(model) == "level0":
        return 0
    return level


# -- processes -------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ProcessLink:
    """One process of the set and how it links to the plan.

    ``sasaran`` / ``indikator`` are the ids written in ``ppb:sasaranRef`` /
    ``ppb:indikatorRef`` that the plan has (RPJMD or Renstra), in written order;
    ``dangling_*`` those it has not. ``opd`` is the map's OPD for an OPD-tier map, and the
    OPD named by the process owner (``ppb:pemilik``) on a Pemda-tier map. ``serves`` are the
    sasaran it serves itself: those named, then those of the indikator named, except an
    indikator of a sasaran off the line of those named (``stray_indikator``: the link
    PPB-ALN-004 finds wrong, which serves nothing). ``inherited``
    are the sasaran of the nearest process above it in the set's hierarchy, on a map of the
    same tier (and the same OPD), that serves any (``inherited_from``): a Peta Lintas Fungsi
    or SOP detailing a linked process of its OPD serves that sasaran too. An OPD's process
    inherits nothing from the Pemda map: it names its own (Renstra) sasaran.
    """
    file: str
    node: "ProcessNode"
    opd: "Opd | None"
    tier: str | None
    kategori: str | None
    sasaran: tuple[str, ...] = ()
    dangling_sasaran: tuple[str, ...] = ()
    indikator: tuple[str, ...] = ()
    dangling_indikator: tuple[str, ...] = ()
    stray_indikator: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()
    inherited: tuple[str, ...] = ()
    inherited_from: "ProcessNode | None" = None

    @property
    def kode(self) -> str | None:
        return self.node.kode

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def element(self) -> Element:
        return self.node.element

    @property
    def is_core(self) -> bool:
        return self.kategori == "inti"

    @property
    def linked(self) -> bool:
        """True when the process serves a sasaran of the plan, itself or through the
        process it details."""
        return bool(self.serves or self.inherited)

    @property
    def label(self) -> str:
        """How a message names the process: "01.02 'Name'" or "'Name'"."""
        return process_label(self.node)


def process_label(node: "ProcessNode") -> str:
    return f"{node.kode} '{node.name}'" if node.kode else f"'{node.name}'"


def node_refs(node: "ProcessNode", key: str) -> list[str]:
    """The ids a process names in ``ppb:<key>`` (on the process, else on its pool): read
    with the map for the plan's keys (:func:`validator.mapset.node_facts`)."""
    refs = node.plan_refs.get(key)
    if refs is None:
        from .mapset import holder_refs

        refs = holder_refs(node.scope, node.element, key)
    return list(refs)


@dataclass(frozen=True, eq=False)
class MapInfo:
    """What one map of the set is, for the plan: :func:`map_tier`, :func:`map_opd`,
    :func:`map_renstra` and :func:`map_level`."""
    file: str
    tier: str | None
    opd: "Opd | None"
    renstra: "Renstra | None"
    level: int | None


_CACHE: "WeakKeyDictionary[MapSet, dict]" = WeakKeyDictionary()


def cache(mapset: "MapSet", plan: "Plan | None") -> dict:
    """What is worked out once per set and plan (the plan links, the map infos, the
    alignment's prepared part): kept as long as the set lives, emptied when another plan is
    asked for (the rules of one run share it)."""
    entry = _CACHE.get(mapset)
    if entry is None or entry["plan"] is not plan:
        entry = {"plan": plan}
        _CACHE[mapset] = entry
    return entry


def map_infos(mapset: "MapSet", plan: "Plan | None") -> dict[str, MapInfo]:
    """file name -> :class:`MapInfo`, readable files only, in set order (computed once per
    set and plan; shared, do not change it)."""
    entry = cache(mapset, plan)
    if "infos" not in entry:
        infos = {}
        for f in mapset.files:
            if f.model is None:
                continue
            tier = map_tier(f.model, plan)
            opd = _opd_of(f.model, plan) if plan is not None and tier != TIER_PEMDA else None
            renstra = _renstra_of(f.model, plan, opd) if plan is not None and tier != TIER_PEMDA else None
            infos[f.name] = MapInfo(f.name, tier, opd, renstra, map_level(f.model))
        entry["infos"] = infos
    return entry["infos"]


def process_links(mapset: "MapSet", plan: "Plan") -> list[ProcessLink]:
    """Every process node of the set with its plan links, in set (document) order.
    Computed once per set and plan; the list is shared, do not change it."""
    entry = cache(mapset, plan)
    if "links" in entry:
        return entry["links"]
    infos = map_infos(mapset, plan)
    tiers = {name: info.tier for name, info in infos.items()}
    opds = {name: info.opd for name, info in infos.items()}
    owners: dict[str | None, object] = {}
    lines: dict[tuple[str, ...], set[str]] = {}
    own: list[ProcessLink] = []
    for node in mapset.nodes:
        sas = node_refs(node, "sasaranRef")
        ind = node_refs(node, "indikatorRef")
        have_s = tuple(s for s in sas if plan.sasaran(s) is not None)
        have_i = tuple(i for i in ind if plan.indikator(i) is not None)
        serves = list(have_s)
        line = None
        if have_s:      # many processes name the same sasaran: each line is made once
            line = lines.get(have_s)
            if line is None:
                line = lines[have_s] = cascade_line(have_s, plan)
        stray = []
        for i in have_i:
            parent = plan.indikator(i).sasaran
            if line is not None and parent not in line:
                stray.append(i)             # an indikator of another sasaran: not a link
                continue
            if parent not in serves and plan.sasaran(parent) is not None:
                serves.append(parent)
        tier = tiers.get(node.file)
        if tier == TIER_PEMDA:
            if node.pemilik not in owners:
                owners[node.pemilik] = owner_opd(node.pemilik, plan)
            opd = owners[node.pemilik]
        else:
            opd = opds.get(node.file)
        own.append(ProcessLink(
            file=node.file, node=node, opd=opd, tier=tier, kategori=node.kategori,
            sasaran=have_s, dangling_sasaran=tuple(s for s in sas if s not in have_s),
            indikator=have_i, dangling_indikator=tuple(i for i in ind if i not in have_i),
            stray_indikator=tuple(stray), serves=tuple(serves)))
    by_index = {link.node.index: link for link in own}
    links = []
    for link in own:
        inherited: tuple[str, ...] = ()
        source = None
        if not link.serves:
            for above in reversed(mapset.path_to(link.node)[:-1]):
                up = by_index.get(above.index)
                if up is None or up.tier != link.tier or \
                        (link.tier == TIER_OPD and opds.get(up.file) != opds.get(link.file)):
                    continue
                if up.serves:
                    inherited, source = up.serves, above
                    break
        if source is not None:
            link = replace(link, inherited=inherited, inherited_from=source)
        links.append(link)
    entry["links"] = links
    return links


def cascade_line(ids: Iterable[str], plan: "Plan") -> set[str]:
    """The sasaran named, their RPJMD parents, and the Renstra sasaran cascading from them:
    one line of the penjenjangan, on which an indikator of any of them fits."""
    out = set(ids)
    for sid in list(out):
        s = plan.sasaran(sid)
        if s is None:
            continue
        if s.sasaran_rpjmd:
            out.add(s.sasaran_rpjmd)
        out.update(c.id for c in plan.cascade_children(sid))
    return out


def file_tiers(mapset: "MapSet", plan: "Plan | None") -> dict[str, str | None]:
    """file name -> tier (:func:`map_tier`), readable files only."""
    return {name: info.tier for name, info in map_infos(mapset, plan).items()}


def serving(links: Iterable[ProcessLink], plan: "Plan") -> dict[str, list[ProcessLink]]:
    """sasaran id -> the processes serving it, for every sasaran of the plan (an empty list
    when none does), in plan order; the processes in set order.

    A Renstra sasaran is served by a process naming it or one of its indikator; an RPJMD
    sasaran by a process naming it or one of its indikator, or naming a Renstra sasaran
    (or its indikator) that cascades from it.
    """
    out: dict[str, list[ProcessLink]] = {s.id: [] for s in plan.all_sasaran}
    for link in links:
        targets: list[str] = []
        for sid in link.serves:
            if sid not in targets:
                targets.append(sid)
            s = plan.sasaran(sid)
            parent = s.sasaran_rpjmd if s is not None and not s.is_rpjmd else None
            up = plan.sasaran(parent) if parent else None
            if up is not None and up.is_rpjmd and up.id not in targets:
                targets.append(up.id)
        for sid in targets:
            out.setdefault(sid, []).append(link)
    return out


def opds_in_set(mapset: "MapSet", plan: "Plan") -> list["Opd"]:
    """The OPDs of the master that have an OPD-tier map in the set, in set order."""
    out: list = []
    for info in map_infos(mapset, plan).values():
        if info.opd is not None and info.opd not in out:
            out.append(info.opd)
    return out


def renstra_in_set(mapset: "MapSet", plan: "Plan") -> list["Renstra"]:
    """The Renstra whose OPD has a map in the set (:func:`map_renstra`), in plan order."""
    found = {info.renstra.id for info in map_infos(mapset, plan).values() if info.renstra is not None}
    return [r for r in plan.renstra if r.id in found]


def has_pemda_map(mapset: "MapSet", plan: "Plan | None") -> bool:
    return TIER_PEMDA in file_tiers(mapset, plan).values()


def sasaran_in_scope(mapset: "MapSet", plan: "Plan") -> list["Sasaran"]:
    """The sasaran whose owner has a map in the set: the RPJMD's when the set holds a
    Pemda-tier map; an OPD's Renstra sasaran when it holds a map of that OPD. Plan order."""
    out: list = list(plan.rpjmd.sasaran) if has_pemda_map(mapset, plan) else []
    for r in renstra_in_set(mapset, plan):
        out.extend(r.sasaran)
    return out


def governance_sasaran(plan: "Plan", misi_ids: Iterable[str]) -> list["Sasaran"]:
    """RPJMD sasaran under the given misi (through their tujuan), then the Renstra sasaran
    that cascade from them."""
    wanted = {m.strip() for m in misi_ids if m and m.strip()}
    top = []
    for s in plan.rpjmd.sasaran:
        tujuan = plan.tujuan(s.tujuan) if s.tujuan else None
        if tujuan is not None and tujuan.misi in wanted:
            top.append(s)
    ids = {s.id for s in top}
    return top + [s for r in plan.renstra for s in r.sasaran if s.sasaran_rpjmd in ids]
