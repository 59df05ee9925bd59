"""pytest set-up for the kcc Python package.

* ``python/`` goes on sys.path (the suite also runs without the venv's .pth file).
* The library must load: if libkcc.so is missing every test FAILS (no silent skips).
* Compiled kernels go to ``$KCC_CACHE_DIR`` (default: build/test-cache in the repository).
* ``triton_alias`` installs ``kcc.triton`` as ``triton`` in sys.modules, so files written for
  Triton (``import triton``) load unchanged; ``load_module`` imports a file by path.
"""

import importlib.util
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
os.environ.setdefault("KCC_CACHE_DIR", os.path.join(ROOT, "build", "test-cache"))
os.environ.setdefault("KCC_NUM_THREADS", "2")

import kcc  # noqa: E402
import kcc.triton  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _library_must_load():
    # raises (-> every test errors) when libkcc.so cannot be loaded; never skips
    kcc.library()
    yield


def install_triton_alias():
    """Makes ``import triton`` / ``import triton.language`` resolve to kcc.triton."""
    for name, mod in list(sys.modules.items()):
        if name == "kcc.triton" or name.startswith("kcc.triton."):
            sys.modules["triton" + name[len("kcc.triton"):]] = mod


@pytest.fixture
def triton_alias():
    saved = {k: v for k, v in sys.modules.items() if k == "triton" or k.startswith("triton.")}
    install_triton_alias()
    yield
    for k in [k for k in sys.modules if k == "triton" or k.startswith("triton.")]:
        del sys.modules[k]
    sys.modules.update(saved)


_loaded = {}


def load_module(path):
    """Imports the Python file at ``path`` (once per session) and returns the module."""
    path = os.path.abspath(path)
    if path not in _loaded:
        name = "kcc_test_" + os.path.splitext(os.path.basename(path))[0].replace("-", "_")
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        _loaded[path] = mod
    return _loaded[path]
