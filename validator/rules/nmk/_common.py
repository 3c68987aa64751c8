"""Shared helpers of the naming and code rules (PPB-NMK).

* which maps a rule applies to (its ``map_types`` parameter, read against the
  declared ``ppb:jenisPeta`` through :mod:`validator.vocab`);
* list and flag parameters as people write them in a config ("a, b" or a list);
* a ppb attribute whatever the case of its key ("ppb:Kode" typed by hand);
* the pool that draws a process, and whether it is an external stakeholder.
"""
from __future__ import annotations

from functools import lru_cache

from ... import vocab
from .._params import list_param  # noqa: F401  (re-exported for the nmk rules)


def applies(model, ctx) -> bool:
    """True when the map declares a type that is one of the rule's ``map_types``."""
    declared = vocab.map_type(model)
    if declared is None:
        return False
    return declared.lower() in _lowered(tuple(list_param(ctx, "map_types")))


@lru_cache(maxsize=256)     # the same few map types for every map a validator checks
def _lowered(words: tuple) -> frozenset:
    return frozenset(w.lower() for w in words)


def flag_param(ctx, name: str, default: bool) -> bool:
    raw = ctx.params.get(name, default)
    if isinstance(raw, str):
        return raw.strip().lower() in ("true", "ya", "yes", "1", "on", "aktif")
    return bool(raw)


def ext(el, key: str) -> str:
    """A ppb attribute of ``el`` as stripped text ('' when absent); the key's case is free."""
    if el is None:
        return ""
    value = vocab.text(el, key)
    if value or not el.ext:
        return value
    low = key.lower()
    for k, v in el.ext.items():
        if k.lower() == low:
            return (v or "").strip()
    return ""


def pools_by_process(model) -> dict:
    """process element -> the participant (pool) that draws it."""
    return {p.process: p for p in model.all("Participant") if p.process is not None}


def is_external(process, pools, values) -> bool:
    """A pool marked as an external stakeholder (``ppb:pemangku``, on the pool or the process)."""
    wanted = {v.lower() for v in values}
    return any(ext(el, "pemangku").lower() in wanted for el in (pools.get(process), process))


_KINDS = (
    ("Participant", "Pool", "Pool"),
    ("Lane", "Lane", "Lane"),
    ("Process", "Proses", "Process"),
    ("StartEvent", "Start event", "Start event"),
    ("EndEvent", "End event", "End event"),
    ("Event", "Event", "Event"),
    ("Gateway", "Gateway", "Gateway"),
    ("SubProcess", "Subproses", "Sub-process"),
    ("CallActivity", "Call activity", "Call activity"),
    ("Activity", "Aktivitas", "Activity"),
)


def kind(el) -> tuple[str, str]:
    """How a message names the element's kind: (Indonesian, English)."""
    for type_name, jenis, en in _KINDS:
        if type_name in el.types:
            return jenis, en
    return "Elemen", "Element"
