"""Read-only numpy arrays: accepted for pointers a kernel only reads, refused (ValueError naming
the parameter and the kernel) for pointers it writes through (kcc-meta "writes" lines)."""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))
from readonly_kernels import count_kernel, scale_kernel  # noqa: E402


def _read_only(a):
    a.flags.writeable = False
    return a


def test_read_only_input_is_accepted():
    x = _read_only(np.arange(8, dtype=np.float32))
    out = np.zeros(8, np.float32)
    scale_kernel[(1,)](x, out, 8, BLOCK=8)
    assert (out == 3 * np.arange(8)).all()


def test_read_only_output_is_refused():
    x = np.arange(8, dtype=np.float32)
    out = _read_only(np.zeros(8, np.float32))
    with pytest.raises(ValueError, match=r"parameter 'out_ptr' of scale_kernel\(\): the array is "
                                         r"read-only .*kernel 'scale_kernel' writes"):
        scale_kernel[(1,)](x, out, 8, BLOCK=8)
    assert not out.any()  # nothing ran
    # the compiled variant's own launcher checks too
    compiled = scale_kernel.warmup(x, np.zeros(8, np.float32), 8, BLOCK=8, grid=(1,))
    with pytest.raises(ValueError, match="parameter 'out_ptr'"):
        compiled[(1,)](x, out, 8, BLOCK=8)
    assert not out.any()


def test_read_only_view_through_array_interface_is_refused():
    class Holder:
        def __init__(self, a):
            self.__array_interface__ = a.__array_interface__
            self._a = a

    out = _read_only(np.zeros(8, np.float32))
    with pytest.raises(ValueError, match="parameter 'out_ptr'"):
        scale_kernel[(1,)](np.ones(8, np.float32), Holder(out), 8, BLOCK=8)


def test_atomic_target_is_written():
    x = _read_only(np.ones(16, np.float32))
    total = np.zeros(1, np.float32)
    compiled = count_kernel[(2,)](x, total, BLOCK=16)
    assert total[0] == 32
    assert compiled.kernel.writes == {"total_ptr"}
    with pytest.raises(ValueError, match=r"parameter 'total_ptr' of count_kernel\(\)"):
        count_kernel[(1,)](x, _read_only(np.zeros(1, np.float32)), BLOCK=16)


def test_torch_tensors_have_no_read_only_flag():
    torch = pytest.importorskip("torch")
    x = torch.arange(8, dtype=torch.float32)
    out = torch.zeros(8, dtype=torch.float32)
    scale_kernel[(1,)](x, out, 8, BLOCK=8)
    assert out.tolist() == [3.0 * i for i in range(8)]
