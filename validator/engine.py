"""The rule engine: model -> findings, and paths -> report.

``validate_model`` runs every active single-file rule over one parsed model;
``validate_paths`` reads files and folders, parses each file once and
collects one :class:`FileResult` per file. Reports (text, JSON, ...) are
made from the result in :mod:`validator.report`.
"""
from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from . import __version__
from .catalog import Catalog, RuleSpec, element_kinds, element_ref, load_catalog
from .config import Config, RuleSetting, effective_settings
from .errors import BpmnReadError
from .model import Element, Model
from .parser import DEFAULT_MAX_BYTES, ParseLimits, parse_bytes, read_file

if TYPE_CHECKING:
    from .mapset import MapFile, MapSet
    from .plan import Plan

BPMN_SUFFIXES = (".bpmn", ".bpmn2", ".bpmn20.xml")


@dataclass
class Finding:
    rule: str
    severity: str
    element: str | None
    message: str
    message_en: str
    source: str
    confidence: str
    group: str
    title: str
    fix: str
    line: int = 0
    element_type: str | None = None
    element_name: str | None = None
    suppressed: bool = False
    suppressed_by: str | None = None
    subject: str | None = None       # a plan item (sasaran, indikator, OPD) the finding is about
    elements: list[str] = field(default_factory=list)  # every element a finding about several names

    @property
    def scope(self) -> str:
        """Where the finding sits: on an element, on a plan item, or on the map as a whole
        (no element, or the map's root ``bpmn:definitions`` that carries its attributes)."""
        if self.element_type == "Definitions":
            return "peta"
        if self.element:
            return "elemen"
        return "rencana" if self.subject else "peta"

    def to_dict(self) -> dict:
        out = {
            "rule": self.rule, "severity": self.severity, "element": self.element,
            "message": self.message, "source": self.source, "confidence": self.confidence,
            "suppressed": self.suppressed,
            "group": self.group, "title": self.title, "fix": self.fix, "line": self.line,
            "elementType": self.element_type, "elementName": self.element_name,
        }
        if self.suppressed_by:
            out["suppressedBy"] = self.suppressed_by
        if self.subject:
            out["subject"] = self.subject
        if self.elements:
            out["elements"] = list(self.elements)
        out["scope"] = self.scope
        return out

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        """A finding read back from :meth:`to_dict` (a stored report); the English message,
        which the JSON report does not hold, is the stored message."""
        return cls(rule=d["rule"], severity=d.get("severity", "warning"), element=d.get("element"),
                   message=d.get("message", ""), message_en=d.get("messageEn") or d.get("message", ""),
                   source=d.get("source", ""), confidence=d.get("confidence", ""),
                   group=d.get("group", ""), title=d.get("title", ""), fix=d.get("fix", ""),
                   line=int(d.get("line") or 0), element_type=d.get("elementType"),
                   element_name=d.get("elementName"), suppressed=bool(d.get("suppressed")),
                   suppressed_by=d.get("suppressedBy"), subject=d.get("subject"),
                   elements=[str(e) for e in d.get("elements") or () if e])


