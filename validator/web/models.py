"""Stored data: OPDs, accounts, API tokens, submissions (the uploaded bytes) and reports."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text,
                        TypeDecorator, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """A timestamp stored as UTC and always read back timezone-aware.

    PostgreSQL keeps the zone; SQLite returns naive values, which are UTC here.
    """
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):  # noqa: ANN001
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


class Opd(Base):
    """An Organisasi Perangkat Daerah (or the Pemda itself, for the Level 0 map)."""
    __tablename__ = "opd"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    singkatan: Mapped[str] = mapped_column(String(40), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    kode: Mapped[str | None] = mapped_column(String(40))
    users: Mapped[list["User"]] = relationship(back_populates="opd")


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # "admin" (Bagian Organisasi: everything) | "verifikator" (reviews every OPD's maps,
    # reads the plan) | "opd" (one OPD)
    role: Mapped[str] = mapped_column(String(20))
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # a demo account whose published demo password has not been changed yet
    demo_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    opd: Mapped[Opd | None] = relationship(back_populates="users")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_verifikator(self) -> bool:
        return self.role == "verifikator"

    @property
    def sees_all_opd(self) -> bool:
        """Admins and verifikators read the maps of every OPD."""
        return self.role in ("admin", "verifikator")


class ApiToken(Base):
    """A bearer token for the modeler plugin and other systems; only its hash is kept."""
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    label: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[User] = relationship()


class Submission(Base):
    """One uploaded file (a version of one map), stored with its bytes, in the same
    transaction as its report."""
    __tablename__ = "submission"
    # versions are numbered per map (its identity key within the OPD), not per file name
    __table_args__ = (UniqueConstraint("opd_id", "map_key", "version",
                                       name="uq_submission_opd_map_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    filename: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # which map this is (validator.web.identity): "kode:<ppb:kode>", "proses:<process id>",
    # "definisi:<definitions id>", "berkas:<file name>" or "terpisah:<id>" (a user's choice)
    map_key: Mapped[str] = mapped_column(String(255), index=True)
    map_title: Mapped[str | None] = mapped_column(String(255))    # the map's name for lists
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    validator_version: Mapped[str] = mapped_column(String(40))
    catalog_version: Mapped[str] = mapped_column(String(40))
    profile: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))        # "ok" | "error" (file unreadable)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    report_json: Mapped[str] = mapped_column(Text)         # the JSON report of this one file
    opd: Mapped[Opd] = relationship()
    uploader: Mapped[User | None] = relationship()


class Job(Base):
    """Long work done off the request path (validation of a large set; later simulation).

    ``input`` keeps the uploaded bytes until the job is done, so that a worker on another
    machine reads them from the same database; ``result_json`` grows while the job runs,
    so what was finished before a crash stays visible.
    """
    __tablename__ = "job"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)   # uuid4 hex
    kind: Mapped[str] = mapped_column(String(40))                    # "validasi-set", ...
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="antri")  # antri|berjalan|selesai|gagal
    progress: Mapped[int] = mapped_column(Integer, default=0)        # 0..100
    message: Mapped[str] = mapped_column(Text, default="")
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    input: Mapped[bytes | None] = mapped_column(LargeBinary)
    result_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # a lease renewed by the worker's heartbeat: no one else touches a job whose lease is alive
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    worker: Mapped[str | None] = mapped_column(String(120))          # host:pid of the holder
    attempts: Mapped[int] = mapped_column(Integer, default=0)          # times it was started
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # the stored map version a simulation was started from (None for uploads and inline input)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), index=True)
    output: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)   # a produced file (document)
    output_name: Mapped[str | None] = mapped_column(String(255))                # its download name
    output_type: Mapped[str | None] = mapped_column(String(100))                # its media type
    opd: Mapped[Opd | None] = relationship()
    owner: Mapped[User | None] = relationship()
    submission: Mapped["Submission | None"] = relationship()


class Rencana(Base):
    """A plan file (RPJMD, Renstra per OPD, organisation master) as uploaded; the newest
    active one is what uploads and the dashboard are checked against. Older ones stay."""
    __tablename__ = "rencana"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    fmt: Mapped[str] = mapped_column(String(10))                  # yaml | json | xlsx
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    rpjmd_id: Mapped[str] = mapped_column(String(120))
    summary_json: Mapped[str] = mapped_column(Text, default="{}")  # counts shown in lists
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    uploader: Mapped[User | None] = relationship()


class UserSession(Base):
    """A signed-in browser: the cookie carries only ``id``'s secret, whose sha256 is kept.
    Logout deletes the row; a password, role or status change deletes all of a user's rows."""
    __tablename__ = "user_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)   # sha256 of the cookie secret
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    address: Mapped[str | None] = mapped_column(String(64))


