"""The template wording around the SOP forms (Bahasa Indonesia), shared by every writer.

Template text is the frame a Pemda edits (the Keputusan, the penjelasan singkat): its
variable parts come from the maps (instansi, the SOPs, their dasar hukum) or are left as
dotted blanks; nothing that only the Pemda can know is filled in.
"""
from __future__ import annotations

import re

from . import flowchart as fc

BLANK = "................................"
P35 = ("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 "
       "Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi "
       "Pemerintahan")


def items(value: str) -> list[str]:
    """A list written in one attribute ("a; b; c" or one per line) as its items."""
    parts = [p.strip() for p in re.split(r"[;\n]", value or "")]
    return [p for p in parts if p]


def penetap(doc) -> str:
    """Who enacts: the shared 'disahkan oleh' of the SOPs, else the head of the instansi."""
    names = {f.identity["disahkan_jabatan"] for f in doc.forms if f.identity["disahkan_jabatan"]}
    if len(names) == 1:
        return names.pop()
    return f"Kepala {doc.instansi}" if doc.instansi else "Kepala " + BLANK


def subject(doc) -> str:
    if len(doc.forms) == 1 and doc.forms[0].title:
        return f"Standar Operasional Prosedur {doc.forms[0].title}"
    where = f" di Lingkungan {doc.instansi}" if doc.instansi else ""
    return f"Standar Operasional Prosedur Administrasi Pemerintahan{where}"


def keputusan(doc) -> dict:
    who = penetap(doc)
    about = subject(doc)
    nomor = doc.keputusan_nomor or BLANK
    laws = []
    for f in doc.forms:
        for item in items(f.identity["dasar_hukum"]):
            if item.lower() not in {x.lower() for x in laws}:
                laws.append(item)
    place = re.sub(r"^(Pemerintah\s+)?(Kota|Kabupaten|Provinsi)\s+", "", doc.pemda or "", flags=re.I)
    return {
        "judul": f"KEPUTUSAN {who.upper()}",
        "kepala": [f"NOMOR {nomor}", "TENTANG", about.upper()],
        "penetap": who,
        "menimbang": [
            f"bahwa untuk meningkatkan kualitas penyelenggaraan administrasi pemerintahan"
            f"{' di lingkungan ' + doc.instansi if doc.instansi else ''}, perlu ditetapkan "
            "standar operasional prosedur sebagai pedoman pelaksanaan tugas;",
            f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
            f"Keputusan {who} tentang {about};",
        ],
        "mengingat": [P35 + ";"] + [law.rstrip(";.") + ";" for law in laws],
        "menetapkan": f"KEPUTUSAN {who.upper()} TENTANG {about.upper()}.",
        "diktum": [
            ("KESATU", f"Menetapkan {about} sebagaimana tercantum dalam Lampiran yang merupakan "
                       "bagian tidak terpisahkan dari Keputusan ini."),
            ("KEDUA", "Standar Operasional Prosedur sebagaimana dimaksud dalam Diktum KESATU "
                      "menjadi pedoman bagi setiap pelaksana dalam melaksanakan tugasnya."),
            ("KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ],
        "penutup": [f"Ditetapkan di {place or BLANK}",
                    f"pada tanggal {doc.keputusan_tanggal or BLANK}", who.upper() + ",",
                    "", "", BLANK],
    }


def toc_entries(doc) -> list[tuple[int, str, int]]:
    """(level, title, page) of the headings, with the pages of our own pagination: cover 1,
    Keputusan 2 (3 when its Mengingat is long), daftar isi, penjelasan, then per SOP its
    identity page and its procedure pages."""
    k = keputusan(doc)
    page = 2
    out = [(1, f"Keputusan {k['penetap']}", page)]
    page += 1 + (1 if len(k["mengingat"]) > 6 else 0)
    page += 1   # daftar isi
    out.append((1, "Penjelasan Singkat Penggunaan", page))
    page += 1 + len(doc.forms) // 10
    for i, form in enumerate(doc.forms, 1):
        out.append((1, f"{i}. {form.title or '(Nama SOP belum diisi)'}", page))
        page += 1 + len(form.pages)
    return out


def penjelasan(doc) -> dict:
    n = len(doc.forms)
    where = f" di lingkungan {doc.instansi}" if doc.instansi else ""
    return {
        "ruang_lingkup": [
            f"Dokumen ini memuat {n} Standar Operasional Prosedur Administrasi Pemerintahan "
            f"(SOP AP){where}, disusun menurut {P35}.",
            "Setiap SOP terdiri atas halaman identitas (unit, nomor, tanggal, pengesahan, dasar "
            "hukum, kualifikasi pelaksana, keterkaitan, peralatan/perlengkapan, peringatan, "
            "pencatatan dan pendataan) dan bagan alir prosedur beserta mutu bakunya.",
        ],
        "definisi": [
            ("SOP AP", "serangkaian instruksi tertulis yang dibakukan mengenai proses "
                       "penyelenggaraan administrasi pemerintahan: bagaimana dan kapan harus "
                       "dilakukan, di mana, dan oleh siapa."),
            ("Kegiatan", "langkah kerja, ditulis dengan kata kerja aktif tanpa subjek; diberi "
                         "nomor menurut urutan alur."),
            ("Pelaksana", "jabatan atau unit yang melaksanakan kegiatan; satu kolom untuk setiap "
                          "pelaksana."),
            ("Mutu baku", "ukuran tiap kegiatan: kelengkapan (persyaratan atau bahan yang "
                          "diperlukan), waktu (lama penyelesaian) dan output (hasil kegiatan)."),
            ("Keterangan", "catatan tambahan atas kegiatan."),
        ],
        "simbol": [
            (fc.TERMINATOR, "Terminator", "awal (mulai) atau akhir (selesai) prosedur."),
            (fc.PROCESS, "Proses", "kegiatan yang dilaksanakan oleh pelaksana."),
            (fc.DECISION, "Keputusan", "pilihan dengan jawaban Ya (alur ke bawah) atau Tidak "
                                       "(alur ke samping)."),
            ("arrow", "Panah", "arah alur dari satu kegiatan ke kegiatan berikutnya."),
            (fc.CONNECTOR, "Penghubung antarhalaman",
             "alur berlanjut ke/dari halaman lain, ditandai huruf yang sama."),
        ],
    }
