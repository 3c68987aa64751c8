"""validator.mapset.gc_paused: the collector is paused while a set is read and checked, and
what was made meanwhile is not walked again when it comes back on."""
from __future__ import annotations

import gc
from pathlib import Path

from validator.mapset import gc_paused

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"


def _collections(fn) -> int:
    seen = []

    def note(phase, info):  # noqa: ANN001
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        fn()
    finally:
        gc.callbacks.remove(note)
    return len(seen)


def test_what_was_made_meanwhile_is_not_walked_when_the_collector_is_back():
    assert gc.isenabled()
    kept = []

    def run():
        with gc_paused():
            assert not gc.isenabled()
            kept.extend([i, [i]] for i in range(80_000))   # tracked objects, all kept
        assert gc.isenabled()
        kept.append([[] for _ in range(50)])              # the allocations right after

    gc.unfreeze()   # an in-process `ppb validate` of an earlier test froze its heap (as it does)
    assert gc.get_freeze_count() == 0
    assert _collections(run) == 0          # no pass over the 160,000 objects just made
    assert gc.get_count()[0] < 700          # they left the youngest generation uncounted
    assert gc.get_freeze_count() == 0       # and nothing stays frozen


def test_a_frozen_heap_stays_frozen_and_the_collector_runs_as_before():
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        kept = []

        def run():
            with gc_paused():
                kept.extend([i] for i in range(150_000))
            kept.append([[] for _ in range(50)])

        assert _collections(run) >= 1            # the young objects are walked, as before
        assert gc.get_freeze_count() == frozen   # a server's preloaded heap is left alone
    finally:
        gc.unfreeze()


def test_a_caller_that_had_the_collector_off_keeps_it_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_short_pause_leaves_the_generations_as_they_are():
    """A request's map makes a few thousand objects: they stay young and are collected by
    the usual passes (and no frozen list is walked to decide)."""
    gc.unfreeze()
    kept = []

    def run():
        with gc_paused():
            kept.extend([i] for i in range(3_000))
        kept.append([[] for _ in range(50)])

    assert _collections(run) >= 1


def test_a_parallel_set_run_leaves_a_frozen_heap_frozen(tmp_path, monkeypatch):
    """The worker pool freezes the heap while it runs and thaws it after, unless a heap was
    frozen before (a server's preloaded one), which must stay frozen."""
    from validator.engine import PARALLEL_MIN_FILES, Validator

    sample = (SAMPLES / "pariaman" / "dpmptsp-level1-baik.bpmn").read_bytes()
    for i in range(PARALLEL_MIN_FILES + 2):
        (tmp_path / f"peta-{i:02d}.bpmn").write_bytes(sample.replace(b'id="', b'id="R%d_' % i))
    v = Validator()
    gc.unfreeze()
    report = v.validate_set(tmp_path, jobs=2)
    assert len(report.files) == PARALLEL_MIN_FILES + 2 and report.files[0].model is None  # workers
    assert gc.get_freeze_count() == 0                  # frozen while the pool ran, thawed after
    gc.collect()
    gc.freeze()
    thawed = []
    unfreeze = gc.unfreeze
    monkeypatch.setattr(gc, "unfreeze", lambda: (thawed.append(1), unfreeze())[1])
    try:
        frozen = gc.get_freeze_count()
        v.validate_set(tmp_path, jobs=2)
        # The server's heap is still frozen. Frozen objects may still die (a cache entry
        # replaced), so the count can fall a little; a thaw would take it to zero.
        assert thawed == [] and gc.get_freeze_count() > frozen // 2
    finally:
        unfreeze()
