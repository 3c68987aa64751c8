"""The parser stays linear and bounded: every ParseLimits limit, DTDs in any encoding.

Each limit is tried at its value (the file is read) and one over (TOO_COMPLEX, with an
Indonesian message naming the limit and its value), through the keyword argument and
through its environment variable. The attacks that froze the server (100,000 attributes
on one element, 50,000 namespace declarations, 100,000 levels, 500,000 elements, a 15 MB
text) are refused within a time bound, and so is the first of them on
``POST /api/v1/validate`` and ``POST /api/v1/simulate``. Maps just under the limits, or over them with the limits
raised, are still read in linear time: the quadratic reads are gone.
"""
from __future__ import annotations

import logging
import time

import pytest

from validator.errors import BpmnReadError
from validator.parser import LIBXML_MAX_DEPTH, ParseLimits, parse_bytes, read_file

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DECLS = f'xmlns:bpmn="{BPMN_NS}"'


def bpmn(body: str, decls: str = DECLS, head: str = "") -> bytes:
    """A definitions root (level 1) holding a process (level 2) that holds ``body``."""
    return (f'{head}<bpmn:definitions {decls} id="Defs"><bpmn:process id="P">{body}'
            f'</bpmn:process></bpmn:definitions>').encode()


def attributes(n: int) -> str:
    """``n`` attributes, id included."""
    return 'id="T" ' + " ".join(f'a{i}="x"' for i in range(n - 1))


def refused(data: bytes, limit_name: str, **kw) -> BpmnReadError:
    with pytest.raises(BpmnReadError) as info:
        parse_bytes(data, **kw)
    err = info.value
    assert err.code == "TOO_COMPLEX", err.message
    assert err.params["limit_name"] == limit_name, err.message
    assert err.message.startswith("Berkas terlalu rumit") and err.message != err.message_en
    assert err.as_dict()["limit"]["name"] == limit_name
    return err


def timed(data: bytes, limit_name: str, **kw) -> tuple[BpmnReadError, float]:
    start = time.perf_counter()
    err = refused(data, limit_name, **kw)
    return err, time.perf_counter() - start


# -- attributes per element ---------------------------------------------------------

def test_attributes_at_the_default_limit_and_one_over():
    model = parse_bytes(bpmn(f"<bpmn:task {attributes(200)}/>"))
    assert len(model.get("T").attrs) == 200
    err = refused(bpmn(f"<bpmn:task {attributes(201)}/>"), "attributes")
    assert 'elemen <bpmn:task id="T"> memuat 201 atribut; batasnya 200 atribut per elemen' \
        in err.message
    assert err.line == 1


@pytest.mark.parametrize("where, own", [
    # the walk builds a task, reads a shape and a waypoint, and never reads extension
    # content: every element counts all the same (own: the attributes it has anyway)
    ("task", 1), ("extension", 0), ("shape", 2), ("waypoint", 0),
])
def test_attributes_count_on_every_element(where, own):
    def doc(extra: int) -> bytes:
        attrs = " ".join(f'a{i}="x"' for i in range(extra))
        task = f'<bpmn:task id="T" {attrs if where == "task" else ""}/>'
        ext = (f'<bpmn:extensionElements><x:a xmlns:x="urn:x"><x:b><x:c {attrs}/></x:b></x:a>'
               f'</bpmn:extensionElements>' if where == "extension" else "")
        shape = attrs if where == "shape" else ""
        point = attrs if where == "waypoint" else 'x="1" y="2"'
        di = (f'<bpmndi:BPMNDiagram xmlns:bpmndi="{DI_NS}" xmlns:dc="{DC_NS}" '
              f'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Dia">'
              f'<bpmndi:BPMNPlane id="Pl" bpmnElement="P">'
              f'<bpmndi:BPMNShape id="S" bpmnElement="T" {shape}>'
              f'<dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNShape>'
              f'<bpmndi:BPMNEdge id="E"><di:waypoint {point}/></bpmndi:BPMNEdge>'
              f'</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>')
        return (f'<bpmn:definitions {DECLS} id="Defs"><bpmn:process id="P">{task}{ext}'
                f'</bpmn:process>{di}</bpmn:definitions>').encode()

    limits = ParseLimits(attributes=own + 10)
    assert parse_bytes(doc(10), limits=limits).get("T") is not None
    err = refused(doc(11), "attributes", limits=limits)
    assert f"memuat {own + 11} atribut; batasnya {own + 10} atribut per elemen" in err.message