class RuleContext:
    """What a check function gets beside the model: its parameters and ``report``."""

    __slots__ = ("spec", "params", "severity", "lang", "_out", "_model")

    def __init__(self, spec: RuleSpec, setting: RuleSetting, model: Model, lang: str,
                 out: list[Finding]) -> None:
        self.spec = spec
        self.params = setting.params
        self.severity = setting.severity
        self.lang = lang
        self._out = out
        self._model = model

    def report(self, element: Element | str | None, key: str = "default",
               severity: str | None = None, line: int | None = None,
               elements: "list[Element | str] | tuple" = (), **params: object) -> None:
        """Record a finding on ``element`` (an element, an id, or None for the whole file).

        ``elements`` names every element of a finding about several (the first is
        ``element``, which it defaults to); the report marks them all.

        ``key`` picks the message template of the rule; ``params`` fill it.
        ``severity`` lets a rule with two levels (E/W) pick the lower one; a
        configured level always wins over the rule's default.
        """
        spec = self.spec
        if elements:
            ids = [e.id if isinstance(e, Element) else e for e in elements]
            ids = [i for n, i in enumerate(ids) if i and i not in ids[:n]]
            if element is None and ids:
                element = ids[0]
            if ids and isinstance(element, (Element, str)):
                first = element.id if isinstance(element, Element) else element
                ids = [first] + [i for i in ids if i != first]
        else:
            ids = _NO_IDS
        if isinstance(element, Element):
            el = element
            eid = element.id
        else:
            eid = element
            el = self._model.get(element) if element is not None else None
        if el is not None:
            params.setdefault("nama", el.label)
            params.setdefault("id", el.id or el.type)
            # {elemen}: "'Nama' (Id)" or "(Id)"; {jenis_elemen}: "aktivitas", ... (issue 17)
            if "elemen" not in params or "elemen_en" not in params:
                ref = element_ref(el)
                params.setdefault("elemen", ref)
                params.setdefault("elemen_en", ref)
            if "jenis_elemen" not in params or "jenis_elemen_en" not in params:
                kind_id, kind_en = element_kinds(el)
                params.setdefault("jenis_elemen", kind_id)
                params.setdefault("jenis_elemen_en", kind_en)
        sev = self.severity
        if severity is not None and severity != spec.severity and sev == spec.severity:
            sev = severity
        source, title, fix = _spec_texts(spec, self.lang)
        self._out.append(Finding(
            rule=spec.id, severity=sev, element=eid,
            message=spec.message(key, params, self.lang),
            message_en=spec.message(key, params, "en"),
            source=source, confidence=spec.confidence, group=spec.group,
            title=title, fix=fix,
            line=line if line is not None else (el.line if el is not None else 0),
            element_type=el.type if el is not None else None,
            element_name=(el.name or None) if el is not None else None,
            elements=ids if len(ids) > 1 else [],
        ))


_NO_IDS: tuple = ()
# (id of a rule spec, language) -> (the spec, its source line, title, fix): the same for
# every finding of the rule, so made once (a spec is frozen; the spec is kept so that its
# id is not reused while the entry lives)
_SPEC_TEXTS: dict[tuple[int, str], tuple] = {}


def _spec_texts(spec: RuleSpec, lang: str) -> tuple[str, str, str]:
    hit = _SPEC_TEXTS.get((id(spec), lang))
    if hit is None or hit[0] is not spec:
        hit = (spec, spec.source_text, spec.text("title", lang), spec.text("fix", lang))
        if len(_SPEC_TEXTS) > 4096:     # catalogs made and dropped over and over (tests)
            _SPEC_TEXTS.clear()
        _SPEC_TEXTS[(id(spec), lang)] = hit
    return hit[1], hit[2], hit[3]


class SetRuleContext:
    """What a set check gets beside the map set: the plan, its parameters and ``report``.

    ``report(file, element, ...)`` puts a finding on a file of the set (``file`` is the
    name of the file in the set) or, with ``file=None``, on the set as a whole (e.g. a
    sasaran of the plan that no process serves: name it with ``subject``).
    """

    __slots__ = ("spec", "params", "severity", "lang", "plan", "_mapset", "_out")

    def __init__(self, spec: RuleSpec, setting: RuleSetting, mapset: "MapSet", plan: "Plan | None",
                 lang: str, out: list[tuple[str | None, Finding]]) -> None:
        self.spec = spec
        self.params = setting.params
        self.severity = setting.severity
        self.lang = lang
        self.plan = plan
        self._mapset = mapset
        self._out = out

    def report(self, file: str | None, element: Element | str | None = None, key: str = "default",
               severity: str | None = None, line: int | None = None, subject: str | None = None,
               elements: "list[Element | str] | tuple" = (), **params: object) -> None:
        model = None
        if file is not None:
            mf = self._mapset.file(file)
            model = mf.model if mf is not None else None
        found: list[Finding] = []
        RuleContext(self.spec, RuleSetting(self.severity, self.params), model or _NO_MODEL,
                    self.lang, found).report(element, key, severity, line, elements, **params)
        finding = found[0]
        finding.subject = subject
        self._out.append((file if model is not None else None, finding))


