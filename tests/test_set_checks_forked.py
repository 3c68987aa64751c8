"""Validator.check_set(..., jobs=2) shares the set checks with one forked copy of the
process: the same findings in the same order as one process, and a check whose findings
do not come back from the copy is run in the parent."""
from __future__ import annotations

import dataclasses
import os

import pytest

from validator import engine
from validator.engine import Validator
from validator.mapset import read_set
from validator.plan import load_plan

from .conftest import ROOT

SAMPLES = ROOT / "bpmn_samples"
PLAN = SAMPLES / "rencana-pariaman.yaml"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _as_dicts(result):
    per_file, whole, skipped = result
    return ({name: [f.to_dict() for f in found] for name, found in per_file.items()},
            [f.to_dict() for f in whole], skipped)


@pytest.fixture
def alone(monkeypatch):
    """No thread of an earlier test (a live server's) is taken for one of the process."""
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 1)


@pytest.fixture
def forks(monkeypatch):
    calls = []
    real = os.fork

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(os, "fork", counting)
    return calls


def test_forked_checks_give_the_findings_of_one_process(forks, alone):
    v = Validator()
    mapset = read_set(SAMPLES / "pariaman")
    plan = load_plan(PLAN)
    alone = _as_dicts(v.check_set(read_set(SAMPLES / "pariaman"), plan))
    assert forks == []
    shared = _as_dicts(v.check_set(mapset, plan, jobs=2))
    assert forks == [1]
    assert shared == alone
    assert sum(len(found) for found in shared[0].values()) + len(shared[1]) > 0


def test_without_a_plan_the_rules_not_run_are_the_same(forks, alone):
    v = Validator()
    alone = _as_dicts(v.check_set(read_set(SAMPLES / "pariaman")))
    assert _as_dicts(v.check_set(read_set(SAMPLES / "pariaman"), jobs=2)) == alone
    assert forks == [1] and alone[2]          # the plan checks are named as not run


def test_a_check_lost_in_the_copy_is_run_here(forks, alone):
    """A copy that dies before sending (here: on its first family) loses nothing."""
    parent = os.getpid()
    v = Validator()
    plan = load_plan(PLAN)
    alone = _as_dicts(v.check_set(read_set(SAMPLES / "pariaman"), plan))

    def dying(check):
        def run(mapset, ctx):
            if os.getpid() != parent:
                os._exit(3)
            return check(mapset, ctx)
        return run

    v.set_active = [(dataclasses.replace(spec, set_check=dying(spec.set_check)), setting)
                    for spec, setting in v.set_active]
    assert _as_dicts(v.check_set(read_set(SAMPLES / "pariaman"), plan, jobs=2)) == alone
    assert forks == [1]


def test_no_copy_while_threads_run(forks):
    import threading

    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        v = Validator()
        alone = _as_dicts(v.check_set(read_set(SAMPLES / "pariaman")))
        assert _as_dicts(v.check_set(read_set(SAMPLES / "pariaman"), jobs=2)) == alone
        assert forks == []                      # forking beside a thread is not safe
    finally:
        stop.set()
        t.join()


def test_a_family_runs_in_one_process(alone):
    """The checks of one family (PPB-ALN-...) run in the same process, so what they share
    is worked out once."""
    seen: dict[str, set[int]] = {}
    parent = os.getpid()
    read_end, write_end = os.pipe()

    v = Validator()

    def noting(spec, check):
        def run(mapset, ctx):
            os.write(write_end, f"{spec.id.rsplit('-', 1)[0]} {os.getpid()}\n".encode())
            return check(mapset, ctx)
        return run

    v.set_active = [(dataclasses.replace(spec, set_check=noting(spec, spec.set_check)), setting)
                    for spec, setting in v.set_active]
    v.check_set(read_set(SAMPLES / "pariaman"), load_plan(PLAN), jobs=2)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        for line in pipe.read().splitlines():
            family, pid = line.split()
            seen.setdefault(family, set()).add(int(pid))
    assert len(seen) >= 3 and all(len(pids) == 1 for pids in seen.values())
    assert seen["PPB-ALN"] == {parent}          # the plan links stay in this process
    assert len(set().union(*seen.values())) == 2   # and the copy took a share


def test_while_the_copy_checks_the_alignment_is_prepared(alone, monkeypatch):
    """With a plan, the parent works out the alignment's plan side while it waits for the
    copy; the alignment made afterwards is the one a set run without a copy gives."""
    import time

    from validator import alignment

    plan = load_plan(PLAN)
    want = alignment.build(read_set(SAMPLES / "pariaman"), plan).as_dict()
    parent = os.getpid()
    prepared = []
    real = alignment.prepare
    monkeypatch.setattr(alignment, "prepare", lambda ms, pl: (prepared.append(1), real(ms, pl)))
    v = Validator()

    def slow(check):
        def run(mapset, ctx):
            if os.getpid() != parent:
                time.sleep(0.3)            # the copy is still busy when this process is done
            return check(mapset, ctx)
        return run

    v.set_active = [(dataclasses.replace(spec, set_check=slow(spec.set_check))
                     if not spec.id.startswith("PPB-ALN") else spec, setting)
                    for spec, setting in v.set_active]
    mapset = read_set(SAMPLES / "pariaman")
    v.check_set(mapset, plan, jobs=2)
    assert prepared == [1]
    assert alignment.build(mapset, plan).as_dict() == want


def test_an_interrupted_run_leaves_no_copy_behind(alone, monkeypatch):
    """Ctrl-C (or any error that is not a check's own) while this process checks: the copy
    is stopped and reaped, and the interruption goes on to the caller."""
    parent = os.getpid()
    v = Validator()

    def interrupted(check):
        def run(mapset, ctx):
            if os.getpid() == parent:
                raise KeyboardInterrupt
            return check(mapset, ctx)
        return run

    v.set_active = [(dataclasses.replace(spec, set_check=interrupted(spec.set_check)), setting)
                    for spec, setting in v.set_active]
    pids = []
    real = os.fork

    def recording():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording)
    before = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    with pytest.raises(KeyboardInterrupt):
        v.check_set(read_set(SAMPLES / "pariaman"), load_plan(PLAN), jobs=2)
    assert len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)          # stopped and reaped already
    if before is not None:
        assert set(os.listdir("/proc/self/fd")) <= before   # the pipe is closed
