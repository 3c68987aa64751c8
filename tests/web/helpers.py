"""Small builders for the server tests: sample maps, ZIP archives, XML attacks."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "bpmn_samples"
GOOD = SAMPLES / "pariaman" / "disdukcapil-level1-baik.bpmn"
FLAWED = SAMPLES / "cacat" / "disdukcapil-level1-cacat.bpmn"


def good_bytes() -> bytes:
    return GOOD.read_bytes()


def flawed_bytes() -> bytes:
    return FLAWED.read_bytes()


def as_map(data: bytes, process_id: str) -> bytes:
    """A sample map made into another map (as the server tells maps apart: the Level 1
    samples carry no ppb:kode, so their process id names them): the id renamed throughout."""
    for old in (b"Proses_Disdukcapil", b"Proses_DPMPTSP"):
        if old in data:
            return data.replace(old, process_id.encode())
    raise ValueError("not a Level 1 sample")


def make_zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def symlink_zip(name: str = "tautan.bpmn", target: bytes = b"/etc/passwd") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, target)
        zf.writestr("baik.bpmn", good_bytes())
    return buf.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">&lol3;</bpmn:definitions>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <bpmn:process id="P" name="&xxe;"/></bpmn:definitions>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://example.invalid/bpmn.dtd">
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"/>
"""

NOT_BPMN = b"<?xml version='1.0'?><catatan><isi>bukan peta</isi></catatan>"
NOT_XML = b"ini bukan XML sama sekali <"