def test_attributes_in_utf16_are_counted_on_the_tree():
    data = bpmn(f"<bpmn:task {attributes(30)}/>", head='<?xml version="1.0" encoding="UTF-16"?>')
    data = data.decode().encode("utf-16")
    assert len(parse_bytes(data, limits=ParseLimits(attributes=30)).get("T").attrs) == 30
    refused(data, "attributes", limits=ParseLimits(attributes=29))


def test_attributes_env_var(monkeypatch):
    monkeypatch.setenv("PPB_MAX_ATTRIBUTES", "10")
    assert parse_bytes(bpmn(f"<bpmn:task {attributes(10)}/>")).get("T") is not None
    err = refused(bpmn(f"<bpmn:task {attributes(11)}/>"), "attributes")
    assert "batasnya 10 atribut per elemen" in err.message


# -- namespace declarations --------------------------------------------------------------

def declarations(n: int) -> str:
    return " ".join(f'xmlns:n{i}="urn:ppb:uji:{i}"' for i in range(n))


def test_namespaces_at_the_default_limit_and_one_over():
    # bpmn plus 199 others: 200 different declarations
    assert parse_bytes(bpmn("", decls=f"{DECLS} {declarations(199)}")).definitions.id == "Defs"
    err = refused(bpmn("", decls=f"{DECLS} {declarations(200)}"), "namespaces")
    assert "berkas mendeklarasikan 201 namespace berbeda; batasnya 200 namespace per berkas" \
        in err.message


def test_namespaces_count_different_declarations_not_repeats():
    # some tools (ARIS) declare the same namespaces again on every element
    same = declarations(5)
    body = "".join(f'<bpmn:task id="T{i}" {same}/>' for i in range(100))
    model = parse_bytes(bpmn(body, decls=f"{DECLS} {same}"), limits=ParseLimits(namespaces=6))
    assert len(model.all("Task")) == 100
    # the same prefix bound to another URI on some element is one more declaration
    other = bpmn('<bpmn:task id="T" xmlns:n0="urn:ppb:lain"/>', decls=f"{DECLS} {same}")
    refused(other, "namespaces", limits=ParseLimits(namespaces=6))


def test_namespaces_hidden_behind_look_alikes_are_counted():
    # a text 'xmlns="' must not make the byte scan skip the real declarations after it
    body = "".join(f'<bpmn:task id="T{i}" name=\'xmlns="\' xmlns="urn:ppb:uji:{i}"/>'
                   for i in range(30))
    refused(bpmn(body), "namespaces", limits=ParseLimits(namespaces=20))


def test_namespaces_env_var(monkeypatch):
    monkeypatch.setenv("PPB_MAX_NAMESPACES", "3")
    assert parse_bytes(bpmn("", decls=f"{DECLS} {declarations(2)}")).definitions.id == "Defs"
    err = refused(bpmn("", decls=f"{DECLS} {declarations(3)}"), "namespaces")
    assert "batasnya 3 namespace per berkas" in err.message


def test_undeclared_prefixes_added_by_the_recovery_count_too():
    body = "".join(f'<bpmn:task id="T{i}" p{i}:a="1"/>' for i in range(30))
    refused(bpmn(body), "namespaces", limits=ParseLimits(namespaces=20))


# -- elements ------------------------------------------------------------------------------

def extension_elements(n: int) -> bytes:
    """definitions, process, extensionElements and ``n`` elements inside: n + 3."""
    return bpmn("<bpmn:extensionElements>" + "<e/>" * n + "</bpmn:extensionElements>")


def test_elements_at_the_default_limit_and_one_over():
    limit = ParseLimits().elements
    assert limit == 200_000
    assert parse_bytes(extension_elements(limit - 3)).get("P") is not None
    err = refused(extension_elements(limit - 2), "elements")
    assert "berkas memuat lebih dari 200.000 elemen; batasnya 200.000 elemen per berkas" \
        in err.message


def test_elements_env_var(monkeypatch):
    monkeypatch.setenv("PPB_MAX_ELEMENTS", "100")
    assert parse_bytes(extension_elements(97)).get("P") is not None
    err = refused(extension_elements(98), "elements")
    assert "batasnya 100 elemen per berkas" in err.message


# -- nesting depth -------------------------------------------------------------------------

def nested(levels: int) -> bytes:
    """``levels`` levels: definitions, process and ``levels - 2`` subprocesses."""
    inner = levels - 2
    return bpmn("".join(f'<bpmn:subProcess id="S{i}">' for i in range(inner))
                + "</bpmn:subProcess>" * inner)


