"""Read a plan file (YAML or JSON; XLSX through .xlsx) into a read-only Plan, collecting every
problem.

Safety: the file size is checked before reading; YAML is read with a SafeLoader subclass (no
tags are ever executed) that also refuses anchors/aliases (no alias "bombs") and duplicate keys.
Only the shape is checked here: ids present and unique, values of the right type, years that
are years. Whether a reference points at something that exists is left to the PPB-ALN rules,
or, before a plan replaces another, to :mod:`validator.plan.integrity`; for that, an INVALID
PlanError of :func:`build_plan` carries the parts it could still build (``exc.partial``).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .errors import PlanError, Problem
from .model import (Indikator, Kegiatan, Misi, Opd, Pemda, Plan, Program, Renstra, Rpjmd,
                    Sasaran, SubKegiatan, Tujuan)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_YEAR = re.compile(r"^\d{4}$")
# The largest value a plan number (a target, an amount) may have: a thousand trillion covers
# any budget in rupiah, and stays exact in JSON readers (2**53) and in spreadsheet cells.
MAX_NUMBER = 10**15
# A number literal longer than this is not converted at all (Python refuses to convert
# integers of more than 4,300 digits, and nothing this long can be a plan value).
MAX_LITERAL = 40


class BadNumber:
    """A number in a plan file that cannot be a value: a literal too long to convert, or
    NaN / Infinity in JSON. Kept in place of the value so that the builder reports it at its
    path ("angka terlalu besar") instead of the parser failing on the whole file."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @property
    def shown(self) -> str:
        t = self.text.strip()
        return t if len(t) <= 24 else f"{t[:12]}…, {len(t)} karakter"

    def __repr__(self) -> str:
        return self.shown

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BadNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("BadNumber", self.text))


def number_problem(value: Any) -> tuple[str, str, str] | None:
    """(code, Indonesian, English) when ``value`` is a number no plan may hold: too large
    (beyond MAX_NUMBER, or too long to read), infinite, or NaN; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, BadNumber):
        if value.text.strip().lstrip("+-").lower() in ("nan",):
            return ("BAD_NUMBER", f"nilai {value.shown} bukan angka yang sah",
                    f"the value {value.shown} is not a valid number")
        return ("NUMBER_TOO_LARGE", f"angka terlalu besar ({value.shown}); batasnya "
                f"{_limit_text()}", f"number too large ({value.shown}); the limit is 10^15")
    if isinstance(value, float):
        if value != value:
            return ("BAD_NUMBER", "nilai NaN bukan angka yang sah", "NaN is not a valid number")
        if value in (float("inf"), float("-inf")):
            return ("NUMBER_TOO_LARGE", f"angka terlalu besar (tak hingga); batasnya {_limit_text()}",
                    "number too large (infinite); the limit is 10^15")
    if isinstance(value, (int, float)) and abs(value) > MAX_NUMBER:
        return ("NUMBER_TOO_LARGE", f"angka terlalu besar ({_short_number(value)}); batasnya "
                f"{_limit_text()}", f"number too large ({_short_number(value)}); the limit is 10^15")
    return None


def _limit_text() -> str:
    return "1.000.000.000.000.000 (10^15)"


def _short_number(value: int | float) -> str:
    """A number as messages show it, without converting a huge integer to text."""
    if isinstance(value, int) and abs(value) >= 10**24:
        return f"±10^{value.bit_length() * 30103 // 100000}"   # about its number of digits
    return repr(value)


def load_plan(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    """Load a plan from a .yaml/.yml, .json or .xlsx file (a zip is read as XLSX).
    Raises PlanError."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise PlanError("FILE_NOT_FOUND", _file_problem("FILE_NOT_FOUND", name), name, name) from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if size > max_bytes:
        raise _too_large(name, size, max_bytes)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls") or data[:4] == b"PK\x03\x04":
        from .xlsx import loads_xlsx
        return loads_xlsx(data, source=name, max_bytes=max_bytes)
    fmt = "json" if p.suffix.lower() == ".json" else "yaml"
    return loads_plan(data, fmt=fmt, source=name, max_bytes=max_bytes)


