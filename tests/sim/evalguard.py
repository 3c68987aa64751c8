"""A guard for the simulation tests: no text taken from a map ever reaches Python's
``eval``, ``exec`` or ``compile``.

:func:`install` wraps ``builtins.eval``/``exec``/``compile``. A call is a violation when

* its source (a string, bytes, a code object's constants and names, or an AST) holds a
  marker that only map text carries: ``PPB_PAYLOAD`` (every test map puts it in each of
  its expressions) or ``ppb_route(`` (the simulator's own branch calls are dispatched
  by a regular expression and must never be evaluated either); or
* it comes straight from SpiffWorkflow's code (its script engine and environments are
  where map expressions would be evaluated; after the fix nothing reaches them).

Library internals that generate their own source (dataclasses, typing, namedtuple,
jinja2, pytest) pass through untouched. A violation raises ``AssertionError`` at the call
and is recorded, so that the test fails at teardown even when the caller swallowed the
exception. :func:`guard_fixture` is the autouse fixture the simulation and security test
modules use; ``python -m tests.sim.evalguard ARGS`` runs ``ppb ARGS`` under the guard (the
CLI subprocess tests), exiting with 99 when a violation happened.
"""
from __future__ import annotations

import ast
import builtins
import os
import sys
import types

MARKERS = ("PPB_PAYLOAD", "ppb_route(")
SPIFF_DIR = os.sep + "SpiffWorkflow" + os.sep
# code that compiles source files, never map text: imports, pytest's assertion rewriting and
# its failure reports (which parse the test module's own source)
EXEMPT = ("<frozen importlib", *(os.sep + "_pytest" + os.sep + part for part in
                                ("_code" + os.sep, "assertion" + os.sep, "reports.py")))
EXIT_VIOLATION = 99


class Guard:
    def __init__(self) -> None:
        self.violations: list[str] = []
        self._saved: dict = {}

    # -- what a call carries ---------------------------------------------------------
    @staticmethod
    def _strings(source) -> list[str]:  # noqa: ANN001
        if isinstance(source, str):
            return [source]
        if isinstance(source, (bytes, bytearray, memoryview)):
            return [bytes(source).decode("utf-8", "replace")]
        if isinstance(source, types.CodeType):
            out = list(source.co_names) + list(source.co_varnames)
            for const in source.co_consts:
                if isinstance(const, (str, bytes, types.CodeType)):
                    out.extend(Guard._strings(const))
            return out
        if isinstance(source, ast.AST):
            return [ast.dump(source)]
        return [repr(source)]

    @staticmethod
    def _caller() -> tuple[str, bool]:
        """The file of the code calling eval/exec/compile, and whether an exempt caller
        (an import, pytest's own reporting) is on the stack."""
        frame = sys._getframe(3)   # _caller <- _check <- wrapper <- the caller
        filename = frame.f_code.co_filename
        depth = 0
        while frame is not None and depth < 40:
            name = frame.f_code.co_filename
            if name.startswith(EXEMPT[0]) or any(part in name for part in EXEMPT[1:]):
                return filename, True
            frame = frame.f_back
            depth += 1
        return filename, False

    def _check(self, what: str, source) -> None:  # noqa: ANN001
        filename, exempt = self._caller()
        if exempt:
            return
        caller = filename if SPIFF_DIR in filename else None
        texts = self._strings(source)
        hit = next((m for m in MARKERS for t in texts if m in t), None)
        if hit is None and caller is None:
            return
        preview = " ".join(texts)[:160]
        reason = f"holds {hit!r}" if hit else f"called from SpiffWorkflow ({caller})"
        message = f"{what}() was given map text ({reason}): {preview}"
        self.violations.append(message)
        raise AssertionError(message)

    # -- install / remove --------------------------------------------------------------
    def install(self) -> "Guard":
        real_eval, real_exec, real_compile = builtins.eval, builtins.exec, builtins.compile
        self._saved = {"eval": real_eval, "exec": real_exec, "compile": real_compile}
        guard = self

        def eval_(source, *args, **kwargs):  # noqa: ANN001, ANN202
            guard._check("eval", source)
            return real_eval(source, *args, **kwargs)

        def exec_(source, *args, **kwargs):  # noqa: ANN001, ANN202
            guard._check("exec", source)
            return real_exec(source, *args, **kwargs)

        def compile_(source, *args, **kwargs):  # noqa: ANN001, ANN202
            guard._check("compile", source)
            return real_compile(source, *args, **kwargs)

        builtins.eval, builtins.exec, builtins.compile = eval_, exec_, compile_
        return self

    def remove(self) -> None:
        for name, fn in self._saved.items():
            setattr(builtins, name, fn)
        self._saved = {}


def install() -> Guard:
    return Guard().install()


try:
    import pytest
except ImportError:  # pragma: no cover - the CLI runner below needs no pytest
    pytest = None

if pytest is not None:
    @pytest.fixture(autouse=True)
    def guard_fixture():
        """Every test of the module runs with the guard; a recorded violation fails it."""
        guard = install()
        try:
            yield guard
        finally:
            guard.remove()
        assert not guard.violations, "map text reached eval/exec/compile:\n" + \
            "\n".join(guard.violations)


def main(argv: list[str]) -> int:
    """``ppb ARGV`` with the guard installed (for the CLI subprocess tests)."""
    from validator.cli import main as ppb_main

    guard = install()
    try:
        code = ppb_main(argv)
    except AssertionError:
        code = EXIT_VIOLATION
    finally:
        guard.remove()
    if guard.violations:
        sys.stderr.write("EVALGUARD: " + "\n".join(guard.violations) + "\n")
        return EXIT_VIOLATION
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
