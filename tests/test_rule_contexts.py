"""Validator.check_model gives each file rule one context per thread, reused for every
model: the findings are those of a fresh validator, threads do not mix their models, and
no context keeps a model alive after its check."""
from __future__ import annotations

import gc
import sys
import threading
import weakref
from pathlib import Path

from validator.engine import Validator
from validator.parser import read_file

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"
BAD = sorted((SAMPLES / "cacat").glob("*.bpmn"))
GOOD = sorted((SAMPLES / "pariaman").glob("*-baik.bpmn"))


def _findings(v, path):
    return [f.to_dict() for f in v.check_model(read_file(path))]


def test_reused_contexts_give_the_findings_of_fresh_ones():
    v = Validator()
    paths = [*BAD[:3], *GOOD[:3]] * 2
    assert [_findings(v, p) for p in paths] == [_findings(Validator(), p) for p in paths]
    assert any(_findings(v, p) for p in BAD[:3])


def test_threads_each_get_their_own_contexts():
    v = Validator()
    want = {p: _findings(Validator(), p) for p in (BAD[0], GOOD[0])}
    got: dict = {}
    start = threading.Barrier(2)

    def run(path):
        start.wait()
        got[path] = [_findings(v, path) for _ in range(30)]

    threads = [threading.Thread(target=run, args=(p,)) for p in want]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)         # the threads take turns inside the rules
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    for path, runs in got.items():
        assert all(r == want[path] for r in runs)


def test_no_context_keeps_the_model():
    v = Validator()
    model = read_file(BAD[0])
    v.check_model(model)
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None


def test_replacing_the_active_rules_is_seen():
    v = Validator()
    assert _findings(v, BAD[0])
    v.active = []
    assert _findings(v, BAD[0]) == []
