"""Build the simulation's C loop (validator/sim/cloop.pyx) in place, with Cython.

The built module carries the SHA-256 of the source it was built from; the simulation uses
it only when that matches the source beside it (validator.sim.compiled._c_loop), so an
edited source never runs through an old build: it runs through the Python loop until this
script runs again (``make install`` runs it; it does nothing when the build is current).
Without a C compiler the build fails with a message and the Python loop stays in use.

    python tools/build_cloop.py [--force]
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "validator" / "sim" / "cloop.pyx"
TARGET = SOURCE.with_name("cloop" + sysconfig.get_config_var("EXT_SUFFIX"))

SETUP = """
from setuptools import Extension, setup
from Cython.Build import cythonize
setup(name="cloop", script_args=["build_ext", "--inplace", "--quiet"],
      ext_modules=cythonize([Extension("validator.sim.cloop", ["validator/sim/cloop.pyx"],
                                       extra_compile_args=["-O2"])], quiet=True))
"""


def digest() -> str:
    return hashlib.sha256(SOURCE.read_bytes()).hexdigest()


def current() -> bool:
    """The build beside the source was made from this source."""
    if not TARGET.exists():
        return False
    probe = ("import importlib.util, sys; s = importlib.util.spec_from_file_location("
             "'validator.sim.cloop', sys.argv[1]); m = importlib.util.module_from_spec(s); "
             "s.loader.exec_module(m); print(m.SOURCE_SHA256)")
    proc = subprocess.run([sys.executable, "-c", probe, str(TARGET)], capture_output=True, text=True)
    return proc.returncode == 0 and proc.stdout.strip() == digest()


def build() -> int:
    sha = digest()
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / "validator" / "sim"
        pkg.mkdir(parents=True)
        for init in (Path(tmp) / "validator" / "__init__.py", pkg / "__init__.py"):
            init.write_text("", encoding="utf-8")
        text = SOURCE.read_text(encoding="utf-8")
        (pkg / "cloop.pyx").write_text(text + f'\nSOURCE_SHA256 = "{sha}"\n', encoding="utf-8")
        (Path(tmp) / "setup.py").write_text(SETUP, encoding="utf-8")
        proc = subprocess.run([sys.executable, "setup.py"], cwd=tmp, capture_output=True, text=True)
        built = pkg / TARGET.name
        if proc.returncode != 0 or not built.exists():
            sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
            sys.stderr.write("Gagal membangun loop C simulasi; simulasi memakai loop Python "
                             "(hasil sama, lebih lambat).\n")
            return 1
        shutil.copyfile(built, TARGET)
    print(f"loop C simulasi dibangun: {TARGET.relative_to(ROOT)}")
    return 0


def main() -> int:
    if "--force" not in sys.argv and current():
        return 0
    return build()


if __name__ == "__main__":
    sys.exit(main())
