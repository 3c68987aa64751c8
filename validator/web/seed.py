"""Demo data for an empty database: the OPDs of Kota Pariaman (ILUSTRATIF), two demo
accounts and every sample map of bpmn_samples/ stored as a submission of its OPD.

The demo accounts exist only with the demo data (a server started with ``--no-seed`` has
none: its first admin is made with ``ppb pengguna tambah``). Their passwords are published in
the README, so each is flagged ``demo_password`` until changed, every admin page shows a red
banner while one of them still works, and ``ppb serve`` refuses a non-loopback address."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Opd, Submission, User, utcnow

ADMIN = ("admin", "admin-ppb-2025")
OPD_USER = ("disdukcapil", "disdukcapil-2025")
# the Bagian Organisasi's reviewer of the review cycle (no OPD of its own)
VERIFIKATOR = ("verifikator", "verifikator-2025")

# (singkatan, nama) — from public sources on Kota Pariaman; see the design notes.
OPDS: list[tuple[str, str]] = [
    ("PEMKO", "Pemerintah Kota Pariaman (Bagian Organisasi Sekretariat Daerah)"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BPKPD", "Badan Pengelola Keuangan dan Pendapatan Daerah"),
    ("DISDIKPORA", "Dinas Pendidikan, Pemuda dan Olahraga"),
    ("DINKES", "Dinas Kesehatan"),
    ("SATPOLPP-DAMKAR", "Dinas Satuan Polisi Pamong Praja dan Pemadam Kebakaran"),
    ("DISPARBUD", "Dinas Pariwisata dan Kebudayaan"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISPERKIM-LH", "Dinas Perumahan, Kawasan Permukiman dan Lingkungan Hidup"),
    ("DP3AKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana"),
    ("DISPERINDAGKOP-UKM", "Dinas Perindustrian, Perdagangan, Koperasi dan UKM"),
    ("DKP", "Dinas Kelautan dan Perikanan"),
    ("RSUD", "Rumah Sakit Umum Daerah"),
    ("INSPEKTORAT", "Inspektorat"),
    ("DISHUB", "Dinas Perhubungan"),
]

# sample file name prefix -> OPD singkatan
SAMPLE_OWNERS = {
    "pemda-": "PEMKO",
    "disdukcapil-": "DISDUKCAPIL",
    "ktp-el-": "DISDUKCAPIL",
    "dpmptsp-": "DPMPTSP",
    "dinkes-": "DINKES",
    "sip-tenaga-kesehatan-": "DPMPTSP",
    "sop-penerbitan-sip-bidan-": "DPMPTSP",
}


def samples_dir() -> Path | None:
    """bpmn_samples/ of a source checkout (not part of an installed package)."""
    path = Path(__file__).resolve().parents[2] / "bpmn_samples"
    return path if path.is_dir() else None


def is_empty(sess: Session) -> bool:
    return not sess.scalar(select(func.count(Opd.id))) and not sess.scalar(select(func.count(User.id)))


def seed(sess: Session, samples: Path | None = None, with_samples: bool = True) -> dict:
    """Fill an empty database; returns what was made. Does nothing on a non-empty one."""
    from .auth import hash_password
    from . import services

    if not is_empty(sess):
        return {"seeded": False}
    opds = {}
    for singkatan, nama in OPDS:
        opd = Opd(singkatan=singkatan, nama=nama)
        sess.add(opd)
        opds[singkatan] = opd
    sess.flush()
    admin = User(username=ADMIN[0], nama="Admin Bagian Organisasi", password_hash=hash_password(ADMIN[1]),
                 role="admin", opd_id=opds["PEMKO"].id, active=True, created_at=utcnow(),
                 demo_password=True)
    opd_user = User(username=OPD_USER[0], nama="Operator Disdukcapil",
                    password_hash=hash_password(OPD_USER[1]), role="opd",
                    opd_id=opds["DISDUKCAPIL"].id, active=True, created_at=utcnow(),
                    demo_password=True)
    verifikator = User(username=VERIFIKATOR[0], nama="Verifikator Bagian Organisasi",
                       password_hash=hash_password(VERIFIKATOR[1]), role="verifikator",
                       opd_id=None, active=True, created_at=utcnow(), demo_password=True)
    sess.add_all([admin, opd_user, verifikator])
    sess.flush()
    stored = 0
    folder = samples if samples is not None else samples_dir()
    plan_file = plan_path(folder) if with_samples and folder is not None else None
    if plan_file is not None:   # first, so that the sample maps are checked against it
        services.store_plan(sess, filename=plan_file.name, data=plan_file.read_bytes(), uploader=admin)
    if with_samples and folder is not None:
        for path in sorted(folder.rglob("*.bpmn"), key=lambda p: p.name):
            owner = next((o for prefix, o in SAMPLE_OWNERS.items() if path.name.startswith(prefix)), "PEMKO")
            uploader = admin if owner == "PEMKO" else (opd_user if owner == "DISDUKCAPIL" else None)
            stored += len(services.store_upload(sess, opd=opds[owner], uploader=uploader,
                                                filename=path.name, data=path.read_bytes()))
    return {"seeded": True, "opds": len(opds), "submissions": stored,
            "logins": [ADMIN, VERIFIKATOR, OPD_USER], "plan": plan_file.name if plan_file is not None else None}


def plan_path(folder: Path) -> Path | None:
    """The sample plan of bpmn_samples/ (RPJMD, Renstra, organisation master; ILUSTRATIF)."""
    path = folder / "rencana-pariaman.yaml"
    return path if path.is_file() else None


def count_submissions(sess: Session) -> int:
    return sess.scalar(select(func.count(Submission.id))) or 0


def demo_logins(sess: Session) -> list[tuple[str, str, str]]:
    """The demo accounts that still accept their demo password: (username, password, role)."""
    from .auth import check_password

    out = []
    for (username, password), role in ((ADMIN, "Admin (Bagian Organisasi)"),
                                       (VERIFIKATOR, "Verifikator (Bagian Organisasi)"),
                                       (OPD_USER, "OPD (Disdukcapil)")):
        user = sess.scalar(select(User).where(User.username == username))
        if user is not None and user.active and user.demo_password and check_password(user, password):
            out.append((username, password, role))
    return out
