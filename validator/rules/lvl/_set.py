"""How the set checks (PPB-LVL-004/005/007, PPB-KLP-004/006, PPB-NMK-005) read a map set.

A set of maps is seldom complete: a Bagian Organisasi uploads the Pemda map and
the maps of three OPDs, or one OPD checks its own maps against the plan. So a
link to a map that is not in the set is only a fault when the set holds the
part of the hierarchy where that map would be ("its tier"): the OPD's maps of
that level, or the Pemda's Level 0 map. These helpers answer that question and
the others the set rules share (the level and organisation of a map, the first
parent of a map in another file, the element a map-wide finding points at).
No rule lives here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ... import vocab
from .. import _map_structure as ms
from .._params import list_param  # noqa: F401  (S.list_param in the set rules)

VIA_NESTED = "nested"
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)     # the same names come back map after map of a set
def norm(text: str | None) -> str:
    """A name compared leniently: case and runs of spaces do not matter."""
    return _SPACES.sub(" ", (text or "").strip()).casefold()


def readable(mapset) -> list:
    """The files of the set that could be read, in set order."""
    return [f for f in mapset.files if f.model is not None]


def file_level(mapset, name: str) -> int | None:
    """The level of a map of the set: ``ppb:level``, else 0 for a ``level0`` map."""
    mf = mapset.file(name)
    return ms.level(mf.model) if mf is not None and mf.model is not None else None


def file_type(mapset, name: str) -> str | None:
    mf = mapset.file(name)
    return vocab.map_type(mf.model) if mf is not None and mf.model is not None else None


def organisation(model) -> str:
    """The organisation a map belongs to, compared leniently: ``ppb:kodeOrganisasi``,
    else ``ppb:instansi``; '' when neither is written."""
    return norm(vocab.map_text(model, "kodeOrganisasi")) or norm(vocab.map_text(model, "instansi"))


def is_pemda_map(model) -> bool:
    """A map of the Pemda as a whole (``ppb:tingkat="pemda"``, or a Level 0 map that
    declares no tier)."""
    tingkat = norm(vocab.map_text(model, "tingkat"))
    if tingkat:
        return tingkat == "pemda"
    return ms.is_level0(model)


class Branches:
    """Which maps a set holds, by level and by map type, and whether one of them is in the
    same branch as a given map, in constant time (a set may hold thousands of maps).

    Another map is in the branch of a map when it could hold its parent or sibling: a Pemda
    map is in every branch; two OPD maps must belong to the same organisation when both say
    which (``ppb:kodeOrganisasi``, else ``ppb:instansi``)."""

    def __init__(self, mapset) -> None:
        self._by_level: dict = {}
        self._by_type: dict = {}
        for mf in readable(mapset):
            entry = (mf.name, "*" if is_pemda_map(mf.model) else organisation(mf.model))
            self._add(self._by_level, ms.level(mf.model), entry)
            self._add(self._by_level, "any", entry)
            self._add(self._by_type, (vocab.map_type(mf.model) or "").lower(), entry)

    @staticmethod
    def _add(index, key, entry) -> None:
        name, org = entry
        bucket = index.setdefault(key, {"names": {}, "orgs": {}})
        bucket["names"][name] = org
        bucket["orgs"][org] = bucket["orgs"].get(org, 0) + 1

    @staticmethod
    def _holds(bucket, mf) -> bool:
        """Another map of ``bucket`` that is in the branch of ``mf``."""
        if bucket is None:
            return False
        names, orgs = bucket["names"], bucket["orgs"]
        own = names.get(mf.name)
        mine = organisation(mf.model)

        def count(org):
            return orgs.get(org, 0) - (1 if own == org else 0)

        if not mine:
            return len(names) - (1 if own is not None else 0) > 0
        return count("*") > 0 or count("") > 0 or count(mine) > 0

    def level_present(self, mf, level: int | None) -> bool:
        """The set holds another map of ``level`` (any level when None) in the branch of ``mf``."""
        return self._holds(self._by_level.get("any" if level is None else level), mf)

    def type_present(self, mf, types) -> bool:
        """The set holds another map of one of ``types`` in the branch of ``mf``."""
        return any(self._holds(self._by_type.get(t.lower()), mf) for t in types)


def top_nodes(mapset, name: str) -> list:
    """The processes (``bpmn:process`` nodes) of a file of the set."""
    return [n for n in mapset.nodes_of(name) if n.is_process]


def cross_parents(mapset, name: str, vias=None) -> list:
    """(parent node, child node, via list) for every link from a node of another file to
    a process of this file, in set order; ``vias`` keeps only links found one of those ways."""
    out = []
    for child in top_nodes(mapset, name):
        for parent in mapset.parents_of(child):
            if parent.file == name:
                continue
            e = mapset.edge(parent, child)
            via = e.via if e is not None else []
            if vias is not None and not any(v in vias for v in via):
                continue
            out.append((parent, child, via))
    return out


def main_element(mapset, name: str):
    """What a finding on a whole map points at: its first process (its pool when drawn
    in one), else the definitions."""
    tops = top_nodes(mapset, name)
    if tops:
        return tops[0].element
    mf = mapset.file(name)
    return mf.model.definitions if mf is not None and mf.model is not None else None