def test_depth_at_the_default_limit_and_one_over():
    assert ParseLimits().depth == LIBXML_MAX_DEPTH == 256
    assert parse_bytes(nested(256)).get("S253") is not None
    err = refused(nested(257), "depth")
    assert "bersarang lebih dari 256 tingkat; batasnya 256 tingkat" in err.message


def test_depth_below_the_default_names_the_element(monkeypatch):
    assert parse_bytes(nested(50), limits=ParseLimits(depth=50)).get("S47") is not None
    err = refused(nested(51), "depth", limits=ParseLimits(depth=50))
    assert 'elemen <bpmn:subProcess id="S48"> bersarang 51 tingkat; batasnya 50 tingkat' \
        in err.message
    # anywhere in the file, not only in what the walk builds
    deep_ext = bpmn("<bpmn:extensionElements>" + "<e>" * 30 + "</e>" * 30
                    + "</bpmn:extensionElements>")
    assert parse_bytes(deep_ext, limits=ParseLimits(depth=33)).get("P") is not None
    refused(deep_ext, "depth", limits=ParseLimits(depth=32))
    monkeypatch.setenv("PPB_MAX_DEPTH", "32")
    assert "batasnya 32 tingkat" in refused(deep_ext, "depth").message


# -- text size -----------------------------------------------------------------------------

def test_text_at_the_default_limit_and_one_over():
    limit = ParseLimits().text_bytes
    assert limit == 1024 * 1024
    doc = bpmn(f'<bpmn:task id="T"><bpmn:documentation>{"a" * limit}'
               f'</bpmn:documentation></bpmn:task>')
    assert len(parse_bytes(doc).get("T").documentation) == limit
    over = bpmn(f'<bpmn:task id="T"><bpmn:documentation>{"a" * (limit + 1)}'
                f'</bpmn:documentation></bpmn:task>')
    err = refused(over, "text_bytes")
    assert ("teks di dalam elemen <bpmn:documentation> berukuran 1.048.577 byte; "
            "batasnya 1.048.576 byte per teks") in err.message


def test_text_counts_utf8_bytes_and_attribute_values():
    limits = ParseLimits(text_bytes=1000)
    assert parse_bytes(bpmn(f'<bpmn:task id="T" name="{"é" * 500}"/>'), limits=limits)
    err = refused(bpmn(f'<bpmn:task id="T" name="{"é" * 501}"/>'), "text_bytes", limits=limits)
    assert 'nilai atribut name pada elemen <bpmn:task id="T"> berukuran 1.002 byte' in err.message
    # a Latin-1 file is shorter than its text in UTF-8
    latin = bpmn(f'<bpmn:task id="T" name="{"é" * 600}"/>',
                 head='<?xml version="1.0" encoding="ISO-8859-1"?>').decode().encode("latin-1")
    assert len(latin) < 1000
    refused(latin, "text_bytes", limits=limits)


def test_text_env_var(monkeypatch):
    monkeypatch.setenv("PPB_MAX_TEXT_BYTES", "100")
    assert parse_bytes(bpmn(f'<bpmn:task id="T" name="{"a" * 100}"/>')).get("T")
    assert "batasnya 100 byte per teks" in refused(
        bpmn(f'<bpmn:task id="T" name="{"a" * 101}"/>'), "text_bytes").message


# -- configuration -------------------------------------------------------------------------

def test_env_vars_are_read_at_each_call_and_bad_values_ignored(monkeypatch, caplog):
    from validator.parser import _warn_bad_env

    _warn_bad_env.cache_clear()  # it warns once per value
    doc = bpmn(f"<bpmn:task {attributes(6)}/>")
    monkeypatch.setenv("PPB_MAX_ATTRIBUTES", "5")
    refused(doc, "attributes")
    monkeypatch.setenv("PPB_MAX_ATTRIBUTES", "6")
    assert parse_bytes(doc).get("T") is not None
    with caplog.at_level(logging.WARNING, logger="validator.parser"):
        for bad in ("lima", "0", "-3"):
            monkeypatch.setenv("PPB_MAX_ATTRIBUTES", bad)
            assert ParseLimits.from_env().attributes == 200
    assert "PPB_MAX_ATTRIBUTES" in caplog.text
    assert ParseLimits.from_env({"PPB_MAX_DEPTH": "40"}) == ParseLimits(depth=40)


def test_a_keyword_argument_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PPB_MAX_ATTRIBUTES", "5")
    path = tmp_path / "peta.bpmn"
    path.write_bytes(bpmn(f"<bpmn:task {attributes(6)}/>"))
    assert read_file(path, limits=ParseLimits()).get("T") is not None
    with pytest.raises(BpmnReadError) as info:
        read_file(path)
    assert info.value.code == "TOO_COMPLEX"


