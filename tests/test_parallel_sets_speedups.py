"""The short cuts taken for speed (issue 16) answer as the long way does."""
from __future__ import annotations

import random
import string

from validator import parser
from validator.parser import _ID_RE, _valid_id, parse_bytes

from .conftest import ROOT


def test_fast_id_check_agrees_with_the_id_expression():
    cases = ["a", "_a", "a-b", "a.b", "-a", ".a", "1a", "a:b", "a:b-c", "", "a b", "ab\n",
             "é", "sid-1", "x-", "x.", "_-.", "a--b", "ns:1a", "a:", "a\u0660", "Task_1"]
    rnd = random.Random(16)
    alphabet = string.ascii_letters + string.digits + "-._: \n\u00e9"
    cases += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 7))) for _ in range(20000)]
    wrong = [c for c in cases if _valid_id(c) != (_ID_RE.match(c) is not None)]
    assert not wrong, wrong[:5]
    assert _valid_id("sid-3F2A.b") and not _valid_id("-a") and not _valid_id("1a")


def test_map_level_attribute_holder_is_remembered_and_right():
    xml = (b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
           b'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="D">'
           b'<collaboration id="C"><participant id="P" processRef="Pr" ppb:instansi="Dinas X"/>'
           b'</collaboration><process id="Pr" ppb:jenisPeta="sop"/></definitions>')
    model = parse_bytes(xml)
    assert model.ext_holder("jenisPeta").id == "Pr"
    assert model.ext_holder("instansi").id == "P"
    assert model.ext_holder("level") is model.definitions      # none holds it
    assert model.ext("jenisPeta") == "sop" and model.ext("level") is None
    assert model.ext_holder("jenisPeta") is model.ext_holder("jenisPeta")


def test_models_same_with_the_id_expression_alone(monkeypatch):
    """Samples and rule fixtures read the same ids, refused ids and duplicates with the
    quicker check as with the expression alone."""
    paths = sorted((ROOT / "bpmn_samples").glob("**/*.bpmn"))
    paths += sorted((ROOT / "tests" / "rules").glob("*/*.bpmn"))

    def read_all():
        out = []
        for path in paths:
            try:
                m = parse_bytes(path.read_bytes(), str(path))
            except Exception as exc:   # unreadable on purpose (PPB-BPMN-001 fixtures)
                out.append(type(exc).__name__)
                continue
            out.append((sorted(m.by_id), m.invalid_ids, m.duplicate_ids,
                        sum(len(d.shapes) + len(d.edges) for d in m.diagrams)))
        return out

    quick = read_all()
    monkeypatch.setattr(parser, "_valid_id", lambda v: _ID_RE.match(v) is not None)
    assert len(paths) > 100 and read_all() == quick


def test_set_chunks_take_every_file_once_largest_first(tmp_path):
    from validator.engine import PARALLEL_CHUNK_MAX, _by_size

    rnd = random.Random(3)
    entries = []
    for k in range(300):
        path = tmp_path / f"m{k:03d}.bpmn"
        path.write_bytes(b"x" * rnd.choice([10, 200, 5000, 90000]))
        entries.append((str(path), path.name, str(path)))
    entries.append((str(tmp_path / "hilang.bpmn"), "hilang.bpmn", "hilang.bpmn"))   # unreadable
    chunks, places = _by_size(entries, 2)
    assert sorted(i for where in places for i in where) == list(range(len(entries)))
    assert all(entries[i] == row for chunk, where in zip(chunks, places)
               for i, row in zip(where, chunk))
    sizes = [sum(len(open(r, "rb").read()) for r, _n, _s in chunk if r.endswith("bpmn")
                 and not r.endswith("hilang.bpmn")) for chunk in chunks]
    assert sizes[0] >= 90000 and sizes[0] >= max(sizes[1:])   # the biggest files go first
    assert all(len(chunk) <= PARALLEL_CHUNK_MAX for chunk in chunks)
    assert len(chunks) >= 2 * 8                              # enough chunks for the workers to end together
    assert chunks[-1] and places[-1][-1] == len(entries) - 1  # the unreadable one (size 0) last
