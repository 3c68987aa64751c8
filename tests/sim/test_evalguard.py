"""The eval guard every simulation test runs under (tests/sim/evalguard.py) really guards."""
import collections
import dataclasses

import pytest


def test_map_text_and_branch_calls_are_refused(guard_fixture):
    for source in ("__import__('os').getcwd() or 'PPB_PAYLOAD'", "ppb_route('G', 'f')"):
        with pytest.raises(AssertionError):
            eval(source)  # noqa: S307 - the point of the test
        with pytest.raises(AssertionError):
            exec(source)  # noqa: S102
        with pytest.raises(AssertionError):
            compile(source, "<peta>", "eval")
    code = compile("x = 1", "<kita>", "exec")
    assert eval("1 + 1") == 2 and code is not None     # our own text passes
    assert len(guard_fixture.violations) == 6
    guard_fixture.violations.clear()                   # deliberate: do not fail the teardown


def test_library_internals_that_generate_code_still_work():
    point = collections.namedtuple("Point", "x y")(1, 2)

    @dataclasses.dataclass
    class Pair:
        a: int
        b: int = 3

    assert point.y == 2 and Pair(1).b == 3


def test_what_comes_from_spiffworkflow_is_refused(guard_fixture):
    from SpiffWorkflow.bpmn.script_engine.python_environment import TaskDataEnvironment

    with pytest.raises(AssertionError):
        TaskDataEnvironment().evaluate("1 + 1", {})   # no marker, but from Spiff's code
    assert guard_fixture.violations
    guard_fixture.violations.clear()
