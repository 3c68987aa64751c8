"""PPB-SOP-012's word matching: a kelengkapan or an output names a persyaratan or a produk.

The fixtures (tests/rules/PPB-SOP-012/) cover the rule end to end; this pins down how names
are compared, case by case, including the pairs that must not match.
"""
from __future__ import annotations

import pytest

from validator.rules.sop.service_standard_items import covers

KELENGKAPAN = ("Formulir permohonan, STR Bidan, rekomendasi organisasi profesi (IBI), "
               "surat keterangan sehat, pas foto")


@pytest.mark.parametrize("item,named", [
    ("Formulir permohonan", True),
    ("Surat Tanda Registrasi Bidan", True),             # initials: STR
    ("Surat Tanda Registrasi (STR) Bidan", True),       # the bracketed abbreviation
    ("Rekomendasi IBI", True),
    ("Pas foto berwarna 4x6 (2 lembar)", True),         # numbers and brackets left out
    ("Surat keterangan sehat dari dokter", True),       # a remark after 'dari'
    ("Fotokopi ijazah bidan", False),                   # 'ijazah' named nowhere
    ("Surat keterangan domisili", False),               # generic words alone do not match
    ("Fotokopi KTP", False),
])
def test_requirement_named_in_inputs(item, named):
    assert covers(KELENGKAPAN, item) is named


@pytest.mark.parametrize("output,named", [
    ("SIP Bidan dan tanda terima", True),               # initials of 'surat izin praktik'
    ("Surat izin praktik bidan yang ditandatangani", True),
    ("SIPB", True),
    ("Tanda terima pengembalian berkas", False),
    ("Surat pemberitahuan penolakan", False),
])
def test_product_named_in_output(output, named):
    assert covers(output, "Surat Izin Praktik Bidan (SIPB)") is named


def test_levels_follow_the_basis_and_sop_ketat_raises_them_to_warnings():
    """Both P35 checks added for issue 17 are inferences: info by default, warnings (never
    errors) in the strict SOP profile, which also asks for vertical SOP maps."""
    from validator.catalog import load_catalog
    from validator.config import Config, effective_settings

    catalog = load_catalog()
    for rid in ("PPB-SOP-011", "PPB-SOP-012"):
        assert (catalog.rules[rid].confidence, catalog.rules[rid].severity) == ("inferred", "info")
    std = effective_settings(catalog, Config(profile="standar"))
    strict = effective_settings(catalog, Config(profile="sop-ketat"))
    assert std["PPB-SOP-011"].params["wajib_tegak"] is False
    assert strict["PPB-SOP-011"].params["wajib_tegak"] is True
    assert (strict["PPB-SOP-011"].severity, strict["PPB-SOP-012"].severity) == ("warning", "warning")