def test_limits_must_be_positive_whole_numbers():
    for bad in (0, -1, 1.5, "200"):
        with pytest.raises(ValueError):
            ParseLimits(attributes=bad)


def test_english_message_and_pickling():
    import pickle

    err = refused(bpmn(f"<bpmn:task {attributes(12)}/>"), "attributes",
                  limits=ParseLimits(attributes=11))
    assert 'element <bpmn:task id="T"> has 12 attributes; the limit is 11' in err.message_en
    again = pickle.loads(pickle.dumps(err))
    assert again.message == err.message and again.code == "TOO_COMPLEX"


# -- the attacks, against the clock --------------------------------------------------------

def test_100000_attributes_on_one_element_refused_within_a_second():
    data = bpmn(f"<bpmn:task {attributes(100_000)}/>")
    assert len(data) > 1_000_000
    err, elapsed = timed(data, "attributes")
    assert elapsed < 1.0, elapsed
    assert "memuat 100.000 atribut; batasnya 200 atribut per elemen" in err.message


def test_50000_namespace_declarations_refused_within_a_second():
    err, elapsed = timed(bpmn("", decls=f"{DECLS} {declarations(50_000)}"), "namespaces")
    assert elapsed < 1.0, elapsed
    assert "mendeklarasikan 50.001 namespace berbeda" in err.message


def test_100000_levels_refused_quickly():
    data = bpmn("<a>" * 100_000 + "</a>" * 100_000)
    err, elapsed = timed(data, "depth")
    assert elapsed < 1.0, elapsed
    assert "lebih dari 256 tingkat" in err.message


def test_500000_elements_refused_quickly():
    data = extension_elements(500_000)
    err, elapsed = timed(data, "elements")
    assert elapsed < 2.0, elapsed
    assert "lebih dari 200.000 elemen" in err.message


def test_15_mb_text_refused_quickly():
    data = bpmn(f'<bpmn:task id="T"><bpmn:documentation>{"a" * 15_000_000}'
                f'</bpmn:documentation></bpmn:task>')
    err, elapsed = timed(data, "text_bytes", max_bytes=20 * 1024 * 1024)
    assert elapsed < 1.0, elapsed
    assert "lebih dari 10.000.000 byte" in err.message


# -- linear under the limits -----------------------------------------------------------------

def test_many_attributes_read_in_linear_time_when_allowed():
    # lxml's x.items() and dict(x.attrib) look each value up by name: 40,000 attributes
    # took seconds that way
    attrs = 'id="T" ' + " ".join(f'a{i}="{i}"' for i in range(39_999))
    start = time.perf_counter()
    model = parse_bytes(bpmn(f"<bpmn:task {attrs}/>"), limits=ParseLimits(attributes=50_000))
    assert time.perf_counter() - start < 1.0
    read = model.get("T").attrs
    assert len(read) == 40_000 and read["a39998"] == "39998" and read["a5"] == "5"


def test_expressions_under_many_redeclarations_read_in_linear_time():
    # every level declares 150 prefixes again; 20,000 conditions name their type with a
    # prefix of their own: asking each its nsmap walked 95 x 150 declarations
    decls = " ".join(f'xmlns:n{i}="urn:ppb:uji:{i}"' for i in range(150))
    levels = 95
    flows = "".join(f'<bpmn:sequenceFlow id="F{j}"><bpmn:conditionExpression '
                    f'xsi:type="n1:tFormalExpression">x</bpmn:conditionExpression>'
                    f'</bpmn:sequenceFlow>' for j in range(20_000))
    body = ("".join(f'<bpmn:subProcess id="S{k}" {decls}>' for k in range(levels)) + flows
            + "</bpmn:subProcess>" * levels)
    start = time.perf_counter()
    model = parse_bytes(bpmn(body, decls=f'{DECLS} xmlns:xsi="{XSI_NS}"'))
    assert time.perf_counter() - start < 3.0
    # n1 is no BPMN namespace: bpmn-moddle drops such an expression, and so do we
    assert not model.get("F7").has_condition
    assert sum(n.code == "UNKNOWN_EXPRESSION_TYPE" for n in model.notices) == 20_000


# -- DTDs in any encoding --------------------------------------------------------------------

