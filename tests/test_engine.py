"""Engine behaviour: parallel runs equal sequential ones, errors survive pickling."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from validator.engine import PARALLEL_MIN_FILES, Validator
from validator.errors import BpmnReadError
from validator.report.json_report import as_dict

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"


def test_read_error_pickles_with_code_and_message():
    err = BpmnReadError("TOO_LARGE", "30.0 MB", limit="20.0 MB")
    back = pickle.loads(pickle.dumps(err))
    assert (back.code, back.message, back.message_en) == (err.code, err.message, err.message_en)


def test_parallel_equals_sequential(tmp_path):
    samples = sorted(SAMPLES.rglob("*.bpmn"))
    for i in range(PARALLEL_MIN_FILES + 3):
        src = samples[i % len(samples)]
        shutil.copy(src, tmp_path / f"{i:03d}-{src.name}")
    (tmp_path / "999-rusak.bpmn").write_text("<bpmn:definitions", encoding="utf-8")
    v = Validator()
    seq = as_dict(v.validate_paths([str(tmp_path)], jobs=1))
    par = as_dict(v.validate_paths([str(tmp_path)], jobs=2))
    assert seq == par
    assert len(seq["files"]) == PARALLEL_MIN_FILES + 4
    assert seq["files"][-1]["error"]["code"] == "NOT_WELL_FORMED"
    assert seq["summary"]["error"] > 0
