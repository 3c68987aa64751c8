"""Mutated real files (bytes flipped, cut, spans deleted or doubled, references and
numbers garbled) never escape as an exception, and no rule breaks on them."""
from __future__ import annotations

import random

import pytest

from validator.engine import Validator

from .conftest import CORPUS

FILES = sorted(CORPUS.rglob("*.bpmn")) if CORPUS.is_dir() else []
JUNK = ["", " ", "x", "1", ":", "NaN", "-1e999", "&amp;"]
WORDS = ['sourceRef="', 'targetRef="', 'id="', 'bpmnElement="', 'attachedToRef="',
         'processRef="', 'default="', 'x="', 'width="', 'name="']


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    op = rng.randrange(5)
    if op == 0:
        for _ in range(rng.randrange(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif op == 1:
        buf = buf[:rng.randrange(len(buf))]
    elif op == 2:
        a = rng.randrange(len(buf))
        buf = buf[:a] + buf[a + rng.randrange(200):]
    elif op == 3:
        a = rng.randrange(len(buf))
        b = a + rng.randrange(500)
        buf = buf[:b] + buf[a:b] + buf[b:]
    else:
        text = buf.decode("utf-8", "replace")
        for word in WORDS:
            if rng.random() < 0.5:
                text = text.replace(word, word + rng.choice(JUNK), rng.randrange(1, 5))
        buf = bytearray(text.encode("utf-8"))
    return bytes(buf)


@pytest.mark.skipif(not FILES, reason="MIWG corpus not found beside the project")
@pytest.mark.parametrize("seed", range(4))
def test_mutated_files_never_crash(seed):
    rng = random.Random(seed)
    validator = Validator()
    outcomes = {"model": 0, "error": 0}
    for i in range(150):
        data = _mutate(rng, rng.choice(FILES).read_bytes())
        result = validator.validate_bytes(data, f"mutasi-{seed}-{i}.bpmn")
        if result.ok:
            outcomes["model"] += 1
            failed = [f.rule for f in result.findings if "gagal dijalankan" in f.message]
            assert not failed, (seed, i, failed)
        else:
            outcomes["error"] += 1
            assert result.error.code != "INTERNAL", (seed, i, result.error.message)
            assert result.error.message
    # both paths were exercised
    assert outcomes["model"] > 0 and outcomes["error"] > 0, outcomes
