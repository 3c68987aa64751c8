"""The audit log: who did what and when, for the Bagian Organisasi.

Every security-relevant act is one :class:`~validator.web.models.AuditEntry`: sign-ins and
failed sign-ins, password, role and status changes, plan replacements, deletions and job
cancellations. :func:`record` adds the entry to the caller's session, so it commits (or rolls
back) together with the act it describes.
"""
from __future__ import annotations

from .models import AuditEntry, utcnow

# kind -> Indonesian label on /audit
KINDS = {
    "masuk": "Masuk",
    "masuk-gagal": "Gagal masuk",
    "masuk-ditahan": "Masuk ditahan (terlalu banyak percobaan)",
    "keluar": "Keluar",
    "sandi-ubah": "Ubah kata sandi sendiri",
    "sandi-atur-ulang": "Atur ulang kata sandi",
    "pengguna-tambah": "Tambah pengguna",
    "pengguna-peran": "Ubah peran/OPD",
    "pengguna-nonaktif": "Nonaktifkan pengguna",
    "pengguna-aktif": "Aktifkan pengguna",
    "rencana-ganti": "Ganti rencana (RPJMD/Renstra)",
    "hapus": "Penghapusan",
    "pekerjaan-batal": "Pembatalan pekerjaan",
    "token-buat": "Buat token API",
    "token-cabut": "Cabut token API",
    "tahap-ajukan": "Ajukan peta untuk diverifikasi",
    "tahap-verifikasi": "Verifikasi peta",
    "tahap-minta-revisi": "Minta revisi peta",
    "tahap-tetapkan": "Tetapkan peta",
    "peta-pindah": "Pindahkan versi ke peta lain",
    "edisi-buat": "Buat edisi Peta Proses Bisnis",
    "edisi-ubah": "Ubah isi edisi",
    "edisi-tetapkan": "Tetapkan edisi",
}


def client_address() -> str | None:
    """The request's remote address (as the WSGI server saw it), or None outside a request."""
    try:
        from flask import has_request_context, request
    except ImportError:  # pragma: no cover
        return None
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:64] or None


def record(sess, kind: str, *, actor=None, actor_name: str | None = None,  # noqa: ANN001
           target: str | None = None, detail: str = "", address: str | None = None) -> AuditEntry:
    """Add one entry to ``sess`` (committed with the caller's transaction).

    ``actor``: the acting :class:`User` (or None for the command line / an unknown name, then
    ``actor_name`` says who); ``target``: what was acted on, e.g. a user name or a job id."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    entry = AuditEntry(
        at=utcnow(), kind=kind,
        actor_id=getattr(actor, "id", None),
        actor=(actor_name if actor_name is not None else getattr(actor, "username", None)),
        target=(target or None) and str(target)[:200],
        address=address if address is not None else client_address(),
        detail=detail or "")
    if entry.actor:
        entry.actor = entry.actor[:80]
    sess.add(entry)
    return entry