class LoginFailure(Base):
    """One failed sign-in, kept for the throttling window (per user name and per address)."""
    __tablename__ = "login_failure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class AuditEntry(Base):
    """Who did what: logins, failed logins, password and role changes, plan replacements,
    deletions, job cancellations. Never edited, newest first on /audit."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor: Mapped[str | None] = mapped_column(String(80))          # user name as it was then
    target: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


# -- stored sets (issue 12: set reports on the web) --------------------------------------------

class SubmissionSet(Base):
    """One upload of several maps (a ZIP), checked as one set: its JSON report as ``ppb
    validate`` gives it for a set (``set``, ``alignment``, ``opd``), the plan it was checked
    against, and its counts. A re-check against a later plan is a new row that names the
    set it re-checked (``rechecked_from_id``); its members stay the same map versions."""
    __tablename__ = "submission_set"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    filename: Mapped[str] = mapped_column(String(255))               # the uploaded archive
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    profile: Mapped[str] = mapped_column(String(40))
    report_json: Mapped[str] = mapped_column(Text)
    rencana_id: Mapped[int | None] = mapped_column(ForeignKey("rencana.id"))
    plan_note: Mapped[str] = mapped_column(Text, default="")         # which plan, or why none
    maps: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    set_findings: Mapped[int] = mapped_column(Integer, default=0)
    rechecked_from_id: Mapped[int | None] = mapped_column(ForeignKey("submission_set.id"))
    opd: Mapped[Opd] = relationship()
    uploader: Mapped[User | None] = relationship()
    members: Mapped[list["SubmissionSetMember"]] = relationship(
        back_populates="set", order_by="SubmissionSetMember.position")


class SubmissionSetMember(Base):
    """A stored map version in a set, at its place in the set's report (``files[position]``)."""
    __tablename__ = "submission_set_member"
    __table_args__ = (UniqueConstraint("set_id", "position", name="uq_submission_set_member_pos"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("submission_set.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    set: Mapped[SubmissionSet] = relationship(back_populates="members")
    submission: Mapped[Submission] = relationship()


# -- review cycle (issue 13): the stage of a map version, its history, comments on elements,
# -- in-app notices

class SubmissionStage(Base):
    """The review stage of one stored map version. A version without a row is ``draf``, so
    stored data and new uploads need nothing else. ``revision`` grows with every change: a
    transition is a compare-and-set on (tahap, revision), so of two reviewers acting on one
    version at once exactly one wins (validator.web.review)."""
    __tablename__ = "submission_stage"
    __table_args__ = (UniqueConstraint("submission_id", name="uq_submission_stage_submission_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    # draf | diajukan | perlu-revisi | diverifikasi | ditetapkan
    tahap: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class StageEvent(Base):
    """One transition of a version's stage: who, when, from which stage to which, and the
    note (required when revision is asked). Never edited."""
    __tablename__ = "stage_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               index=True)
    dari: Mapped[str] = mapped_column(String(20))
    ke: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor: Mapped[str | None] = mapped_column(String(80))      # user name as it was then
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    catatan: Mapped[str] = mapped_column(Text, default="")
    actor_user: Mapped[User | None] = relationship()


class Comment(Base):
    """A comment on the version it was made on, pinned to one diagram element
    (``element_id``) or to the whole map (None); a reply points at its thread's first
    comment (``parent_id``). A thread is resolved on its first comment."""
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               index=True)
    element_id: Mapped[str | None] = mapped_column(String(255))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"),
                                                  index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    teks: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submission: Mapped[Submission] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolver: Mapped[User | None] = relationship(foreign_keys=[resolved_by])


class Notice(Base):
    """An in-app notice for one user (a map submitted, revision asked, verified, a comment);
    unread while ``read_at`` is None."""
    __tablename__ = "notice"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class NoticeAddress(Base):
    """The e-mail address a user wants notices sent to (only when the server has
    PPB_SMTP_URL); set by the user on /pemberitahuan."""
    __tablename__ = "notice_address"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


# -- editions (issue 13): the Peta Proses Bisnis a Pemda enacts, made of verified versions

class Edition(Base):
    """An edition of the Pemda's Peta Proses Bisnis ("Peta Proses Bisnis Kota Pariaman 2025"):
    verified map versions, one per map, enacted by the nomor and tanggal of the
    Peraturan/Keputusan. Once enacted it never changes (``status`` "ditetapkan"); a revision
    starts as a copy (``copied_from_id``). ``revision`` grows with every change, so that two
    admins acting at once cannot both win (compare-and-set)."""
    __tablename__ = "edisi"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nama: Mapped[str] = mapped_column(String(200))
    tahun: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="draf")    # draf | ditetapkan
    nomor: Mapped[str | None] = mapped_column(String(120))
    tanggal: Mapped[str | None] = mapped_column(String(10))            # YYYY-MM-DD
    members_sha256: Mapped[str | None] = mapped_column(String(64))     # set when enacted
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    enacted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    enacted_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("edisi.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    members: Mapped[list["EditionMember"]] = relationship(
        back_populates="edition", order_by="EditionMember.id")


class EditionMember(Base):
    """A verified map version in an edition; one per map (OPD and map identity)."""
    __tablename__ = "edisi_peta"
    __table_args__ = (UniqueConstraint("edition_id", "opd_id", "map_key",
                                       name="uq_edisi_peta_map"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edisi.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"))
    map_key: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))       # of the version's bytes when added
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    edition: Mapped[Edition] = relationship(back_populates="members")
    submission: Mapped[Submission] = relationship()
