"""validator.lazy_re: a pattern compiled on first use answers as the compiled one does."""
from __future__ import annotations

import re

import pytest

from validator.lazy_re import LazyPattern, lazy_re


def test_compiled_only_when_first_used():
    pat = lazy_re(r"(\d+)\s*hari", re.I)
    assert "search" not in _filled(pat)            # nothing compiled yet
    assert pat.search("paling lama 3 HARI").group(1) == "3"
    assert {"search", "sub", "pattern", "flags"} <= _filled(pat)


def test_answers_as_the_compiled_pattern():
    text = "1. Surat permohonan; 2) KTP, a. NPWP"
    for source, flags in ((r"[;\n\r]+|\s\d{1,2}[.)]\s", 0), (r"^\s*(?:\d{1,2}|[a-z])[.)]\s+", re.I),
                          (r"(?P<w>[^\W_]+)", 0)):
        lazy, real = lazy_re(source, flags), re.compile(source, flags)
        assert lazy.split(text) == real.split(text)
        assert lazy.sub("_", text) == real.sub("_", text)
        assert lazy.subn("_", text) == real.subn("_", text)
        assert lazy.findall(text) == real.findall(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert bool(lazy.match(text)) == bool(real.match(text))
        assert bool(lazy.fullmatch(text)) == bool(real.fullmatch(text))
        assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == \
            (real.pattern, real.flags, real.groups, real.groupindex)


def test_a_bad_pattern_fails_when_used_and_other_names_are_not_there():
    bad = lazy_re(r"(unclosed")
    with pytest.raises(re.error):
        bad.search("x")
    with pytest.raises(AttributeError):
        lazy_re("a").scanner   # noqa: B018 - not one of the kept names


def test_the_duration_reader_uses_lazy_patterns_and_still_reads():
    from validator import units

    assert isinstance(units._PART_RE, LazyPattern)
    d = units.parse_duration("maksimal 2 hari 3 jam")
    assert d is not None and d.minutes == pytest.approx((2 * units.HOURS_PER_DAY + 3) * 60)


def _filled(pat: LazyPattern) -> set[str]:
    out = set()
    for name in LazyPattern.__slots__:
        try:
            object.__getattribute__(pat, name)
            out.add(name)
        except AttributeError:
            pass
    return out
