"""JIT launches on a device target (opencl) through PoCL or any OpenCL device: target selection
(target=, kcc.set_default_target, $KCC_TARGET), numpy arrays and torch CPU tensors copied into
device buffers and the written ones back, num_warps reaching the compile, and bad input.

Until `kcc -t opencl` exists in this tree the compile of an opencl variant is replaced by
kcc_kernel_load of a hand-written source artefact (opencl_kernels.OPENCL); everything after the
compile (the artefact's metadata, kcc_launch_on, buffers, the program-binary cache) is the real
path. Without an OpenCL device every test is skipped with the reason."""
import ctypes
import os
import subprocess
import sys

import numpy as np
import pytest

import kcc
from kcc import _lib
from kcc.jit import JITFunction

import opencl_kernels as K


def _no_device_reason():
    lib = _lib.library()
    n, diag = ctypes.c_int(0), ctypes.c_void_p()
    st = lib.kcc_device_count(b"opencl", ctypes.byref(n), ctypes.byref(diag))
    text = _lib.take_string(diag.value)
    if st != 0:
        return "no OpenCL device (%s)" % text.strip().replace("kcc: error: ", "")
    return None if n.value else "no OpenCL device (the OpenCL library lists none)"


_REASON = _no_device_reason()
pytestmark = pytest.mark.skipif(_REASON is not None, reason=str(_REASON))


@pytest.fixture
def opencl(monkeypatch, tmp_path):
    """Replaces the compile of opencl variants by loading the hand-written artefacts; returns the
    list of the option lists those compiles got."""
    calls = []
    orig = JITFunction._compile_text

    def compile_text(self, opts, frontend_only=False):
        if dict(opts).get("target") != "opencl":
            return orig(self, opts, frontend_only)
        calls.append(list(opts))
        path = tmp_path / (self.__name__ + ".cl")
        path.write_text(K.OPENCL[self.__name__])
        return _lib.load_kernel(str(path))

    monkeypatch.setattr(JITFunction, "_compile_text", compile_text)
    for f in (K.add_kernel, K.axpb):
        f.cache_clear()
    yield calls
    kcc.set_default_target(None)
    for f in (K.add_kernel, K.axpb):
        f.cache_clear()


def _cpu_add(x, y):
    out = np.zeros_like(x)
    K.add_kernel[(kcc.cdiv(x.size, 64),)](x, y, out, x.size, BLOCK=64, target="cpu")
    return out


@pytest.mark.parametrize("n", [3, 64, 1000])  # not 1: n == 1 is specialised away
def test_numpy_add(opencl, n):
    rng = np.random.default_rng(n)
    x = rng.standard_normal(n).astype(np.float32)
    y = rng.standard_normal(n).astype(np.float32)
    x0, out = x.copy(), np.full(n, -7, np.float32)
    c = K.add_kernel[(kcc.cdiv(n, 64),)](x, y, out, n, BLOCK=64, target="opencl")
    assert c.device_target == "opencl"
    np.testing.assert_array_equal(out, _cpu_add(x, y))  # the CPU target's result
    np.testing.assert_array_equal(x, x0)
    assert len(opencl) == 1


def test_torch_add(opencl):
    torch = pytest.importorskip("torch")
    x = torch.arange(300, dtype=torch.float32)
    y = torch.full((300,), 0.5)
    out = torch.zeros(300)
    K.add_kernel[(5,)](x, y, out, 300, BLOCK=64, target="opencl")
    assert torch.equal(out, x + y)


def test_in_place_alias(opencl):
    x = np.arange(100, dtype=np.float32)
    y = np.ones(100, np.float32)
    K.add_kernel[(2,)](x, y, x, 100, BLOCK=64, target="opencl")  # one buffer for x, written back
    np.testing.assert_array_equal(x, np.arange(100, dtype=np.float32) + 1)


def test_scalars_fp16_i1(opencl):
    x = np.linspace(-2, 2, 130).astype(np.float16)
    out = np.zeros(130, np.float32)
    K.axpb[(3,)](x, out, 2.5, np.float16(0.25), True, 130, BLOCK=64, target="opencl")
    want = -(x.astype(np.float32) * 2.5 + 0.25)
    np.testing.assert_allclose(out, want, rtol=1e-6)


def test_env_and_default_target(opencl, monkeypatch):
    x = np.ones(64, np.float32)
    out = np.zeros(64, np.float32)
    monkeypatch.setenv("KCC_TARGET", "opencl")
    K.add_kernel[(1,)](x, x, out, 64, BLOCK=64)
    assert len(opencl) == 1 and out[0] == 2
    monkeypatch.delenv("KCC_TARGET")
    kcc.set_default_target("opencl")
    assert kcc.default_target() == "opencl"
    out[:] = 0
    K.add_kernel[(1,)](x, x, out, 64, BLOCK=64)
    assert len(opencl) == 1 and out[63] == 2  # the same variant, from the JIT's cache
    kcc.set_default_target(None)
    assert kcc.default_target() == "cpu"
    with pytest.raises(kcc.ArgumentTypeError, match="target name"):
        kcc.set_default_target(3)


@pytest.mark.parametrize("warps", [1, 2, 4, 8])
def test_num_warps_reaches_compile(opencl, warps):
    x = np.ones(64, np.float32)
    K.add_kernel[(1,)](x, x, x, 64, BLOCK=64, target="opencl", num_warps=warps)
    opts = dict(opencl[-1])
    assert opts.get("num-warps", "4") == str(warps)  # 4 is the default, not passed
    assert x[0] == 2


def test_non_contiguous(opencl):
    x = np.zeros(256, np.float32)
    with pytest.raises(kcc.ArgumentValueError, match="'x_ptr' of add_kernel.*not contiguous") as e:
        K.add_kernel[(1,)](x[::2], x[:128], x[:128], 128, BLOCK=64, target="opencl")
    assert len(e.traceback) <= 2  # the test's frame and the launcher's, nothing deeper


def test_unsupported_pointer_object(opencl):
    class Duck:  # Triton's duck-typed tensor: a data pointer, but no extent to copy
        dtype = np.dtype(np.float32)

        def data_ptr(self):
            return 4096

    x = np.zeros(64, np.float32)
    with pytest.raises(kcc.ArgumentTypeError, match="'y_ptr' of add_kernel.*a Duck cannot be copied"):
        K.add_kernel[(1,)](x, Duck(), x, 64, BLOCK=64, target="opencl")


def test_no_device(tmp_path):
    """No OpenCL device (an empty ICD vendor directory): a LaunchError that says so."""
    empty = tmp_path / "vendors"
    empty.mkdir()
    code = ("import sys; sys.path[:0] = %r\n"
            "import numpy as np, kcc, test_opencl as T\n"
            "from kcc.jit import JITFunction\n"
            "JITFunction._compile_text = lambda self, o, f=False: kcc.load_kernel(%r)\n"
            "open(%r, 'w').write(T.K.OPENCL['add_kernel'])\n"
            "x = np.zeros(4, np.float32)\n"
            "try:\n"
            "    T.K.add_kernel[(1,)](x, x, x, 4, BLOCK=64, target='opencl')\n"
            "except kcc.LaunchError as e:\n"
            "    print(type(e).__name__, e)\n"
            % ([os.path.dirname(__file__), os.path.join(os.path.dirname(__file__), "..", "..",
                                                         "python")],
               str(tmp_path / "add.cl"), str(tmp_path / "add.cl")))
    env = dict(os.environ, OCL_ICD_VENDORS=str(empty))
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("LaunchError"), r.stdout + r.stderr
    assert "no OpenCL device" in r.stdout or "cannot load" in r.stdout
