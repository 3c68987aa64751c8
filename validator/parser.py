"""Bytes -> :class:`~validator.model.Model`, safely.

The XML comes from anyone, so lxml is told to expand no entities, load no
DTD and touch no network, and a document with a DTD or entity declaration is
refused outright. Sloppy but harmless exports are recovered with a notice
(which the rule ``PPB-BPMN-001`` turns into a finding): bytes that are not
UTF-8 in a file declared UTF-8, undeclared namespace prefixes, odd spellings
of the BPMN namespace. Everything else ends in :class:`BpmnReadError` with a
stable code and an Indonesian message. Nothing here raises anything else.

Reading stays linear in the size of the file whatever it holds: a file more complex than
:class:`ParseLimits` allows (attributes on one element, different namespace declarations,
elements, nesting depth, bytes of one text) ends in ``TOO_COMPLEX`` before the model is
built (docs/batas.md), and the walk that builds the model reads each element once.
"""
from __future__ import annotations

import codecs
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, fields
import os
import re
from pathlib import Path
from typing import Mapping

from lxml import etree

from .bpmn_types import TAG_TO_TYPE, TYPES
from .errors import BpmnReadError, too_complex
from .model import Bounds, Diagram, Edge, Element, Model, Notice, Shape

BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMN_DI = "http://www.omg.org/spec/BPMN/20100524/DI"
OMG_DC = "http://www.omg.org/spec/DD/20100524/DC"
OMG_DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PPB_NS = "urn:ppb:permenpanrb-19-2018:1.0"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


# what libxml2 itself refuses without its "huge" mode (which we never turn on)
LIBXML_MAX_DEPTH = 256
LIBXML_MAX_TEXT_BYTES = 10_000_000


@dataclass(frozen=True)
class ParseLimits:
    """How complex one file may be. Crossing a limit ends in ``TOO_COMPLEX`` (an Indonesian
    message naming the limit and its value) before the model is built, so the cost of a
    file stays linear in its size whatever it holds. Real BPMN stays far below every
    default (docs/batas.md lists the MIWG corpus maxima). Each limit has an environment
    variable read at every call (:meth:`from_env`); a caller may pass its own instance."""

    attributes: int = 200            # attributes on one element
    namespaces: int = 200            # different namespace declarations (prefix, URI) in a file
    elements: int = 200_000          # elements in a file
    depth: int = LIBXML_MAX_DEPTH    # nesting levels; the root element is level 1
    text_bytes: int = 1024 * 1024    # UTF-8 bytes of one text node or one attribute value

    # the environment variable of each limit
    ENV = {"attributes": "PPB_MAX_ATTRIBUTES", "namespaces": "PPB_MAX_NAMESPACES",
           "elements": "PPB_MAX_ELEMENTS", "depth": "PPB_MAX_DEPTH",
           "text_bytes": "PPB_MAX_TEXT_BYTES"}

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if type(value) is not int or value < 1:
                raise ValueError(f"ParseLimits.{f.name} must be a whole number >= 1, got {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "ParseLimits":
        """The defaults, each replaced by its ``PPB_MAX_*`` variable when that is set. A value
        that is not a whole number >= 1 is ignored (with a warning in the log): a typo in
        the server's environment must not stop every upload."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, var in cls.ENV.items():
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            try:
                value = int(raw.strip().replace("_", ""))
            except ValueError:
                value = 0
            if value < 1:
                _warn_bad_env(var, raw)
                continue
            values[name] = value
        return cls(**values) if values else _DEFAULT_LIMITS


@functools.lru_cache(maxsize=32)
def _warn_bad_env(var: str, raw: str) -> None:  # once per variable and value
    import logging   # here: only a mistyped limit in the environment is logged

    logging.getLogger(__name__).warning("%s=%r is not a whole number >= 1; the default is used",
                                        var, raw)


_DEFAULT_LIMITS = ParseLimits()

# prefixes we can safely guess when a file uses them without declaring them
KNOWN_PREFIXES = {
    "bpmn": BPMN_MODEL, "bpmn2": BPMN_MODEL, "semantic": BPMN_MODEL, "model": BPMN_MODEL,
    "bpmn20": BPMN_MODEL, "bpmndi": BPMN_DI, "dc": OMG_DC, "di": OMG_DI, "xsi": XSI,
    "ppb": PPB_NS, "camunda": CAMUNDA_NS, "zeebe": ZEEBE_NS,
}

_K_BPMN, _K_DI, _K_DC, _K_OMGDI, _K_PPB, _K_OTHER = range(6)

_EXACT = {BPMN_MODEL: _K_BPMN, BPMN_DI: _K_DI, OMG_DC: _K_DC, OMG_DI: _K_OMGDI, PPB_NS: _K_PPB}
_CANON = {uri.lower(): kind for uri, kind in _EXACT.items()}


def _ns_kind(uri: str) -> tuple[int, bool]:
    """Namespace kind, and whether the URI was an unusual spelling."""
    exact = _EXACT.get(uri)
    if exact is not None:
        return exact, False
    norm = uri.strip().rstrip("/").lower()
    kind = _CANON.get(norm)
    if kind is not None:
        return kind, True
    if norm.startswith("urn:ppb:"):
        return _K_PPB, uri != PPB_NS
    return _K_OTHER, False


# children read as references: the text is an id
_REF_CHILDREN = frozenset({"incoming", "outgoing", "flowNodeRef", "sourceRef", "targetRef",
                           "eventDefinitionRef"})
# attributes that hold references to other elements
_REF_ATTRS = ("sourceRef", "targetRef", "processRef", "attachedToRef", "default")
_QNAME_REF_ATTRS = ("messageRef", "errorRef", "signalRef", "escalationRef", "dataObjectRef",
                    "dataStoreRef")
_REF_ATTR_SET = frozenset(_REF_ATTRS)
_QNAME_ATTR_SET = frozenset(_QNAME_REF_ATTRS)
_REF_OR_QNAME_ATTRS = _REF_ATTR_SET | _QNAME_ATTR_SET

_XSI_TYPE = "{%s}type" % XSI
_DC_BOUNDS = "{%s}Bounds" % OMG_DC
_BPMN_LABEL = "{%s}BPMNLabel" % BPMN_DI
_WAYPOINT = "{*}waypoint"
# bpmn-moddle's id check (an XML QName, ASCII letters first)
_ID_RE = re.compile(r"(?:[a-z][\w.\-]*:)?[a-z_][\w.\-]*\Z", re.I | re.ASCII)


def _valid_id(value: str) -> bool:
    """``value`` is an id bpmn-moddle reads (``_ID_RE``); a plain ASCII identifier, as
    nearly every id is, is one without running the expression."""
    if value.isascii():
        if value.isidentifier():
            return True
        if value[:1] not in "-." and value.replace("-", "_").replace(".", "_").isidentifier():
            return True     # 'sid-3F2A...', 'Task_1.2': letters, digits, '_', '-', '.'
    return _ID_RE.match(value) is not None


_NUM_RE = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _num(value: str | None) -> float | None:
    """A number the way JavaScript's parseFloat reads it (NaN when nothing numeric)."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        m = _NUM_RE.match(value)
        return float(m.group(0)) if m else math.nan


def _latin1_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("ppb-latin1", _latin1_fallback)

_UNDECLARED_RE = re.compile(r"Namespace prefix (\S+) (?:on|for) ")
_ROOT_TAG_RE = re.compile(rb"<(?![?!])[A-Za-z_][\w.\-]*(?::[\w.\-]+)?")


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                       dtd_validation=False, huge_tree=False, remove_comments=True,
                       remove_pis=True)


