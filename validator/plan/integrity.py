"""Whole-plan checks a server runs before a plan replaces the active one.

The loader checks shape only (ids present and unique, types, years); a dangling reference is
a finding of the alignment rules when maps are checked. A plan that is to *replace* the one
every upload is checked against must also hang together. :func:`check_plan` lists, at once and
each with its place (the same ``path`` form as the loader's problems):

Errors (the plan is refused):
- REF_MISI: an RPJMD or Renstra tujuan names a misi the RPJMD has not;
- REF_TUJUAN: a sasaran names a tujuan the plan has not (a Renstra sasaran: its Renstra's own
  tujuan or an RPJMD tujuan);
- REF_SASARAN: a program names a sasaran the plan has not;
- REF_OPD: a Renstra, or an RPJMD program, names an OPD not in the organisation master;
- TARGET_NOT_NUMBER: an indikator target that is not a number, unless the indikator is
  qualitative (every target text and a qualitative satuan such as ``opini``);
- TARGET_YEAR: a target year outside the plan's period (the Renstra's, else the RPJMD's);
- PERIOD_OUTSIDE: a Renstra period outside the RPJMD period.

Warnings (shown, not refused):
- REF_SASARAN_RPJMD: a Renstra sasaran cascading from an RPJMD sasaran the RPJMD has not
  (the alignment rule PPB-ALN-005 reports it on every check; a plan still being drafted may
  carry it knowingly, as the sample plan does).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from .errors import PlanError, Problem
from .model import Indikator, Plan

# satuan of an indikator whose targets may be text (e.g. an audit opinion "WTP")
QUALITATIVE_UNITS = frozenset({"opini", "predikat", "kategori", "status", "kualitatif",
                               "klasifikasi", "kriteria"})
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)([.,]\d+)?\s*%?$")

WARNING_CODES = frozenset({"REF_SASARAN_RPJMD"})


@dataclass(frozen=True)
class PlanCheck:
    """The outcome of :func:`check_plan`: ``errors`` refuse the plan, ``warnings`` do not."""
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


def is_number(value: object) -> bool:
    """A target that is a number: an int/float, or text written as one ("97,5", "1.500", "80%")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


