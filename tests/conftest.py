"""Shared test helpers."""
from __future__ import annotations

from pathlib import Path

import pytest

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator

ROOT = Path(__file__).resolve().parent.parent
RULE_FIXTURES = ROOT / "tests" / "rules"
CORPUS = ROOT.parent / "shared" / "corpus" / "miwg"


def only_rule(rule_id: str, severity: str = "error", params: dict | None = None) -> Validator:
    """A validator running one rule alone (rules that are off by default included)."""
    catalog = load_catalog()
    rules = {rid: {"severity": "off"} for rid in catalog.rules}
    rules[rule_id] = {"severity": severity, **({"params": params} if params else {})}
    return Validator(Config(rules=rules), catalog)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()
