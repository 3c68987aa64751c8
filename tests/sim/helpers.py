"""Shared helpers of the simulation tests."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = Path(__file__).resolve().parent / "models"


def sample(name: str) -> Path:
    """A sample map by file name, wherever bpmn_samples/ keeps it."""
    hits = sorted((ROOT / "bpmn_samples").rglob(name))
    assert hits, f"sample {name} not found under bpmn_samples/"
    return hits[0]


def model(name: str) -> Path:
    return MODELS / name


def bpmn(body: str, process_attrs: str = 'ppb:kalender="24jam" ppb:kedatangan="6/jam"') -> bytes:
    """A one-process map around ``body`` (flow elements)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="D" targetNamespace="urn:uji">
  <bpmn:process id="P" name="Uji" isExecutable="false" {process_attrs}>
{body}
  </bpmn:process>
</bpmn:definitions>""".encode()


def trajectories(run) -> dict:
    """Per case: the sorted list of its activity and wait records."""
    out: dict = {}
    for rec in run.log:
        out.setdefault(rec[0], []).append(rec)
    return {c: sorted(v, key=lambda r: (r[3], r[1], r[4], r[5])) for c, v in out.items()}