def _safe_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(recover=recover, **_PARSER_OPTIONS)


def read_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES,
              display_path: str | None = None, keep_tree: bool = False,
              limits: ParseLimits | None = None) -> Model:
    """Read and parse one file. Raises only :class:`BpmnReadError`.
    ``keep_tree``: keep the lxml root on ``Model.tree`` (the simulation reads it).
    ``limits``: how complex the file may be (default: :meth:`ParseLimits.from_env`)."""
    shown = display_path if display_path is not None else str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise BpmnReadError("TOO_LARGE", _human(size), limit=_human(max_bytes))
        data = p.read_bytes()
    except FileNotFoundError:
        raise BpmnReadError("FILE_NOT_FOUND", shown) from None
    except IsADirectoryError:
        raise BpmnReadError("FILE_UNREADABLE", f"{shown} adalah folder") from None
    except OSError as exc:
        raise BpmnReadError("FILE_UNREADABLE", exc.strerror or str(exc)) from None
    return parse_bytes(data, shown, max_bytes=max_bytes, keep_tree=keep_tree, limits=limits)


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} byte"


def parse_bytes(data: bytes, path: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES,
                keep_tree: bool = False, limits: ParseLimits | None = None) -> Model:
    """Parse BPMN XML bytes into a model. Raises only :class:`BpmnReadError`.
    ``keep_tree``: keep the lxml root on ``Model.tree`` (the simulation reads it).
    ``limits``: how complex the file may be (default: :meth:`ParseLimits.from_env`)."""
    if len(data) > max_bytes:
        raise BpmnReadError("TOO_LARGE", _human(len(data)), limit=_human(max_bytes))
    if not data or data.isspace():
        raise BpmnReadError("EMPTY")
    if limits is None:
        limits = ParseLimits.from_env()
    codec, utf8 = _sniff_encoding(data)
    if codec is None and b"\x00" in data:  # no ASCII text holds a NUL: an unmarked UTF-16/32
        codec = ""
    if _declares_dtd(data, codec):
        raise BpmnReadError("FORBIDDEN_DTD")
    # bytes that read as ASCII show cheaply whether a start tag may be too crowded
    crowded = codec is not None or _may_hold_crowded_tag(data, limits.attributes)
    notices: list[Notice] = []
    try:
        root, scan = _parse_xml(data, notices, limits, codec is None)
        recovered = any(n.code == "ENCODING_RECOVERED" for n in notices)
        _check_tree(root, scan, limits, data=data, ascii=codec is None,
                    utf8=utf8 and not recovered, attributes=crowded)
        model = _Builder(path, len(data), notices, scan).build(root)
        if keep_tree:
            model.tree = root
        return model
    except BpmnReadError:
        raise
    except RecursionError:
        raise BpmnReadError("TOO_COMPLEX", "elemen bersarang terlalu dalam") from None
    except MemoryError:
        raise BpmnReadError("TOO_COMPLEX", "memori tidak mencukupi") from None
    except etree.LxmlError as exc:
        raw = _clean_xml_error(str(exc))
        raise BpmnReadError("NOT_WELL_FORMED", xml_error_id(raw), detail_en=raw) from None
    except Exception as exc:  # a bug of ours must still end in a coded error, not a traceback
        raise BpmnReadError("INTERNAL", type(exc).__name__) from None


# -- encodings and DTDs ----------------------------------------------------------

# declared encodings in which every byte below 0x80 is the ASCII character (so '<', '=',
# '!' can be searched for in the raw bytes)
_ASCII_ENCODING_RE = re.compile(
    r"(?:utf-?8|(?:us-?)?ascii|iso[-_]?8859[-_]?\d+|latin-?\d|l\d|windows-125\d|cp125\d)\Z", re.I)
_UTF8_ENCODING_RE = re.compile(r"(?:utf-?8|(?:us-?)?ascii)\Z", re.I)
_DECLARED_ENCODING_RE = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:\-]{1,40})[\"']")
# the byte order mark or the first characters '<' / '<?' of an XML document, by encoding
_SIGNATURES = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # '<?xm' in EBCDIC
)
_DTD_WORDS = ("<!DOCTYPE", "<!ENTITY", "<!doctype")
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY|doctype)")


def _sniff_encoding(data: bytes) -> tuple[str | None, bool]:
    """(codec, utf8): ``codec`` is None when the bytes read as ASCII (UTF-8, ASCII,
    ISO-8859-x, windows-125x), else the Python codec to read them with ('' when Python
    does not know the declared encoding); ``utf8`` says every character is UTF-8 already."""
    for signature, codec in _SIGNATURES:
        if data.startswith(signature):
            return codec, False
    m = _DECLARED_ENCODING_RE.match(data)
    if m is None:
        return None, True  # no declaration: UTF-8
    name = m.group(1).decode("ascii")
    if _ASCII_ENCODING_RE.match(name):
        return None, _UTF8_ENCODING_RE.match(name) is not None
    try:
        return codecs.lookup(name).name, False
    except LookupError:
        return "", False