class _NoModel:
    """Stands in for a model when a set finding names no file: nothing to look up."""

    def get(self, element_id: str | None) -> None:
        return None


_NO_MODEL = _NoModel()


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: BpmnReadError | None = None
    model: Model | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0, "suppressed": 0}
        for f in self.findings:
            if f.suppressed:
                c["suppressed"] += 1
            else:
                c[f.severity] += 1
        return c


@dataclass
class Report:
    files: list[FileResult]
    catalog_version: str
    profile: str
    lang: str = "id"
    version: str = __version__
    # set runs only (Validator.validate_set):
    is_set: bool = False
    set_findings: list[Finding] = field(default_factory=list)   # findings on no single file
    skipped_rules: list[str] = field(default_factory=list)      # set checks not run: no plan
    mapset: "MapSet | None" = None
    plan: "Plan | None" = None

    def all_findings(self) -> Iterator[Finding]:
        for fr in self.files:
            yield from fr.findings
        yield from self.set_findings

    def summary(self) -> dict[str, int]:
        total = {"error": 0, "warning": 0, "info": 0, "suppressed": 0}
        for fr in self.files:
            for k, v in fr.counts().items():
                total[k] += v
        for f in self.set_findings:
            total["suppressed" if f.suppressed else f.severity] += 1
        total["files"] = len(self.files)
        total["unreadable"] = sum(1 for fr in self.files if not fr.ok)
        return total

    @property
    def exit_code(self) -> int:
        if any(not fr.ok for fr in self.files):
            return 2
        if any(f.severity == "error" and not f.suppressed for f in self.all_findings()):
            return 1
        return 0