DTDS = {
    "entity-in-attribute": f'<!DOCTYPE d [<!ENTITY a "aaaa">]><bpmn:definitions {DECLS} id="&a;"/>',
    "undefined-entity": f'<!DOCTYPE d><bpmn:definitions {DECLS} id="D">&nope;</bpmn:definitions>',
    "entity-loop": (f'<!DOCTYPE d [<!ENTITY a "&b;"><!ENTITY b "&a;">]>'
                    f'<bpmn:definitions {DECLS} id="D">&a;</bpmn:definitions>'),
    "parameter-entity": (f'<!DOCTYPE d [<!ENTITY % p SYSTEM "http://example.invalid/x"> %p;]>'
                         f'<bpmn:definitions {DECLS} id="D"/>'),
    "external": (f'<!DOCTYPE d SYSTEM "file:///etc/passwd">'
                 f'<bpmn:definitions {DECLS} id="D"/>'),
}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("name", sorted(DTDS))
def test_dtd_in_utf16_and_utf32_is_forbidden(name, encoding):
    for head in ("", f'<?xml version="1.0" encoding="{encoding[:6].upper()}"?>'):
        data = (head + DTDS[name]).encode(encoding)
        with pytest.raises(BpmnReadError) as info:
            parse_bytes(data)
        assert info.value.code == "FORBIDDEN_DTD", (head, info.value.message)


def test_dtd_in_ebcdic_and_in_a_mislabelled_file_is_forbidden():
    doc = '<?xml version="1.0" encoding="IBM037"?>' + DTDS["undefined-entity"]
    for data in (doc.encode("cp037"),
                 ('<?xml version="1.0" encoding="UTF-16"?>' + DTDS["entity-loop"]).encode()):
        with pytest.raises(BpmnReadError) as info:
            parse_bytes(data)
        assert info.value.code == "FORBIDDEN_DTD"


# -- the server --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from tests.web.conftest import make_app, make_token, seed_demo

    folder = tmp_path_factory.mktemp("ppb-batas")
    mp = pytest.MonkeyPatch()
    mp.setenv("PPB_INSTANCE_DIR", str(folder))
    app = make_app(folder)
    seed_demo(app)
    yield app.test_client(), make_token(app, "disdukcapil")
    app.extensions["ppb_db"].engine.dispose()
    mp.undo()


def test_api_refuses_100000_attributes_with_too_complex(api):
    client, token = api
    data = bpmn(f"<bpmn:task {attributes(100_000)}/>")
    start = time.perf_counter()
    r = client.post("/api/v1/validate", data=data, content_type="application/xml",
                    headers={"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - start
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    assert r.mimetype == "application/json"
    error = r.get_json()["error"]
    assert error["code"] == "TOO_COMPLEX"
    assert "100.000 atribut" in error["message"] and "batasnya 200" in error["message"]
    assert elapsed < 2.0, elapsed


def test_api_simulate_refuses_100000_attributes_quickly(api):
    client, token = api
    data = bpmn(f"<bpmn:task {attributes(100_000)}/>")
    start = time.perf_counter()
    r = client.post("/api/v1/simulate", data=data, content_type="application/xml",
                    headers={"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - start
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    error = r.get_json()["error"]
    # the simulation wraps read errors in its own code; the parser's message is kept
    assert "terlalu rumit" in error["message"] and "100.000 atribut" in error["message"]
    assert elapsed < 2.0, elapsed


def test_the_byte_scan_never_misses_a_crowded_tag():
    """The scan that spares real files the exact count must see every crowded tag: random
    documents with long texts, '>' and '=' in values, tags at the very end, small limits."""
    import random

    from lxml import etree

    from validator.parser import _may_hold_crowded_tag

    rng = random.Random(20261207)
    for _ in range(400):
        limit = rng.choice([1, 2, 3, 5, 8, 13])
        parts = []
        for i in range(rng.randint(1, 12)):
            n = rng.randint(0, limit + 2)
            values = [rng.choice(["", "x", ">", "a=b", " " * rng.randint(0, 40)]) for _ in range(n)]
            attrs = "".join(f'{" " * rng.randint(1, 3)}a{j}{" " * rng.randint(0, 2)}='
                            f'{" " * rng.randint(0, 2)}"{v}"' for j, v in enumerate(values))
            text = rng.choice(["", "teks", "=" * rng.randint(0, 30), "y" * rng.randint(0, 200)])
            parts.append(f"<e{i}{attrs}>{text}</e{i}>" if rng.random() < 0.7 else f"<e{i}{attrs}/>")
        tail_attrs = "".join(f' b{j}=""' for j in range(rng.randint(0, limit + 2)))
        doc = f"<r>{''.join(parts)}<last{tail_attrs}/></r>".encode()
        most = max(len(el.attrib) for el in etree.fromstring(doc).iter())
        if most > limit:
            assert _may_hold_crowded_tag(doc, limit), doc
