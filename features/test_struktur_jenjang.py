"""Step definitions for struktur_jenjang.feature (PPB-LVL) on the sample maps."""
from pytest_bdd import scenarios

from langkah_peta import *  # noqa: F401,F403  (shared steps and their pytest-bdd fixtures)

scenarios("struktur_jenjang.feature")
