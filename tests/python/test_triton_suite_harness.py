"""tests/compat/triton-suite.sh on a stand-in checkout (a Triton-style test file written here):
the device fixture, triton._internal_testing, per-file counts, failure causes grouped by
message, the per-test timeout, a test that kills its process (logged, the run resumes after
it) and sampling. Triton's own suite is run by hand (see
docs/compatibility.md)."""

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SUITE = os.path.join(ROOT, "tests", "compat", "triton-suite.sh")

TEST_FILE = """\
    import time
    import pytest
    import numpy as np
    import triton
    import triton.language as tl
    from triton._internal_testing import is_cpu, is_cuda, numpy_random, to_triton, to_numpy


    @triton.jit
    def add_one(x_ptr, n, BLOCK: tl.constexpr):
        offs = tl.arange(0, BLOCK)
        tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) + 1, mask=offs < n)


    @pytest.mark.parametrize("dtype", ["int32", "uint8", "float32"])
    def test_add(dtype, device):
        assert device == "cpu" and is_cpu() and not is_cuda()
        x = numpy_random(16, dtype)
        t = to_triton(x.copy(), device=device)
        add_one[(1,)](t, 16, BLOCK=16)
        np.testing.assert_array_equal(to_numpy(t), x + 1)


    @pytest.mark.parametrize("i", range(3))
    def test_missing_builtin(i, device):
        @triton.jit
        def k(x_ptr):
            tl.no_such_builtin(x_ptr)
        k[(1,)](to_triton(np.zeros(4, dtype=np.float32), device=device))


    def test_skipped():
        pytest.skip("not on this device")


    def test_slow():
        time.sleep(30)


    def test_crash():
        import os
        os.abort()


    def test_after_the_crash():
        pass
    """


@pytest.fixture
def checkout(tmp_path):
    lang = tmp_path / "triton" / "python" / "test" / "unit" / "language"
    lang.mkdir(parents=True)
    (lang / "test_fake.py").write_text(textwrap.dedent(TEST_FILE))
    return tmp_path / "triton"


def suite(args, tmp_path):
    if shutil.which("timeout") is None:
        pytest.skip("coreutils timeout is missing")
    env = dict(os.environ, PYTHON=sys.executable)
    return subprocess.run(["sh", SUITE] + args, capture_output=True, text=True, env=env,
                          timeout=300)


def test_counts_and_causes(checkout, tmp_path):
    r = suite(["--timeout", "3", "--logs", str(tmp_path / "logs"), str(checkout),
               "test_fake.py"], tmp_path)
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.startswith("test_fake "))
    # cases passed failed skipped: 3 adds and the test after the crash pass; 3 missing
    # builtins, the timeout and the crash fail
    assert row.split()[1:5] == ["10", "4", "5", "1"], r.stdout
    assert "1  crashed: the test process died" in r.stdout
    assert "resuming after the test it was running" in r.stderr
    assert "3  CompilationError: 'tl.no_such_builtin'" in r.stdout
    assert re.search(r"\b1  \S*SuiteTimeout: timeout: the test ran longer than "
                     r"KCC_SUITE_TIMEOUT=N s", r.stdout), r.stdout


def test_sampling_and_markdown(checkout, tmp_path):
    r = suite(["--sample", "2", "--timeout", "3", "--markdown", "--logs", str(tmp_path / "logs"), str(checkout),
               "test_fake.py"], tmp_path)
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.startswith("| test_fake |"))
    assert row.split("|")[2].strip() == "2"


def test_usage(tmp_path):
    r = suite([str(tmp_path / "nowhere")], tmp_path)
    assert r.returncode == 2 and "no directory" in r.stderr


def test_torch_compat_float16_fallbacks():
    # an older torch (Debian's 1.13) has no float16 CPU kernel for these ops, which the suite's
    # references use (test_cat: z.unique()); torch_compat runs them in float32 and rounds back.
    # In a subprocess: torch_compat patches torch for the whole process
    code = textwrap.dedent("""\
        import torch, torch_compat
        z = torch.arange(-4, 4).half()
        assert z.unique().dtype == torch.float16 and z.unique().size(0) == 8
        assert torch.unique(torch.tensor([1.0, 1.0, 2.0]).half()).tolist() == [1.0, 2.0]
        v, i = torch.topk(z, 2)
        assert v.dtype == torch.float16 and v.tolist() == [3.0, 2.0] and i.tolist() == [7, 6]
        a = torch.ones(2, 2).half()
        assert (a @ a).dtype == torch.float16 and (a @ a).tolist() == [[2.0, 2.0], [2.0, 2.0]]
        print("ok")
        """)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "tests", "compat"))
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
