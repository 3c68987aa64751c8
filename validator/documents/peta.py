"""The Peta Proses Bisnis document (PermenPANRB 19/2018) of a map set: its model.

What a Pemda enacts after its FGD: a **Keputusan** (diktum KESATU, KEDUA, ...) or a
**Peraturan** (Menimbang, Mengingat, Pasal, Ditetapkan, Diundangkan, Berita Daerah) of the
Wali Kota/Bupati, whose **Lampiran** holds the maps; or the same for one OPD, enacted by a
Keputusan of its head. :func:`build_peta` reads a map set (folder, zip or files, through
:func:`validator.mapset.read_set`), validates it (:meth:`Validator.validate_set`, with the
plan when given: an SOP with errors is listed as such) and gathers:

* the **instrument**: who enacts (the Wali Kota/Bupati/Gubernur named after the Pemda, or
  the head of the OPD), the title with the RPJMD period of the plan, nomor and tanggal when
  given, else the document is a draft (:attr:`PetaDocument.draft`, a visible "DRAF");
* the **Pendahuluan**: template text (dasar hukum, maksud, tujuan, ruang lingkup) that a
  Pemda edits, from a YAML/JSON file (``--pendahuluan``) or our default wording;
* **Level 0**: the Pemda map's diagram and its process table (kode, nama, kategori, pemilik,
  sasaran RPJMD and SIPOC: pemasok, masukan, keluaran, pelanggan read from the message flows,
  data associations and ``ppb:output`` of each process box);
* per **OPD**: its Level 1 maps, Peta Relasi and Peta Lintas Fungsi with their diagrams,
  each with the SOPs derived from it (the SOP maps below it in the set's hierarchy);
* the appendices: the SOP list, the index of codes, and (``kaskade``) the cascade RPJMD
  sasaran -> Renstra sasaran -> proses computed by :mod:`validator.alignment`.

Diagrams are drawn by bpmn-js (:mod:`.diagrams`). The writers (:mod:`.peta_docx`,
:mod:`.peta_html`) only read the objects made here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import planlinks, vocab
from ..rules import _map_structure as ms
from ..rules.sop._common import map_attr
from .sop import PAPERS, DocumentError, Warning_, format_date

INSTRUMENTS = ("keputusan", "peraturan")
BLANK = "................................"
_MAP_LABEL = {"level0": "Peta Proses Bisnis Level 0", "subproses": "Peta Subproses",
              "relasi": "Peta Relasi", "lintasFungsi": "Peta Lintas Fungsi", "sop": "Peta SOP"}
KATEGORI_LABEL = {"inti": "Inti", "pendukung": "Pendukung", "manajemen": "Manajemen"}
# names of the three Level 0 groups (pools/lanes "Proses Inti" ...) [I: as the rules read them]
_GROUP_PHRASES = {
    "inti": ["proses inti", "proses utama", "inti", "utama"],
    "pendukung": ["proses pendukung", "proses penunjang", "pendukung", "penunjang"],
    "manajemen": ["proses manajemen", "proses lainnya", "manajemen", "lainnya"],
}
_EXTERNAL = ("eksternal", "external", "luar")
_PEMDA_RE = re.compile(r"\b(Kota|Kabupaten|Provinsi)\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)")
_HEAD = {"kota": "Wali Kota", "kabupaten": "Bupati", "provinsi": "Gubernur"}
MM_PER_PX = 0.26            # one bpmn-js pixel on paper at 100 % (96 dpi)


# -- the data --------------------------------------------------------------------------------

@dataclass
class ProcessRow:
    kode: str
    nama: str
    kategori: str               # Inti / Pendukung / Manajemen ('' when not declared)
    pemilik: str
    sasaran: list[str] = field(default_factory=list)     # "S2.1 Meningkatnya ..." or ids
    pemasok: list[str] = field(default_factory=list)
    masukan: list[str] = field(default_factory=list)
    keluaran: list[str] = field(default_factory=list)
    pelanggan: list[str] = field(default_factory=list)
    element: str | None = None


@dataclass
class SopRef:
    nomor: str
    judul: str
    pemilik: str
    status: str
    kode: str                   # the process code it details (its ppb:parentKode)
    file: str


@dataclass
class MapEntry:
    file: str
    shown: str
    jenis: str                  # level0 / subproses / relasi / lintasFungsi / sop / ''
    level: int | None
    kode: str                   # the code of the process it details, else its own first code
    title: str
    instansi: str
    diagram: object = None      # diagrams.Diagram
    processes: list[ProcessRow] = field(default_factory=list)
    sops: list[SopRef] = field(default_factory=list)
    errors: int = 0
    nomor_penetapan: str = ""   # the map's own decree (ppb:nomorPenetapan), as written
    tanggal_penetapan: str = "" # its date (ppb:tanggalPenetapan), '12 Maret 2025' when a date

    @property
    def penetapan(self) -> str:
        """'ditetapkan dengan Nomor ... tanggal ...' for a map that states its adoption, the
        part not filled in said so; '' for a map not adopted."""
        nomor, tanggal = self.nomor_penetapan, self.tanggal_penetapan
        if nomor and tanggal:
            return f"ditetapkan dengan Nomor {nomor} tanggal {tanggal}"
        if nomor:
            return f"ditetapkan dengan Nomor {nomor} (tanggal penetapan belum diisi)"
        if tanggal:
            return f"ditetapkan tanggal {tanggal} (nomor penetapan belum diisi)"
        return ""

    @property
    def label(self) -> str:
        return _MAP_LABEL.get(self.jenis, "Peta")

    @property
    def heading(self) -> str:
        if self.jenis == "level0":
            return f"{self.label} {self.instansi or self.title}".strip()
        return f"{self.label} {self.kode + ' ' if self.kode else ''}{self.title}".strip()

    @property
    def landscape(self) -> bool:
        d = self.diagram
        return bool(d is not None and d.ok and d.wide)


@dataclass
class OpdPart:
    key: str
    nama: str
    singkatan: str
    maps: list[MapEntry] = field(default_factory=list)

    def of(self, *jenis: str) -> list[MapEntry]:
        return [m for m in self.maps if m.jenis in jenis]


@dataclass
class CodeRow:
    kode: str
    nama: str
    jenis: str
    pemilik: str
    peta: str


@dataclass
class CascadeRow:
    misi: str
    sasaran_rpjmd: str
    sasaran_renstra: str        # "" for an RPJMD sasaran served directly
    opd: str
    proses: list[str]


@dataclass
class PetaDocument:
    instrumen: str              # keputusan / peraturan
    scope: str                  # pemda / opd
    pemda: str                  # "Kota Pariaman"
    penetap: str                # "Wali Kota Pariaman" / "Kepala Dinas Kesehatan Kota Pariaman"
    tempat: str                 # "Pariaman"
    title: str                  # "Peta Proses Bisnis Pemerintah Kota Pariaman Tahun 2025-2029"
    periode: str                # "2025-2029" ('' without a plan)
    paper: str
    nomor: str = ""
    tanggal: str = ""
    opd_name: str = ""          # OPD document: the OPD
    pendahuluan: dict = field(default_factory=dict)
    level0: MapEntry | None = None
    level0_rows: list[ProcessRow] = field(default_factory=list)
    opds: list[OpdPart] = field(default_factory=list)
    sops: list[SopRef] = field(default_factory=list)
    codes: list[CodeRow] = field(default_factory=list)
    cascade: list[CascadeRow] | None = None
    warnings: list[Warning_] = field(default_factory=list)
    page_map: dict = field(default_factory=dict)    # heading -> page, when known

    @property
    def draft(self) -> bool:
        return not self.nomor

    @property
    def maps(self) -> list[MapEntry]:
        out = [self.level0] if self.level0 is not None else []
        for part in self.opds:
            out += part.maps
        return out

    @property
    def jenis_instrumen(self) -> str:
        return "PERATURAN" if self.instrumen == "peraturan" else "KEPUTUSAN"

    @property
    def subject(self) -> str:
        return self.title

    @property
    def lampiran_head(self) -> list[tuple[str, str]]:
        """The lines heading every page of the Lampiran: (label, value); the first has no
        value ("LAMPIRAN KEPUTUSAN WALI KOTA PARIAMAN")."""
        return [(f"LAMPIRAN {self.jenis_instrumen} {self.penetap.upper()}", ""),
                ("NOMOR", self.nomor or BLANK),
                ("TANGGAL", self.tanggal or BLANK),
                ("TENTANG", self.title.upper())]

    @property
    def lampiran_head_text(self) -> str:
        lines = []
        for label, value in self.lampiran_head:
            lines.append(f"{label} : {value}" if value else label)
        return "\n".join(lines)

    @property
    def page_size(self) -> tuple[float, float]:
        """(width, height) of a portrait page, mm."""
        w, h = PAPERS.get(self.paper, PAPERS["a4"])
        return (h, w)


# -- building ---------------------------------------------------------------------------------

def build_peta(paths, *, plan=None, instrumen: str = "keputusan", opd: str = "",
               title: str = "", paper: str = "a4", nomor: str = "", tanggal: str = "",
               pendahuluan: dict | None = None, kaskade: bool = False,
               renderer=None, cache_dir=None) -> PetaDocument:
    """The document of the maps in ``paths`` (folder, zip or files, or a
    :class:`~validator.mapset.MapSet` already read, e.g. from bytes). ``renderer``: a
    :class:`~.diagrams.DiagramRenderer` (one is made, and closed, when not given)."""
    from ..engine import Validator
    from ..mapset import read_set

    if instrumen not in INSTRUMENTS:
        raise DocumentError("DOKUMEN_INSTRUMEN_TIDAK_DIKENAL",
                            f"Instrumen '{instrumen}' tidak dikenal; pilih keputusan atau peraturan.")
    if paper not in PAPERS:
        raise DocumentError("DOKUMEN_KERTAS_TIDAK_DIKENAL",
                            f"Ukuran kertas '{paper}' tidak dikenal; pilih a4 atau f4.")
    if kaskade and plan is None:
        raise DocumentError("DOKUMEN_KASKADE_TANPA_RENCANA",
                            "Kaskade sasaran Renstra ke proses memerlukan rencana (--rencana).")
    from ..mapset import MapSet

    if isinstance(paths, MapSet):     # already read (the web: a stored set or an edition)
        mapset = paths
    else:
        paths = list(paths) if not isinstance(paths, (str, Path)) else [paths]
        source = paths[0] if len(paths) == 1 else paths
        try:
            mapset = read_set(source)
        except Exception as exc:   # a refused zip: UploadError with its own Indonesian message
            raise DocumentError("DOKUMEN_BERKAS_RUSAK",
                                f"Berkas tidak dapat dibaca: {getattr(exc, 'message', exc)}") from None
    if not mapset.files:
        raise DocumentError("DOKUMEN_TANPA_PETA", "Tidak ada peta BPMN pada berkas yang diberikan.")
    warnings: list[Warning_] = []
    broken = [f.shown or f.name for f in mapset.files if not f.ok]
    if len(broken) == len(mapset.files):
        raise DocumentError("DOKUMEN_TANPA_PETA",
                            "Tidak ada peta BPMN yang dapat dibaca pada berkas yang diberikan: "
                            + _shortlist(broken) + ".")
    if broken:
        warnings.append(Warning_("DOKUMEN_PETA_TIDAK_TERBACA",
                                 f"{len(broken)} berkas tidak dapat dibaca dan tidak dimuat: "
                                 + _shortlist(broken) + "."))
    report = Validator().validate_set(mapset, plan)
    errors = {}
    for mf, fr in zip(mapset.files, report.files):
        errors[mf.name] = sum(1 for f in fr.findings if f.severity == "error" and not f.suppressed)

    owners = _owners(mapset, plan)
    tiers = {mf.name: planlinks.map_tier(mf.model, plan) for mf in mapset.files if mf.ok}
    sops = _sops(mapset, owners, errors)
    level0_file = _level0_file(mapset, tiers)

    pemda = _pemda_name(mapset, plan)
    periode = f"{plan.rpjmd.periode[0]}-{plan.rpjmd.periode[1]}" if plan is not None else ""
    scope, opd_key, opd_name = "pemda", "", ""
    if opd:
        opd_key, opd_name = _pick_opd(opd, owners, plan)
        scope = "opd"
    head = _head_of(pemda)
    penetap = f"Kepala {opd_name}" if scope == "opd" else head
    if scope == "opd" and pemda and pemda.lower() not in penetap.lower():
        penetap = f"{penetap} {pemda}"
    who = opd_name if scope == "opd" else f"Pemerintah {pemda}" if pemda else "Pemerintah Daerah"
    if not title:
        title = f"Peta Proses Bisnis {who}"
        if periode:
            title += f" Tahun {periode}"
        else:
            tahun = _map_year(mapset, level0_file)
            title += f" Tahun {tahun}" if tahun else ""
    doc = PetaDocument(instrumen=instrumen if scope == "pemda" else "keputusan", scope=scope,
                       pemda=pemda, penetap=penetap,
                       tempat=pemda.split(" ", 1)[1] if " " in pemda else pemda,
                       title=title, periode=periode, paper=paper, nomor=nomor.strip(),
                       tanggal=format_date(tanggal.strip()) if tanggal else "",
                       opd_name=opd_name, warnings=warnings)
    if scope == "opd" and instrumen == "peraturan":
        warnings.append(Warning_("DOKUMEN_OPD_KEPUTUSAN",
                                 "Dokumen satu OPD ditetapkan dengan Keputusan Kepala OPD; "
                                 "pilihan --instrumen peraturan diabaikan."))
    doc.pendahuluan = pendahuluan_texts(doc, pendahuluan)

    own_renderer = renderer is None
    if own_renderer:
        from .diagrams import DiagramRenderer
        renderer = DiagramRenderer(cache_dir=cache_dir)
    try:
        if level0_file is not None:
            entry = _entry(mapset, level0_file, sops, errors, renderer)
            rows = _level0_rows(mapset.file(level0_file).model, plan)
            if scope == "opd":
                rows = [r for r in rows if _owner_key_of(r.pemilik, plan) == opd_key
                        or _same_org(r.pemilik, opd_name)]
            doc.level0, doc.level0_rows = entry, rows
        elif scope == "pemda":
            warnings.append(Warning_("DOKUMEN_TANPA_LEVEL0",
                                     "Set ini tidak memuat peta Level 0 Pemda; bab Level 0 "
                                     "dibiarkan kosong."))
        parts: dict[str, OpdPart] = {}
        for mf in mapset.files:
            if not mf.ok or mf.name == level0_file or mf.map_type == "sop":
                continue
            key, name, singkatan = owners.get(mf.name, ("", "", ""))
            if tiers.get(mf.name) == planlinks.TIER_PEMDA and not key:
                key, name = "_pemda", f"Pemerintah {pemda}" if pemda else "Pemerintah Daerah"
            if not key:
                key, name = "_tanpa", "Peta tanpa perangkat daerah yang jelas"
            if scope == "opd" and key != opd_key:
                continue
            part = parts.setdefault(key, OpdPart(key, name, singkatan))
            part.maps.append(_entry(mapset, mf.name, sops, errors, renderer))
    finally:
        if own_renderer:
            renderer.close()
    for part in parts.values():
        part.maps.sort(key=lambda m: (_JENIS_ORDER.get(m.jenis, 9), _kode_key(m.kode), m.file))
    doc.opds = sorted(parts.values(), key=lambda p: (p.key.startswith("_"),
                                                     min((_kode_key(m.kode) for m in p.maps),
                                                         default=(999,)), p.nama))
    if scope == "opd":
        doc.sops = [s for s in sops.values() if owners.get(s.file, ("",))[0] == opd_key]
    else:
        doc.sops = list(sops.values())
    doc.sops.sort(key=lambda s: (_kode_key(s.kode), s.nomor, s.judul))
    in_doc = {m.file for m in doc.maps} | {s.file for s in doc.sops}
    doc.codes = _codes(mapset, in_doc)
    if kaskade:
        doc.cascade = _cascade(mapset, plan, report, opd_key if scope == "opd" else "")
    for m in doc.maps:
        d = m.diagram
        if d is not None and not d.ok:
            warnings.append(Warning_("DOKUMEN_DIAGRAM_GAGAL",
                                     f"Diagram peta {m.shown} tidak dapat digambar oleh bpmn-js: "
                                     f"{d.error}"))
        elif d is not None and d.auto_layout:
            warnings.append(Warning_("DOKUMEN_TATA_LETAK_OTOMATIS",
                                     f"Peta {m.shown} tidak memuat tata letak diagram (BPMNDI); "
                                     "diagramnya ditata otomatis seperti pada penampil."))
    if doc.draft:
        warnings.append(Warning_("DOKUMEN_DRAF",
                                 "Nomor penetapan belum diberikan: dokumen bertanda DRAF."))
    if scope == "opd" and not doc.maps:
        raise DocumentError("DOKUMEN_OPD_TANPA_PETA",
                            f"Tidak ada peta milik {opd_name} pada set ini.")
    return doc


_JENIS_ORDER = {"subproses": 0, "relasi": 1, "lintasFungsi": 2, "level0": 3, "": 4}


def _shortlist(items: list[str], n: int = 5) -> str:
    return ", ".join(items[:n]) + (f", dan {len(items) - n} lainnya" if len(items) > n else "")


def _kode_key(kode: str | None):
    parts = re.findall(r"\d+|[^\d.]+", kode or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts) or ((2, ""),)


# -- who owns what --------------------------------------------------------------------------

def _owners(mapset, plan) -> dict[str, tuple[str, str, str]]:
    """file -> (key, name, singkatan) of its OPD: the plan's OPD when the map names one, else
    the ``ppb:instansi`` it declares, else its parent map's owner. Pemda maps have none."""
    own: dict[str, tuple[str, str, str]] = {}
    for mf in mapset.files:
        if not mf.ok or planlinks.map_tier(mf.model, plan) == planlinks.TIER_PEMDA:
            continue
        found = planlinks.map_opd(mf.model, plan) if plan is not None else None
        if found is not None:
            own[mf.name] = (found.singkatan.casefold(), found.nama, found.singkatan)
            continue
        instansi = vocab.map_text(mf.model, "instansi")
        if instansi:
            own[mf.name] = (_norm(instansi), instansi, "")
    for mf in mapset.files:
        if not mf.ok or mf.name in own:
            continue
        seen, file = {mf.name}, mf.name
        while True:
            parent = _parent_file(mapset, file)
            if parent is None or parent in seen:
                break
            if parent in own:
                own[mf.name] = own[parent]
                break
            seen.add(parent)
            file = parent
    return own


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _same_org(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _owner_key_of(pemilik: str, plan) -> str:
    if plan is None:
        return ""
    found = planlinks.owner_opd(pemilik, plan)
    return found.singkatan.casefold() if found is not None else ""


def _pick_opd(wanted: str, owners: dict, plan) -> tuple[str, str]:
    w = _norm(wanted)
    candidates = {}
    for key, name, singkatan in owners.values():
        candidates[key] = (name, singkatan)
    for key, (name, singkatan) in candidates.items():
        if w in (key, _norm(singkatan), _norm(name)):
            return key, name
    if plan is not None:
        found = plan.opd(wanted) or planlinks.opd_by_name(wanted, plan)
        if found is not None:
            return found.singkatan.casefold(), found.nama
    for key, (name, _s) in candidates.items():
        if w and w in _norm(name):
            return key, name
    known = sorted({s or n for n, s in candidates.values()})
    raise DocumentError("DOKUMEN_OPD_TIDAK_DIKENAL",
                        f"OPD '{wanted}' tidak ditemukan pada peta set ini"
                        + (f"; yang ada: {_shortlist(known, 8)}." if known else "."))


def _parent_file(mapset, file: str) -> str | None:
    for node in mapset.nodes_of(file):
        if not node.is_process:
            continue
        parent = mapset.parent_of(node)
        if parent is not None and parent.file != file:
            return parent.file
    mf = mapset.file(file)
    if mf is not None and mf.ok and mf.parent_kode:
        for node in mapset.by_kode(mf.parent_kode):
            if node.file != file:
                return node.file
    return None


def _level0_file(mapset, tiers) -> str | None:
    best = None
    for mf in mapset.files:
        if not mf.ok or not ms.is_level0(mf.model):
            continue
        if tiers.get(mf.name) == planlinks.TIER_PEMDA:
            return mf.name
        best = best or mf.name
    return best


def _pemda_name(mapset, plan) -> str:
    """'Kota Pariaman' from the plan, else from the maps' ppb:instansi."""
    texts = [plan.pemda.nama] if plan is not None else []
    texts += [vocab.map_text(mf.model, "instansi") for mf in mapset.files if mf.ok]
    for text in texts:
        m = _PEMDA_RE.search(text or "")
        if m:
            return f"{m.group(1)} {m.group(2)}"
    return ""


def _head_of(pemda: str) -> str:
    if not pemda:
        return "Kepala Daerah"
    kind, _, place = pemda.partition(" ")
    return f"{_HEAD.get(kind.lower(), 'Kepala Daerah')} {place}".strip()


def _map_year(mapset, level0_file) -> str:
    files = ([mapset.file(level0_file)] if level0_file else []) + list(mapset.files)
    for mf in files:
        if mf is not None and mf.ok and vocab.map_text(mf.model, "tahun"):
            return vocab.map_text(mf.model, "tahun")
    return ""


# -- maps -------------------------------------------------------------------------------------

def map_bytes(mf) -> bytes:
    if mf.data is not None:
        return mf.data
    return Path(mf.origin).read_bytes() if mf.origin else b""


def _entry(mapset, file: str, sops: dict, errors: dict, renderer) -> MapEntry:
    mf = mapset.file(file)
    model = mf.model
    jenis = mf.map_type or ""
    kode = mf.parent_kode
    title = ""
    if kode:
        parents = [n for n in mapset.by_kode(kode) if n.file != file]
        title = parents[0].name if parents else ""
    if not title:
        title = _map_title(model)
    if not kode and jenis != "level0":
        codes = [n.kode for n in mapset.nodes_of(file) if n.kode]
        kode = min(codes, key=_kode_key) if codes else ""
    nomor, tanggal = (_stated(vocab.map_text(model, key)) for key in ("nomorPenetapan", "tanggalPenetapan"))
    entry = MapEntry(file=file, shown=mf.name, jenis=jenis, level=mf.level, kode=kode,
                     title=title, instansi=vocab.map_text(model, "instansi"),
                     errors=errors.get(file, 0), nomor_penetapan=nomor,
                     tanggal_penetapan=format_date(tanggal) if tanggal else "")
    entry.processes = [ProcessRow(n.kode or "", n.name, KATEGORI_LABEL.get(n.kategori or "", ""),
                                  n.pemilik or "", element=n.element_id)
                       for n in mapset.nodes_of(file) if n.kode and not n.is_process]
    if jenis != "level0":   # the Level 0 would list every SOP: the SOP chapter does that
        entry.sops = [s for name, s in sops.items() if file in _ancestors(mapset, name)]
    entry.diagram = renderer.render(map_bytes(mf)) if renderer is not None else None
    return entry


def _stated(text: str) -> str:
    """A value as written, '' for a dash (a box left empty on purpose)."""
    return "" if text in ("-", "\u2013", "\u2014", "--") else text


def _ancestors(mapset, file: str) -> list[str]:
    out, seen = [], {file}
    parent = _parent_file(mapset, file)
    while parent is not None and parent not in seen:
        out.append(parent)
        seen.add(parent)
        parent = _parent_file(mapset, parent)
    return out


def _map_title(model) -> str:
    for key in ("judul", "judulSop", "namaSop"):
        value, _ = map_attr(model, key)
        if value:
            return value
    procs = sorted(model.all("Process"), key=lambda p: -len(p.flow_elements))
    for p in procs:
        if p.name:
            return p.name.strip()
    collab = model.all("Collaboration")
    return (collab[0].name or "").strip() if collab else ""


def _sops(mapset, owners: dict, errors: dict) -> dict[str, SopRef]:
    out = {}
    for mf in mapset.files:
        if not mf.ok or mf.map_type != "sop":
            continue
        model = mf.model
        attr = lambda key: (map_attr(model, key)[0] or "").strip()   # noqa: E731
        judul = attr("judul") or attr("judulSop") or attr("namaSop") or _map_title(model)
        unit = attr("unit") or attr("unitKerja")
        owner = owners.get(mf.name, ("", attr("instansi"), ""))[1] or attr("instansi")
        pemilik = f"{unit}, {owner}" if unit and owner else unit or owner
        n_err = errors.get(mf.name, 0)
        efektif = attr("tglEfektif")
        if n_err:
            status = f"Perlu perbaikan ({n_err} galat validasi)"
        elif attr("nomorSop") and efektif:
            status = f"Berlaku sejak {format_date(efektif)}"
        else:
            status = "Draf"
        out[mf.name] = SopRef(nomor=attr("nomorSop"), judul=judul, pemilik=pemilik,
                              status=status, kode=mf.parent_kode, file=mf.name)
    return out


def _codes(mapset, files: set[str]) -> list[CodeRow]:
    rows = []
    for node in mapset.nodes:
        if not node.kode or node.file not in files:
            continue
        mf = mapset.file(node.file)
        jenis = _MAP_LABEL.get(mf.map_type or "", "Peta")
        rows.append(CodeRow(node.kode, node.name, jenis, node.pemilik or "", mf.name))
    rows.sort(key=lambda r: (_kode_key(r.kode), r.peta))
    return rows


# -- Level 0: the process table with SIPOC ----------------------------------------------------

def _level0_rows(model, plan) -> list[ProcessRow]:
    pools = ms.pools_by_process(model)
    processes = ms.instansi_processes(model, _EXTERNAL)
    nodes = ms.top_process_nodes(processes)
    sipoc = _sipoc(model, set(nodes), pools)
    rows = []
    for node in nodes:
        cat = ms.node_category(node, pools, _GROUP_PHRASES) or ""
        sasaran = []
        for ref in vocab.refs(node, "sasaranRef"):
            s = plan.sasaran(ref) if plan is not None else None
            sasaran.append(f"{ref} {s.teks}" if s is not None else ref)
        io = sipoc.get(node, {})
        keluaran = list(io.get("keluaran", []))
        stated = vocab.text(node, "output")
        if stated and stated.casefold() not in {k.casefold() for k in keluaran}:
            keluaran.insert(0, stated)
        rows.append(ProcessRow(kode=vocab.text(node, "kode"), nama=(node.name or "").strip(),
                               kategori=KATEGORI_LABEL.get(cat, ""),
                               pemilik=vocab.text(node, "pemilik"), sasaran=sasaran,
                               pemasok=io.get("pemasok", []), masukan=io.get("masukan", []),
                               keluaran=keluaran, pelanggan=io.get("pelanggan", []),
                               element=node.id))
    rows.sort(key=lambda r: _kode_key(r.kode))
    return rows


def _sipoc(model, nodes: set, pools: dict) -> dict:
    """node -> {pemasok, masukan, keluaran, pelanggan}: message flows from/to other pools
    reaching the node itself or the start event before it / the end event after it, and
    the data objects it reads and writes."""
    out: dict = {}

    def add(node, key, value):
        if node is None or not value:
            return
        items = out.setdefault(node, {}).setdefault(key, [])
        if value not in items:
            items.append(value)

    def after(el):   # a start event: the process boxes it leads to
        return [f.target for f in el.out_flows if f.target in nodes]

    def before(el):  # an end event: the process boxes leading to it
        return [f.source for f in el.in_flows if f.source in nodes]

    def party(el):
        pool = ms.pool_of(el, pools)
        return (pool.name or "").strip() if pool is not None else ""

    for flow in model.all("MessageFlow"):
        src, tgt = flow.source, flow.target
        if src is None or tgt is None:
            continue
        name = (flow.name or "").strip()
        t = ms.top_node(tgt)
        if t is not None and ms.pool_of(src, pools) is not ms.pool_of(t, pools):
            for node in ([t] if t in nodes else after(t) if "StartEvent" in t.types
                         or "IntermediateCatchEvent" in t.types else []):
                add(node, "pemasok", party(src))
                add(node, "masukan", name)
        s = ms.top_node(src)
        if s is not None and ms.pool_of(tgt, pools) is not ms.pool_of(s, pools):
            for node in ([s] if s in nodes else before(s) if "EndEvent" in s.types
                         or "IntermediateThrowEvent" in s.types else []):
                add(node, "pelanggan", party(tgt))
                add(node, "keluaran", name)
    for assoc in model.all("DataInputAssociation"):
        node = ms.top_node(assoc)
        if node in nodes and assoc.source is not None:
            add(node, "masukan", (assoc.source.name or "").strip())
    for assoc in model.all("DataOutputAssociation"):
        node = ms.top_node(assoc)
        if node in nodes and assoc.target is not None:
            add(node, "keluaran", (assoc.target.name or "").strip())
    return out


# -- the cascade ------------------------------------------------------------------------------

def _cascade(mapset, plan, report, opd_key: str) -> list[CascadeRow]:
    from ..alignment import build

    alignment = build(mapset, plan, report.files)
    rows = []

    def names(items):
        items = sorted(items, key=lambda p: (_kode_key(p.process.kode), p.process.name))
        return [f"{p.process.kode + ' ' if p.process.kode else ''}{p.process.name}" for p in items]

    for misi in alignment.cascade.misi:
        misi_text = f"{misi.id} {misi.teks}" if misi.id else misi.teks
        for tujuan in misi.tujuan:
            for s in tujuan.sasaran:
                s_text = f"{s.id} {s.teks}"
                if not opd_key and s.processes:
                    rows.append(CascadeRow(misi_text, s_text, "", "", names(s.processes)))
                for child in s.children:
                    if opd_key and (child.opd or "").casefold() != opd_key:
                        continue
                    rows.append(CascadeRow(misi_text, s_text, f"{child.id} {child.teks}",
                                           child.opd or "", names(child.processes)))
                if not opd_key and not s.processes and not s.children:
                    rows.append(CascadeRow(misi_text, s_text, "", "", []))
    return rows


# -- template text (Indonesian) ---------------------------------------------------------------

P19 = ("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 19 Tahun "
       "2018 tentang Penyusunan Peta Proses Bisnis Instansi Pemerintah")
DEFAULT_PENDAHULUAN = {
    "dasar_hukum": [
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah beserta perubahannya",
        "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
        P19,
        "Peraturan Daerah {pemda} tentang Rencana Pembangunan Jangka Menengah Daerah{tahun_rpjmd}",
    ],
    "maksud": [
        "Peta Proses Bisnis ini disusun sebagai gambaran hubungan kerja yang efektif dan efisien "
        "antarunit organisasi di lingkungan {instansi} untuk menghasilkan kinerja sesuai dengan "
        "visi, misi, tujuan dan sasaran{rpjmd_kalimat}.",
    ],
    "tujuan": [
        "menjadi pedoman bagi setiap perangkat daerah dan unit kerja dalam melaksanakan tugas "
        "dan fungsinya secara terpadu;",
        "memperjelas keterkaitan setiap proses dengan sasaran pembangunan daerah serta pemilik "
        "prosesnya;",
        "menjadi dasar penyusunan Standar Operasional Prosedur, penataan kelembagaan, analisis "
        "jabatan dan beban kerja, serta penerapan Sistem Pemerintahan Berbasis Elektronik;",
        "menjadi bahan evaluasi berkala atas efektivitas dan efisiensi proses kerja.",
    ],
    "ruang_lingkup": [
        "Peta Proses Bisnis ini memuat Peta Proses Bisnis Level 0 {instansi} beserta daftar "
        "prosesnya, dan untuk setiap perangkat daerah peta Level 1, Peta Relasi dan Peta Lintas "
        "Fungsi, disertai Standar Operasional Prosedur yang diturunkan darinya.",
    ],
}
_PENDAHULUAN_KEYS = tuple(DEFAULT_PENDAHULUAN)


class _Safe(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def load_pendahuluan(path) -> dict:
    """The Pemda's own Pendahuluan text from a YAML or JSON file: keys dasar_hukum, maksud,
    tujuan, ruang_lingkup (each a text or a list of texts); a key left out keeps our
    default wording. ``{pemda}``, ``{instansi}``, ``{periode}`` and ``{judul}`` are filled in."""
    import yaml

    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError("PENDAHULUAN_TIDAK_TERBACA",
                            f"Berkas pendahuluan {p.name} tidak dapat dibaca: "
                            f"{getattr(exc, 'strerror', None) or exc}.") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise DocumentError("PENDAHULUAN_TIDAK_SAH",
                            f"Berkas pendahuluan {p.name} bukan YAML/JSON yang sah: "
                            f"{str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise DocumentError("PENDAHULUAN_TIDAK_SAH",
                            f"Berkas pendahuluan {p.name} harus berisi pasangan kunci: "
                            + ", ".join(_PENDAHULUAN_KEYS) + ".")
    unknown = [k for k in data if k not in _PENDAHULUAN_KEYS]
    if unknown:
        raise DocumentError("PENDAHULUAN_TIDAK_SAH",
                            f"Kunci tidak dikenal pada {p.name}: {', '.join(map(str, unknown))}; "
                            "yang dikenal: " + ", ".join(_PENDAHULUAN_KEYS) + ".")
    out = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise DocumentError("PENDAHULUAN_TIDAK_SAH",
                                f"'{key}' pada {p.name} harus berupa teks atau daftar teks.")
        out[key] = [str(v).strip() for v in value if str(v).strip()]
    return out


def pendahuluan_texts(doc: PetaDocument, given: dict | None) -> dict:
    instansi = doc.opd_name or (f"Pemerintah {doc.pemda}" if doc.pemda else "Pemerintah Daerah")
    values = _Safe(pemda=doc.pemda or "....", instansi=instansi, periode=doc.periode or "....",
                   judul=doc.title,
                   tahun_rpjmd=f" Tahun {doc.periode}" if doc.periode else "",
                   rpjmd_kalimat=(f" Rencana Pembangunan Jangka Menengah Daerah Tahun {doc.periode}"
                                  if doc.periode else " pembangunan daerah"))
    out = {}
    for key in _PENDAHULUAN_KEYS:
        items = (given or {}).get(key)
        if items is None:
            items = DEFAULT_PENDAHULUAN[key]
        out[key] = [str(item).format_map(values) for item in items]
    return out


def instrument_texts(doc: PetaDocument) -> dict:
    """The wording of the Keputusan or Peraturan that enacts the document."""
    who = doc.penetap
    about = doc.title
    jenis = doc.jenis_instrumen
    laws = [law.rstrip(";.") + ";" for law in doc.pendahuluan.get("dasar_hukum", [])]
    if P19 + ";" not in laws:
        laws.append(P19 + ";")
    menimbang = [
        f"bahwa dalam rangka mewujudkan tata kelola pemerintahan yang efektif, efisien dan "
        f"akuntabel, perlu menyusun peta proses bisnis yang menggambarkan hubungan kerja "
        f"antarunit organisasi di lingkungan "
        f"{doc.opd_name or ('Pemerintah ' + doc.pemda if doc.pemda else 'Pemerintah Daerah')};",
        f"bahwa sesuai dengan {P19}, peta proses bisnis ditetapkan oleh pimpinan instansi "
        "pemerintah;",
        f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
        f"menetapkan {jenis.title()} {who} tentang {about};",
    ]
    out = {
        "jenis": jenis,
        "judul": f"{jenis} {who.upper()}",
        "nomor": f"NOMOR {doc.nomor or BLANK}",
        "tentang": about.upper(),
        "penetap": who.upper() + ",",
        "menimbang": menimbang,
        "mengingat": laws,
        "menetapkan": f"{jenis} {who.upper()} TENTANG {about.upper()}.",
        "tempat": doc.tempat or BLANK,
        "tanggal": doc.tanggal or BLANK,
        "ttd": [who.upper() + ",", "", "", "", BLANK],
    }
    if doc.instrumen == "peraturan":
        out["pembuka"] = "DENGAN RAHMAT TUHAN YANG MAHA ESA"
        out["pasal"] = [
            ("Pasal 1", [
                "Dalam Peraturan " + who + " ini yang dimaksud dengan:",
                f"Daerah adalah {doc.pemda or BLANK}.",
                f"{_HEAD.get(doc.pemda.partition(' ')[0].lower(), 'Kepala Daerah')} adalah "
                f"{_head_of(doc.pemda) if doc.pemda else BLANK}.",
                "Perangkat Daerah adalah unsur pembantu kepala daerah dalam penyelenggaraan urusan "
                "pemerintahan yang menjadi kewenangan Daerah.",
                "Peta Proses Bisnis adalah diagram yang menggambarkan hubungan kerja yang efektif "
                "dan efisien antarunit organisasi untuk menghasilkan kinerja sesuai dengan visi, "
                "misi, tujuan dan sasaran pembangunan daerah.",
            ]),
            ("Pasal 2", [f"Peta Proses Bisnis {('Pemerintah ' + doc.pemda) if doc.pemda else ''}"
                         f"{' Tahun ' + doc.periode if doc.periode else ''} tercantum dalam "
                         "Lampiran yang merupakan bagian tidak terpisahkan dari Peraturan "
                         f"{who} ini."]),
            ("Pasal 3", ["Peta Proses Bisnis sebagaimana dimaksud dalam Pasal 2 menjadi pedoman "
                         "bagi perangkat daerah dalam menyusun peta proses bisnis, standar "
                         "operasional prosedur dan penataan tata laksana di lingkungannya.",
                         "Peta Proses Bisnis dievaluasi secara berkala dan disesuaikan apabila "
                         "terjadi perubahan rencana pembangunan daerah atau organisasi."]),
            ("Pasal 4", [f"Peraturan {who} ini mulai berlaku pada tanggal diundangkan.",
                         f"Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan "
                         f"{who} ini dengan penempatannya dalam Berita Daerah "
                         f"{doc.pemda or BLANK}."]),
        ]
        out["diundangkan"] = [f"Diundangkan di {doc.tempat or BLANK}",
                              f"pada tanggal {BLANK}",
                              f"SEKRETARIS DAERAH {doc.pemda.upper() or BLANK},", "", "", BLANK]
        out["berita"] = f"BERITA DAERAH {doc.pemda.upper() or BLANK} TAHUN {BLANK} NOMOR {BLANK}"
    else:
        periode = f" Tahun {doc.periode}" if doc.periode else ""
        scope = doc.opd_name or (f"Pemerintah {doc.pemda}" if doc.pemda else "Pemerintah Daerah")
        out["diktum"] = [
            ("KESATU", f"Menetapkan Peta Proses Bisnis {scope}{periode} sebagaimana tercantum "
                       "dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan "
                       "ini."),
            ("KEDUA", "Peta Proses Bisnis sebagaimana dimaksud dalam Diktum KESATU menjadi "
                      "pedoman dalam penyusunan peta proses bisnis turunan, standar operasional "
                      "prosedur, serta penataan kelembagaan dan tata laksana."),
            ("KETIGA", "Peta Proses Bisnis sebagaimana dimaksud dalam Diktum KESATU dievaluasi "
                       "secara berkala dan disesuaikan apabila terjadi perubahan rencana "
                       "pembangunan atau organisasi."),
            ("KEEMPAT", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ]
    return out


def headings(doc: PetaDocument) -> list[tuple[int, str]]:
    """(level, text) of the Lampiran's headings in order: the daftar isi and the writers'
    heading styles both come from here."""
    out = [(1, "BAB I PENDAHULUAN"), (2, "A. Dasar Hukum"), (2, "B. Maksud dan Tujuan"),
           (2, "C. Ruang Lingkup")]
    bab = 2
    roman = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII")
    if doc.scope == "pemda" or doc.level0 is not None:
        title = ("PETA PROSES BISNIS LEVEL 0" if doc.scope == "pemda"
                 else "KEDUDUKAN DALAM PETA PROSES BISNIS LEVEL 0")
        out.append((1, f"BAB {roman[bab]} {title}"))
        out += [(2, "A. Peta Level 0"), (2, "B. Daftar Proses Level 0")]
        bab += 1
    title = ("PETA PROSES BISNIS PERANGKAT DAERAH" if doc.scope == "pemda"
             else f"PETA PROSES BISNIS {doc.opd_name.upper()}")
    out.append((1, f"BAB {roman[bab]} {title}"))
    bab += 1
    for i, part in enumerate(doc.opds):
        if doc.scope == "pemda":
            out.append((2, f"{_letter(i)}. {part.nama}"))
        for j, m in enumerate(part.maps, 1):
            if doc.scope == "pemda":
                out.append((3, f"{_letter(i)}.{j}. {m.heading}"))
            else:
                out.append((2, f"{j}. {m.heading}"))
    out.append((1, f"BAB {roman[bab]} DAFTAR STANDAR OPERASIONAL PROSEDUR"))
    bab += 1
    out.append((1, f"BAB {roman[bab]} INDEKS KODE PROSES"))
    bab += 1
    if doc.cascade is not None:
        out.append((1, f"BAB {roman[bab]} KASKADE SASARAN KE PROSES"))
        bab += 1
    out.append((1, f"BAB {roman[bab]} PENUTUP"))
    return out


def _letter(i: int) -> str:
    return chr(65 + i) if i < 26 else f"A{chr(65 + i - 26)}"


__all__ = ["PetaDocument", "MapEntry", "OpdPart", "ProcessRow", "SopRef", "CodeRow",
           "CascadeRow", "build_peta", "load_pendahuluan", "instrument_texts", "headings",
           "pendahuluan_texts", "INSTRUMENTS"]


# -- the formats ------------------------------------------------------------------------------

def render_peta(doc: PetaDocument, fmt: str, template: bytes | None = None) -> bytes:
    """The document as ``fmt`` (docx, pdf, html) bytes. ``template``: the Pemda's own DOCX
    (kop surat, logo, fonts, styles) for docx and pdf, as for the SOP document.

    PDF: the DOCX through LibreOffice. Its daftar isi was written with our estimate of the
    pages; the PDF's outline (LibreOffice exports the headings as bookmarks) tells the real
    pages, and when they differ the DOCX is written once more with them and converted again,
    so the printed daftar isi is right."""
    import io

    if fmt == "html":
        from .peta_html import write_peta_html
        return write_peta_html(doc).encode("utf-8")
    from .peta_docx import estimate_pages, write_peta_docx

    def docx() -> bytes:
        buf = io.BytesIO()
        write_peta_docx(doc, buf, template=template)
        return buf.getvalue()

    data = docx()
    if fmt == "docx":
        return data
    if fmt != "pdf":
        raise DocumentError("DOKUMEN_FORMAT_TIDAK_DIKENAL",
                            f"Format '{fmt}' tidak dikenal; pilih docx, pdf atau html.")
    from .pdf import docx_to_pdf

    pdf = docx_to_pdf(data)
    wanted = dict(doc.page_map) or estimate_pages(doc)
    actual = pdf_heading_pages(pdf)
    if actual and any(actual.get(title) not in (None, page) for title, page in wanted.items()):
        doc.page_map = {**wanted, **actual}
        pdf = docx_to_pdf(docx())
    return pdf


def pdf_heading_pages(pdf: bytes) -> dict[str, int]:
    """heading text -> page number, from the PDF's outline ({} when it cannot be read)."""
    import io

    try:
        from pypdf import PdfReader
    except ImportError:     # pragma: no cover - pypdf is a dependency
        return {}
    out: dict[str, int] = {}
    try:
        reader = PdfReader(io.BytesIO(pdf))

        def walk(items):
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    out.setdefault(str(item.title).strip(), reader.get_destination_page_number(item) + 1)

        walk(reader.outline)
    except Exception:   # an outline we cannot read only costs the exact page numbers
        return {}
    return out
