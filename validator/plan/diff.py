"""What changes when one plan replaces another: sasaran added, removed and changed.

:func:`diff_plans` compares two plans by sasaran id (RPJMD and Renstra alike). A sasaran is
*changed* when its text, tujuan, cascade parent (``sasaranRpjmd``), OPD or indikator (ids,
names, satuan, targets) differ; each change is named in Indonesian.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Plan, Sasaran


@dataclass(frozen=True)
class SasaranChange:
    id: str
    opd: str | None          # None: an RPJMD sasaran
    teks: str
    changes: tuple[str, ...] = ()   # Indonesian, one per changed part (only for changed)


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[SasaranChange, ...] = ()
    removed: tuple[SasaranChange, ...] = ()
    changed: tuple[SasaranChange, ...] = ()
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict:
        def one(c: SasaranChange) -> dict:
            d = {"id": c.id, "opd": c.opd, "teks": c.teks}
            if c.changes:
                d["perubahan"] = list(c.changes)
            return d
        return {"ditambah": [one(c) for c in self.added], "dihapus": [one(c) for c in self.removed],
                "diubah": [one(c) for c in self.changed], "tetap": self.unchanged}


def _entry(s: Sasaran, changes: tuple[str, ...] = ()) -> SasaranChange:
    return SasaranChange(s.id, s.opd, s.teks, changes)


def _changes(old: Sasaran, new: Sasaran) -> tuple[str, ...]:
    out = []
    if old.teks != new.teks:
        out.append("uraian sasaran berubah")
    if old.tujuan != new.tujuan:
        out.append(f"tujuan {old.tujuan or '—'} → {new.tujuan or '—'}")
    if old.sasaran_rpjmd != new.sasaran_rpjmd:
        out.append(f"sasaran RPJMD {old.sasaran_rpjmd or '—'} → {new.sasaran_rpjmd or '—'}")
    if (old.opd or "") != (new.opd or ""):
        out.append(f"OPD {old.opd or 'RPJMD'} → {new.opd or 'RPJMD'}")
    old_ind = {i.id: i for i in old.indikator}
    new_ind = {i.id: i for i in new.indikator}
    for iid in sorted(new_ind.keys() - old_ind.keys()):
        out.append(f"indikator {iid} ditambah")
    for iid in sorted(old_ind.keys() - new_ind.keys()):
        out.append(f"indikator {iid} dihapus")
    for iid in sorted(old_ind.keys() & new_ind.keys()):
        a, b = old_ind[iid], new_ind[iid]
        if (a.nama, a.satuan) != (b.nama, b.satuan):
            out.append(f"indikator {iid}: nama/satuan berubah")
        if dict(a.target) != dict(b.target):
            out.append(f"indikator {iid}: target berubah")
    return tuple(out)


def diff_plans(old: Plan | None, new: Plan) -> PlanDiff:
    """Sasaran of ``new`` compared with ``old`` (None: everything is added), in file order."""
    if old is None:
        return PlanDiff(added=tuple(_entry(s) for s in new.all_sasaran))
    old_by = old.sasaran_by_id
    new_by = new.sasaran_by_id
    added, changed, same = [], [], 0
    for s in new.all_sasaran:
        before = old_by.get(s.id)
        if before is None:
            added.append(_entry(s))
            continue
        ch = _changes(before, s)
        if ch:
            changed.append(_entry(s, ch))
        else:
            same += 1
    removed = [_entry(s) for s in old.all_sasaran if s.id not in new_by]
    return PlanDiff(tuple(added), tuple(removed), tuple(changed), same)