class Validator:
    """A configured rule run. Build once, validate many models."""

    def __init__(self, config: Config | None = None, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or load_catalog()
        self.config = config or Config()
        self.settings = effective_settings(self.catalog, self.config)
        on = [spec for spec in self.catalog.rules.values() if self.settings[spec.id].severity != "off"]
        self.active = [(spec, self.settings[spec.id]) for spec in on if spec.check is not None]
        self.set_active = [(spec, self.settings[spec.id]) for spec in on if spec.set_check is not None]
        self.max_bytes = self.config.max_bytes or DEFAULT_MAX_BYTES
        self._local = threading.local()

    def _contexts(self) -> list[tuple[RuleSpec, RuleContext]]:
        """One context per active file rule, made once per thread and given each model in
        turn (the server checks maps in several threads with one validator); made again
        when ``active`` is replaced."""
        local = self._local
        active = self.active
        made = getattr(local, "contexts", None)
        if made is None or made[0] is not active or made[1] != len(active):
            lang = self.config.lang
            made = local.contexts = (active, len(active), [
                (spec, RuleContext(spec, setting, _NO_MODEL, lang, [])) for spec, setting in active])  # type: ignore[arg-type]
        return made[2]

    def check_model(self, model: Model) -> list[Finding]:
        out: list[Finding] = []
        lang = self.config.lang
        for spec, ctx in self._contexts():
            ctx._model = model
            ctx._out = out
            try:
                spec.check(model, ctx)  # type: ignore[misc]
            except Exception as exc:  # a rule bug must not lose the other findings
                out.append(_rule_failure(spec, exc, lang))
            ctx._model = _NO_MODEL   # the contexts outlive this model: they must not keep it
        self._suppress(model, out)
        out.sort(key=lambda f: (f.line, f.rule, f.element or ""))
        return out

    def check_set(self, mapset: "MapSet", plan: "Plan | None" = None, jobs: int = 1
                  ) -> tuple[dict[str, list[Finding]], list[Finding], list[str]]:
        """Run every active set check once over ``mapset``.

        Returns the findings per file name, the findings on the set as a whole, and the
        ids of set checks not run because they need a plan and none was given.
        ``jobs`` > 1: the checks are shared with one forked process where the platform
        allows it (:func:`_set_checks_forked`); the findings are the same, in the same order.
        """
        skipped: list[str] = []
        runnable = []
        for spec, setting in self.set_active:
            if "rencana" in spec.requires and plan is None:
                skipped.append(spec.id)
            else:
                runnable.append((spec, setting))
        outs = _set_checks_forked(self, mapset, plan, runnable) if jobs > 1 else None
        if outs is None:
            outs = [self._run_set_check(spec, setting, mapset, plan) for spec, setting in runnable]
        out = [item for found in outs for item in found]
        per_file: dict[str, list[Finding]] = {}
        whole: list[Finding] = []
        for file, finding in out:
            if file is None:
                whole.append(finding)
            else:
                per_file.setdefault(file, []).append(finding)
        for file, findings in per_file.items():
            mf = mapset.file(file)
            if mf is not None and mf.model is not None:
                self._suppress(mf.model, findings)
        for f in whole:
            for s in self.config.suppressions:
                if s.matches(f.rule, "", f.subject):
                    f.suppressed = True
                    f.suppressed_by = "konfigurasi" + (f": {s.reason}" if s.reason else "")
                    break
        whole.sort(key=lambda f: (f.rule, f.subject or "", f.message))
        return per_file, whole, skipped

    def _run_set_check(self, spec: RuleSpec, setting: RuleSetting, mapset: "MapSet",
                       plan: "Plan | None") -> list[tuple[str | None, Finding]]:
        out: list[tuple[str | None, Finding]] = []
        ctx = SetRuleContext(spec, setting, mapset, plan, self.config.lang, out)
        try:
            spec.set_check(mapset, ctx)  # type: ignore[misc]
        except Exception as exc:  # a rule bug must not lose the other findings
            out.append((None, _rule_failure(spec, exc, self.config.lang, "set")))
        return out

    def validate_set(self, source: "str | os.PathLike | Iterable[str | os.PathLike] | MapSet",
                     plan: "Plan | None" = None,
                     progress: Callable[[int, int, str], None] | None = None,
                     paths_as_given: bool = False, jobs: int = 1) -> Report:
        """Validate a folder, zip or list of files as one set (or an already read
        :class:`~validator.mapset.MapSet`): each file is parsed once, checked by the file
        rules, then the set rules run over all of them, with ``plan`` when given.
        ``paths_as_given``: each file's report path is its path as the caller wrote it
        (``bpmn_samples/pariaman/x.bpmn``, as the command line reports it, so that SARIF
        readers find the file) instead of its name inside the set (``x.bpmn``).
        ``jobs``: with more than one (0: every core) and enough files of a folder or list,
        worker processes parse and check the files and send back their findings and an
        extract of each model (:mod:`validator.extract`); the set rules then run on the
        extracts. The report is the same, except that it keeps no whole model
        (``FileResult.model`` is None: a report needing the diagrams runs with one job)."""
        from .mapset import MapSet, gc_paused, read_set, set_entries

        if not isinstance(source, MapSet):
            jobs = _jobs(jobs)
            entries = set_entries(source) if jobs > 1 else None
            if entries is not None and len(entries) >= PARALLEL_MIN_FILES:
                return self._validate_set_parallel(entries, jobs, plan, progress, paths_as_given)
        mapset = source if isinstance(source, MapSet) else read_set(source, max_bytes=self.max_bytes)
        total = len(mapset.files)
        results: list[FileResult] = []
        names: list[str] = []   # each result's name inside the set (its path may be longer)
        with gc_paused():   # every model is kept: collector passes would only re-walk them
            for i, mf in enumerate(mapset.files):
                if progress:
                    progress(i, total, mf.name)
                path = (mf.shown or mf.name) if paths_as_given else mf.name
                if mf.model is None:
                    results.append(FileResult(path=path, error=mf.error))
                else:
                    results.append(FileResult(path=path, findings=self.check_model(mf.model),
                                              model=mf.model))
                names.append(mf.name)
        return self._set_report(results, names, mapset, plan, progress)

    def _set_report(self, results: list[FileResult], names: list[str], mapset: "MapSet",
                    plan: "Plan | None", progress: Callable[[int, int, str], None] | None,
                    jobs: int = 1) -> Report:
        """The report of a set run: the set rules' findings added to each file's."""
        from .mapset import gc_paused

        total = len(results)
        with gc_paused():
            per_file, whole, skipped = self.check_set(mapset, plan, jobs)
        for fr, name in zip(results, names):
            extra = per_file.get(name)
            if extra:
                fr.findings.extend(extra)
                fr.findings.sort(key=lambda f: (f.line, f.rule, f.element or ""))
        if progress:
            progress(total, total, "")
        return Report(files=results, catalog_version=self.catalog.version,
                      profile=self.config.profile, lang=self.config.lang, is_set=True,
                      set_findings=whole, skipped_rules=skipped, mapset=mapset, plan=plan)

    def _validate_set_parallel(self, entries: list[tuple[str, str, str]], jobs: int,
                               plan: "Plan | None",
                               progress: Callable[[int, int, str], None] | None,
                               paths_as_given: bool) -> Report:
        """:meth:`validate_set` over worker processes: each worker reads and checks a chunk
        of files and returns findings and model extracts (:func:`_set_worker_run`)."""
        from .mapset import build_set, gc_paused

        total = len(entries)
        chunks, places = _by_size(entries, jobs)
        received: list = [None] * total
        findings: dict[str, list[Finding]] = {}
        # everything received is kept until the report is made: collector passes (one starts
        # as soon as the collector is back on and allocations go on) would only re-walk it
        with gc_paused():
            for k, chunk_out in enumerate(self._pool_map(_set_worker_run, chunks, jobs, total,
                                                         progress, lambda row: row[0].name)):
                for index, (mf, found) in zip(places[k], chunk_out):
                    received[index] = mf
                    findings[mf.name] = found
            mapset = build_set(received)      # in the order of the entries, as the serial run
            results: list[FileResult] = []
            names: list[str] = []
            for mf in mapset.files:
                path = (mf.shown or mf.name) if paths_as_given else mf.name
                results.append(FileResult(path=path, findings=findings[mf.name], error=mf.error))
                names.append(mf.name)
            return self._set_report(results, names, mapset, plan, progress, jobs)

    def _pool_map(self, fn: Callable, chunks: list[list], jobs: int, total: int,
                  progress: Callable[[int, int, str], None] | None,
                  shown: Callable[[object], str]) -> Iterator[list]:
        """``fn`` over ``chunks`` in ``jobs`` processes, results in order: ``jobs - 1`` worker
        processes and this one. This process takes a chunk itself whenever each worker has
        work waiting, so what it reads is neither pickled nor unpickled (about half the
        work on 2 cores), and no third process competes for the cores with the workers.
        ``fn(chunk, validator, in_parent)`` must accept this process's validator and know
        it runs here (a worker finds its own)."""
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        done = 0
        results: list = [None] * len(chunks)
        ready = [False] * len(chunks)
        emitted = 0
        queued = 0                       # chunks handed out (to a worker or taken here)
        ahead = PARALLEL_AHEAD * max(1, jobs - 1)
        pending: dict = {}
        # What the workers inherit by fork is left out of every collector pass, in the
        # workers (a pass would touch, and so copy, each inherited page) and here meanwhile.
        # Not when a heap is frozen already (a server's preloaded one): unfreezing at the end
        # would thaw that one too.
        thaw = gc.get_freeze_count() == 0
        if thaw:
            gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=max(1, jobs - 1),
                                     mp_context=multiprocessing.get_context(method),
                                     initializer=_worker_init, initargs=(self.config,)) as pool:
                while emitted < len(chunks):
                    while queued < len(chunks) and len(pending) < ahead:
                        pending[pool.submit(fn, chunks[queued])] = queued
                        queued += 1
                    if queued < len(chunks):        # every worker is busy: take one here
                        k = queued
                        queued += 1
                        results[k] = fn(chunks[k], self, True)
                        ready[k] = True
                    elif pending:
                        wait(list(pending), return_when=FIRST_COMPLETED)
                    for future in [f for f in pending if f.done()]:
                        k = pending.pop(future)
                        results[k] = future.result()
                        ready[k] = True
                    while emitted < len(chunks) and ready[emitted]:
                        out = results[emitted]
                        results[emitted] = None
                        emitted += 1
                        done += len(out)
                        if progress and out:
                            progress(done, total, shown(out[-1]))
                        yield out
        finally:
            if thaw:
                gc.unfreeze()

    def _suppress(self, model: Model, findings: list[Finding]) -> None:
        suppressions = self.config.suppressions
        by_id = model.by_id
        defs_skip = _abaikan(model.definitions)
        for f in findings:
            el = by_id.get(f.element) if f.element is not None else None
            node = el
            while node is not None:
                ids = _abaikan(node)
                if f.rule in ids or "*" in ids:
                    f.suppressed = True
                    f.suppressed_by = f"ppb:abaikan pada {node.id or node.type}"
                    break
                node = node.parent
            if not f.suppressed and (f.rule in defs_skip or "*" in defs_skip):
                f.suppressed = True
                f.suppressed_by = "ppb:abaikan pada definitions"
            if not f.suppressed:
                for s in suppressions:
                    if s.matches(f.rule, model.path, f.element):
                        f.suppressed = True
                        f.suppressed_by = "konfigurasi" + (f": {s.reason}" if s.reason else "")
                        break

    def validate_bytes(self, data: bytes, path: str = "<bytes>") -> FileResult:
        try:
            model = parse_bytes(data, path, max_bytes=self.max_bytes)
        except BpmnReadError as exc:
            return FileResult(path=path, error=exc)
        return FileResult(path=path, findings=self.check_model(model), model=model)

    def validate_file(self, path: str | os.PathLike, shown: str | None = None,
                      keep_model: bool = True) -> FileResult:
        shown = shown if shown is not None else str(path)
        try:
            model = read_file(path, max_bytes=self.max_bytes, display_path=shown)
        except BpmnReadError as exc:
            return FileResult(path=shown, error=exc)
        result = FileResult(path=shown, findings=self.check_model(model))
        if keep_model:
            result.model = model
        return result

    def validate_paths(self, paths: Iterable[str], progress: Callable[[int, int, str], None] | None = None,
                       keep_models: bool = False, jobs: int = 1) -> Report:
        """Validate files and folders. With ``jobs`` > 1 and enough files, the files are
        shared out over that many worker processes (models are then not kept)."""
        files = list(expand_paths(paths))
        total = len(files)
        jobs = _jobs(jobs)
        if jobs > 1 and total >= PARALLEL_MIN_FILES and not keep_models:
            results = self._validate_parallel(files, jobs, progress)
        else:
            results = []
            for i, (real, shown) in enumerate(files):
                if progress:
                    progress(i, total, shown)
                results.append(self.validate_file(real, shown, keep_model=keep_models))
        if progress:
            progress(total, total, "")
        return Report(files=results, catalog_version=self.catalog.version,
                      profile=self.config.profile, lang=self.config.lang)

    def _validate_parallel(self, files: list[tuple[str, str]], jobs: int,
                           progress: Callable[[int, int, str], None] | None) -> list[FileResult]:
        """The files checked one by one over ``jobs`` processes (this one and jobs - 1
        workers, as a set run shares them: :meth:`_pool_map`), results in the files' order."""
        entries = [(real, shown, shown) for real, shown in files]
        chunks, places = _by_size(entries, jobs)
        results: list = [None] * len(files)
        for k, out in enumerate(self._pool_map(_worker_run, chunks, jobs, len(files), progress,
                                               lambda fr: fr.path)):
            for index, fr in zip(places[k], out):
                results[index] = fr
        return results


