"""Parity with bpmnlint 11.15: our bpmnlint rules give exactly bpmnlint's reports.

bpmnlint itself (pinned in benchmarks/package.json, installed by ``make node-deps``)
lints every file of the MIWG corpus and every fixture under tests/rules/ twice, one
Node process for all files each time: with bpmnlint:recommended
(benchmarks/bpmnlint_runner.js --recommended), which our profile ``bpmnlint`` must
match, and with all its rules at 'error' (``--all``), which our profile
``bpmnlint-all`` must match. (The default profile ``standar`` deliberately differs on
Level 0/1 landscapes and on files without ``<incoming>``/``<outgoing>``: see
validator/rules/bpmnlint/_flows.py.) Per file, the multiset of (rule, element id,
English message) must be the same: a finding's ``message_en`` is bpmnlint's message
text by design.

One test per (part, rule), so a failure names the rule and lists its first
mismatches: ``MISSING`` = bpmnlint reports it and we do not, ``EXTRA`` = the other
way round. A file that only one side reads is not compared:
``test_we_read_what_bpmnlint_reads`` fails on files only bpmnlint reads,
``test_files_only_we_read`` lists the others as a warning.

Deviations we accept on purpose are listed in ``ACCEPTED_DEVIATIONS`` (and
``ACCEPTED_UNREADABLE``) with the reason; an entry that no longer occurs makes its
test fail, so the lists stay true.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator, is_bpmn_name

from .conftest import CORPUS, ROOT, RULE_FIXTURES

BENCH = ROOT / "benchmarks"
RUNNER = BENCH / "bpmnlint_runner.js"
NODE_TIMEOUT_S = 600
SHOW = 25  # mismatches listed in a failure message

CATALOG = load_catalog()
# (mode, bpmnlint runner flag, our profile): bpmnlint's two configurations and the profiles
# that keep their verdicts.
MODES = {"recommended": ("--recommended", "bpmnlint"), "all": ("--all", "bpmnlint-all")}
# The 28 rules of bpmnlint:all, as our profile "bpmnlint-all" names them.
BPMNLINT_RULES = sorted(CATALOG.profiles["bpmnlint-all"].rules)
PARTS = ("corpus", "fixtures")

# Accepted deviations: (shown path, rule, element id, English message, "missing"|"extra")
# -> why. "missing": bpmnlint reports it, we do not; "extra": the other way round.
# Shown paths are "miwg/<tool>/<file>" for the corpus, "tests/rules/..." for fixtures.
ACCEPTED_DEVIATIONS: dict[tuple[str, str, str | None, str, str], str] = {}

# Files bpmnlint reads and we do not: shown path -> why. (Files only we read are
# allowed: see test_files_only_we_read.)
ACCEPTED_UNREADABLE: dict[str, str] = {}


class OnlyWeRead(UserWarning):
    """Files bpmnlint cannot read and we can."""


@dataclass
class FileCase:
    shown: str
    theirs: Counter | None = None      # None: bpmnlint could not read it
    their_error: str | None = None
    ours: Counter | None = None        # None: we could not read it
    our_error: str | None = None


@dataclass
class Outcome:
    cases: dict[str, list[FileCase]] = field(default_factory=dict)  # part -> files
    rule_errors: list[str] = field(default_factory=list)            # bpmnlint rules that threw


def _files() -> dict[str, list[tuple[Path, str]]]:
    out: dict[str, list[tuple[Path, str]]] = {"corpus": [], "fixtures": []}
    if CORPUS.is_dir():
        out["corpus"] = [(p, "miwg/" + p.relative_to(CORPUS).as_posix())
                         for p in sorted(CORPUS.rglob("*")) if p.is_file() and is_bpmn_name(p.name)]
    out["fixtures"] = [(p, p.relative_to(ROOT).as_posix())
                       for p in sorted(RULE_FIXTURES.rglob("*.bpmn")) if p.is_file()]
    return out


def _start_bpmnlint(paths: list[Path], tmp: Path, flag: str) -> subprocess.Popen:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (>= 20) is not installed; the parity test needs it (see `make node-deps`)")
    if not (BENCH / "node_modules" / "bpmnlint" / "package.json").is_file():
        pytest.fail("bpmnlint is not installed in benchmarks/; run `make node-deps`")
    listing = tmp / "files.txt"
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return subprocess.Popen(
        [node, str(RUNNER), flag, "--files", str(listing)], cwd=BENCH,
        stdout=(tmp / "out.json").open("wb"), stderr=(tmp / "err.txt").open("wb"))


@pytest.fixture(scope="module", params=sorted(MODES))
def outcome(request) -> Outcome:
    flag, profile = MODES[request.param]
    files = _files()
    everything = [p for part in PARTS for p, _ in files[part]]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        proc = _start_bpmnlint(everything, tmp, flag)  # runs while we validate the same files
        try:
            ours = _ours(everything, profile)
            code = proc.wait(timeout=NODE_TIMEOUT_S)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err = (tmp / "err.txt").read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"bpmnlint runner failed (exit {code}):\n{err[-3000:]}"
        theirs = json.loads((tmp / "out.json").read_text(encoding="utf-8"))
    result = Outcome()
    for part in PARTS:
        cases = []
        for path, shown in files[part]:
            case = FileCase(shown)
            got = theirs[str(path)]
            if "error" in got:
                case.their_error = got["error"]
            else:
                case.theirs = Counter((rule, r.get("id"), r["message"])
                                      for rule, reports in got["reports"].items() for r in reports)
                result.rule_errors += [f"{shown}: {rule}: {msg}"
                                       for rule, msg in (got.get("ruleErrors") or {}).items()]
            case.ours, case.our_error = ours[str(path)]
            cases.append(case)
        result.cases[part] = cases
    return result


def _ours(paths: list[Path], profile: str) -> dict[str, tuple[Counter | None, str | None]]:
    validator = Validator(Config(profile=profile), CATALOG)
    group = {rid for rid, spec in CATALOG.rules.items() if spec.group == "bpmnlint"}
    out: dict[str, tuple[Counter | None, str | None]] = {}
    for path in paths:
        res = validator.validate_file(path, keep_model=False)
        if not res.ok:
            out[str(path)] = (None, f"{res.error.code}: {res.error.message}")
        else:
            out[str(path)] = (Counter((f.rule, f.element, f.message_en)
                                      for f in res.findings if f.rule in group), None)
    return out


def _require_part(outcome: Outcome, part: str) -> list[FileCase]:
    if part == "corpus" and not CORPUS.is_dir():
        pytest.skip(f"MIWG corpus not found at <project>/../{CORPUS.relative_to(ROOT.parent).as_posix()}")
    cases = outcome.cases[part]
    assert cases, f"no {part} files found"
    return cases


def test_rule_list_matches_bpmnlint():
    """Our list of bpmnlint rules is bpmnlint's own (rules/*.js of the installed package)."""
    rules_dir = BENCH / "node_modules" / "bpmnlint" / "rules"
    if not rules_dir.is_dir():
        pytest.fail("bpmnlint is not installed in benchmarks/; run `make node-deps`")
    theirs = sorted(p.stem for p in rules_dir.glob("*.js") if p.stem != "helper")
    assert BPMNLINT_RULES == theirs
    group = sorted(rid for rid, spec in CATALOG.rules.items() if spec.group == "bpmnlint")
    assert set(group) <= set(theirs), f"rules in group bpmnlint that bpmnlint lacks: {set(group) - set(theirs)}"


