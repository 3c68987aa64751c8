"""How a map is built, as the PPB rules read it: its level, the category group
(inti / pendukung / manajemen) of each process node, and which pools are
stakeholders rather than the instansi itself.

Level 0 maps are drawn two ways in Pemda practice: process boxes that carry
``ppb:kategori``, or three pools/lanes "Proses Inti", "Proses Pendukung",
"Proses Manajemen (Lainnya)" holding the boxes. Both mean the same, so a node
takes its category from itself first, then from the lane, pool or process
around it. No rule lives here; the vocabulary is read through
:mod:`validator.vocab`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import vocab

_ENUM_PREFIX = re.compile(r"^\s*(?:\d{1,2}|[ivx]{1,4}|[a-z])\s*[.)]\s+", re.I)
_SPACES = re.compile(r"\s+")


def level(model):
    """The map's level: ``ppb:level``, else 0 for a ``level0`` map, else None."""
    lv = vocab.map_level(model)
    if lv is None and vocab.map_type(model) == "level0":
        return 0
    return lv


def is_level0(model) -> bool:
    return vocab.map_type(model) == "level0" or vocab.map_level(model) == 0


def pools_by_process(model) -> dict:
    """process element -> the participant (pool) that draws it."""
    return {p.process: p for p in model.all("Participant") if p.process is not None}


def group_of_name(name, phrases: dict) -> str | None:
    """The category a pool/lane name stands for ("Proses Inti", "2. Proses Pendukung",
    "Proses Lainnya (Manajemen)"), from ``phrases`` {category: [phrase, ...]}.
    A phrase of several words may start the name; a single word must be the whole name,
    so that a unit such as "Penunjang Medis" is not read as a category."""
    text = _name_text(name or "")
    if not text:
        return None
    bare = text.strip(" .:-")
    for cat, words in (phrases or {}).items():
        for phrase in words or ():
            p = vocab.squashed(str(phrase))
            if not p:
                continue
            if bare == p:
                return cat
            if " " in p and text.startswith(p) and not text[len(p):len(p) + 1].isalnum():
                return cat
    return None


@lru_cache(maxsize=1 << 12)     # the names of a map's lanes and pools, asked for by many rules
def _name_text(name: str) -> str:
    return vocab.squashed(_ENUM_PREFIX.sub("", name))


def group_of(el, phrases: dict) -> str | None:
    """The category a container (lane, pool, process) declares: ``ppb:kategori`` or its name."""
    return vocab.category(el) or group_of_name(el.name, phrases)


def enclosing_groups(node, pools: dict):
    """Lanes (innermost first), then the pool, then the process around a top-level node."""
    lane = node.lane
    while lane is not None and "Lane" in lane.types:
        yield lane
        holder = lane.parent.parent if lane.parent is not None else None
        lane = holder if holder is not None and "Lane" in holder.types else None
    process = node.find_parent("Process")
    if process is not None:
        pool = pools.get(process)
        if pool is not None:
            yield pool
        yield process


def container_category(node, pools: dict, phrases: dict):
    """(category, container) from the nearest lane/pool/process that names a group,
    or (None, None)."""
    for holder in enclosing_groups(node, pools):
        cat = group_of(holder, phrases)
        if cat is not None:
            return cat, holder
    return None, None


def node_category(node, pools: dict, phrases: dict) -> str | None:
    """The category of a process node: its own ``ppb:kategori``, else its group's."""
    return vocab.category(node) or container_category(node, pools, phrases)[0]


def is_external(participant, values) -> bool:
    """A pool marked as an external stakeholder (``ppb:pemangku``) or given a SIPOC role."""
    pemangku = _SPACES.sub(" ", vocab.text(participant, "pemangku")).lower()
    return pemangku in {str(v).lower() for v in values} or bool(vocab.text(participant, "peranSipoc"))


def is_internal(participant) -> bool:
    return vocab.text(participant, "pemangku").lower() in ("internal", "intern", "dalam")


def instansi_processes(model, external_values) -> list:
    """Processes of the instansi: every process except those drawn in a pool marked external."""
    pools = pools_by_process(model)
    return [proc for proc in model.all("Process")
            if not (proc in pools and is_external(pools[proc], external_values))]


def top_activities(processes) -> list:
    """Activities (tasks, sub-processes, call activities) at the top level of the processes;
    event sub-processes are not process steps and are left out."""
    return [el for proc in processes for el in proc.flow_elements
            if "Activity" in el.types and not el.flag("triggeredByEvent")]


def top_process_nodes(processes) -> list:
    """Sub-processes and call activities at the top level of the processes."""
    return [el for el in top_activities(processes) if vocab.is_process_node(el)]


def top_node(el):
    """The top-level flow element (direct child of a process) holding ``el``, or None."""
    node = el
    while node is not None:
        parent = node.parent
        if parent is None:
            return None
        if "Process" in parent.types:
            return node if "FlowElement" in node.types else None
        node = parent
    return None


def pool_of(el, pools: dict):
    """The participant an element is drawn in (itself for a participant), else its process."""
    if "Participant" in el.types:
        return el
    process = el if "Process" in el.types else el.find_parent("Process")
    return pools.get(process, process)
