"""The API's shared request and response models (pydantic), declared once: the request models
are what :func:`validator.web.apidoc.operation` checks, and every model here becomes a schema
of the OpenAPI document (``#/components/schemas/<ClassName>``) where an endpoint names it.

Request models derive from :class:`Params` (query string or form fields: unknown ones are
ignored, empty ones count as absent) or :class:`Body` (a JSON body: unknown fields are
refused). Response models only describe what a view answers; views still build their own
dicts. A new blueprint adds its models here when another endpoint may share them, else in its
own file; for example::

    class Komentar(Body):
        teks: str = Field(min_length=1, max_length=4000, title="Teks komentar")

    @bp.post("/submissions/<int:submission_id>/komentar")
    @operation(summary="Menambah komentar", body=Komentar, responses={201: Submission})
    def komentar(submission_id: int, body: Komentar): ...

Field descriptions and titles are Indonesian: they are shown on /api/v1/docs and a field's
``title`` names it in error messages.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema,
                      model_validator)

from .jobs import STATUSES

TRUE = {"1", "true", "ya", "yes", "on"}


# -- request bases -----------------------------------------------------------------------------

class Params(BaseModel):
    """Query string or form fields: unknown ones ignored, text trimmed."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Body(BaseModel):
    """A JSON request body: unknown fields refused, text trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in TRUE


# A yes/no parameter as the API has always read it: 1, true, ya, yes, on mean yes; anything
# else means no (never refused).
Flag = Annotated[bool, BeforeValidator(_flag),
                 WithJsonSchema({"type": "string", "enum": ["0", "1"]})]

def _known_profiles(schema: dict) -> None:
    """The rule catalog's profiles as the documented choices (the view refuses another one
    with 400 UNKNOWN_PROFILE, naming them)."""
    from .services import catalog

    schema["enum"] = sorted(catalog().profiles)


Profile = Annotated[str, Field(description="profil aturan (bawaan: standar)",
                               json_schema_extra=_known_profiles)]


# -- shared request models ---------------------------------------------------------------------

class ProfileQuery(Params):
    profile: Profile = "standar"


class ListQuery(Params):
    """``limit``: how many, newest first (a number outside the range is brought into it)."""

    limit: int = Field(100, description="berapa banyak, terbaru lebih dulu (1-1000; di luar "
                                        "rentang itu dibawa ke batasnya)")


class Scenario(Params):
    """A simulation scenario (``POST /simulate``, a ``simulasi`` job, the report page's form)."""

    cases: int = Field(1000, ge=1, le=200_000, title="jumlah kasus",
                       description="jumlah kasus per replikasi")
    replications: int = Field(5, ge=1, le=50, title="jumlah replikasi")
    seed: int = Field(1, ge=0, le=2**31 - 1, title="benih acak")
    warmup: int = Field(0, ge=0, le=100_000, title="kasus pemanasan",
                        description="kasus awal yang tidak dihitung")

    @model_validator(mode="after")
    def _warmup_before_cases(self) -> "Scenario":
        if self.warmup >= self.cases:
            raise ValueError("Kasus pemanasan ('warmup') harus lebih sedikit daripada jumlah "
                             "kasus ('cases').")
        return self


# -- errors ------------------------------------------------------------------------------------

class ErrorDetail(BaseModel):
    """Satu masalah permintaan atau rencana yang ditolak, dengan tempatnya."""

    path: str = Field(description="tempat masalah (parameter, bidang, atau bagian rencana)")
    message: str = Field(description="pesan berbahasa Indonesia")


class ErrorLimit(BaseModel):
    name: str
    value: int


class ErrorInfo(BaseModel):
    code: str = Field(examples=["NOT_BPMN"], description="kode tetap, untuk program")
    message: str = Field(description="pesan berbahasa Indonesia, untuk manusia")
    details: Optional[list[ErrorDetail]] = Field(None, description=(
        "setiap masalah dengan tempatnya: permintaan yang tidak sesuai skemanya "
        "(`BAD_PARAMETER`, `INVALID_BODY`) dan rencana yang ditolak (`PLAN_INVALID`)"))
    problems: Optional[list[dict[str, Any]]] = Field(None, description=(
        "setiap masalah bila kiriman ditolak seluruhnya karena beberapa berkas atau isian "
        "(`UPLOAD_FILES_REFUSED`, `PLAN_INVALID`), masing-masing dengan kodenya"))
    limit: Optional[ErrorLimit] = Field(None, description=(
        "batas yang dilewati (`TOO_COMPLEX`): nama dan nilainya"))


class Error(BaseModel):
    """Galat"""

    error: ErrorInfo


# -- responses ---------------------------------------------------------------------------------

class Health(BaseModel):
    """Server berjalan"""

    status: str = Field(examples=["ok"])
    version: str
    ruleCatalogVersion: str


class RuleItem(BaseModel):
    id: str
    group: str
    title: str
    severity: str = Field(description="tingkat menurut profil yang diminta")
    defaultSeverity: str
    source: str
    confidence: str
    scope: Optional[str] = None


class RuleList(BaseModel):
    """Daftar aturan"""

    ruleCatalogVersion: str
    profile: str
    profiles: list[str]
    rules: list[RuleItem]


class Finding(BaseModel):
    model_config = ConfigDict(extra="allow")

    rule: str
    severity: str
    element: Optional[str] = None
    elements: Optional[list[str]] = Field(None, description="semua elemen yang disebut temuan")
    message: str
    source: str
    confidence: str
    suppressed: bool
    fix: Optional[str] = None
    line: Optional[int] = None
    scope: Optional[str] = Field(None, description="`peta` untuk temuan tingkat peta")


class Counts(BaseModel):
    model_config = ConfigDict(extra="allow")

    error: int
    warning: int
    info: int


class FileReport(BaseModel):
    path: str
    status: Literal["ok", "error"]
    error: Optional[dict[str, Any]] = Field(None, description="berkas yang tidak terbaca")
    findings: list[Finding]
    summary: Counts


class SkippedEntry(BaseModel):
    berkas: str = Field(description="entri arsip yang tidak diperiksa")
    alasan: str = Field(description="alasannya")


class Report(BaseModel):
    """Laporan JSON (bentuk `ppb validate --format json`)"""

    model_config = ConfigDict(extra="allow")

    version: str
    ruleCatalogVersion: str
    profile: str
    lang: str
    files: list[FileReport]
    summary: Counts
    set: Optional[dict[str, Any]] = Field(None, description=(
        "pemeriksaan sebagai set: rencana yang dipakai, temuan set, aturan yang tidak dijalankan"))
    alignment: Optional[dict[str, Any]] = Field(None, description="matriks keselarasan, celah, "
                                                                  "pohon cascading")
    opd: Optional[list[dict[str, Any]]] = Field(None, description="progres per OPD")
    diabaikan: Optional[list[SkippedEntry]] = Field(None, description=(
        "entri arsip yang tidak diperiksa beserta alasannya"))
    submissions: Optional[list["Submission"]] = Field(None, description="unggahan yang disimpan "
                                                                         "(`simpan=1`)")


class OpdRef(BaseModel):
    singkatan: str
    nama: str


class Submission(BaseModel):
    """Unggahan"""

    model_config = ConfigDict(extra="allow")

    id: int
    opd: Optional[OpdRef] = None
    filename: str
    version: int
    createdAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    size: int
    sha256: str
    profile: str
    validatorVersion: str
    ruleCatalogVersion: str
    status: str
    summary: Counts
    links: dict[str, str]
    report: Optional[Report] = Field(None, description="laporan JSON (pada satu unggahan)")


class SubmissionList(BaseModel):
    """Daftar unggahan"""

    submissions: list[Submission]
    count: int


class Job(BaseModel):
    """Pekerjaan"""

    model_config = ConfigDict(extra="allow")

    id: str
    kind: str = Field(examples=["validasi-set"])
    title: Optional[str] = None
    status: Literal[STATUSES]
    attempts: Optional[int] = None
    cancelRequested: Optional[bool] = None
    statusText: Optional[str] = None
    progress: Optional[int] = Field(None, ge=0, le=100)
    message: Optional[str] = None
    opd: Optional[dict[str, Any]] = None
    createdAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    startedAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    finishedAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    result: Optional[dict[str, Any]] = Field(None, description=(
        "validasi-set: total, processed, stored, unreadable, summary, dan files (filename, "
        "status, submissionId, version, summary, atau error); simulasi: hasilnya"))
    links: dict[str, str]


class JobList(BaseModel):
    """Daftar pekerjaan"""

    jobs: list[Job]
    count: int


class SimulationResult(BaseModel):
    """Hasil simulasi (waktu dalam menit)"""

    model_config = ConfigDict(extra="allow")

    cases: int
    replications: int
    seed: int
    cycleTime: dict[str, Any]
    scenario: dict[str, int]
    file: str
    panas: dict[str, float] = Field(description="id elemen -> 0..1 menurut waktu tunggu rata-rata")
    keterangan: dict[str, str]


class PlanProblem(BaseModel):
    code: str
    path: str
    message: str


class RencanaBrief(BaseModel):
    """Rencana"""

    model_config = ConfigDict(extra="allow")

    id: int
    filename: str
    format: str
    sha256: str
    rpjmd: Optional[str] = None
    createdAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    summary: dict[str, Any]
    active: Optional[bool] = None
    uploader: Optional[str] = None
    peringatan: Optional[list[PlanProblem]] = None


class RencanaActive(RencanaBrief):
    """Rencana aktif"""

    sasaran: Optional[list[dict[str, Any]]] = Field(None, description=(
        "sasaran RPJMD dan Renstra dengan indikatornya, yang dapat dirujuk peta"))
    opd: Optional[list[dict[str, Any]]] = Field(None, description="master organisasi")


class RencanaList(BaseModel):
    """Daftar rencana (yang aktif bertanda `active`)"""

    rencana: list[RencanaBrief]
    count: int


class PlanPreview(BaseModel):
    """Pratinjau: hasil pemeriksaan dan perbedaan dengan rencana aktif"""

    valid: bool
    perubahan: dict[str, Any]
    petaKehilanganTautan: list[dict[str, Any]]
    peringatan: list[PlanProblem]


Report.model_rebuild()


# -- stored sets (sets_web.py) -----------------------------------------------------------------

def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


class OpdListQuery(ListQuery):
    opd: Optional[str] = Field(None, description="singkatan OPD")


class SetReportQuery(Params):
    format: Annotated[Literal["json", "html", "xlsx", "sarif"], BeforeValidator(_lower)] = Field(
        "json", title="format laporan set", json_schema_extra={"x-error-code": "BAD_FORMAT"})


class SetBrief(BaseModel):
    """Set"""

    model_config = ConfigDict(extra="allow")

    id: int
    filename: Optional[str] = None
    createdAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    ownerOpd: Optional[OpdRef] = Field(None, description="OPD pemilik set")
    profile: Optional[str] = None
    maps: int = Field(description="jumlah peta")
    summary: dict[str, Any]
    rencanaId: Optional[int] = Field(None, description="rencana yang dipakai memeriksa")
    planNote: Optional[str] = Field(None, description="keterangan rencana (dipakai atau diabaikan)")
    recheckedFromId: Optional[int] = Field(None, description="set asal bila ini pemeriksaan ulang")
    links: dict[str, str]


class SetList(BaseModel):
    """Daftar set"""

    sets: list[SetBrief]
    count: int


class SetDetail(Report):
    """Laporan JSON set (bentuk `ppb validate` untuk satu set: `set`, `alignment`, `opd`)"""

    id: int
    createdAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    ownerOpd: Optional[OpdRef] = None
    members: Optional[list[dict[str, Any]]] = Field(None, description="unggahan anggota set")


# -- map versions compared (diff_web.py) -------------------------------------------------------

class MapDifference(BaseModel):
    """Perbedaan dua versi peta"""

    model_config = ConfigDict(extra="allow")

    old: dict[str, Any] = Field(description="versi lama (ringkas)")
    new: dict[str, Any] = Field(description="versi baru (ringkas)")
    sameMap: bool = Field(description="kedua versi dari peta yang sama (OPD dan identitasnya)")


# -- editions (editions_web.py) ----------------------------------------------------------------

class EditionCreate(Body):
    nama: str = Field(description="nama edisi, mis. Peta Proses Bisnis Kota Pariaman 2025")
    tahun: int = Field(description="tahun edisi")
    salinDari: Optional[int] = Field(None, description="id edisi yang anggotanya disalin")


class EditionAddMap(Body):
    submission: int = Field(description="id versi peta yang sudah diverifikasi")


class EditionEnact(Body):
    nomor: str = Field(description="nomor penetapan (mis. nomor Peraturan Wali Kota)")
    tanggal: str = Field(description="tanggal penetapan (TTTT-BB-HH)")


class Edition(BaseModel):
    """Edisi"""

    model_config = ConfigDict(extra="allow")

    id: int
    nama: str
    tahun: int
    status: str
    nomor: Optional[str] = None
    tanggal: Optional[str] = None
    sha256: Optional[str] = None
    createdAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    enactedAt: Optional[str] = Field(None, json_schema_extra={"format": "date-time"})
    salinanDari: Optional[int] = None
    peta: list[dict[str, Any]] = Field(description="versi peta anggota edisi")
    kekurangan: Optional[dict[str, Any]] = Field(None, description=(
        "yang belum ada: OPD tanpa peta Level 1, proses Level 0 tanpa peta turunan, temuan set"))


class EditionList(BaseModel):
    """Daftar edisi"""

    edisi: list[Edition]
    count: int


class EditionComparison(BaseModel):
    """Perbedaan dua edisi: peta ditambah, dihapus, dan diganti versinya"""

    model_config = ConfigDict(extra="allow")

    dari: dict[str, Any]
    ke: dict[str, Any]
