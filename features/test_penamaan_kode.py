"""Step definitions for penamaan_kode.feature (PPB-NMK) on the sample maps."""
from pytest_bdd import scenarios

from langkah_peta import *  # noqa: F401,F403  (shared steps and their pytest-bdd fixtures)

scenarios("penamaan_kode.feature")