def test_bpmnlint_rules_did_not_throw(outcome):
    if outcome.rule_errors:
        pytest.fail(f"{len(outcome.rule_errors)} bpmnlint rule failure(s):\n  "
                    + "\n  ".join(outcome.rule_errors[:SHOW]), pytrace=False)


@pytest.mark.parametrize("part", PARTS)
def test_we_read_what_bpmnlint_reads(outcome, part):
    """A file bpmnlint reads, we read too (else its findings are lost to the user)."""
    lines = []
    seen = set()
    for case in _require_part(outcome, part):
        if case.theirs is None or case.ours is not None:
            continue
        seen.add(case.shown)
        if case.shown not in ACCEPTED_UNREADABLE:
            lines.append(f"  {case.shown}: we cannot read it ({case.our_error}); bpmnlint can")
    stale = [k for k in ACCEPTED_UNREADABLE if k not in seen and _in_part(k, part)]
    msg = [f"{len(lines)} file(s) bpmnlint reads and we do not:"] + lines[:SHOW] if lines else []
    if stale:
        msg += ["accepted unreadable files that we now read (remove them):"] + [f"  {k}" for k in stale]
    if msg:
        pytest.fail("\n".join(msg), pytrace=False)


@pytest.mark.parametrize("part", PARTS)
def test_files_only_we_read(outcome, part):
    """Files bpmnlint cannot read and we can: allowed (our reader recovers from a wrong
    namespace or encoding on purpose, and says so); listed as a warning, left out of
    the rule comparison."""
    lines = [f"{case.shown}: bpmnlint: {case.their_error}" for case in _require_part(outcome, part)
             if case.theirs is None and case.ours is not None]
    if lines:
        warnings.warn(OnlyWeRead(f"{len(lines)} {part} file(s) bpmnlint cannot read and we can "
                                 "(not compared):\n  " + "\n  ".join(lines[:SHOW])))


@pytest.mark.parametrize("rule", BPMNLINT_RULES)
@pytest.mark.parametrize("part", PARTS)
def test_parity(outcome, part, rule):
    cases = _require_part(outcome, part)
    mismatches: list[tuple[str, str, str | None, str, str]] = []
    theirs_total = ours_total = 0
    files_with = 0
    for case in cases:
        if case.theirs is None or case.ours is None:
            continue  # see test_we_read_what_bpmnlint_reads / test_files_only_we_read
        exp = Counter({k: n for k, n in case.theirs.items() if k[0] == rule})
        got = Counter({k: n for k, n in case.ours.items() if k[0] == rule})
        theirs_total += sum(exp.values())
        ours_total += sum(got.values())
        files_with += bool(exp)
        for kind, diff in (("missing", exp - got), ("extra", got - exp)):
            for (_, element, message), n in diff.items():
                mismatches += [(case.shown, rule, element, message, kind)] * n
    if rule not in CATALOG.rules:
        pytest.fail(f"{rule}: not implemented (bpmnlint reports it {theirs_total} times "
                    f"in {files_with} {part} file(s))", pytrace=False)
    seen = set(mismatches)
    open_ = [m for m in mismatches if m not in ACCEPTED_DEVIATIONS]
    stale = [k for k in ACCEPTED_DEVIATIONS if k[1] == rule and _in_part(k[0], part) and k not in seen]
    msg = []
    if open_:
        nfiles = len({m[0] for m in open_})
        msg.append(f"{rule}: {len(open_)} mismatch(es) in {nfiles} {part} file(s) "
                   f"(bpmnlint {theirs_total} reports, ours {ours_total}); first {min(SHOW, len(open_))}:")
        msg += [f"  {kind.upper():7} {shown}  {element}  {message!r}"
                for shown, _, element, message, kind in open_[:SHOW]]
    if stale:
        msg += ["accepted deviations that no longer occur (remove them):"] + [f"  {k}" for k in stale]
    if msg:
        pytest.fail("\n".join(msg), pytrace=False)


def _in_part(shown: str, part: str) -> bool:
    return shown.startswith("miwg/") == (part == "corpus")