def check_plan(plan: Plan, paths: Mapping[int, str] | None = None,
               known: Mapping[str, frozenset] | None = None) -> PlanCheck:
    """Every reference and target problem of ``plan`` (see the module docstring).

    For the part of a file with shape problems that could be built (``PlanError.partial`` of
    the loader): ``paths`` gives each part's place in the document (indices shift when a part
    is left out), ``known`` every id written (kind -> ids), so that a reference to a part left
    out for a shape problem is not reported missing as well."""
    out: list[Problem] = []
    paths = paths or {}
    known = known or {}

    def at(obj, fallback: str) -> str:  # noqa: ANN001
        return paths.get(id(obj), fallback)

    def add(code: str, path: str, msg_id: str, msg_en: str) -> None:
        out.append(Problem(code, path, msg_id, msg_en))

    rpjmd = plan.rpjmd
    misi = {m.id for m in rpjmd.misi} | known.get("misi", frozenset())
    rpjmd_tujuan = {t.id for t in rpjmd.tujuan} | known.get("tujuan", frozenset())
    rpjmd_sasaran = {s.id for s in rpjmd.sasaran} | known.get("sasaran", frozenset())
    all_sasaran = {s.id for s in plan.all_sasaran} | known.get("sasaran", frozenset())
    opd_written = known.get("OPD singkatan", frozenset()) | known.get("OPD kode", frozenset())

    def opd_exists(key: str) -> bool:
        return plan.opd(key) is not None or key in opd_written or key.casefold() in opd_written

    def tujuan_misi(tujuan, path: str) -> None:  # noqa: ANN001
        for i, t in enumerate(tujuan):
            if t.misi is not None and t.misi not in misi:
                add("REF_MISI", f"{at(t, f'{path}.tujuan[{i}]')}.misi",
                    f"tujuan '{t.id}' merujuk misi '{t.misi}' yang tidak ada di RPJMD",
                    f"tujuan '{t.id}' names misi '{t.misi}', which the RPJMD has not")

    def sasaran_refs(sasaran, path: str, tujuan_ok: set[str], periode, renstra: bool) -> None:  # noqa: ANN001
        for i, s in enumerate(sasaran):
            p = at(s, f"{path}.sasaran[{i}]")
            if s.tujuan is not None and s.tujuan not in tujuan_ok:
                add("REF_TUJUAN", f"{p}.tujuan",
                    f"sasaran '{s.id}' merujuk tujuan '{s.tujuan}' yang tidak ada",
                    f"sasaran '{s.id}' names tujuan '{s.tujuan}', which does not exist")
            if renstra and s.sasaran_rpjmd is not None and s.sasaran_rpjmd not in rpjmd_sasaran:
                add("REF_SASARAN_RPJMD", f"{p}.sasaranRpjmd",
                    f"sasaran Renstra '{s.id}' merupakan hasil penjenjangan sasaran RPJMD "
                    f"'{s.sasaran_rpjmd}' yang tidak ada di RPJMD",
                    f"Renstra sasaran '{s.id}' cascades from RPJMD sasaran '{s.sasaran_rpjmd}', "
                    "which the RPJMD has not")
            for j, ind in enumerate(s.indikator):
                targets(ind, f"{at(ind, f'{p}.indikator[{j}]')}.target", periode)

    def targets(ind: Indikator, path: str, periode: tuple[int, int]) -> None:
        values = list(ind.target.items())
        qualitative = (bool(values) and all(isinstance(v, str) and not is_number(v) for _, v in values)
                       and (ind.satuan or "").strip().casefold() in QUALITATIVE_UNITS)
        for year, value in values:
            if not qualitative and not is_number(value):
                add("TARGET_NOT_NUMBER", f"{path}.{year}",
                    f"target '{value}' indikator '{ind.id}' bukan angka (target teks hanya untuk "
                    f"indikator kualitatif, bersatuan {', '.join(sorted(QUALITATIVE_UNITS))})",
                    f"target '{value}' of indikator '{ind.id}' is not a number (text targets "
                    "only for qualitative indikator)")
            if not periode[0] <= year <= periode[1]:
                add("TARGET_YEAR", f"{path}.{year}",
                    f"tahun target {year} indikator '{ind.id}' di luar periode "
                    f"{periode[0]}–{periode[1]}",
                    f"target year {year} of indikator '{ind.id}' is outside the period "
                    f"{periode[0]}-{periode[1]}")

    tujuan_misi(rpjmd.tujuan, "rpjmd")
    sasaran_refs(rpjmd.sasaran, "rpjmd", rpjmd_tujuan, rpjmd.periode, renstra=False)
    for i, prog in enumerate(rpjmd.program):
        program_refs(prog, at(prog, f"rpjmd.program[{i}]"), all_sasaran, opd_exists, add)
    for i, r in enumerate(plan.renstra):
        path = at(r, f"renstra[{i}]")
        if not opd_exists(r.opd):
            add("REF_OPD", f"{path}.opd",
                f"Renstra '{r.id}' milik OPD '{r.opd}' yang tidak ada di daftar organisasi",
                f"Renstra '{r.id}' belongs to OPD '{r.opd}', which is not in the organisation master")
        periode = r.periode or rpjmd.periode
        if r.periode is not None and (r.periode[0] < rpjmd.periode[0] or r.periode[1] > rpjmd.periode[1]):
            add("PERIOD_OUTSIDE", f"{path}.periode",
                f"periode Renstra {r.periode[0]}–{r.periode[1]} di luar periode RPJMD "
                f"{rpjmd.periode[0]}–{rpjmd.periode[1]}",
                f"Renstra period {r.periode[0]}-{r.periode[1]} is outside the RPJMD period")
        tujuan_misi(r.tujuan, path)
        sasaran_refs(r.sasaran, path, rpjmd_tujuan | {t.id for t in r.tujuan}, periode, renstra=True)
        for j, prog in enumerate(r.program):
            program_refs(prog, at(prog, f"{path}.program[{j}]"), all_sasaran, opd_exists, add)
    errors = tuple(p for p in out if p.code not in WARNING_CODES)
    warnings = tuple(p for p in out if p.code in WARNING_CODES)
    return PlanCheck(errors, warnings)


def program_refs(prog, path: str, sasaran: set[str], opd_exists, add) -> None:  # noqa: ANN001
    for k, sid in enumerate(prog.sasaran):
        if sid not in sasaran:
            add("REF_SASARAN", f"{path}.sasaran[{k}]",
                f"program '{prog.kode}' merujuk sasaran '{sid}' yang tidak ada",
                f"program '{prog.kode}' names sasaran '{sid}', which does not exist")
    for k, opd in enumerate(prog.opd):
        if not opd_exists(opd):
            add("REF_OPD", f"{path}.opd[{k}]" if len(prog.opd) > 1 else f"{path}.opd",
                f"program '{prog.kode}' menyebut OPD '{opd}' yang tidak ada di daftar organisasi",
                f"program '{prog.kode}' names OPD '{opd}', which is not in the organisation master")


def with_reference_problems(exc: PlanError) -> PlanError:
    """A loader's INVALID error with the reference and target errors of the parts it could
    still build added (``exc.partial``), so that one report names every problem; ``exc``
    itself when there is nothing to add."""
    partial = getattr(exc, "partial", None)
    if exc.code != "INVALID" or partial is None:
        return exc
    seen = {(p.path, p.code) for p in exc.problems}
    more = [p for p in check_plan(partial.plan, partial.paths, partial.ids).errors
            if (p.path, p.code) not in seen]
    if not more:
        return exc
    return PlanError("INVALID", tuple(exc.problems) + tuple(more), exc.detail, exc.source)
