"""BPSim 2.0 parameters (the WfMC simulation standard) carried inside a BPMN file.

A map drawn in a tool that writes BPSim keeps its parameters in ``bpsim:BPSimData``
(namespace ``http://www.bpsim.org/schemas/2.0``), usually inside
``bpmn:relationship/bpmn:extensionElements``, sometimes in the extension elements of the
definitions or the process. Read here, from the first ``bpsim:Scenario``:

* ``ScenarioParameters``: ``replication``, ``seed``, ``baseTimeUnit`` (the unit of every
  plain number; ``min`` when absent);
* ``ElementParameters elementRef=...``:

  - ``TimeParameters/ProcessingTime`` of an activity: ``NormalDistribution`` (mean,
    standardDeviation), ``TruncatedNormalDistribution`` (read as normal; below zero is cut
    off anyway), ``ExponentialDistribution`` (mean), ``TriangularDistribution`` (min, mode,
    max), ``UniformDistribution`` (min, max), ``LogNormalDistribution`` (mean,
    standardDeviation), or a constant ``FloatingParameter``/``NumericParameter``
    (``value``) or ``DurationParameter`` (ISO 8601 ``PT30M``);
  - ``ControlParameters/InterTriggerTimer`` of a start event: the time between arrivals;
  - ``ControlParameters/Probability`` of a sequence flow: its branch probability;
  - ``ResourceParameters/Quantity`` of a lane (or of a ``bpmn:resource`` named like a
    lane): the number of staff.

The ``ppb`` attributes win where both are given: ``ppb:durasi`` over ProcessingTime (which
in turn wins over the ``ppb:mutuWaktu`` fallback), ``ppb:peluang`` over Probability,
``ppb:kapasitas`` over Quantity, ``ppb:kedatangan`` over InterTriggerTimer; a what-if
scenario wins over both. Replications and seed apply only when the user gave none.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import MESSAGES, Finding, SimulationError
from .params import Dist

NS = "http://www.bpsim.org/schemas/2.0"
Q = "{%s}" % NS

# minutes per BPSim time unit; a day is a working day of the calendar (set at read time)
UNITS = {"ms": 1 / 60000, "s": 1 / 60, "min": 1.0, "hour": 60.0, "h": 60.0}

MESSAGES.setdefault("SIM-BPSIM", (
    "Parameter BPSim 2.0 dari berkas dipakai ({value}); atribut ppb yang juga diisi "
    "didahulukan.",
    "BPSim 2.0 parameters from the file were used ({value}); ppb attributes that are also "
    "set take precedence."))


@dataclass
class BpsimData:
    """What a file's BPSim scenario says, in minutes (element id -> value)."""

    scenario: str | None = None
    replications: int | None = None
    seed: int | None = None
    durations: dict[str, Dist] = field(default_factory=dict)
    arrivals: dict[str, Dist] = field(default_factory=dict)
    probabilities: dict[str, float] = field(default_factory=dict)
    quantities: dict[str, int] = field(default_factory=dict)   # lane id or resource name -> staff

    def __bool__(self) -> bool:
        return bool(self.durations or self.arrivals or self.probabilities or self.quantities
                    or self.replications or self.seed is not None)


def _bad(detail: str) -> SimulationError:
    return SimulationError("SIM-PARAM", where="BPSim", detail=detail)


def _float(el, attr: str) -> float:
    raw = el.get(attr)
    if raw is None:
        raise _bad(f"{_local(el.tag)} tanpa atribut '{attr}'")
    try:
        value = float(raw)
    except ValueError:
        raise _bad(f"{_local(el.tag)} {attr}='{raw}' bukan angka") from None
    if math.isnan(value) or math.isinf(value):
        raise _bad(f"{_local(el.tag)} {attr}='{raw}' bukan angka terhingga")
    return value


def _local(tag) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else str(tag)


def _iso_minutes(text: str) -> float:
    from ..units import parse_duration
    d = parse_duration(text.strip(), 24.0)
    if d is None:
        raise _bad(f"DurationParameter '{text}' tidak terbaca (tulis ISO 8601, mis. PT30M)")
    return d.minutes


def _dist(holder, unit: float, what: str) -> Dist | None:
    """The distribution or constant inside ``holder`` (ProcessingTime, InterTriggerTimer)."""
    for el in holder:
        if not isinstance(el.tag, str):
            continue
        name = _local(el.tag)
        text = f"BPSim {name}"
        if name in ("NormalDistribution", "TruncatedNormalDistribution"):
            return Dist("normal", (_float(el, "mean") * unit, _float(el, "standardDeviation") * unit), text)
        if name == "LogNormalDistribution":
            return Dist("lognormal", (_float(el, "mean") * unit, _float(el, "standardDeviation") * unit), text)
        if name == "ExponentialDistribution":
            return Dist("exponential", (_float(el, "mean") * unit,), text)
        if name == "TriangularDistribution":
            low, mode, high = (_float(el, a) * unit for a in ("min", "mode", "max"))
            if not low <= mode <= high:
                raise _bad(f"TriangularDistribution pada {what}: harus min <= mode <= max")
            return Dist("triangular", (low, mode, high), text)
        if name == "UniformDistribution":
            low, high = _float(el, "min") * unit, _float(el, "max") * unit
            if high < low:
                raise _bad(f"UniformDistribution pada {what}: max lebih kecil dari min")
            return Dist("uniform", (low, high), text)
        if name in ("FloatingParameter", "NumericParameter"):
            return Dist("fixed", (_float(el, "value") * unit,), text)
        if name == "DurationParameter":
            return Dist("fixed", (_iso_minutes(el.get("value") or ""),), text)
    return None


