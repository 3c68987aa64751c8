"""The plan package: loading the sample plan, lookups, every load error, the published schema."""
from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
import yaml

from validator.plan import (Plan, PlanError, load_plan, load_schema, loads_plan, schema_path)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bpmn_samples" / "rencana-pariaman.yaml"

# The shape given in the issue, with the "..." filled in.
ISSUE_SHAPE = """
pemda: {nama: Pemerintah Kota Pariaman, kode: "13.77"}
rpjmd:
  id: RPJMD-1377-2025-2029
  periode: [2025, 2029]
  visi: "Visi"
  misi: [{id: M4, teks: "Misi empat"}]
  tujuan: [{id: T4.1, misi: M4, teks: "Tujuan"}]
  sasaran:
    - {id: S4.2, tujuan: T4.1, teks: "Sasaran",
       indikator: [{id: IKU-4.2, nama: Indeks Pelayanan Publik, satuan: indeks,
                    target: {2025: 3.5, 2029: 4.2}}]}
renstra:
  - {id: RENSTRA-DISDUKCAPIL-2025-2029, opd: DISDUKCAPIL,
     sasaran: [{id: DUK-S1, sasaranRpjmd: S4.2, teks: "Sasaran OPD",
                indikator: [{id: DUK-I1, nama: Cakupan KTP-el, satuan: persen, target: {2025: 97}}]}],
     program: [{kode: "2.12.02", nama: "Program Pendaftaran Penduduk",
                kegiatan: [{kode: "2.12.02.2.01", nama: "Pelayanan Pendaftaran Penduduk"}]}]}
organisasi: [{singkatan: DISDUKCAPIL, kode: "2.12.0.00.0.00.01.0000", nama: "Dinas Dukcapil",
              unit: [Bidang Pelayanan Pendaftaran Penduduk], jabatan: [Kepala Dinas]}]
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(SAMPLE)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _dump(doc) -> str:
    return yaml.dump(doc, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)


def _doc() -> dict:
    return yaml.safe_load(ISSUE_SHAPE)


def _errors(doc_or_text, fmt="yaml") -> PlanError:
    text = doc_or_text if isinstance(doc_or_text, str) else _dump(doc_or_text)
    with pytest.raises(PlanError) as info:
        loads_plan(text, fmt=fmt)
    return info.value


def _by_code(err: PlanError, code: str) -> list:
    return [p for p in err.problems if p.code == code]


# -- the sample plan ------------------------------------------------------------------------

def test_sample_plan_loads(plan):
    assert plan.pemda.nama == "Pemerintah Kota Pariaman" and plan.pemda.kode == "13.77"
    assert plan.rpjmd.id == "RPJMD-1377-2025-2029" and plan.rpjmd.periode == (2025, 2029)
    assert plan.rpjmd.visi.startswith("Terwujudnya Pariaman Kota Wisata yang Maju")
    assert plan.misi("M4").teks.startswith("Mewujudkan tata kelola pemerintahan yang profesional")
    assert {r.opd for r in plan.renstra} == {"DISDUKCAPIL", "DPMPTSP", "DINKES"}
    assert {"DISDUKCAPIL", "DPMPTSP", "DINKES"} <= {o.singkatan for o in plan.organisasi}
    assert "ILUSTRATIF" in SAMPLE.read_text(encoding="utf-8")


def test_sample_renstra_cascade_from_existing_rpjmd_sasaran(plan):
    rpjmd_ids = {s.id for s in plan.rpjmd.sasaran}
    for r in plan.renstra:
        assert r.sasaran, r.id
        for s in r.sasaran:
            if s.id == "DPM-S3":   # deliberate gap of the sample set (PPB-ALN-005), see manifest.yaml
                assert s.sasaran_rpjmd not in rpjmd_ids
                continue
            assert s.sasaran_rpjmd in rpjmd_ids, s.id
            assert s.renstra == r.id and s.opd == r.opd and not s.is_rpjmd


def test_sample_matches_existing_maps(plan):
    """Renstra ids, OPD codes, units and lane names agree with the sample maps."""
    text = {p.name: p.read_text(encoding="utf-8")
            for p in (ROOT / "bpmn_samples" / "pariaman").glob("*-baik.bpmn")}
    for ref in re.findall(r'ppb:dokumenAcuan="([^"]+)"', "".join(text.values())):
        assert ref == plan.rpjmd.id or plan.renstra_by_id(ref) is not None, ref
    for kode in set(re.findall(r'ppb:kodeOrganisasi="([^"]+)"', "".join(text.values()))):
        assert plan.opd(kode) is not None, kode
    level0 = set(re.findall(r'ppb:pemilik="([^"]+)"', text["pemda-level0-baik.bpmn"]))
    assert {o.nama for o in plan.organisasi} <= level0       # the Pemda map names these OPDs
    duk = plan.opd("DISDUKCAPIL")
    for pemilik in re.findall(r'ppb:pemilik="([^"]+)"', text["disdukcapil-level1-baik.bpmn"]):
        assert pemilik in duk.unit
    for lane in ("Petugas Loket Pelayanan", "Operator Perekaman Data", "Kepala Seksi Identitas Penduduk"):
        assert lane in duk.jabatan
    for kode in re.findall(r'ppb:nomenklatur="([^"]+)"', text["disdukcapil-level1-baik.bpmn"]):
        for code in kode.split():
            assert plan.nomenklatur(code) is not None, code


def test_targets_per_year(plan):
    ind = plan.indikator("IKU-4.2")
    assert ind.satuan == "indeks"
    assert dict(ind.target) == {2025: 3.5, 2026: 3.7, 2027: 3.9, 2028: 4.0, 2029: 4.2}
    assert plan.indikator("IKU-4.1b").target[2029] == "WTP"      # qualitative target


# -- lookups --------------------------------------------------------------------------------

def test_lookup_sasaran_any_level(plan):
    assert plan.sasaran("S4.2").is_rpjmd and plan.sasaran("S4.2").tujuan == "T4.1"
    assert plan.sasaran("DUK-S1").sasaran_rpjmd == "S4.2"
    assert plan.sasaran("NOPE") is None
    assert set(plan.sasaran_by_id) == {s.id for s in plan.all_sasaran}
    assert len(plan.all_sasaran) == 7 + 8


def test_lookup_indikator_and_its_sasaran(plan):
    assert plan.indikator("DUK-I1.1").sasaran == "DUK-S1"
    assert plan.sasaran_of_indikator("DUK-I1.1").id == "DUK-S1"
    assert plan.sasaran_of_indikator("IKU-4.2").id == "S4.2"
    assert plan.sasaran_of_indikator("NOPE") is None and plan.indikator("NOPE") is None
    assert set(plan.indikator_by_id) == {i.id for i in plan.all_indikator}


def test_lookup_opd_and_renstra(plan):
    assert plan.opd("DISDUKCAPIL").kode == "2.12.0.00.0.00.01.0000"
    assert plan.opd("dpmptsp").nama.startswith("Dinas Penanaman Modal")    # singkatan, any case
    assert plan.opd("1.02.0.00.0.00.01.0000").singkatan == "DINKES"
    assert plan.opd("DISHUB") is None
    assert plan.renstra_of("DINKES").id == "RENSTRA-1.02-2025-2029"
    assert plan.renstra_of("2.12.0.00.0.00.01.0000").id == "RENSTRA-2.12-2025-2029"
    assert plan.renstra_by_id("RENSTRA-2.18-2025-2029").opd == "DPMPTSP"
    assert plan.renstra_of("BAPPEDA") is None


def test_lookup_misi_tujuan_program_cascade(plan):
    assert plan.tujuan("T4.1").misi == "M4" and plan.misi("M9") is None
    prog = [p for p in plan.rpjmd.program if p.kode == "2.18.04"][0]
    assert prog.opd == ("DPMPTSP",) and prog.sasaran == ("S4.2", "S4.4")
    assert plan.nomenklatur("2.12.02.2.01").nama == "Pelayanan Pendaftaran Penduduk"
    assert {s.id for s in plan.cascade_children("S4.2")} == {"DUK-S1", "DPM-S1", "KES-S2"}


def test_plan_is_read_only(plan):
    with pytest.raises(AttributeError):
        plan.rpjmd = None
    with pytest.raises(AttributeError):
        plan.sasaran("S4.2").teks = "x"
    with pytest.raises(TypeError):
        plan.indikator("IKU-4.2").target[2030] = 5
    with pytest.raises(TypeError):
        plan.sasaran_by_id["X"] = None
    assert isinstance(plan.rpjmd.sasaran, tuple)


# -- forms ----------------------------------------------------------------------------------

def test_issue_shape_yaml_and_json_agree(tmp_path):
    y = tmp_path / "rencana.yaml"
    y.write_text(ISSUE_SHAPE, encoding="utf-8")
    j = tmp_path / "rencana.json"
    j.write_text(json.dumps(_doc(), ensure_ascii=False), encoding="utf-8")   # years become "2025"
    a, b = load_plan(y), load_plan(j)
    assert a.rpjmd == b.rpjmd and a.renstra == b.renstra and a.organisasi == b.organisasi
    assert dict(b.indikator("IKU-4.2").target) == {2025: 3.5, 2029: 4.2}
    assert b.sasaran_of_indikator("DUK-I1").id == "DUK-S1"
    assert b.renstra_of("DISDUKCAPIL").program[0].kegiatan[0].kode == "2.12.02.2.01"


def test_optional_parts_may_be_absent():
    doc = _doc()
    for key in ("renstra", "organisasi"):
        del doc[key]
    del doc["rpjmd"]["tujuan"]
    del doc["rpjmd"]["sasaran"][0]["indikator"][0]["satuan"]
    del doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"]
    plan = loads_plan(_dump(doc))
    ind = plan.indikator("IKU-4.2")
    assert ind.satuan is None and dict(ind.target) == {}     # PPB-ALN-009 reports this, not the loader
    assert plan.renstra == () and plan.organisasi == ()


def test_dangling_references_are_not_load_errors():
    doc = _doc()
    doc["renstra"][0]["sasaran"][0]["sasaranRpjmd"] = "S9.9"
    doc["renstra"][0]["opd"] = "BAPPEDA"
    doc["rpjmd"]["tujuan"][0]["misi"] = "M99"
    plan = loads_plan(_dump(doc))
    assert plan.sasaran("DUK-S1").sasaran_rpjmd == "S9.9" and plan.sasaran("S9.9") is None


# -- errors ---------------------------------------------------------------------------------

def test_missing_required_keys_all_collected():
    doc = _doc()
    del doc["pemda"]["kode"]
    del doc["rpjmd"]["visi"]
    del doc["rpjmd"]["sasaran"][0]["indikator"][0]["id"]
    del doc["organisasi"][0]["nama"]
    err = _errors(doc)
    assert err.code == "INVALID"
    paths = {(p.code, p.path) for p in err.problems}
    assert paths == {("MISSING", "pemda"), ("MISSING", "rpjmd"),
                     ("MISSING", "rpjmd.sasaran[0].indikator[0]"), ("MISSING", "organisasi[0]")}
    assert "kunci wajib 'visi' belum diisi" in err.message
    assert "rpjmd.sasaran[0].indikator[0]: kunci wajib 'id' belum diisi" in err.message
    assert "required key 'id' is missing" in err.message_en
    assert "4 kesalahan" in err.message


def test_missing_top_level_sections():
    err = _errors({"pemda": {"nama": "X", "kode": "1"}})
    assert [(p.code, str(p)) for p in err.problems] == [
        ("MISSING", "kunci wajib 'rpjmd' belum diisi")]


def test_wrong_types():
    doc = _doc()
    doc["pemda"]["kode"] = 13.77                        # unquoted in YAML
    doc["rpjmd"]["misi"] = {"id": "M4"}
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"] = [3.5]
    doc["renstra"][0]["sasaran"][0] = "DUK-S1"
    doc["organisasi"][0]["unit"] = [1]
    err = _errors(doc)
    got = {p.path: str(p) for p in _by_code(err, "WRONG_TYPE")}
    assert set(got) == {"pemda.kode", "rpjmd.misi", "rpjmd.sasaran[0].indikator[0].target",
                        "renstra[0].sasaran[0]", "organisasi[0].unit[0]"}
    assert "tulis dalam tanda kutip" in got["pemda.kode"]
    assert got["rpjmd.misi"] == "rpjmd.misi: harus daftar, bukan objek"


def test_root_must_be_an_object():
    assert _errors("- a\n- b\n").problems[0].path == "(dokumen)"
    assert _errors("null\n").problems[0].code == "EMPTY"


def test_bad_years_and_targets():
    doc = _doc()
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"] = {"20x5": 3.5, 2029: True, 2026: None}
    doc["rpjmd"]["periode"] = [2029, 2025]
    err = _errors(doc)
    msgs = [str(p) for p in err.problems]
    assert "rpjmd.sasaran[0].indikator[0].target: tahun '20x5' bukan angka tahun (empat digit)" in msgs
    assert _by_code(err, "BAD_YEAR")[0].path == "rpjmd.sasaran[0].indikator[0].target"
    assert {p.path for p in _by_code(err, "WRONG_TYPE")} == {
        "rpjmd.sasaran[0].indikator[0].target.2029", "rpjmd.sasaran[0].indikator[0].target.2026"}
    assert [p.path for p in _by_code(err, "BAD_VALUE")] == ["rpjmd.periode"]


def test_bad_year_path_in_third_sasaran():
    doc = _doc()
    s = doc["rpjmd"]["sasaran"][0]
    doc["rpjmd"]["sasaran"] = [dict(s, id=f"S{i}", indikator=[dict(s["indikator"][0], id=f"I{i}")])
                               for i in range(3)]
    doc["rpjmd"]["sasaran"][2]["indikator"][0]["target"] = {"20x5": 1}
    err = _errors(doc)
    assert str(err.problems[0]).startswith("rpjmd.sasaran[2].indikator[0].target: tahun '20x5' bukan")


def test_periode_as_text_is_accepted():
    doc = _doc()
    doc["rpjmd"]["periode"] = "2025-2029"
    assert loads_plan(_dump(doc)).rpjmd.periode == (2025, 2029)
    doc["rpjmd"]["periode"] = "2025"
    assert _errors(doc).problems[0].code == "BAD_VALUE"


def test_duplicate_ids():
    doc = _doc()
    doc["rpjmd"]["sasaran"].append(dict(doc["rpjmd"]["sasaran"][0], indikator=[]))
    doc["renstra"][0]["sasaran"][0]["indikator"][0]["id"] = "IKU-4.2"     # indikator of an RPJMD sasaran
    doc["renstra"].append({"id": "RENSTRA-X", "opd": "disdukcapil"})       # a second Renstra, same OPD
    doc["organisasi"].append(dict(doc["organisasi"][0], singkatan="DUKCAPIL"))  # same kode
    err = _errors(doc)
    dups = {p.path: str(p) for p in _by_code(err, "DUPLICATE_ID")}
    assert set(dups) == {"rpjmd.sasaran[1]", "renstra[0].sasaran[0].indikator[0]", "renstra[1]",
                         "organisasi[1]"}
    assert "id sasaran 'S4.2' sudah dipakai di rpjmd.sasaran[0]" in dups["rpjmd.sasaran[1]"]


def test_duplicate_keys_in_yaml_and_json():
    text = ISSUE_SHAPE.replace("target: {2025: 3.5, 2029: 4.2}", "target: {2025: 3.5, 2025: 4.2}")
    err = _errors(text)
    assert err.code == "SYNTAX" and "2025" in err.message and "baris" in err.message
    err = _errors('{"pemda": {"nama": "A", "nama": "B"}}', fmt="json")
    assert err.code == "SYNTAX" and "kunci ganda" in err.message


def test_syntax_errors_name_the_line():
    err = _errors("pemda: {nama: [\n")
    assert err.code == "SYNTAX" and "YAML tidak sah" in err.message and "baris" in err.message
    err = _errors('{"pemda": }', fmt="json")
    assert err.code == "SYNTAX" and "baris 1" in err.message


BIG = "9" * 4301   # past Python's int-string conversion limit (4,300 digits)


def _with_targets(fmt: str, values: dict[str, str]) -> str:
    """ISSUE_SHAPE with the Renstra indikator's targets written as the literal ``values``
    (year -> the number as written in the file) and the visi left out (one more problem)."""
    doc = _doc()
    doc["rpjmd"]["visi"] = None
    doc["renstra"][0]["sasaran"][0]["indikator"][0]["target"] = "@TARGETS@"
    if fmt == "json":
        body = ", ".join(f'"{y}": {v}' for y, v in values.items())
        return json.dumps(doc).replace('"@TARGETS@"', "{" + body + "}")
    body = "".join(f"\n    {y}: {v}" for y, v in values.items())
    return _dump(doc).replace("'@TARGETS@'", "{" + body.replace("\n", " ", 1).replace("\n", ",") + "}")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_numbers_out_of_range_are_named_at_their_field(fmt):
    """A target too large to be one, infinite or NaN is a problem of that target (never a
    crash of the loader), and the other problems are still listed."""
    text = _with_targets(fmt, {
        "2025": BIG, "2026": "1" + "0" * 20,
        "2027": "1e400" if fmt == "json" else "1.0e+400",
        "2028": "NaN" if fmt == "json" else ".nan",
        "2029": "-Infinity" if fmt == "json" else "-.inf", "2030": "97.5"})
    err = _errors(text, fmt=fmt)
    assert err.code == "INVALID"
    found = {p.path.rsplit(".", 1)[-1]: p for p in err.problems if ".target." in p.path}
    assert set(found) == {"2025", "2026", "2027", "2028", "2029"}     # 97.5 is fine
    assert found["2025"].code == "NUMBER_TOO_LARGE" and "angka terlalu besar" in found["2025"].message
    assert "4301 karakter" in found["2025"].message
    assert found["2026"].code == "NUMBER_TOO_LARGE"
    assert found["2027"].code == "NUMBER_TOO_LARGE" and "tak hingga" in found["2027"].message
    assert found["2028"].code == "BAD_NUMBER" and "NaN" in found["2028"].message
    assert found["2029"].code == "NUMBER_TOO_LARGE"
    assert all(p.path.startswith("renstra[0].sasaran[0].indikator[0].target.") for p in found.values())
    assert _by_code(err, "MISSING")            # the visi is still reported
    assert len(err.message) < 3000             # the 4,301 digits are never printed whole


def test_huge_numbers_elsewhere_do_not_crash_the_loader():
    doc_text = ISSUE_SHAPE.replace("periode: [2025, 2029]", f"periode: [2025, {BIG}]")
    doc_text = doc_text.replace('kode: "13.77"', f"kode: {BIG}")
    err = _errors(doc_text)
    paths = {p.path: p for p in err.problems}
    assert paths["rpjmd.periode"].code == "BAD_VALUE" and "karakter" in paths["rpjmd.periode"].message
    assert paths["pemda.kode"].code == "WRONG_TYPE" and "karakter" in paths["pemda.kode"].message
    assert len(err.message) < 3000


def test_no_yaml_tags_executed(tmp_path):
    marker = tmp_path / "dieksekusi"
    evil = ISSUE_SHAPE + f"\nx: !!python/object/apply:os.system ['touch {marker}']\n"
    err = _errors(evil)
    assert err.code == "SYNTAX" and not marker.exists()
    err = _errors("pemda: !!python/name:os.system\n")
    assert err.code == "SYNTAX"


def test_deep_nesting_is_a_syntax_error():
    assert _errors("a: " + "[" * 50_000).code == "SYNTAX"
    assert _errors("[" * 50_000, fmt="json").code == "SYNTAX"


def test_duplicate_message_names_both_places():
    doc = _doc()
    doc["renstra"].append({"id": "RENSTRA-X", "opd": "disdukcapil"})
    doc["organisasi"].append(dict(doc["organisasi"][0], kode="9.99", singkatan="Disdukcapil"))
    msgs = [str(p) for p in _errors(doc).problems]
    assert msgs == ["renstra[1]: Renstra untuk OPD 'disdukcapil' sudah dipakai di renstra[0]",
                    "organisasi[1]: singkatan OPD 'Disdukcapil' sudah dipakai di organisasi[0]"]


def test_yaml_alias_bomb_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    err = _errors(bomb)
    assert err.code == "SYNTAX" and "alias" in err.message


def test_size_limit(tmp_path):
    f = tmp_path / "besar.yaml"
    f.write_text(ISSUE_SHAPE + "#" * 2000, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(f, max_bytes=1000)
    assert info.value.code == "TOO_LARGE" and "batas ukurannya" in info.value.message
    with pytest.raises(PlanError) as info:
        loads_plan(ISSUE_SHAPE, max_bytes=100)
    assert info.value.code == "TOO_LARGE"
    assert load_plan(f, max_bytes=10_000).rpjmd.id == "RPJMD-1377-2025-2029"


def test_file_errors(tmp_path):
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "tidak-ada.yaml")
    assert info.value.code == "FILE_NOT_FOUND" and "tidak-ada.yaml" in info.value.message
    assert str(tmp_path) not in info.value.message          # no machine paths in messages
    empty = tmp_path / "kosong.yaml"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(empty)
    assert info.value.code == "EMPTY"
    binary = tmp_path / "biner.yaml"
    binary.write_bytes(b"\xff\xfe\x00pemda")
    with pytest.raises(PlanError) as info:
        load_plan(binary)
    assert info.value.code == "FILE_UNREADABLE"


def test_plan_error_pickles():
    err = _errors({"pemda": {"nama": "X"}})
    again = pickle.loads(pickle.dumps(err))
    assert again.code == err.code and again.problems == err.problems and again.message == err.message


# -- the published schema -------------------------------------------------------------------

def _check(schema: dict, value, root: dict, path: str = "$") -> list[str]:
    """A small JSON Schema checker for the keywords rencana.schema.json uses."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _check(root["$defs"][name], value, root, path)
    errs: list[str] = []
    if "anyOf" in schema:
        if all(_check(s, value, root, path) for s in schema["anyOf"]):
            errs.append(f"{path}: no anyOf branch matches")
        return errs
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float)}
    t = schema.get("type")
    if t and (not isinstance(value, kinds[t]) or (t in ("integer", "number") and isinstance(value, bool))):
        return [f"{path}: not {t}"]
    if isinstance(value, dict):
        errs += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if "propertyNames" in schema and not re.search(schema["propertyNames"]["pattern"], k):
                errs.append(f"{path}: bad key {k}")
            sub = schema.get("properties", {}).get(k, schema.get("additionalProperties"))
            if isinstance(sub, dict):
                errs += _check(sub, v, root, f"{path}.{k}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", 1 << 30):
            errs.append(f"{path}: wrong length")
        prefix = schema.get("prefixItems", [])
        for i, v in enumerate(value):
            sub = prefix[i] if i < len(prefix) else schema.get("items")
            if sub:
                errs += _check(sub, v, root, f"{path}[{i}]")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or not re.search(schema.get("pattern", ""), value):
            errs.append(f"{path}: bad string")
    if isinstance(value, int) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            errs.append(f"{path}: out of range")
    return errs


