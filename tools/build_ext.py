"""Build the project's C modules in place, with Cython:

* ``validator/sim/cloop.pyx``: the simulation's main loop (else the Python loop runs);
* ``validator/cbuild.pyx``: the model builder's walk over the parsed tree, against lxml's
  C API (else the Python walk runs).

Each built module carries the SHA-256 of the source it was built from and is used only when
that matches the source beside it, so an edited source never runs through an old build: the
Python code runs until this script runs again (``make install`` runs it; it does nothing for
a module whose build is current). Without a C compiler a build fails with a message, and the
Python code (same results, slower) stays in use.

    python tools/build_ext.py [--force] [cloop|cbuild ...]
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")

# name -> (dotted module, what it is, in the message when it cannot be built, uses lxml's C API)
MODULES = {
    "cloop": ("validator.sim.cloop", "loop C simulasi",
              "simulasi memakai loop Python (hasil sama, lebih lambat)", False),
    "cbuild": ("validator.cbuild", "pembangun model C",
               "pembacaan peta memakai pembangun Python (hasil sama, lebih lambat)", True),
}

SETUP = """
import sys
from setuptools import Extension, setup
from Cython.Build import cythonize
dotted, source, with_lxml = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
include = []
if with_lxml:
    import lxml
    include = lxml.get_include()
setup(name=dotted, script_args=["build_ext", "--inplace", "--quiet"],
      ext_modules=cythonize([Extension(dotted, [source], include_dirs=include,
                                       extra_compile_args=["-O2"])], quiet=True))
"""


def source_of(dotted: str) -> Path:
    return ROOT.joinpath(*dotted.split(".")).with_suffix(".pyx")


def target_of(dotted: str) -> Path:
    return ROOT.joinpath(*dotted.split(".")).with_name(dotted.rsplit(".", 1)[1] + SUFFIX)


def digest(dotted: str) -> str:
    return hashlib.sha256(source_of(dotted).read_bytes()).hexdigest()


def lxml_version() -> str:
    from lxml import etree

    return etree.__version__


def current(dotted: str, with_lxml: bool) -> bool:
    """The build beside the source was made from this source (and this lxml)."""
    target = target_of(dotted)
    if not target.exists():
        return False
    probe = ("import importlib.util, sys; s = importlib.util.spec_from_file_location("
             "sys.argv[2], sys.argv[1]); m = importlib.util.module_from_spec(s); "
             "s.loader.exec_module(m); print(m.SOURCE_SHA256, getattr(m, 'LXML_VERSION', ''))")
    proc = subprocess.run([sys.executable, "-c", probe, str(target), dotted],
                          capture_output=True, text=True, cwd=ROOT)
    want = f"{digest(dotted)} {lxml_version() if with_lxml else ''}".strip()
    return proc.returncode == 0 and proc.stdout.strip() == want


def build(name: str) -> int:
    dotted, what, fallback, with_lxml = MODULES[name]
    sha = digest(dotted)
    parts = dotted.split(".")
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp).joinpath(*parts[:-1])
        pkg.mkdir(parents=True)
        for i in range(1, len(parts)):
            Path(tmp).joinpath(*parts[:i], "__init__.py").write_text("", encoding="utf-8")
        text = source_of(dotted).read_text(encoding="utf-8")
        text += f'\nSOURCE_SHA256 = "{sha}"\n'
        if with_lxml:   # lxml's structures as compiled against: used only with that lxml
            text += f'LXML_VERSION = "{lxml_version()}"\n'
        source = pkg / f"{parts[-1]}.pyx"
        source.write_text(text, encoding="utf-8")
        (Path(tmp) / "setup.py").write_text(SETUP, encoding="utf-8")
        proc = subprocess.run([sys.executable, "setup.py", dotted,
                               str(source.relative_to(tmp)), "1" if with_lxml else "0"],
                              cwd=tmp, capture_output=True, text=True)
        target = target_of(dotted)
        built = pkg / target.name
        if proc.returncode != 0 or not built.exists():
            sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
            sys.stderr.write(f"Gagal membangun {what}; {fallback}.\n")
            return 1
        # a new file put in place of the old in one step: a process that has the old one
        # loaded (a running server, a test run) keeps reading it; writing over it in place
        # changed the code under that process, which then crashed
        staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(built, staged)
            os.replace(staged, target)
        finally:
            staged.unlink(missing_ok=True)
    print(f"{what} dibangun: {target.relative_to(ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    force = "--force" in argv
    names = [a for a in argv if not a.startswith("--")] or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        sys.stderr.write(f"modul tidak dikenal: {', '.join(unknown)} (pilih: {', '.join(MODULES)})\n")
        return 2
    failed = 0
    for name in names:
        if force or not current(MODULES[name][0], MODULES[name][3]):
            failed |= build(name)
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
