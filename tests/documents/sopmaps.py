"""SOP maps made for the document tests: ``n`` activities over ``lanes`` pelaksana, a decision
every ``decide_every`` activities whose "Tidak" branch loops back to the activity before it,
with or without the identity attributes."""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

IDENTITY = {
    "nomorSop": "800/099/SOP-UJI/2025",
    "tglPembuatan": "2025-01-02",
    "tglRevisi": "-",
    "tglEfektif": "2025-02-01",
    "disahkanOleh": "Kepala Dinas Uji Coba Kota Contoh",
    "disahkanNama": "Drs. Nama Pejabat Uji",
    "disahkanNip": "197001012000031001",
    "judulSop": "Pelayanan Uji Coba Dokumen",
    "dasarHukum": "Peraturan Uji Satu; Peraturan Uji Dua",
    "kualifikasiPelaksana": "Memahami prosedur uji",
    "keterkaitan": "SOP Uji Lain",
    "peralatan": "Komputer uji",
    "peringatan": "Apabila tidak dilaksanakan, uji gagal",
    "pencatatan": "Register uji",
    "instansi": "Dinas Uji Coba Kota Contoh",
}

VERBS = ("Menerima", "Memeriksa", "Mencatat", "Menyusun", "Memaraf", "Menandatangani",
         "Mengirim", "Mengarsipkan", "Memverifikasi", "Menelaah")


def sop_map(n: int = 8, lanes: int = 3, decide_every: int = 4, identity: bool = True,
            extra: dict | None = None) -> bytes:
    attrs = dict(IDENTITY) if identity else {}
    attrs.update(extra or {})
    defs = " ".join(f"ppb:{k}={quoteattr(v)}" for k, v in attrs.items())
    lane_refs = {i: [] for i in range(lanes)}
    nodes, flows = [], []

    def flow(src, dst, name=""):
        fid = f"Flow_{len(flows) + 1}"
        label = f" name={quoteattr(name)}" if name else ""
        flows.append(f'<bpmn:sequenceFlow id="{fid}" sourceRef="{src}" targetRef="{dst}"{label}/>')

    nodes.append('<bpmn:startEvent id="Start_1" name="Permohonan diterima"/>')
    lane_refs[0].append("Start_1")
    prev, label = "Start_1", ""
    for i in range(1, n + 1):
        tid = f"Task_{i}"
        lane = (i - 1) % lanes
        name = f"{VERBS[(i - 1) % len(VERBS)]} berkas tahap {i}"
        nodes.append(f'<bpmn:task id="{tid}" name="{name}" ppb:mutuKelengkapan="Berkas tahap {i}" '
                     f'ppb:mutuWaktu="{10 + i} menit" ppb:mutuOutput="Hasil tahap {i}"/>')
        lane_refs[lane].append(tid)
        flow(prev, tid, label)
        prev, label = tid, ""
        if decide_every and i % decide_every == 0 and i < n:
            gid = f"Gateway_{i}"
            nodes.append(f'<bpmn:exclusiveGateway id="{gid}" name="Tahap {i} sesuai?"/>')
            lane_refs[lane].append(gid)
            flow(tid, gid)
            flow(gid, f"Task_{i - 1}", "Tidak")
            prev, label = gid, "Ya"
    nodes.append('<bpmn:endEvent id="End_1" name="Layanan selesai"/>')
    lane_refs[(n - 1) % lanes].append("End_1")
    flow(prev, "End_1", label)
    lane_xml = "".join(
        f'<bpmn:lane id="Lane_{i}" name="Pelaksana Uji {i + 1}">'
        + "".join(f"<bpmn:flowNodeRef>{r}</bpmn:flowNodeRef>" for r in refs) + "</bpmn:lane>"
        for i, refs in lane_refs.items())
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="Defs_Uji" targetNamespace="urn:uji" '
        f'ppb:jenisPeta="sop" ppb:level="3" {defs}>'
        '<bpmn:process id="Proses_Uji" name="Pelayanan Uji Coba Dokumen" isExecutable="false">'
        f'<bpmn:laneSet id="LaneSet_1">{lane_xml}</bpmn:laneSet>'
        + "".join(nodes) + "".join(flows) +
        "</bpmn:process></bpmn:definitions>")
    return xml.encode("utf-8")
