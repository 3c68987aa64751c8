"""The plan a set of maps is checked against: RPJMD, Renstra per OPD, organisation master.

Plain frozen dataclasses, built once by the loader and read-only afterwards. Sequences are
tuples and mappings are read-only views. Cross references (sasaran -> tujuan, Renstra sasaran
-> RPJMD sasaran, Renstra -> OPD) are kept as ids and are NOT checked here: a dangling
reference is a finding of the alignment rules, not a load error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Union

Target = Union[int, float, str]

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Pemda:
    nama: str
    kode: str


@dataclass(frozen=True, slots=True)
class Misi:
    id: str
    teks: str


@dataclass(frozen=True, slots=True)
class Tujuan:
    id: str
    teks: str
    misi: str | None = None          # RPJMD misi id


@dataclass(frozen=True, slots=True)
class Indikator:
    id: str
    nama: str
    sasaran: str                     # id of the sasaran this indikator measures
    satuan: str | None = None
    target: Mapping[int, Target] = field(default_factory=lambda: _EMPTY)   # year -> target value


@dataclass(frozen=True, slots=True)
class Sasaran:
    """An RPJMD sasaran (``renstra`` is None) or a Renstra sasaran of one OPD."""
    id: str
    teks: str
    indikator: tuple[Indikator, ...] = ()
    tujuan: str | None = None        # tujuan id (RPJMD tujuan, or the Renstra's own tujuan)
    sasaran_rpjmd: str | None = None  # Renstra only: the RPJMD sasaran it cascades from
    renstra: str | None = None       # Renstra id; None for an RPJMD sasaran
    opd: str | None = None           # Renstra only: the OPD singkatan

    @property
    def is_rpjmd(self) -> bool:
        return self.renstra is None


@dataclass(frozen=True, slots=True)
class SubKegiatan:
    kode: str
    nama: str


@dataclass(frozen=True, slots=True)
class Kegiatan:
    kode: str
    nama: str
    subkegiatan: tuple[SubKegiatan, ...] = ()


@dataclass(frozen=True, slots=True)
class Program:
    """A program: of the RPJMD (with its responsible OPD) or of a Renstra (with kegiatan)."""
    kode: str
    nama: str
    opd: tuple[str, ...] = ()        # responsible OPD singkatan (RPJMD programs)
    sasaran: tuple[str, ...] = ()    # sasaran ids the program serves, when given
    kegiatan: tuple[Kegiatan, ...] = ()


@dataclass(frozen=True, slots=True)
class Rpjmd:
    id: str
    periode: tuple[int, int]
    visi: str
    misi: tuple[Misi, ...] = ()
    tujuan: tuple[Tujuan, ...] = ()
    sasaran: tuple[Sasaran, ...] = ()
    program: tuple[Program, ...] = ()


@dataclass(frozen=True, slots=True)
class Renstra:
    id: str
    opd: str                         # OPD singkatan (or kode) as written in the plan
    sasaran: tuple[Sasaran, ...] = ()
    program: tuple[Program, ...] = ()
    tujuan: tuple[Tujuan, ...] = ()
    periode: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Opd:
    singkatan: str
    kode: str
    nama: str
    unit: tuple[str, ...] = ()
    jabatan: tuple[str, ...] = ()


class Plan:
    """The whole plan with its lookups. Build it with :func:`validator.plan.load_plan`."""

    __slots__ = ("pemda", "rpjmd", "renstra", "organisasi", "_sasaran", "_indikator",
                 "_opd", "_renstra_by_id", "_renstra_by_opd", "_misi", "_tujuan", "_kode")

    def __init__(self, pemda: Pemda, rpjmd: Rpjmd, renstra: tuple[Renstra, ...] = (),
                 organisasi: tuple[Opd, ...] = ()) -> None:
        set_ = object.__setattr__
        set_(self, "pemda", pemda)
        set_(self, "rpjmd", rpjmd)
        set_(self, "renstra", tuple(renstra))
        set_(self, "organisasi", tuple(organisasi))
        sasaran: dict[str, Sasaran] = {}
        indikator: dict[str, Indikator] = {}
        kode: dict[str, object] = {}
        for s in self.all_sasaran:
            sasaran.setdefault(s.id, s)
            for ind in s.indikator:
                indikator.setdefault(ind.id, ind)
        for prog in rpjmd.program + tuple(p for r in self.renstra for p in r.program):
            kode.setdefault(prog.kode, prog)
            for keg in prog.kegiatan:
                kode.setdefault(keg.kode, keg)
                for sub in keg.subkegiatan:
                    kode.setdefault(sub.kode, sub)
        opd: dict[str, Opd] = {}
        for o in self.organisasi:
            opd.setdefault(o.kode, o)
            opd.setdefault(o.singkatan.casefold(), o)
        by_opd: dict[str, Renstra] = {}
        for r in self.renstra:
            by_opd.setdefault(r.opd.casefold(), r)
            org = opd.get(r.opd) or opd.get(r.opd.casefold())
            if org is not None:
                by_opd.setdefault(org.kode, r)
                by_opd.setdefault(org.singkatan.casefold(), r)
        tujuan = {t.id: t for t in rpjmd.tujuan}
        for r in self.renstra:
            for t in r.tujuan:
                tujuan.setdefault(t.id, t)
        set_(self, "_sasaran", MappingProxyType(sasaran))
        set_(self, "_indikator", MappingProxyType(indikator))
        set_(self, "_opd", MappingProxyType(opd))
        set_(self, "_renstra_by_id", MappingProxyType({r.id: r for r in self.renstra}))
        set_(self, "_renstra_by_opd", MappingProxyType(by_opd))
        set_(self, "_misi", MappingProxyType({m.id: m for m in rpjmd.misi}))
        set_(self, "_tujuan", MappingProxyType(tujuan))
        set_(self, "_kode", MappingProxyType(kode))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Plan is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Plan is read-only")

    def __repr__(self) -> str:
        return (f"Plan(pemda={self.pemda.nama!r}, rpjmd={self.rpjmd.id!r}, "
                f"renstra={len(self.renstra)}, organisasi={len(self.organisasi)})")

    # -- collections -------------------------------------------------------------------------
    @property
    def all_sasaran(self) -> tuple[Sasaran, ...]:
        """RPJMD sasaran first, then each Renstra's, in file order."""
        return self.rpjmd.sasaran + tuple(s for r in self.renstra for s in r.sasaran)

    @property
    def all_indikator(self) -> tuple[Indikator, ...]:
        return tuple(i for s in self.all_sasaran for i in s.indikator)

    @property
    def sasaran_by_id(self) -> Mapping[str, Sasaran]:
        return self._sasaran

    @property
    def indikator_by_id(self) -> Mapping[str, Indikator]:
        return self._indikator

    # -- lookups (None when not found) -------------------------------------------------------
    def sasaran(self, sasaran_id: str) -> Sasaran | None:
        """Any sasaran by id, RPJMD or Renstra."""
        return self._sasaran.get(sasaran_id)

    def indikator(self, indikator_id: str) -> Indikator | None:
        return self._indikator.get(indikator_id)

    def sasaran_of_indikator(self, indikator_id: str) -> Sasaran | None:
        """The sasaran an indikator belongs to."""
        ind = self._indikator.get(indikator_id)
        return None if ind is None else self._sasaran.get(ind.sasaran)

    def misi(self, misi_id: str) -> Misi | None:
        return self._misi.get(misi_id)

    def tujuan(self, tujuan_id: str) -> Tujuan | None:
        return self._tujuan.get(tujuan_id)

    def opd(self, key: str) -> Opd | None:
        """An OPD by kode (exact) or singkatan (case-insensitive)."""
        return self._opd.get(key) or self._opd.get(key.casefold())

    def renstra_by_id(self, renstra_id: str) -> Renstra | None:
        return self._renstra_by_id.get(renstra_id)

    def renstra_of(self, opd: str) -> Renstra | None:
        """The Renstra of an OPD, by its singkatan or kode."""
        return self._renstra_by_opd.get(opd) or self._renstra_by_opd.get(opd.casefold())

    def nomenklatur(self, kode: str) -> Program | Kegiatan | SubKegiatan | None:
        """A program, kegiatan or sub kegiatan of the plan by its code."""
        return self._kode.get(kode)

    def cascade_children(self, rpjmd_sasaran_id: str) -> tuple[Sasaran, ...]:
        """The Renstra sasaran that cascade from an RPJMD sasaran."""
        return tuple(s for r in self.renstra for s in r.sasaran
                     if s.sasaran_rpjmd == rpjmd_sasaran_id)