def _may_hold_crowded_tag(data: bytes, attributes: int) -> bool:
    """Whether a start tag in these ASCII-readable bytes may hold more than ``attributes``
    attributes. Such a tag takes at least ' a=""' (5 bytes) and one '=' per attribute, all
    before the next '<' (no attribute value may hold one): a run of over 5 * (attributes +
    1) bytes without '<'. Every such run covers a whole block of half that length, so only
    blocks without a '<' (rare in real files: long texts) are looked at closer."""
    run = 5 * (attributes + 1)
    block = max(1, run // 2)
    find = data.find
    size = len(data)
    at = 0
    while at + block <= size:
        if find(b"<", at, at + block) != -1:
            at += block
            continue
        start = max(data.rfind(b"<", 0, at), 0)  # the run holding this block
        end = find(b"<", at + block)
        if end == -1:
            end = size
        if end - start > run and data.count(b"=", start, end) > attributes:
            return True
        at = -(-end // block) * block  # the first whole block after the run
    return False


def _declares_dtd(data: bytes, codec: str | None) -> bool:
    """A document type or entity declaration, whatever the encoding (parsing checks again:
    see :func:`_no_dtd`)."""
    # read as ASCII, whatever the file says (a declaration starts "<!": most files have none)
    if b"<!" in data and _DTD_RE.search(data) is not None:
        return True
    if codec is None:
        return False
    texts = []
    if codec:
        texts.append(data.decode(codec, errors="replace"))
    if codec.startswith("cp") or not codec:  # the EBCDIC family does not agree on '!'
        texts += [data.decode(c, errors="replace") for c in ("cp037", "cp500", "latin-1")]
    if b"\x00" in data:  # UTF-16/32 without a usable mark: try each byte order
        texts += [data.decode(c, errors="replace")
                  for c in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")]
    return any(word in text for text in texts for word in _DTD_WORDS)


# -- limits -------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _xpath_nth_element(n: int) -> etree.XPath:
    return etree.XPath(f"boolean(/descendant::*[{n}])")


@functools.lru_cache(maxsize=8)
def _xpath_at_level(level: int) -> etree.XPath:
    """The first element ``level`` levels deep (the root is level 1)."""
    return etree.XPath("(" + "/*" * level + ")[1]")


@functools.lru_cache(maxsize=8)
def _xpath_many_attributes(n: int) -> etree.XPath:
    """The first element with ``n`` attributes or more."""
    return etree.XPath(f"/descendant::*[@*[{n}]][1]")


@functools.lru_cache(maxsize=8)
def _xpath_long_texts(chars: int) -> etree.XPath:
    return etree.XPath(f"//text()[string-length() > {chars}] | //@*[string-length() > {chars}]")


def _check_tree(root: etree._Element, scan: "_Scan", limits: ParseLimits, *, data: bytes,
                ascii: bool, utf8: bool, attributes: bool) -> None:
    """Every limit, checked on the parsed tree before the model is built. Each check is one
    pass in C at most, and is skipped when the bytes (or libxml2) already show it cannot
    fail, so real files pay next to nothing. ``attributes``: the bytes could not rule out
    a start tag with too many attributes."""
    namespaces = scan.namespaces_over(limits.namespaces)
    if namespaces:
        raise too_complex("namespaces", namespaces, limits.namespaces)
    n = limits.elements
    # every element takes at least 4 bytes ('<a/>') and one '<'
    if len(data) >= 4 * (n + 1) and (not ascii or data.count(b"<") > n) \
            and _xpath_nth_element(n + 1)(root):
        raise too_complex("elements", n, n, more=True)
    if limits.depth < LIBXML_MAX_DEPTH:  # deeper than that libxml2 refuses by itself
        deep = _xpath_at_level(limits.depth + 1)(root)
        if deep:
            el = deep[0]
            raise too_complex("depth", limits.depth + 1, limits.depth, el=_describe(el),
                              line=el.sourceline)
    if attributes:
        crowded = _xpath_many_attributes(limits.attributes + 1)(root)
        if crowded:
            el = crowded[0]
            raise too_complex("attributes", len(el.attrib), limits.attributes,
                              el=_describe(el), line=el.sourceline)
    # a text is never longer in UTF-8 than the whole file, when the file is UTF-8
    if len(data) * (1 if utf8 else 3) > limits.text_bytes:
        _check_texts(root, limits.text_bytes)


def _check_texts(root: etree._Element, limit: int) -> None:
    for value in _xpath_long_texts(max(1, limit // 4))(root):  # UTF-8: <= 4 bytes a character
        size = len(value.encode("utf-8"))
        if size > limit:
            el = value.getparent()
            if value.is_attribute:
                raise too_complex("text_bytes", size, limit, el=_describe(el),
                                  attr=value.attrname.rsplit("}", 1)[-1], line=el.sourceline)
            if value.is_tail:
                el = el.getparent() if el.getparent() is not None else el
            raise too_complex("text_bytes", size, limit, el=_describe(el), text=True,
                              line=el.sourceline)


def _describe(el: etree._Element) -> str:
    """``<bpmn:task id="Task_1">``, short enough for a message."""
    tag = el.tag if isinstance(el.tag, str) else "?"
    name = tag.rsplit("}", 1)[-1]
    if el.prefix:
        name = f"{el.prefix}:{name}"
    name = _shorten(name, 60)
    eid = el.get("id")
    return f'<{name} id="{_shorten(eid, 60)}">' if eid is not None else f"<{name}>"


def _shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "\u2026"


# libxml2's own limits (it refuses more without its "huge" mode), by a piece of its message
_LIBXML_LIMITS = (
    ("Excessive depth in document", "depth"),
    ("Text node too long", "text"),
    ("huge text node", "text"),
    ("CData section too big", "text"),
    ("AttValue length too long", "text"),
    ("Buffer size limit exceeded", "text"),
)


def _raise_if_libxml_limit(exc: etree.XMLSyntaxError, limits: ParseLimits) -> None:
    msg = str(exc)
    line = getattr(exc, "lineno", None)
    for needle, kind in _LIBXML_LIMITS:
        if needle in msg:
            if kind == "depth":
                raise too_complex("depth", LIBXML_MAX_DEPTH, min(limits.depth, LIBXML_MAX_DEPTH),
                                  more=True, line=line)
            raise too_complex("text_bytes", LIBXML_MAX_TEXT_BYTES,
                              min(limits.text_bytes, LIBXML_MAX_TEXT_BYTES), more=True,
                              text=True, line=line)


# -- parsing --------------------------------------------------------------------------

_EXPRESSION_TAGS = ("{*}conditionExpression", "{*}condition")
_FEED = 1 << 20  # libxml2's push parser refuses one piece over 10 MB ("Buffer size limit")


class _Scan:
    """What a parse read: the bytes, and the different namespace declarations (prefix,
    URI) in them, counted exactly only where a cheap look at the bytes cannot rule out too
    many."""

    __slots__ = ("data", "declared", "_raw", "_per_prefix")

    def __init__(self, data: bytes, declared: set[tuple[str, str]] | None = None) -> None:
        self.data = data
        self.declared = declared   # exact, when the parse reported them
        self._raw: set[tuple[str, bytes]] | None = None
        self._per_prefix: dict[str, int] | None = None

    def namespaces_over(self, limit: int) -> int:
        """How many different declarations the file has, when that is more than ``limit``;
        else 0."""
        if self.declared is None:
            if self.data.count(b"xmlns") <= limit or len(self._raw_declarations()) <= limit:
                return 0
            self.declared = _declarations(self.data)
        return len(self.declared) if len(self.declared) > limit else 0

    def _raw_declarations(self) -> set[tuple[str, bytes]]:
        """Every ``xmlns...="..."`` in the bytes as written: each real declaration and maybe
        some look-alikes in texts, so never fewer different ones than the file has."""
        if self._raw is None:
            self._raw = {(prefix.decode("utf-8", "replace"), dq or sq)
                         for prefix, dq, sq in _XMLNS_DECL_RE.findall(self.data)}
        return self._raw

    def bound_once(self, prefix: str) -> bool:
        """Whether every declaration of ``prefix`` in the file binds it to the same URI."""
        if self._per_prefix is None:
            counts: dict[str, int] = {}
            for p, _uri in (self.declared if self.declared is not None
                            else self._raw_declarations()):
                counts[p] = counts.get(p, 0) + 1
            self._per_prefix = counts
        return self._per_prefix.get(prefix) == 1


# 'xmlns' then, looked at without taking it, the rest of a declaration: every declaration
# is seen even where a look-alike inside a text runs over it
_XMLNS_DECL_RE = re.compile(rb"""xmlns(?=(?::([^\s=/>]+))?\s*=\s*(?:"([^"]*)"|'([^']*)'))""")


def _feed(parser: etree.XMLPullParser, data: bytes) -> etree._Element:
    if len(data) <= _FEED:
        parser.feed(data)
    else:
        for at in range(0, len(data), _FEED):
            parser.feed(data[at:at + _FEED])
    return parser.close()


def _declarations(data: bytes) -> set[tuple[str, str]]:
    """The different namespace declarations, as libxml2 reads them."""
    parser = etree.XMLPullParser(events=("start-ns",), **_PARSER_OPTIONS)
    _feed(parser, data)
    return {item for _event, item in parser.read_events()}


def _parse_once(data: bytes, ascii: bool) -> tuple[etree._Element, _Scan]:
    """One parse. Bytes that do not read as ASCII are parsed reporting each namespace
    declaration (a cost per declaration, none per element: a byte count cannot see them)."""
    if ascii:
        return _no_dtd(etree.fromstring(data, _safe_parser())), _Scan(data)
    parser = etree.XMLPullParser(events=("start-ns",), **_PARSER_OPTIONS)
    root = _feed(parser, data)
    return _no_dtd(root), _Scan(data, {item for _event, item in parser.read_events()})


def _expression_uris(data: bytes, root: etree._Element) -> dict[etree._Element, str | None]:
    """For each conditionExpression / condition under ``root`` (parsed from ``data``), the
    URI that the prefix of its xsi:type stands for there. A second parse follows the
    declarations in and out of scope, so the cost stays linear where ``nsmap`` on each
    expression would walk every declaration of every ancestor."""
    parser = etree.XMLPullParser(events=("start-ns", "end-ns", "start"), tag=_EXPRESSION_TAGS,
                                 **_PARSER_OPTIONS)
    _feed(parser, data)
    in_scope: dict[str, list[str]] = {}   # prefix -> URIs, innermost last
    order: list[str] = []                 # prefixes as declared, undone at each end-ns
    uris: list[str | None] = []
    for event, item in parser.read_events():
        if event == "start-ns":
            prefix, uri = item
            in_scope.setdefault(prefix, []).append(uri)
            order.append(prefix)
        elif event == "end-ns":
            in_scope[order.pop()].pop()
        else:
            xtype = item.get(_XSI_TYPE) or ""
            bound = in_scope.get(xtype.strip().rpartition(":")[0])
            uris.append((bound[-1] or None) if bound else None)
    return dict(zip(root.iter(*_EXPRESSION_TAGS), uris))


def _parse_xml(data: bytes, notices: list[Notice], limits: ParseLimits,
               ascii: bool) -> tuple[etree._Element, _Scan]:
    try:
        return _parse_once(data, ascii)
    except etree.XMLSyntaxError as exc:
        first = exc
    _raise_if_libxml_limit(first, limits)
    msg = str(first)
    # 1. bytes that are not UTF-8 in a file that says (or defaults to) UTF-8
    if "encoding" in msg.lower() or "utf-8" in msg.lower():
        fixed = _reencode(data)
        if fixed is not None:
            try:
                parsed = _parse_once(fixed, ascii)
                notices.append(Notice("ENCODING_RECOVERED", getattr(first, "lineno", 0) or 0))
                return parsed
            except etree.XMLSyntaxError as exc:
                data, first, msg = fixed, exc, str(exc)
                notices.append(Notice("ENCODING_RECOVERED", 0))
    # 2. namespace URIs that libxml2 refuses (spaces and the like)
    if "is not a valid URI" in msg:
        fixed = _fix_ns_uris(data)
        if fixed is not None:
            try:
                parsed = _parse_once(fixed, ascii)
                notices.append(Notice("ODD_NAMESPACE", getattr(first, "lineno", 0) or 0,
                                      params={"uri": "URI namespace berisi spasi"}))
                return parsed
            except etree.XMLSyntaxError as exc:
                data, first, msg = fixed, exc, str(exc)
    # 3. namespace prefixes used without a declaration
    if "Namespace prefix" in msg:
        fixed, prefixes = _declare_prefixes(data)
        if fixed is not None:
            try:
                parsed = _parse_once(fixed, ascii)
                notices.append(Notice("UNDECLARED_PREFIX", 0, params={"prefix": ", ".join(prefixes)}))
                return parsed
            except etree.XMLSyntaxError as exc:
                first = exc
    _raise_if_libxml_limit(first, limits)
    line = getattr(first, "lineno", None)
    detail = _clean_xml_error(str(first))
    raise BpmnReadError("NOT_WELL_FORMED", xml_error_id(detail), line=line, detail_en=detail)


def _no_dtd(root: etree._Element) -> etree._Element:
    """Refuse a document type declaration the byte scan could not see (e.g. in UTF-16)."""
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.doctype:
        raise BpmnReadError("FORBIDDEN_DTD")
    return root


def _clean_xml_error(msg: str) -> str:
    msg = re.sub(r",? line \d+, column \d+", "", msg)
    msg = re.sub(r"\s*\(<string>.*\)$", "", msg)
    return msg.strip() or "XML rusak"


# libxml2's messages for the mistakes people make, in Indonesian (pattern -> template; the
# groups fill {0}, {1}, ...); a message not listed keeps libxml2's English words, marked so
_XML_ERRORS_ID: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, re.I), t) for p, t in (
    (r"Failed to parse QName '([^']*)'", "nama '{0}' bukan nama XML yang sah (awalan tanpa nama?)"),
    (r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)",
     "tag <{0}> (baris {1}) ditutup dengan </{2}>"),
    (r"Premature end of data in tag (\S+) line (\d+)",
     "berkas terpotong: tag <{0}> (baris {1}) tidak pernah ditutup"),
    (r"EndTag: '</' not found", "tag penutup '</' tidak ditemukan (berkas terpotong?)"),
    (r"Start tag expected, '<' not found", "berkas tidak dimulai dengan tag XML ('<' tidak ada)"),
    (r"Document is empty", "dokumen kosong"),
    (r"Extra content at the end of the document", "ada isi lain setelah elemen akar"),
    (r"Couldn't find end of Start Tag (\S+)", "tag pembuka <{0}> tidak ditutup dengan '>'"),
    (r"attributes construct error", "atribut tidak tersusun dengan benar"),
    (r"xmlParseEntityRef: no name", "tanda '&' tanpa nama entitas (tulis &amp;)"),
    (r"Entity '([^']*)' not defined", "entitas '&{0};' tidak dikenal (tulis &amp; untuk '&')"),
    (r"Attribute (\S+) redefined", "atribut {0} ditulis dua kali pada satu elemen"),
    (r"Namespace prefix (\S+) (?:on|for) (\S+) is not defined",
     "awalan namespace '{0}' pada <{1}> tidak dideklarasikan"),
    (r"Specification mandates value for attribute (\S+)", "atribut {0} tidak diberi nilai"),
    (r"AttValue: \" or ' expected", "nilai atribut harus diapit tanda kutip"),
    (r"Unescaped '<' not allowed in attributes values",
     "tanda '<' tidak boleh ada dalam nilai atribut (tulis &lt;)"),
    (r"Comment not terminated", "komentar <!-- tidak ditutup dengan -->"),
    (r"(?:Char|PCDATA invalid Char value|invalid character) 0x([0-9A-F]+)",
     "karakter tidak sah di XML (kode 0x{0})"),
    (r"PCDATA invalid Char value (\d+)", "karakter tidak sah di XML (kode {0})"),
    (r"Input is not proper UTF-8", "berkas bukan UTF-8 yang sah; simpan ulang sebagai UTF-8"),
    (r"Document labelled UTF-16 but has UTF-8 content",
     "berkas dinyatakan UTF-16 tetapi isinya UTF-8"),
    (r"StartTag: invalid element name", "nama elemen tidak sah setelah '<'"),
    (r"Blank needed here", "spasi diperlukan di sini"),
    (r"XML declaration allowed only at the start of the document",
     "deklarasi <?xml ...?> hanya boleh di awal berkas"),
    (r"Huge input lookup|Excessive depth in document",
     "berkas terlalu besar atau bersarang terlalu dalam untuk dibaca"),
))


def xml_error_id(message: str) -> str:
    """libxml2's (English) error message in Indonesian, for the NOT_WELL_FORMED error."""
    for pattern, template in _XML_ERRORS_ID:
        m = pattern.search(message)
        if m:
            return template.format(*m.groups())
    return f"kesalahan XML ({message})"


def _reencode(data: bytes) -> bytes | None:
    head = data[:200].lower()
    if b"encoding" in head and b"utf-8" not in head and b"utf8" not in head:
        return None  # declares another encoding; lxml already honoured it
    try:
        data.decode("utf-8")
        return None  # valid UTF-8: the error is something else
    except UnicodeDecodeError:
        pass
    return data.decode("utf-8", errors="ppb-latin1").encode("utf-8")


_XMLNS_RE = re.compile(rb'(xmlns(?::[\w.\-]+)?\s*=\s*)(["\'])(.*?)\2', re.S)


def _fix_ns_uris(data: bytes) -> bytes | None:
    def repl(m: re.Match) -> bytes:
        uri = m.group(3).strip().replace(b" ", b"%20")
        return m.group(1) + m.group(2) + uri + m.group(2)
    fixed = _XMLNS_RE.sub(repl, data)
    return None if fixed == data else fixed


def _declare_prefixes(data: bytes) -> tuple[bytes | None, list[str]]:
    parser = _safe_parser(recover=True)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        pass
    prefixes: list[str] = []
    for entry in parser.error_log:
        m = _UNDECLARED_RE.search(entry.message)
        if m and m.group(1) not in prefixes:
            prefixes.append(m.group(1))
    if not prefixes:
        return None, []
    m = _ROOT_TAG_RE.search(data)
    if not m:
        return None, prefixes
    decls = "".join(
        f' xmlns:{p}="{KNOWN_PREFIXES.get(p, "urn:ppb:undeclared:" + p)}"' for p in prefixes
    ).encode("ascii", errors="ignore")
    return data[:m.end()] + decls + data[m.end():], prefixes


_UNSEEN = object()
_XPATH_ATTRIBUTE_VALUES = etree.XPath("@*", smart_strings=False)


def _attributes(x: etree._Element) -> dict[str, str]:
    """``dict(x.attrib)`` in one pass. lxml looks each value up by name (``x.items()``,
    ``dict(x.attrib)``): quadratic in the number of attributes, so many are read by XPath."""
    if len(x.attrib) <= 24:
        return dict(x.items())
    return dict(zip(x.keys(), _XPATH_ATTRIBUTE_VALUES(x)))


class _Builder:
    """One walk over the lxml tree that builds elements, then one resolve pass. The tree is
    within :class:`ParseLimits` already (see :func:`_check_tree`); the walk itself stays
    linear: attributes are read in one pass and no element asks for its ``nsmap``."""

    def __init__(self, path: str, size: int, notices: list[Notice],
                 scan: "_Scan | None" = None) -> None:
        self.path = path
        self.size = size
        self.scan = scan
        self.expression_uris: dict | None = None
        self.notices = notices
        self.elements: list[Element] = []
        self.by_id: dict[str, Element] = {}
        self.by_type: dict[str, list[Element]] = defaultdict(list)
        self.duplicates: list[tuple[str, int, str]] = []   # (id, line, type) of skipped elements
        self.seen_ids: set[str] = set()
        self.invalid_ids: list[tuple[str, int, str]] = []
        self.diagrams: list[Diagram] = []
        self.kinds: dict[str, int] = {}
        self.tags: dict[str, tuple[int, str]] = {}
        self.odd_ns: set[str] = set()
        self.forced_ns = False     # a root in an unknown namespace is read as BPMN's (build)
        self.namespaces: dict[str, str] = {}
        self.type_lists: dict[str, tuple[list[Element], ...]] = {}

    # -- namespaces ---------------------------------------------------------
    def _split(self, tag: str) -> tuple[int, str]:
        hit = self.tags.get(tag)
        if hit is not None:
            return hit
        if tag[0] != "{":
            hit = (_K_OTHER, tag)
        else:
            uri, local = tag[1:].split("}", 1)
            kind = self.kinds.get(uri)
            if kind is None:
                kind, odd = _ns_kind(uri)
                if odd:
                    self.odd_ns.add(uri)
                self.kinds[uri] = kind
            hit = (kind, local)
        self.tags[tag] = hit
        return hit

    # -- walk ---------------------------------------------------------------
    def build(self, root: etree._Element) -> Model:
        tag = root.tag if isinstance(root.tag, str) else ""
        kind, local = self._split(tag) if tag else (_K_OTHER, "")
        if local != "definitions":
            raise BpmnReadError("NOT_BPMN", tag.split("}")[-1] if tag else "?")
        if kind != _K_BPMN:
            uri = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
            # a definitions root in an unknown namespace: read it as BPMN, say so
            self.kinds[uri] = _K_BPMN
            self.forced_ns = True
            self.tags.clear()
            self.odd_ns.add(uri or "(tanpa namespace)")
        self.namespaces = {k or "": v for k, v in (root.nsmap or {}).items()}
        cb = _c_builder()
        definitions = cb.walk(self, root) if cb is not None else \
            self._element(root, "Definitions", None)
        for uri in sorted(self.odd_ns):
            self.notices.append(Notice("ODD_NAMESPACE", root.sourceline or 0, params={"uri": uri}))
        dangling = cb.resolve(self) if cb is not None else self._resolve()
        return Model(path=self.path, size=self.size, definitions=definitions,
                     elements=self.elements, by_id=self.by_id, by_type=dict(self.by_type),
                     diagrams=self.diagrams, notices=self.notices,
                     duplicate_ids=self.duplicates, invalid_ids=self.invalid_ids, dangling=dangling,
                     namespaces=self.namespaces)

    def _element(self, x: etree._Element, type_name: str, parent: Element | None) -> Element:
        attrs = _attributes(x)
        ext: dict[str, str] | None = None
        for key in attrs:
            if key[0] == "{":
                kind, local = self._split(key)
                if kind == _K_PPB:
                    if ext is None:
                        ext = {}
                    ext[local] = key
        if ext is not None:
            ext = {local: attrs.pop(key) for local, key in ext.items()}
        types = TYPES[type_name]
        el = Element(type_name, types, x.sourceline or 0, attrs)
        if ext is not None:
            el.ext = ext
        if parent is not None:
            el.parent = parent
        # registered (as _register does, inlined: once per element)
        self.elements.append(el)
        eid = el.id
        if eid is not None:
            self.seen_ids.add(eid)
            self.by_id[eid] = el
        lists = self.type_lists.get(type_name)
        if lists is None:  # the by_type lists of every super type, looked up once per type
            by_type = self.by_type
            lists = self.type_lists[type_name] = tuple(by_type[t] for t in types)
        for bucket in lists:
            bucket.append(el)
        tags = self.tags
        seen_ids = self.seen_ids
        for child in x:
            ctag = child.tag
            hit = tags.get(ctag)
            if hit is None:
                if not isinstance(ctag, str):
                    continue
                hit = self._split(ctag)
            kind, local = hit
            if kind == _K_BPMN:
                ctype = TAG_TO_TYPE.get(local)
                if ctype is not None:
                    if not _allowed(types, ctype):
                        # bpmn-moddle drops an element where BPMN allows none of its kind
                        self.notices.append(Notice("MISPLACED_ELEMENT", child.sourceline or 0,
                                                   child.get("id"), {"type": ctype, "parent": type_name}))
                        continue
                    cid = child.get("id")
                    if cid is not None and (cid in seen_ids or not (
                            cid.isidentifier() and cid.isascii() or _valid_id(cid))) \
                            and self._id_refused(cid, child, ctype):
                        continue
                    self._attach(el, self._element(child, ctype, el))
                elif local in _REF_CHILDREN:
                    ref = (child.text or "").strip()
                    if ref:
                        if el.ref_ids is Element.ref_ids:
                            el.ref_ids = {}
                        el.ref_ids.setdefault(local, []).append((ref, child.sourceline or 0))
                elif local == "conditionExpression" or local == "condition":
                    if not self._expression_type_ok(child):
                        self.notices.append(Notice("UNKNOWN_EXPRESSION_TYPE", child.sourceline or 0,
                                                   el.id, {"type": child.get(_XSI_TYPE)}))
                        continue
                    el.has_condition = True
                    body = "".join(child.itertext())
                    el.condition = body if body.strip() else None
                elif local == "documentation":
                    text = "".join(child.itertext()).strip()
                    if text:
                        el.documentation = text if el.documentation is None else el.documentation + "\n" + text
                elif local == "text":
                    el.text = "".join(child.itertext())
                elif local == "extensionElements":
                    self._extensions(el, child)
                elif local == "childLaneSet":
                    el.child_lane_set = self._element(child, "LaneSet", el)
                    self._add_child(el, el.child_lane_set)
                elif len(child) == 0:
                    if el.props is Element.props:
                        el.props = {}
                    el.props[local] = (child.text or "").strip()
            elif kind == _K_DI and local == "BPMNDiagram" and type_name == "Definitions":
                self._diagram(child)
        return el

    def _expression_type_ok(self, x: etree._Element) -> bool:
        """bpmn-moddle drops an expression whose xsi:type it cannot resolve; so do we."""
        xtype = x.get(_XSI_TYPE)
        if xtype is None:
            return True
        prefix, _, local = xtype.strip().rpartition(":")
        uri = self._prefix_uri(x, prefix or None)
        if uri is None:  # bpmn-moddle reads an undeclared prefix as its own package name
            return prefix == "bpmn" and local in ("tFormalExpression", "tExpression")
        kind = self.kinds.get(uri)
        if kind is None:
            kind = _ns_kind(uri)[0]
        return kind == _K_BPMN and local in ("tFormalExpression", "tExpression")

    def _prefix_uri(self, x: etree._Element, prefix: str | None) -> str | None:
        """The namespace ``prefix`` stands for at ``x``, without ``x.nsmap`` (which walks
        every declaration on every ancestor: quadratic over a file)."""
        if x.prefix == prefix:  # x's own prefix: its tag carries the URI
            tag = x.tag
            return tag[1:].split("}", 1)[0] if tag[0] == "{" else None
        scan = self.scan
        if scan is None:
            return x.nsmap.get(prefix)
        key = prefix or ""
        root_uri = self.namespaces.get(key)
        if root_uri is not None and scan.bound_once(key):
            return root_uri  # declared on the root and bound to nothing else anywhere
        if self.expression_uris is None:  # rare: follow the declarations through the file
            self.expression_uris = _expression_uris(scan.data, x.getroottree().getroot())
        uri = self.expression_uris.get(x, _UNSEEN)
        return x.nsmap.get(prefix) if uri is _UNSEEN else uri

    def _register(self, el: Element) -> None:
        self.elements.append(el)
        eid = el.id
        if eid is not None:
            self.seen_ids.add(eid)
            self.by_id[eid] = el
        by_type = self.by_type
        for t in el.types:
            by_type[t].append(el)

    @staticmethod
    def _add_child(parent: Element, child: Element) -> None:
        if parent.children is Element.children:
            parent.children = []
        parent.children.append(child)

    def _attach(self, parent: Element, child: Element) -> None:
        children = parent.children
        if children is Element.children:
            parent.children = [child]
        else:
            children.append(child)
        ct = child.types
        pt = parent.types
        if "FlowElement" in ct and "FlowElementsContainer" in pt:
            flow_elements = parent.flow_elements
            if flow_elements is Element.flow_elements:
                parent.flow_elements = [child]
            else:
                flow_elements.append(child)
        elif "Artifact" in ct:
            _push(parent, "artifacts", child)
        elif "EventDefinition" in ct and "Event" in pt:
            _push(parent, "event_definitions", child)
        elif child.type == "LaneSet":
            _push(parent, "lane_sets", child)
        elif child.type == "Lane" and parent.type == "LaneSet":
            _push(parent, "lanes", child)
        elif child.type == "Participant":
            _push(parent, "participants", child)
        elif child.type == "MessageFlow":
            _push(parent, "message_flows", child)
        elif "LoopCharacteristics" in ct:
            parent.loop = child

    def _extensions(self, el: Element, ext_el: etree._Element) -> None:
        """Read ppb keys given as camunda:property / zeebe:property name="ppb:..." entries
        (an attribute on the element itself wins)."""
        for node in ext_el.iter("{*}property"):
            name = node.get("name") or ""
            if name.startswith("ppb:"):
                if el.ext is Element.ext:
                    el.ext = {}
                el.ext.setdefault(name[4:], node.get("value") or (node.text or "").strip())

    # -- diagram interchange -----------------------------------------------
    def _diagram(self, x: etree._Element) -> None:
        diagram = Diagram(id=x.get("id"), name=x.get("name"), line=x.sourceline or 0)
        self.diagrams.append(diagram)
        for plane in x:
            if not isinstance(plane.tag, str) or self._split(plane.tag) != (_K_DI, "BPMNPlane"):
                continue
            # BPMNDiagram.plane holds one plane: as in bpmn-moddle, a later one replaces
            # an earlier one (some tools write two)
            diagram.has_plane = True
            diagram.plane_element_id = plane.get("bpmnElement")
            shapes: list[Shape] = []
            edges: list[Edge] = []
            diagram.shapes, diagram.edges = shapes, edges
            tags = self.tags
            seen = self.seen_ids
            for item in plane:
                hit = tags.get(item.tag)
                if hit is None:
                    if not isinstance(item.tag, str):
                        continue
                    hit = self._split(item.tag)
                if hit[0] != _K_DI:
                    continue
                local = hit[1]
                if local != "BPMNShape" and local != "BPMNEdge":
                    continue
                did = item.get("id")
                if did is not None:
                    if did in seen or not (did.isidentifier() and did.isascii()
                                           or _valid_id(did)):
                        self._id_refused(did, item, local)
                        continue
                    seen.add(did)
                if local == "BPMNShape":
                    shapes.append(self._shape(item, did))
                else:
                    edges.append(self._edge(item, did))

    def _bounds(self, parent: etree._Element | None) -> Bounds | None:
        if parent is None:
            return None
        b = None
        for child in parent:   # the first dc:Bounds; each tag before it is named (_split), so
            tag = child.tag    # an odd spelling of its namespace is seen (and read, below)
            if tag.__class__ is str:
                if tag == _DC_BOUNDS:
                    b = child
                    break
                self._split(tag)
        if b is None:
            if not self.odd_ns:
                return None
            for child in parent.iter():  # odd namespace spellings: the slow way
                if child is not parent and isinstance(child.tag, str) \
                        and self._split(child.tag) == (_K_DC, "Bounds"):
                    b = child
                    break
            else:
                return None
        return _read_bounds(b)

    def _id_refused(self, eid: str, x: etree._Element, kind: str) -> bool:
        """As bpmn-moddle does, an element whose id is taken or is no valid XML name is
        not read (with everything inside it); the rule PPB-BPMN-002 reports it."""
        if eid in self.seen_ids:
            self.duplicates.append((eid, x.sourceline or 0, kind))
            return True
        if not _valid_id(eid):
            self.invalid_ids.append((eid, x.sourceline or 0, kind))
            return True
        return False

    def _shape(self, x: etree._Element, did: str | None) -> Shape:
        g = x.get
        exp = g("isExpanded")
        hor = g("isHorizontal")
        # the first dc:Bounds child and the first bpmndi:BPMNLabel child, in one pass
        bounds_x = label_x = None
        count = 0
        for child in x:
            count += 1
            tag = child.tag
            if tag == _DC_BOUNDS:
                if bounds_x is None:
                    bounds_x = child
            elif tag == _BPMN_LABEL and label_x is None:
                label_x = child
            elif tag.__class__ is str and tag not in self.tags:
                self._split(tag)   # an odd spelling of the DC namespace is noticed (and read)
        label = self._bounds(label_x) if count > 1 else None
        if bounds_x is not None:
            bounds = _read_bounds(bounds_x)
        else:
            bounds = self._bounds(x) if self.odd_ns else None
        return Shape(did, g("bpmnElement"), None, bounds, x.sourceline or 0,
                     None if exp is None else exp == "true",
                     None if hor is None else hor == "true", label)

    def _edge(self, x: etree._Element, did: str | None) -> Edge:
        points = []
        for child in x:
            tag = child.tag  # as iterchildren("{*}waypoint"): any namespace or none
            if tag.__class__ is not str:
                continue
            if tag not in self.tags:
                self._split(tag)   # an odd spelling of the DI namespace is noticed
            if tag != "waypoint" and not tag.endswith("}waypoint"):
                continue
            g = child.get
            try:
                points.append((float(g("x")), float(g("y"))))
            except (TypeError, ValueError):
                px, py = _num(g("x")), _num(g("y"))
                if px is not None and py is not None:
                    points.append((px, py))
        return Edge(did, x.get("bpmnElement"), None, points, x.sourceline or 0)

    # -- references ----------------------------------------------------------
    def _lookup(self, ref: str) -> Element | None:
        el = self.by_id.get(ref)
        if el is None and ":" in ref:
            el = self.by_id.get(ref.rsplit(":", 1)[1])
        return el

    def _resolve_children(self, el: Element, dangling: list[tuple[Element, str, str]]) -> None:
        """The references ``el`` names in child elements (incoming, flowNodeRef, ...)."""
        by_id = self.by_id
        for key, refs in el.ref_ids.items():
            resolved = []
            for ref, _line in refs:
                target = by_id.get(ref)
                if target is None:
                    dangling.append((el, key, ref))
                else:
                    resolved.append(target)
            if key == "incoming":
                el.incoming = resolved
            elif key == "outgoing":
                el.outgoing = resolved
            elif key == "flowNodeRef":
                el.flow_node_refs = resolved
                for node in resolved:
                    node.lane = el
            elif key == "sourceRef" and resolved:
                el.source = resolved[0]
            elif key == "targetRef" and resolved:
                el.target = resolved[0]

    def _resolve(self) -> list[tuple[Element, str, str]]:
        by_id = self.by_id
        dangling: list[tuple[Element, str, str]] = []
        lookup = self._lookup
        ref_attrs = _REF_ATTR_SET
        qname_attrs = _QNAME_ATTR_SET
        no_refs = _REF_OR_QNAME_ATTRS.isdisjoint
        for el in self.elements:
            attrs = el.attrs
            if no_refs(attrs):  # most elements hold no reference attribute
                if el.ref_ids is not Element.ref_ids:
                    self._resolve_children(el, dangling)
                continue
            keys = attrs.keys()
            # attributes in document order (a set's order would change from run to run)
            for attr in [k for k in keys if k in ref_attrs]:
                ref = attrs[attr]
                target = by_id.get(ref)
                if target is None:
                    dangling.append((el, attr, ref))
                    continue
                if attr == "sourceRef":
                    el.source = target
                elif attr == "targetRef":
                    el.target = target
                elif attr == "processRef":
                    el.process = target
                elif attr == "attachedToRef":
                    el.attached_to = target
                else:
                    el.default = target
            for attr in [k for k in keys if k in qname_attrs]:
                ref = attrs[attr]
                if ref.strip() and lookup(ref.strip()) is None:
                    dangling.append((el, attr, ref))
            if el.ref_ids is not Element.ref_ids:
                self._resolve_children(el, dangling)
        for flow in self.by_type.get("SequenceFlow", ()):
            if flow.source is not None:
                _push(flow.source, "out_flows", flow)
            if flow.target is not None:
                _push(flow.target, "in_flows", flow)
        for diagram in self.diagrams:
            if diagram.plane_element_id:
                diagram.plane_element = by_id.get(diagram.plane_element_id)
            for item in diagram.shapes:
                if item.element_id is not None:
                    item.element = by_id.get(item.element_id)
            for item in diagram.edges:
                if item.element_id is not None:
                    item.element = by_id.get(item.element_id)
        return dangling


def _read_bounds(b: etree._Element) -> Bounds:
    g = b.get
    try:
        return Bounds(float(g("x")), float(g("y")), float(g("width")), float(g("height")))
    except (TypeError, ValueError):  # missing or odd numbers: read them as bpmn-moddle does
        return Bounds(_num(g("x")), _num(g("y")), _num(g("width")), _num(g("height")))


_CONTAINER_ONLY = {
    # child super type -> parent super types that may hold it
    "FlowElement": ("FlowElementsContainer",),
    "Artifact": ("FlowElementsContainer", "Collaboration"),
    "LaneSet": ("FlowElementsContainer",),
    "Lane": ("LaneSet",),
    "Participant": ("Collaboration",),
    "MessageFlow": ("Collaboration",),
    "EventDefinition": ("Event", "Definitions"),
    "RootElement": ("Definitions",),
}
_ALLOWED_CACHE: dict[tuple[frozenset, str], bool] = {}


def _allowed(parent_types: frozenset, child_type: str) -> bool:
    key = (parent_types, child_type)
    hit = _ALLOWED_CACHE.get(key)
    if hit is None:
        hit = True
        child_types = TYPES[child_type]
        for kind in ("FlowElement", "Artifact", "LaneSet", "Lane", "Participant", "MessageFlow",
                     "EventDefinition", "RootElement"):
            if kind in child_types:
                hit = any(p in parent_types for p in _CONTAINER_ONLY[kind])
                break
        _ALLOWED_CACHE[key] = hit
    return hit


def _push(el: Element, attr: str, value: object) -> None:
    current = getattr(el, attr)
    if type(current) is tuple:
        setattr(el, attr, [value])
    else:
        current.append(value)


_CBUILD: list = []      # the C builder once looked for (empty list: not yet)


def _c_builder():  # noqa: ANN202
    """:mod:`validator.cbuild` (its ``walk`` and ``resolve``) when it is built from the
    source beside it and against the lxml in use (``make install`` builds it; it reads lxml's
    and libxml2's structures as that version lays them out) and not switched off
    (``PPB_CBUILD=0``), else None: :class:`_Builder` then walks the tree in Python, to the
    same model."""
    if not _CBUILD:
        from .cext import load

        module = load("validator.cbuild", "PPB_CBUILD")
        if module is not None and getattr(module, "LXML_VERSION", None) != etree.__version__:
            module = None
        if module is not None:
            module.init(globals())
        _CBUILD.append(module)
    return _CBUILD[0]
