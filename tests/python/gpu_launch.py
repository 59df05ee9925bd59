"""Run by test_gpu.py in a subprocess with $KCC_CUDA_LIB set: a @kcc.jit launch on (fake) torch
CUDA tensors, compiled to a hand-written nvidia artefact (PTX after the kcc-meta comment) and
launched through the mock libcuda (tests/runtime/mock_cuda.c), which records what it received.

Usage: gpu_launch.py MOCK_LIB PTX_FILE; prints the mock's record of each launch and "ok".
PTX_FILE "compile": the kernel is compiled by kcc's nvidia target instead.
MOCK_LIB "-": no driver library ($KCC_CUDA_LIB names a missing one); prints the launch's error."""
import ctypes
import sys

import torch

import kcc
from kcc import _lib
import kcc.jit  # noqa: F401 (the module, which kcc.jit the function hides)
J = sys.modules["kcc.jit"]
import kcc.language as tl

ptx = sys.argv[2]


class FakeCudaTensor:
    """What a launch reads of a torch CUDA tensor: device, dtype, data_ptr()."""

    def __init__(self, ptr, index=0):
        self.device = torch.device("cuda", index)
        self.dtype = torch.float32
        self._ptr = ptr

    def data_ptr(self):
        return self._ptr


@kcc.jit
def scale(x_ptr, a, n, BLOCK: tl.constexpr):
    i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(x_ptr + i, tl.load(x_ptr + i, mask=i < n) * a, mask=i < n)


@kcc.jit
def transpose(x_ptr, y_ptr, B: tl.constexpr):
    i = tl.arange(0, B)
    t = tl.load(x_ptr + i[:, None] * B + i[None, :])
    tl.store(y_ptr + i[:, None] * B + i[None, :], tl.trans(t))


targets = []


def compile_text(opts, frontend_only=False):
    targets.append(dict(opts)["target"])
    return _lib.load_kernel(ptx)


if ptx != "compile":
    scale._compile_text = compile_text
J._gpu_target = lambda index: "nvidia:sm_90"       # torch.cuda needs a GPU: what it would say
J._gpu_stream = lambda index: 0x5eed + index        # torch.cuda.current_stream(index).cuda_stream

if sys.argv[1] == "-":
    try:
        scale[(4,)](FakeCudaTensor(0x7f0000001000), 2.5, 1000, BLOCK=128)
    except kcc.KccError as e:
        print("error: %s: %s" % (type(e).__name__, e))
    sys.exit(0)
mock = ctypes.CDLL(sys.argv[1])
mock.mock_cuda_report.restype = ctypes.c_char_p
scale[(4,)](FakeCudaTensor(0x7f0000001000), 2.5, 1000, BLOCK=128)
print(mock.mock_cuda_report().decode())
scale[(2, 3)](FakeCudaTensor(0x7f0000002000), -1.0, 77, BLOCK=128)
print(mock.mock_cuda_report().decode())
print("targets", " ".join(sorted(set(targets))) if targets else "nvidia:sm_90")
if ptx == "compile":  # 64 KiB of workgroup memory: above 48 KiB, the function's attribute first
    transpose[(1,)](FakeCudaTensor(0x7f0000003000), FakeCudaTensor(0x7f0000004000), B=128)
    print(mock.mock_cuda_report().decode())
try:
    scale[(1,)](FakeCudaTensor(0x7f0000001000), 2.5, 1000, BLOCK=128, target="opencl")
except ValueError as e:
    print("error:", e)
print("ok")
