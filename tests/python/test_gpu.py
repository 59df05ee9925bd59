"""GPU launches without a GPU: torch CUDA tensors pick the nvidia target and go to the kernel as
their data_ptr() on torch's current stream (gpu_launch.py, through the mock libcuda of
tests/runtime/mock_cuda.c); mixed devices are refused; a missing libcuda is named."""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import kcc.jit  # noqa: F401 (the module, which kcc.jit the function hides)
J = sys.modules["kcc.jit"]

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SCALE_PTX = """/* kcc-meta 1
kernel scale
param x_ptr *fp32
param a fp32
param n i32
threads 128
shared 0
writes x_ptr
end
*/
.version 8.0
.target sm_90
.address_size 64
.visible .entry scale(.param .u64 x_ptr, .param .f32 a, .param .u32 n)
{
  ret;
}
"""


class Fake:
    def __init__(self, index):
        import torch
        self.device = torch.device("cuda", index)
        self.dtype = torch.float32

    def data_ptr(self):
        return 0x1000


def test_mixed_devices_refused():
    pytest.importorskip("torch")
    with pytest.raises(ValueError, match="'x' is a tensor on cuda:0 but 'y' is in host memory"):
        J._launch_gpu([("x", Fake(0)), ("n", 3), ("y", np.zeros(3))], "k")
    with pytest.raises(ValueError, match="'x' is a tensor on cuda:0 and 'y' one on cuda:1"):
        J._launch_gpu([("x", Fake(0)), ("y", Fake(1))], "k")
    assert J._launch_gpu([("x", Fake(1)), ("n", 3), ("y", Fake(1))], "k") == 1
    assert J._launch_gpu([("x", np.zeros(2)), ("n", 3)], "k") is None


def test_gpu_tensor_never_read_as_host_memory():
    pytest.importorskip("torch")
    with pytest.raises(ValueError, match="'x' of k\\(\\): the tensor is on cuda:1, not in host"):
        J._host_span(Fake(1), "x", "k", "opencl")


def test_cpu_variant_refuses_gpu_tensors():
    pytest.importorskip("torch")
    sys.path.insert(0, HERE)
    from kernels import add_kernel
    a = np.zeros(16, np.float32)
    compiled = add_kernel.warmup(a, a, a, 16, BLOCK=16, grid=(1,))
    with pytest.raises(ValueError, match="the tensors are on cuda:0, but this variant was "
                                         "compiled for cpu"):
        compiled[(1,)](Fake(0), Fake(0), Fake(0), 16, BLOCK=16)


def _mock(tmp_path):
    cc = shutil.which("cc")
    if not cc:
        pytest.skip("no C compiler for the mock libcuda")
    lib = tmp_path / "libcuda.so.1"
    subprocess.run([cc, "-shared", "-fPIC", "-std=c11", "-o", str(lib),
                    os.path.join(ROOT, "tests", "runtime", "mock_cuda.c")], check=True)
    return lib


def _run(tmp_path, lib, mock=True, ptx=None):
    pytest.importorskip("torch")
    if ptx is None:
        ptx = tmp_path / "scale.ptx"
        ptx.write_text(SCALE_PTX)
    env = dict(os.environ, KCC_CUDA_LIB=str(lib), PYTHONPATH=os.path.join(ROOT, "python"),
               KCC_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, os.path.join(HERE, "gpu_launch.py"),
                           str(lib) if mock else "-", str(ptx)],
                          env=env, capture_output=True, text=True, timeout=120)


def test_torch_cuda_tensors_launch_on_their_gpu(tmp_path):
    r = _run(tmp_path, _mock(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    # the data_ptr as it is (no copy), the scalars' bytes, threads from the artefact, the stream
    assert lines[0] == ("launch scale grid 4x1x1 block 128x1x1 shared 0 stream 0x5eed args "
                        "00007f0000001000 40200000 000003e8")
    assert lines[1] == ("launch scale grid 2x3x1 block 128x1x1 shared 0 stream 0x5eed args "
                        "00007f0000002000 bf800000 0000004d")
    assert lines[2] == "targets nvidia:sm_90"
    assert "the tensors are on cuda:0, which runs the nvidia target, but target='opencl'" in \
        lines[3]
    assert lines[-1] == "ok"


def test_nvidia_target_compiles_and_launches(tmp_path):
    """The same launches, the kernel compiled by kcc's nvidia target (PTX into the mock)."""
    kcc_bin = os.path.join(os.environ.get("KCC_BUILD") or os.path.join(ROOT, "build"), "bin", "kcc")
    targets = subprocess.run([kcc_bin, "--list-targets"], capture_output=True, text=True).stdout
    if "nvidia" not in targets:
        pytest.skip("this build has no nvidia target")
    r = _run(tmp_path, _mock(tmp_path), ptx="compile")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == ("launch scale grid 4x1x1 block 128x1x1 shared 0 stream 0x5eed args "
                        "00007f0000001000 40200000 000003e8")
    # the mock refuses more than 48 KiB unless kcc raised the function's attribute first
    assert lines[3] == ("launch transpose grid 1x1x1 block 128x1x1 shared 65536 stream 0x5eed "
                        "args 00007f0000003000 00007f0000004000")
    assert lines[-1] == "ok"


def test_missing_libcuda_is_named(tmp_path):
    r = _run(tmp_path, tmp_path / "none" / "libcuda.so.1", mock=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("error: LaunchError: "), r.stdout
    assert "cannot load %s/none/libcuda.so.1" % tmp_path in r.stdout
    assert "running nvidia kernels needs the NVIDIA driver" in r.stdout