PARALLEL_MIN_FILES = 24   # below this, starting workers costs more than it saves
PARALLEL_CHUNK_MAX = 32       # files per task of a set run, at most
PARALLEL_CHUNKS_PER_JOB = 8   # tasks per worker at least, so that the workers end together
PARALLEL_AHEAD = 2            # chunks waiting for each worker process while the parent works
_WORKER: "Validator | None" = None


def _by_size(entries: list, jobs: int) -> tuple[list[list], list[list[int]]]:
    """The entries of a set run in chunks for the workers, and each chunk's places in
    ``entries``: largest files first (so that no worker is left with a big file while the
    others have finished), each chunk about 1/(jobs x PARALLEL_CHUNKS_PER_JOB) of the bytes
    and at most PARALLEL_CHUNK_MAX files, so the chunks get smaller towards the end and the
    workers end together."""
    sizes = []
    for real, _name, _shown in entries:
        try:
            sizes.append(os.stat(real).st_size)
        except OSError:
            sizes.append(0)      # the worker reports it unreadable
    order = sorted(range(len(entries)), key=lambda i: -sizes[i])
    target = max(1, sum(sizes) // (jobs * PARALLEL_CHUNKS_PER_JOB))
    chunks: list[list] = []
    places: list[list[int]] = []
    weight = 0
    for i in order:
        if not chunks or weight >= target or len(chunks[-1]) >= PARALLEL_CHUNK_MAX:
            chunks.append([])
            places.append([])
            weight = 0
        chunks[-1].append(entries[i])
        places[-1].append(i)
        weight += sizes[i]
    return chunks, places


def _set_checks_forked(v: Validator, mapset: "MapSet", plan: "Plan | None",
                       runnable: list[tuple[RuleSpec, RuleSetting]]
                       ) -> list[list[tuple[str | None, Finding]]] | None:
    """Each set check's findings, the checks shared between this process and one forked
    copy of it (which has the whole set without anything being sent). A family of checks
    (``PPB-ALN``, ``PPB-LVL``, ...) shares what it works out about the set (the plan
    links, the hierarchy), so a family runs in one process: this one takes the largest
    family (with a plan, the alignment checks, whose plan links the alignment outputs
    read afterwards), and the two then take the next family as each becomes free. The
    copy sends back its findings; a check whose findings do not come back is run here.
    With a plan, this process uses the time it would wait for the copy to prepare the
    alignment outputs (:func:`validator.alignment.prepare`).
    None where a copy cannot be forked (no fork on the platform, threads running, one
    family only): the caller runs the checks itself."""
    families: dict[str, list[int]] = {}
    for i, (spec, _setting) in enumerate(runnable):
        families.setdefault(spec.id.rsplit("-", 1)[0], []).append(i)
    groups = sorted(families.values(), key=len, reverse=True)
    if len(groups) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    import multiprocessing
    import pickle
    import select
    import signal

    try:
        counter = multiprocessing.get_context("fork").Value("i", 1)   # the next family to take
    except (OSError, ValueError):        # no shared memory or semaphores here
        return None

    def taken() -> int:
        with counter.get_lock():
            k = counter.value
            counter.value = k + 1
        return k

    def run(k: int) -> dict[int, list]:
        return {i: v._run_set_check(*runnable[i], mapset, plan) for i in groups[k]}

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                         # the copy: never returns
        try:
            os.close(read_end)
            done: dict[int, list] = {}
            k = taken()
            while k < len(groups):
                done.update(run(k))
                k = taken()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)
    os.close(write_end)
    outs: list = [None] * len(runnable)
    try:
        k = 0
        while k < len(groups):
            for i, found in run(k).items():
                outs[i] = found
            k = taken()
        if plan is not None and not select.select([read_end], [], [], 0)[0]:
            # the copy is still checking: meanwhile, the part of the alignment outputs that
            # does not depend on the findings (the plan links are here already)
            from .alignment import prepare

            prepare(mapset, plan)
        pipe = os.fdopen(read_end, "rb")   # closes read_end when closed
        read_end = -1
        with pipe:
            data = pipe.read()
    except BaseException:   # interrupted here: the copy must not outlive this run
        os.kill(pid, signal.SIGKILL)
        if read_end >= 0:
            os.close(read_end)
        raise
    finally:
        os.waitpid(pid, 0)
    try:
        sent = pickle.loads(data) if data else {}
    except Exception:  # a copy that died mid-way: its checks run here
        sent = {}
    for i, found in sent.items():
        outs[i] = found
    return [found if found is not None else v._run_set_check(*runnable[i], mapset, plan)
            for i, found in enumerate(outs)]


