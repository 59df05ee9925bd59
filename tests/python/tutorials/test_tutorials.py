"""Triton tutorials 01, 02, 03 and 05 (examples/python/*.py: the tutorials' kernels with only the
import lines changed) run end to end in quick mode: each script checks itself against
numpy/torch and exits 0 only when the results match. See docs/compatibility.md."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TUTORIALS = ["01-vector-add", "02-fused-softmax", "03-matrix-multiplication", "05-layer-norm"]


@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial(name):
    path = os.path.join(ROOT, "examples", "python", name + ".py")
    env = dict(os.environ, KCC_EXAMPLE_QUICK="1",
               PYTHONPATH=os.path.join(ROOT, "python"))
    r = subprocess.run([sys.executable, path], capture_output=True, text=True, env=env,
                       timeout=600)
    assert r.returncode == 0, "%s failed:\n%s\n%s" % (name, r.stdout, r.stderr[-4000:])
    assert "correct" in r.stdout


def test_tutorial_files_differ_from_triton_only_in_imports():
    for name in TUTORIALS:
        with open(os.path.join(ROOT, "examples", "python", name + ".py")) as f:
            src = f.read()
        assert "import kcc.triton as triton" in src
        assert "import kcc.triton.language as tl" in src
        assert "\nimport triton" not in src