def loads_plan(data: bytes | str, fmt: str = "yaml", source: str = "<rencana>",
               max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    """Load a plan from text or bytes; ``fmt`` is "yaml", "json" or "xlsx". Raises PlanError."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if fmt == "xlsx":
        from .xlsx import loads_xlsx
        return loads_xlsx(raw, source=source, max_bytes=max_bytes)
    if len(raw) > max_bytes:
        raise _too_large(source, len(raw), max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable(source, exc, id_="berkas bukan teks UTF-8", en="not UTF-8 text") from None
    if not text.strip():
        raise PlanError("EMPTY", _file_problem("EMPTY", ""), "", source)
    doc = _parse_json(text, source) if fmt == "json" else _parse_yaml(text, source)
    return build_plan(doc, source)


def build_plan(doc: Any, source: str = "<rencana>") -> Plan:
    """Build a Plan from already parsed data (dicts and lists). Raises PlanError."""
    reader = _Reader()
    plan = reader.plan(doc)
    if reader.problems:
        exc = PlanError("INVALID", reader.problems, "", source)
        # what could be built despite the problems, so that a caller checking the plan whole
        # (validator.plan.integrity) can list its reference problems too; not pickled
        exc.partial = reader.partial
        raise exc
    return plan


# ---------------------------------------------------------------------------------------------
# parsing

class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate mapping keys."""

    def compose_node(self, parent, index):  # noqa: D401
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchor/alias YAML (&, *) tidak didukung / not supported",
                event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                dup = key in seen
                seen.add(key)
            except TypeError:
                continue  # unhashable key: the base class reports it
            if dup:
                raise yaml.constructor.ConstructorError(
                    None, None, f"kunci ganda / duplicate key '{key}'", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):  # noqa: ANN001
        """An integer, or a BadNumber when its literal is too long to be a plan value."""
        literal = self.construct_scalar(node)
        if len(literal.replace("_", "")) > MAX_LITERAL:
            return BadNumber(literal)
        return super().construct_yaml_int(node)


_StrictSafeLoader.add_constructor("tag:yaml.org,2002:int", _StrictSafeLoader.construct_yaml_int)


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        prob = Problem("SYNTAX", "", "YAML tidak sah: susunan bertingkat terlalu dalam",
                       "invalid YAML: nesting too deep")
        raise PlanError("SYNTAX", [prob], "YAML", source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where_id = f" (baris {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
        where_en = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        prob = Problem("SYNTAX", "", f"YAML tidak sah: {what}{where_id}",
                       f"invalid YAML: {what}{where_en}")
        raise PlanError("SYNTAX", [prob], "YAML", source) from None


def _parse_json(text: str, source: str) -> Any:
    def pairs(items):
        out: dict = {}
        for k, v in items:
            if k in out:
                raise ValueError(f"kunci ganda / duplicate key '{k}'")
            out[k] = v
        return out

    def constant(name):   # NaN, Infinity: not JSON; refused at their field by the builder
        return BadNumber(name)

    def integer(literal):
        return BadNumber(literal) if len(literal) > MAX_LITERAL else int(literal)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_int=integer)
    except json.JSONDecodeError as exc:
        prob = Problem("SYNTAX", "", f"JSON tidak sah: {exc.msg} (baris {exc.lineno}, kolom {exc.colno})",
                       f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        raise PlanError("SYNTAX", [prob], "JSON", source) from None
    except (ValueError, RecursionError) as exc:
        prob = Problem("SYNTAX", "", f"JSON tidak sah: {exc}", f"invalid JSON: {exc}")
        raise PlanError("SYNTAX", [prob], "JSON", source) from None


def _file_problem(code: str, detail: str, **params: object) -> list[Problem]:
    from .errors import MESSAGES
    id_, en = MESSAGES[code]
    return [Problem(code, "", id_.format(detail=detail, count=1, **params),
                    en.format(detail=detail, count=1, **params))]


def _unreadable(source: str, exc: Exception, id_: str | None = None, en: str | None = None) -> PlanError:
    detail_id = id_ or type(exc).__name__
    prob = Problem("FILE_UNREADABLE", "", f"Berkas rencana tidak dapat dibaca: {detail_id}.",
                   f"Plan file cannot be read: {en or type(exc).__name__}.")
    return PlanError("FILE_UNREADABLE", [prob], detail_id, source)


def _too_large(source: str, size: int, limit: int) -> PlanError:
    detail, lim = _human(size), _human(limit)
    return PlanError("TOO_LARGE", _file_problem("TOO_LARGE", detail, limit=lim), detail, source,
                     limit=lim)


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} byte"


# ---------------------------------------------------------------------------------------------
# building, with every problem collected

_TYPE_ID = {"map": "objek (pasangan kunci: nilai)", "list": "daftar", "text": "teks",
            "int": "bilangan bulat"}
_TYPE_EN = {"map": "an object (key: value pairs)", "list": "a list", "text": "text",
            "int": "an integer"}


def _describe(value: Any) -> tuple[str, str]:
    if value is None:
        return "kosong", "empty"
    if isinstance(value, bool):
        return "boolean", "a boolean"
    if isinstance(value, BadNumber):
        return f"angka {value.shown}", f"the number {value.shown}"
    if isinstance(value, (int, float)):
        return f"angka {_short_number(value)}", f"the number {_short_number(value)}"
    if isinstance(value, dict):
        return "objek", "an object"
    if isinstance(value, list):
        return "daftar", "a list"
    return type(value).__name__, type(value).__name__


@dataclass(frozen=True)
class PartialPlan:
    """The parts of a plan file with problems that could still be built: ``plan``, ``paths``
    (id() of each built tujuan, sasaran, indikator, program, Renstra -> its document path, as
    indices shift when a part is left out) and ``ids`` (kind -> every id written, built or not,
    so that a reference to a part left out is not called missing)."""
    plan: Plan
    paths: dict
    ids: dict


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, str]] = {}   # kind -> id -> path of first use
        self.paths: dict[int, str] = {}   # id() of a built part -> its path in the document
        self.partial: PartialPlan | None = None
        # stand-ins for a pemda/RPJMD with a missing or bad value, for the partial plan only
        self.stand_in: dict[str, object] = {}

    def at(self, obj, path: str):  # noqa: ANN001
        """Note where ``obj`` (a built part) is written; returns it."""
        self.paths[id(obj)] = path
        return obj

    # -- reporting --------------------------------------------------------------------------
    def add(self, code: str, path: str, msg_id: str, msg_en: str) -> None:
        self.problems.append(Problem(code, path, msg_id, msg_en))

    def missing(self, path: str, key: str) -> None:
        self.add("MISSING", path, f"kunci wajib '{key}' belum diisi",
                 f"required key '{key}' is missing")

    def wrong_type(self, path: str, value: Any, want: str, hint_id: str = "", hint_en: str = "") -> None:
        got_id, got_en = _describe(value)
        self.add("WRONG_TYPE", path, f"harus {_TYPE_ID[want]}, bukan {got_id}{hint_id}",
                 f"must be {_TYPE_EN[want]}, not {got_en}{hint_en}")

    def unique(self, kind: str, label_id: str, value: str | None, path: str,
               fold: bool = False) -> None:
        """Report ``value`` when already used for ``kind`` (``fold``: ignoring case)."""
        if value is None:
            return
        key = value.casefold() if fold else value
        seen = self.ids.setdefault(kind, {})
        if key in seen:
            self.add("DUPLICATE_ID", path, f"{label_id} '{value}' sudah dipakai di {seen[key]}",
                     f"{kind} '{value}' is already used at {seen[key]}")
        else:
            seen[key] = path

    # -- typed access -----------------------------------------------------------------------
    def map_(self, value: Any, path: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.wrong_type(path, value, "map")
        return None

    def list_(self, obj: dict, key: str, path: str, required: bool = False) -> list:
        if key not in obj or obj[key] is None:
            if required:
                self.missing(path, key)
            return []
        value = obj[key]
        if isinstance(value, list):
            return value
        self.wrong_type(_join(path, key), value, "list")
        return []

    def text(self, obj: dict, key: str, path: str, required: bool = True, code: bool = False,
             alias: str | None = None) -> str | None:
        """A non-empty string. ``code``: ids and codes, where a number is refused with a hint."""
        if (key not in obj or obj[key] is None) and alias and obj.get(alias) is not None:
            key = alias
        if key not in obj or obj[key] is None or obj[key] == "":
            if required:
                self.missing(path, key)
            return None
        value = obj[key]
        if isinstance(value, str):
            if not value.strip():
                if required:
                    self.missing(path, key)
                return None
            return value.strip()
        if code:
            self.wrong_type(_join(path, key), value, "text",
                            "; tulis dalam tanda kutip, mis. \"13.77\"",
                            "; quote it, e.g. \"13.77\"")
        else:
            self.wrong_type(_join(path, key), value, "text")
        return None

    def texts(self, obj: dict, key: str, path: str) -> tuple[str, ...]:
        """A string or a list of strings (ids, names)."""
        value = obj.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(v for v in value.split() if v) if " " in value and key in ("opd", "sasaran") \
                else (value.strip(),)
        if not isinstance(value, list):
            self.wrong_type(_join(path, key), value, "list")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.wrong_type(f"{_join(path, key)}[{i}]", item, "text")
        return tuple(out)

    def periode(self, obj: dict, path: str, required: bool) -> tuple[int, int] | None:
        value = obj.get("periode")
        p = _join(path, "periode")
        if value is None:
            if required:
                self.missing(path, "periode")
            return None
        parts: list = []
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*[-–/]\s*\d{4}\s*", value):
            parts = [int(x) for x in re.findall(r"\d{4}", value)]
        elif isinstance(value, list) and len(value) == 2:
            parts = [_year(v) for v in value]
        if len(parts) != 2 or None in parts:
            shown = _shown_value(value)
            self.add("BAD_VALUE", p, f"periode harus [tahun awal, tahun akhir], mis. [2025, 2029]; "
                     f"tertulis {shown}",
                     f"the period must be [first year, last year], e.g. [2025, 2029]; got {shown}")
            return None
        if parts[0] > parts[1]:
            self.add("BAD_VALUE", p, f"tahun awal {parts[0]} sesudah tahun akhir {parts[1]}",
                     f"first year {parts[0]} is after last year {parts[1]}")
            return None
        return parts[0], parts[1]

    # -- the document -----------------------------------------------------------------------
    def plan(self, doc: Any) -> Plan | None:
        root = self.map_(doc, "(dokumen)") if doc is not None else None
        if root is None:
            if doc is None:
                self.add("EMPTY", "", "berkas rencana tidak berisi data", "the plan file holds no data")
            return None
        pemda = self.pemda(root)
        rpjmd = self.rpjmd(root)
        renstra = tuple(r for i, item in enumerate(self.list_(root, "renstra", ""))
                        if (r := self.renstra(item, f"renstra[{i}]")) is not None)
        organisasi = tuple(o for i, item in enumerate(self.list_(root, "organisasi", ""))
                           if (o := self.opd(item, f"organisasi[{i}]")) is not None)
        if self.problems:
            pemda = pemda or self.stand_in.get("pemda")
            rpjmd = rpjmd or self.stand_in.get("rpjmd")
            if pemda is not None and rpjmd is not None:
                self.partial = PartialPlan(Plan(pemda, rpjmd, renstra, organisasi), self.paths,
                                           {k: frozenset(v) for k, v in self.ids.items()})
            return None
        if pemda is None or rpjmd is None:
            return None
        return Plan(pemda, rpjmd, renstra, organisasi)

    def pemda(self, root: dict) -> Pemda | None:
        if "pemda" not in root:
            self.missing("", "pemda")
            return None
        obj = self.map_(root["pemda"], "pemda")
        if obj is None:
            return None
        nama = self.text(obj, "nama", "pemda")
        kode = self.text(obj, "kode", "pemda", code=True)
        self.stand_in["pemda"] = Pemda(nama or "", kode or "")
        return Pemda(nama, kode) if nama and kode else None

    def rpjmd(self, root: dict) -> Rpjmd | None:
        if "rpjmd" not in root:
            self.missing("", "rpjmd")
            return None
        obj = self.map_(root["rpjmd"], "rpjmd")
        if obj is None:
            return None
        path = "rpjmd"
        rid = self.text(obj, "id", path, code=True)
        periode = self.periode(obj, path, required=True)
        visi = self.text(obj, "visi", path)
        misi = []
        for i, item in enumerate(self.list_(obj, "misi", path, required=True)):
            p = f"{path}.misi[{i}]"
            m = self.map_(item, p)
            if m is None:
                continue
            mid = self.text(m, "id", p, code=True)
            self.unique("misi", "id misi", mid, p)
            teks = self.text(m, "teks", p, alias="nama")
            if mid and teks:
                misi.append(Misi(mid, teks))
        tujuan = self.tujuan_list(obj, path, need_misi=True)
        sasaran = self.sasaran_list(obj, path, renstra=None, opd=None)
        program = []
        for i, item in enumerate(self.list_(obj, "program", path)):
            prog = self.program(item, f"{path}.program[{i}]", kind="program-rpjmd")
            if prog is not None:
                program.append(prog)
        if rid is None or periode is None or visi is None:
            # a period no four-digit year lies outside: no target is called out of period
            self.stand_in["rpjmd"] = Rpjmd(rid or "", periode or (0, 9999), visi or "",
                                           tuple(misi), tuple(tujuan), tuple(sasaran), tuple(program))
            return None
        return Rpjmd(rid, periode, visi, tuple(misi), tuple(tujuan), tuple(sasaran), tuple(program))

    def tujuan_list(self, obj: dict, path: str, need_misi: bool) -> list[Tujuan]:
        out = []
        for i, item in enumerate(self.list_(obj, "tujuan", path)):
            p = f"{path}.tujuan[{i}]"
            t = self.map_(item, p)
            if t is None:
                continue
            tid = self.text(t, "id", p, code=True)
            self.unique("tujuan", "id tujuan", tid, p)
            misi = self.text(t, "misi", p, required=need_misi, code=True)
            teks = self.text(t, "teks", p, alias="nama")
            if tid and teks:
                out.append(self.at(Tujuan(tid, teks, misi), p))
        return out

    def sasaran_list(self, obj: dict, path: str, renstra: str | None, opd: str | None) -> list[Sasaran]:
        out = []
        for i, item in enumerate(self.list_(obj, "sasaran", path, required=renstra is None)):
            p = f"{path}.sasaran[{i}]"
            s = self.map_(item, p)
            if s is None:
                continue
            sid = self.text(s, "id", p, code=True)
            self.unique("sasaran", "id sasaran", sid, p)
            teks = self.text(s, "teks", p, alias="nama")
            tujuan = self.text(s, "tujuan", p, required=renstra is None, code=True)
            parent = None if renstra is None else self.text(s, "sasaranRpjmd", p, required=False,
                                                             code=True)
            indikator = []
            for j, ind in enumerate(self.list_(s, "indikator", p)):
                built = self.indikator(ind, f"{p}.indikator[{j}]", sid or "")
                if built is not None:
                    indikator.append(built)
            if sid and teks:
                out.append(self.at(Sasaran(sid, teks, tuple(indikator), tujuan, parent, renstra, opd), p))
        return out

    def indikator(self, item: Any, path: str, sasaran_id: str) -> Indikator | None:
        obj = self.map_(item, path)
        if obj is None:
            return None
        iid = self.text(obj, "id", path, code=True)
        self.unique("indikator", "id indikator", iid, path)
        nama = self.text(obj, "nama", path, alias="teks")
        satuan = self.text(obj, "satuan", path, required=False)
        target = self.target(obj.get("target"), _join(path, "target"))
        if iid and nama:
            return self.at(Indikator(iid, nama, sasaran_id, satuan, target), path)
        return None

    def target(self, value: Any, path: str) -> MappingProxyType:
        if value is None:
            return MappingProxyType({})
        if not isinstance(value, dict):
            self.wrong_type(path, value, "map")
            return MappingProxyType({})
        out: dict[int, Any] = {}
        for key, val in value.items():
            year = _year(key)
            if year is None:
                self.add("BAD_YEAR", path, f"tahun '{key}' bukan angka tahun (empat digit)",
                         f"year '{key}' is not a four-digit year")
                continue
            if year in out:
                self.add("DUPLICATE_ID", path, f"tahun {year} tertulis dua kali",
                         f"year {year} is given twice")
                continue
            bad = number_problem(val)
            if bad is not None:
                self.add(bad[0], f"{path}.{key}", bad[1], bad[2])
                continue
            if isinstance(val, bool) or not isinstance(val, (int, float, str)) or \
                    (isinstance(val, str) and not val.strip()) or \
                    (isinstance(val, float) and val != val):
                got_id, got_en = _describe(val)
                self.add("WRONG_TYPE", f"{path}.{key}",
                         f"target harus angka atau teks, bukan {got_id}",
                         f"a target must be a number or text, not {got_en}")
                continue
            out[year] = val.strip() if isinstance(val, str) else val
        return MappingProxyType(dict(sorted(out.items())))

    def program(self, item: Any, path: str, kind: str) -> Program | None:
        obj = self.map_(item, path)
        if obj is None:
            return None
        kode = self.text(obj, "kode", path, code=True)
        self.unique(kind, "kode program", kode, path)
        nama = self.text(obj, "nama", path)
        opd = self.texts(obj, "opd", path)
        sasaran = self.texts(obj, "sasaran", path)
        kegiatan = []
        for i, k in enumerate(self.list_(obj, "kegiatan", path)):
            kp = f"{path}.kegiatan[{i}]"
            kobj = self.map_(k, kp)
            if kobj is None:
                continue
            kkode = self.text(kobj, "kode", kp, code=True)
            self.unique(kind + "/kegiatan", "kode kegiatan", kkode, kp)
            knama = self.text(kobj, "nama", kp)
            subs = []
            for j, s in enumerate(self.list_(kobj, "subkegiatan", kp)):
                sp = f"{kp}.subkegiatan[{j}]"
                sobj = self.map_(s, sp)
                if sobj is None:
                    continue
                skode = self.text(sobj, "kode", sp, code=True)
                self.unique(kind + "/subkegiatan", "kode sub kegiatan", skode, sp)
                snama = self.text(sobj, "nama", sp)
                if skode and snama:
                    subs.append(SubKegiatan(skode, snama))
            if kkode and knama:
                kegiatan.append(Kegiatan(kkode, knama, tuple(subs)))
        if kode and nama:
            return self.at(Program(kode, nama, opd, sasaran, tuple(kegiatan)), path)
        return None

    def renstra(self, item: Any, path: str) -> Renstra | None:
        obj = self.map_(item, path)
        if obj is None:
            return None
        rid = self.text(obj, "id", path, code=True)
        self.unique("renstra", "id renstra", rid, path)
        opd = self.text(obj, "opd", path, code=True)
        if opd is not None:
            self.unique("Renstra of OPD", "Renstra untuk OPD", opd, path, fold=True)
        periode = self.periode(obj, path, required=False)
        tujuan = self.tujuan_list(obj, path, need_misi=False)
        sasaran = self.sasaran_list(obj, path, renstra=rid or "", opd=opd)
        program = []
        for i, p in enumerate(self.list_(obj, "program", path)):
            prog = self.program(p, f"{path}.program[{i}]", kind=f"program {rid}")
            if prog is not None:
                program.append(prog)
        if rid and opd:
            return self.at(Renstra(rid, opd, tuple(sasaran), tuple(program), tuple(tujuan), periode), path)
        return None

    def opd(self, item: Any, path: str) -> Opd | None:
        obj = self.map_(item, path)
        if obj is None:
            return None
        singkatan = self.text(obj, "singkatan", path, code=True)
        self.unique("OPD singkatan", "singkatan OPD", singkatan, path, fold=True)
        kode = self.text(obj, "kode", path, code=True)
        self.unique("OPD kode", "kode OPD", kode, path)
        nama = self.text(obj, "nama", path)
        unit = self.texts(obj, "unit", path)
        jabatan = self.texts(obj, "jabatan", path)
        if singkatan and kode and nama:
            return Opd(singkatan, kode, nama, unit, jabatan)
        return None


def _shown_value(value: Any) -> str:
    """A value as messages show it (lists one level deep), never converting a huge integer."""
    if isinstance(value, list):
        return "[" + ", ".join(_shown_value(v) for v in value[:10]) + (", …]" if len(value) > 10 else "]")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _short_number(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 9999 else None
    if isinstance(value, str) and _YEAR.match(value.strip()):
        return int(value.strip())
    return None