def _value(holder) -> float | None:
    for el in holder:
        if isinstance(el.tag, str) and _local(el.tag) in ("FloatingParameter", "NumericParameter"):
            return _float(el, "value")
    return None


def find(root):
    """The first ``bpsim:BPSimData`` element under ``root`` (an lxml element) or None."""
    if root is None:
        return None
    return next(iter(root.iter(Q + "BPSimData")), None)


def read(root, minutes_per_day: float = 450.0) -> BpsimData | None:
    """Read the first BPSim scenario of the tree; None when the file carries none.
    Raises SimulationError (Indonesian) for a value that cannot be used."""
    data_el = find(root)
    if data_el is None:
        return None
    scenario = next(iter(data_el.iter(Q + "Scenario")), None)
    out = BpsimData()
    if scenario is None:
        return out
    out.scenario = scenario.get("name") or scenario.get("id")
    unit = 1.0
    sp = scenario.find(Q + "ScenarioParameters")
    if sp is not None:
        base = (sp.get("baseTimeUnit") or "min").strip()
        units = {**UNITS, "day": minutes_per_day, "year": minutes_per_day * 365}
        if base not in units:
            raise _bad(f"baseTimeUnit '{base}' tidak dikenal (ms, s, min, hour, day, year)")
        unit = units[base]
        for attr, name in (("replication", "replications"), ("seed", "seed")):
            raw = sp.get(attr)
            if raw is not None and raw.strip():
                try:
                    setattr(out, name, int(raw))
                except ValueError:
                    raise _bad(f"ScenarioParameters {attr}='{raw}' bukan bilangan bulat") from None
        if out.replications is not None and out.replications < 1:
            raise _bad("ScenarioParameters replication minimal 1")
    for ep in scenario.iter(Q + "ElementParameters"):
        ref = (ep.get("elementRef") or "").strip()
        if not ref:
            continue
        pt = ep.find(f"{Q}TimeParameters/{Q}ProcessingTime")
        if pt is not None:
            d = _dist(pt, unit, ref)
            if d is not None:
                out.durations[ref] = d
        itt = ep.find(f"{Q}ControlParameters/{Q}InterTriggerTimer")
        if itt is not None:
            d = _dist(itt, unit, ref)
            if d is not None:
                if d.mean <= 0:
                    raise _bad(f"InterTriggerTimer pada '{ref}' harus lebih dari 0")
                out.arrivals[ref] = d
        prob = ep.find(f"{Q}ControlParameters/{Q}Probability")
        if prob is not None:
            p = _value(prob)
            if p is not None:
                if not 0.0 <= p <= 1.0:
                    raise _bad(f"Probability pada '{ref}' = {p} di luar 0..1")
                out.probabilities[ref] = p
        qty = ep.find(f"{Q}ResourceParameters/{Q}Quantity")
        if qty is not None:
            q = _value(qty)
            if q is not None:
                if q < 1 or q != int(q):
                    raise _bad(f"Quantity pada '{ref}' harus bilangan bulat minimal 1")
                out.quantities[ref] = int(q)
    # a Quantity on a bpmn:resource applies to the lane of the same name
    for res in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}resource"):
        rid, name = res.get("id"), (res.get("name") or "").strip()
        if rid in out.quantities and name:
            out.quantities.setdefault("name:" + name, out.quantities[rid])
    return out


def finding(data: BpsimData, used: dict[str, int]) -> Finding:
    """The note saying BPSim parameters were used; ``used`` counts each kind applied."""
    parts = [f"{k} {v}" for k, v in used.items() if v]
    if data.scenario:
        parts.insert(0, f"skenario '{data.scenario}'")
    return Finding("SIM-BPSIM", "info", None, value=", ".join(parts) or "-")


def scenario_settings(source) -> tuple[int | None, int | None]:
    """(replications, seed) of the BPSim scenario of a file (path or bytes), or
    (None, None) when the file carries no BPSim data or cannot be read."""
    from lxml import etree
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(source if isinstance(source, bytes) else
                                open(source, "rb").read(), parser)
        data = read(root)
    except (OSError, etree.XMLSyntaxError, SimulationError, ValueError):
        return None, None
    if not data:
        return None, None
    return data.replications, data.seed