def _jobs(jobs: int) -> int:
    """Worker processes for ``jobs`` (0 or less: every core), never more than the cores."""
    cores = os.cpu_count() or 1
    return min(jobs, cores) if jobs > 0 else cores


def _set_worker_run(chunk: list[tuple[str, str, str]], validator: "Validator | None" = None,
                    in_parent: bool = False) -> list[tuple["MapFile", list[Finding]]]:
    """Read and check each (file on disk, name in the set, path as shown) of a set run: the
    file's findings, and the file with its model cut down to what set rules read (in the
    parent process too, so that every file of the set reaches the set rules alike).
    ``in_parent``: run by the parent (whose collector the caller has paused, everything
    being kept until the report is made), with its ``validator``."""
    if in_parent:
        assert validator is not None
        return _read_and_check(chunk, validator)
    assert _WORKER is not None
    gc.disable()    # one pass per chunk, not one per few thousand objects made
    try:
        return _read_and_check(chunk, _WORKER)
    finally:
        gc.enable()
        gc.collect()


def _read_and_check(chunk: list[tuple[str, str, str]], v: "Validator"
                    ) -> list[tuple["MapFile", list[Finding]]]:
    from .extract import extract
    from .mapset import MapFile, node_facts

    out = []
    limits = ParseLimits.from_env()       # once for the chunk, not once per file
    for real, name, shown in chunk:
        try:
            model = read_file(real, max_bytes=v.max_bytes, display_path=name, limits=limits)
        except BpmnReadError as exc:
            out.append((MapFile(name, error=exc, origin=real, shown=shown), []))
            continue
        found = v.check_model(model)
        node_facts(model)     # what the set's hierarchy reads of the map, made here in parallel
        out.append((MapFile(name, model=extract(model), origin=real, shown=shown), found))
    return out


