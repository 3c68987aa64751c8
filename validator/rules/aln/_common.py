"""Shared wording of the alignment rules (PPB-ALN)."""
from __future__ import annotations

from ...planlinks import MapInfo, map_infos
from ..nmk._common import flag_param, list_param

__all__ = ["flag_param", "list_param", "some", "owner_of", "periode_text",
           "choices", "file_info"]


def some(items, limit: int = 6) -> str:
    """A few items for a message, so a message stays short however large the plan."""
    items = list(items)
    shown = ", ".join(str(x) for x in items[:limit])
    return shown + (f", ... (+{len(items) - limit})" if len(items) > limit else "")


def owner_of(s) -> str:
    """Whose sasaran it is: "RPJMD" or "Renstra DINKES"."""
    return "RPJMD" if s.is_rpjmd else f"Renstra {s.opd}"


def periode_text(periode) -> str:
    return f"{periode[0]}-{periode[1]}" if periode else ""


def file_info(mapset, plan):
    """file name -> :class:`validator.planlinks.MapInfo` (tier, OPD, Renstra, level)."""
    return map_infos(mapset, plan)


def choices(info: MapInfo | None, plan) -> str:
    """The sasaran a process of this map may name: its Renstra's, else the RPJMD's."""
    pool = info.renstra.sasaran if info is not None and info.renstra is not None else plan.rpjmd.sasaran
    return named_sasaran(pool) or "-"


def named_sasaran(items, limit: int = 4) -> str:
    """Sasaran for a message with their text, not bare ids (issue 17): "S4.1 'Meningkatnya
    ...', S4.2 '...'"; a few, so a message stays short however large the plan."""
    return some([f"{s.id} '{s.teks}'" if getattr(s, "teks", None) else s.id for s in items], limit)