KNOWN_KEYWORDS = {"$schema", "$id", "$ref", "$defs", "title", "description", "type", "required",
                  "properties", "items", "prefixItems", "minItems", "maxItems", "minLength",
                  "minimum", "maximum", "pattern", "anyOf", "propertyNames", "additionalProperties"}


def _keywords(node, out: set) -> set:
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(k)
            if k in ("properties", "$defs"):
                for sub in v.values():
                    _keywords(sub, out)
            elif k != "description" and k != "title":
                _keywords(v, out)
    elif isinstance(node, list):
        for v in node:
            _keywords(v, out)
    return out


def test_schema_is_draft_2020_12_and_uses_known_keywords():
    schema = load_schema()
    assert schema_path().name == "rencana.schema.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    used = _keywords(schema, set()) - {"$schema"}
    # property names inside "properties" are keys too: keep only the schema keywords
    names = {k for d in [schema] + list(schema["$defs"].values()) for k in _prop_names(d)}
    assert used - names <= KNOWN_KEYWORDS
    for ref in re.findall(r'"\$ref": "#/\$defs/([^"]+)"', schema_path().read_text(encoding="utf-8")):
        assert ref in schema["$defs"]


def _prop_names(node) -> set:
    out: set = set()
    if isinstance(node, dict):
        out |= set(node.get("properties", {}))
        for v in node.values():
            out |= _prop_names(v)
    elif isinstance(node, list):
        for v in node:
            out |= _prop_names(v)
    return out


def test_sample_and_issue_shape_validate_against_schema():
    schema = load_schema()
    for doc in (yaml.safe_load(SAMPLE.read_text(encoding="utf-8")), _doc()):
        as_json = json.loads(json.dumps(doc))            # YAML integer years -> "2025" keys
        assert _check(schema, as_json, schema) == []


def test_schema_rejects_what_the_loader_rejects():
    schema = load_schema()
    doc = json.loads(json.dumps(_doc()))
    doc["pemda"]["kode"] = 13.77
    doc["rpjmd"]["sasaran"][0]["indikator"][0]["target"] = {"20x5": 1}
    del doc["renstra"][0]["opd"]
    errs = _check(schema, doc, schema)
    assert len(errs) == 3, errs