def _worker_init(config: Config) -> None:
    global _WORKER
    _WORKER = Validator(config)
    # what the worker keeps (its validator, with what it inherited, frozen already by the
    # parent) is left out of the collector pass after each chunk, which then walks only
    # what the chunk made
    gc.collect()
    gc.freeze()


def _worker_run(chunk: list[tuple[str, str, str]], validator: "Validator | None" = None,
                in_parent: bool = False) -> list[FileResult]:
    """Each (file on disk, name, path as shown) of a --no-set run checked alone; no model
    kept. ``in_parent``: run by the parent, with its ``validator``."""
    if in_parent:
        assert validator is not None
        return [validator.validate_file(real, shown, keep_model=False) for real, _n, shown in chunk]
    assert _WORKER is not None
    gc.disable()    # one collector pass per chunk (see _set_worker_run)
    try:
        return [_WORKER.validate_file(real, shown, keep_model=False) for real, _n, shown in chunk]
    finally:
        gc.enable()
        gc.collect()


def _abaikan(el: Element) -> set[str]:
    raw = el.ext.get("abaikan")
    if not raw:
        return set()
    return set(raw.replace(",", " ").split())


def _rule_failure(spec: RuleSpec, exc: Exception, lang: str, where: str = "file") -> Finding:
    place_id, place_en = ("set peta ini", "this map set") if where == "set" else ("berkas ini", "this file")
    msg_id = f"Aturan {spec.id} gagal dijalankan pada {place_id} ({type(exc).__name__}); laporkan ke pengembang."
    msg_en = f"Rule {spec.id} failed on {place_en} ({type(exc).__name__}); please report it."
    return Finding(rule=spec.id, severity="info", element=None,
                   message=msg_id if lang == "id" else msg_en, message_en=msg_en,
                   source=spec.source_text, confidence=spec.confidence, group=spec.group,
                   title=spec.text("title", lang), fix="")


def is_bpmn_name(name: str) -> bool:
    low = name.lower()
    return low.endswith(BPMN_SUFFIXES)


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Files to read as (real path, path as shown). Folders are walked in sorted order
    for BPMN files; a file named directly is read whatever its name."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if is_bpmn_name(name):
                        found.append(os.path.join(root, name))
            for f in sorted(found):
                yield f, f
        else:
            yield given, given
