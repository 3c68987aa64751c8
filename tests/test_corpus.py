"""The whole validator on real and hostile input: it answers, it never crashes.

1. The MIWG corpus (831 BPMN files exported by 35 modelling tools): every file
   gives a result or a read error with a stable code and an Indonesian
   message; no exception escapes and no rule fails on any file.
2. Hostile or odd bytes made here (empty, not XML, HTML, JSON, truncated,
   billion laughs, XXE, external DTD, too large, deeply nested, UTF-16, BOM,
   a non-BPMN root): each ends in a clear error code or a model, never an
   exception, and the content of an external entity never shows anywhere.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator.engine import FileResult, Validator, expand_paths
from validator.errors import MESSAGES, BpmnReadError
from validator.parser import DEFAULT_MAX_BYTES, parse_bytes

from .conftest import CORPUS

CORPUS_FILES = 831
RULE_FAILED = "gagal dijalankan"

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
MINIMAL = (
    '<?xml version="1.0" encoding="{enc}"?>\n'
    f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="Defs_1" targetNamespace="urn:ppb:uji">\n'
    '  <bpmn:process id="Proses_1" name="Penerbitan Surat Izin" isExecutable="false">\n'
    '    <bpmn:startEvent id="Start_1" name="Permohonan diterima" />\n'
    '    <bpmn:task id="Task_1" name="Memeriksa berkas" />\n'
    '    <bpmn:endEvent id="End_1" name="Izin terbit" />\n'
    '    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_1" targetRef="Task_1" />\n'
    '    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="End_1" />\n'
    '  </bpmn:process>\n'
    '</bpmn:definitions>\n'
)


def _minimal(enc: str = "UTF-8") -> str:
    return MINIMAL.replace("{enc}", enc)


def _assert_clear_error(error: BpmnReadError) -> None:
    assert error.code in MESSAGES, error.code
    assert error.message and error.message != error.message_en, "Indonesian message required"


# -- 1. the MIWG corpus --------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_results() -> list[FileResult]:
    if not CORPUS.is_dir():
        pytest.skip(f"MIWG corpus not found at {CORPUS} (shared/corpus/miwg beside the project)")
    validator = Validator()  # default config: profile 'standar'
    return [validator.validate_file(real, shown, keep_model=False)
            for real, shown in expand_paths([str(CORPUS)])]


def test_corpus_has_every_file(corpus_results):
    assert len(corpus_results) == CORPUS_FILES


def test_corpus_every_file_reads_or_fails_clearly(corpus_results):
    for result in corpus_results:
        assert isinstance(result, FileResult)
        if not result.ok:
            _assert_clear_error(result.error)


def test_corpus_no_rule_fails(corpus_results):
    failed = [(r.path, f.rule, f.message) for r in corpus_results for f in r.findings
              if RULE_FAILED in f.message]
    assert failed == []


def test_corpus_findings_are_complete(corpus_results):
    for result in corpus_results:
        for f in result.findings:
            assert f.message and f.message_en, (result.path, f.rule)
            assert "{" not in f.message, ("unfilled placeholder", result.path, f.rule, f.message)
            assert f.severity in ("error", "warning", "info"), (result.path, f.rule)


# -- 2. hostile and odd input ----------------------------------------------------

PASSWD = Path("/etc/passwd")


def _secret_markers() -> list[str]:
    """Text that only the content of /etc/passwd would bring into the output."""
    markers = ["root:x:0:0", ":/bin/", "/usr/sbin/nologin"]
    try:
        first = PASSWD.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        if first.strip():
            markers.append(first.strip())
    except (OSError, IndexError):
        pass
    return markers


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
              for i in range(1, 10))
    + f']>\n<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="D"><bpmn:process id="P" name="&lol9;"/>'
    '</bpmn:definitions>\n'
).encode()

XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="D">\n'
    '  <bpmn:process id="P"><bpmn:documentation>&xxe;</bpmn:documentation>\n'
    '    <bpmn:textAnnotation id="A"><bpmn:text>&xxe;</bpmn:text></bpmn:textAnnotation>\n'
    '  </bpmn:process>\n'
    '</bpmn:definitions>\n'
).encode()

XXE_PARAMETER = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE d [ <!ENTITY % p SYSTEM "file:///etc/passwd"> %p; ]>\n'
    f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="D"/>\n'
).encode()

XINCLUDE = (
    '<?xml version="1.0"?>\n'
    f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" xmlns:xi="http://www.w3.org/2001/XInclude" id="D">\n'
    '  <bpmn:process id="P"><bpmn:documentation><xi:include href="file:///etc/passwd" parse="text"/>'
    '</bpmn:documentation></bpmn:process>\n</bpmn:definitions>\n'
).encode()

EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE definitions SYSTEM "http://example.invalid/bpmn.dtd">\n'
    f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="D"/>\n'
).encode()


def _nested(depth: int) -> bytes:
    opening = "".join(f'<bpmn:subProcess id="Sub_{i}">' for i in range(depth))
    closing = "</bpmn:subProcess>" * depth
    return (f'<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="D"><bpmn:process id="P">'
            f'{opening}{closing}</bpmn:process></bpmn:definitions>').encode()


def _utf16(data: bytes) -> bytes:
    """The same document in UTF-16: a byte search for '<!DOCTYPE' no longer sees it."""
    text = re.sub(r"^<\?xml[^>]*\?>", '<?xml version="1.0" encoding="UTF-16"?>', data.decode())
    return text.encode("utf-16")


def _too_large() -> bytes:
    head = _minimal().encode()
    pad = b"<!-- " + b"x" * (30 * 1024 * 1024) + b" -->\n"
    return head.replace(b"</bpmn:definitions>", pad + b"</bpmn:definitions>")


# name -> (bytes, the error codes it may end in, or None when any outcome but a crash will do)
HOSTILE = {
    "empty": (b"", "EMPTY"),
    "whitespace": (b"  \n\t\r\n  ", "EMPTY"),
    "not-xml": (b"Peta proses bisnis Dinas Kesehatan", "NOT_WELL_FORMED"),
    "html": (b"<!DOCTYPE html><html><head><title>Peta</title></head><body><p>x</body></html>",
             "FORBIDDEN_DTD"),
    "html-no-doctype": (b"<html><body><p>Peta proses<br></p></body></html>", "NOT_WELL_FORMED"),
    "json": (b'{"definitions": {"process": [{"id": "Proses_1"}]}}', "NOT_WELL_FORMED"),
    "truncated": (_minimal().encode()[:300], "NOT_WELL_FORMED"),
    "billion-laughs": (BILLION_LAUGHS, "FORBIDDEN_DTD"),
    "xxe": (XXE, "FORBIDDEN_DTD"),
    "xxe-parameter-entity": (XXE_PARAMETER, "FORBIDDEN_DTD"),
    "external-dtd": (EXTERNAL_DTD, "FORBIDDEN_DTD"),
    "xinclude": (XINCLUDE, None),
    "too-large": (_too_large(), "TOO_LARGE"),
    "deep-nesting-ok": (_nested(200), None),
    "deep-nesting-excessive": (_nested(20_000), {"NOT_WELL_FORMED", "TOO_COMPLEX"}),
    "utf16-declared": (_minimal("UTF-16").encode("utf-16"), None),
    "utf16-le-bom": (b"\xff\xfe" + _minimal("UTF-16").encode("utf-16-le"), None),
    "utf8-bom": (b"\xef\xbb\xbf" + _minimal().encode(), None),
    "non-bpmn-root": (b'<?xml version="1.0"?><note><to>Kepala Dinas</to><body>Rapat</body></note>',
                      "NOT_BPMN"),
    "svg-root": (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>',
                 "NOT_BPMN"),
    "binary": (bytes(range(256)) * 64, "NOT_WELL_FORMED"),
    "nul-bytes": (b"\x00" * 1024, "NOT_WELL_FORMED"),
    # entities in UTF-16: lxml itself must neither expand nor fetch them
    "xxe-utf16": (_utf16(XXE), None),
    "xxe-parameter-entity-utf16": (_utf16(XXE_PARAMETER), None),
    "billion-laughs-utf16": (_utf16(BILLION_LAUGHS), None),
    "external-dtd-utf16": (_utf16(EXTERNAL_DTD), None),
}

EXPECT_MODEL = {"xinclude", "deep-nesting-ok", "utf16-declared", "utf16-le-bom", "utf8-bom"}


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def _everything_said(result: FileResult) -> str:
    """Every text the result could show a user: error, findings, names in the model."""
    parts: list[str] = []
    if result.error is not None:
        parts += [result.error.message, result.error.message_en, repr(result.error.as_dict())]
    for f in result.findings:
        parts += [repr(f.to_dict()), f.message_en]
    if result.model is not None:
        for el in result.model.elements:
            parts += [el.name or "", el.documentation or "", el.text or "", repr(el.attrs),
                      repr(el.props)]
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gives_a_code_or_a_model(validator, name):
    data, code = HOSTILE[name]
    result = validator.validate_bytes(data, f"<{name}>")
    assert isinstance(result, FileResult)
    if code is not None:
        codes = {code} if isinstance(code, str) else code
        assert not result.ok, f"{name}: expected {codes}"
        assert result.error.code in codes, (name, result.error.code, result.error.message)
    if name in EXPECT_MODEL:
        assert result.ok, (name, result.error and result.error.message)
    if result.ok:
        assert not [f for f in result.findings if RULE_FAILED in f.message], name
    else:
        _assert_clear_error(result.error)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_bytes_raises_only_read_errors(name):
    data, _code = HOSTILE[name]
    try:
        parse_bytes(data, f"<{name}>")
    except BpmnReadError as exc:
        _assert_clear_error(exc)


@pytest.mark.parametrize("name", sorted(n for n in HOSTILE if "xxe" in n or "dtd" in n
                                         or "laughs" in n or n == "xinclude"))
def test_external_content_never_appears(validator, name):
    data, _code = HOSTILE[name]
    result = validator.validate_bytes(data, f"<{name}>")
    said = _everything_said(result)
    for marker in _secret_markers():
        assert marker not in said, f"{name}: content of /etc/passwd leaked into the output"
    assert "lol" * 100 not in said, f"{name}: an entity was expanded"


def test_encoded_files_read_like_utf8(validator):
    plain = validator.validate_bytes(_minimal().encode(), "<utf8>")
    for name in ("utf16-declared", "utf16-le-bom", "utf8-bom"):
        result = validator.validate_bytes(HOSTILE[name][0], f"<{name}>")
        assert result.ok, name
        assert result.model.get("Task_1").name == "Memeriksa berkas", name
        assert [(f.rule, f.element) for f in result.findings] == \
            [(f.rule, f.element) for f in plain.findings], name


def test_size_limit_is_checked_before_reading(tmp_path, validator):
    big = tmp_path / "besar.bpmn"
    big.write_bytes(_too_large())
    assert big.stat().st_size > DEFAULT_MAX_BYTES
    result = validator.validate_file(big)
    assert not result.ok and result.error.code == "TOO_LARGE"
    assert re.search(r"\d+(\.\d)? MB", result.error.message), result.error.message
