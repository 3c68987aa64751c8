"""Hand-made maps for tests: one process in a BPMN document, written to a folder."""
from __future__ import annotations

from pathlib import Path


def process_map(process_id: str, process_name: str, body: list[str], defs_attrs: str = "",
                process_attrs: str = "") -> str:
    """A BPMN document holding one process with the flow elements ``body`` (XML strings);
    ``*_attrs`` are ready-made attribute strings (`` ppb:level="1"``)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="Defs" targetNamespace="urn:contoh"'
        f'{defs_attrs}>\n'
        f'  <bpmn:process id="{process_id}" name="{process_name}" isExecutable="false"{process_attrs}>\n    '
        + "\n    ".join(body) +
        '\n  </bpmn:process>\n</bpmn:definitions>\n')


def write(folder: Path, maps: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in maps.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
