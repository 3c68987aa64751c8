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
