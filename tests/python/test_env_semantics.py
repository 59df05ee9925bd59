"""Two of Triton's semantics pinned (issue #12, part 3): a right shift is arithmetic when the
shifted tensor is signed, whatever the amount's type (Triton's tensor.__rshift__ decides by its
own dtype); tl.argmax / tl.argmin skip NaN (tl.max does too; Triton's interpreter is
np.nanargmax / np.nanargmin), and an all-NaN row gives its last index."""

import numpy as np
import pytest

import kcc.triton as triton
import kcc.triton.language as tl


@triton.jit
def shift_kernel(x_ptr, s_ptr, out_ptr, N: tl.constexpr):
    offs = tl.arange(0, N)
    tl.store(out_ptr + offs, tl.load(x_ptr + offs) >> tl.load(s_ptr + offs))


@pytest.mark.parametrize("xt,st", [(np.int32, np.uint32), (np.int32, np.int32),
                                   (np.uint32, np.int32), (np.int64, np.uint64)])
def test_right_shift_follows_the_shifted_operand(xt, st):
    x = np.array([-64, -1, -7, 96, -2**20, 5, -3, 1], dtype=np.int64).astype(xt)
    s = np.array([1, 3, 2, 4, 8, 1, 0, 1], dtype=st)
    out_t = np.result_type(xt, st) if np.dtype(xt).itemsize != np.dtype(st).itemsize else \
        (np.dtype(st) if np.dtype(st).kind == "u" else np.dtype(xt))
    out = np.zeros(8, dtype=out_t)
    shift_kernel[(1,)](x, s, out, N=8)
    bits = 8 * np.dtype(xt).itemsize
    if np.dtype(xt).kind == "i":  # arithmetic: the sign is copied in
        want = (x.astype(np.int64) >> s.astype(np.int64)).astype(out_t)
    else:
        want = (x.astype(np.uint64) % (1 << bits) >> s.astype(np.uint64)).astype(out_t)
    np.testing.assert_array_equal(out, want)


@triton.jit
def arg_kernel(x_ptr, out_ptr, N: tl.constexpr):
    offs = tl.arange(0, N)
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr, tl.argmax(x, 0))
    tl.store(out_ptr + 1, tl.argmin(x, 0))
    tl.store(out_ptr + 2, tl.max(x, 0).to(tl.int32, bitcast=True))


NAN = float("nan")


@pytest.mark.parametrize("row", [
    [NAN, 6.0, 8.0, 1.0],
    [8.0, NAN, 6.0, 1.0],
    [1.0, 2.0, 3.0, NAN],
    [3.0, NAN, 3.0, -1.0],
    [NAN, NAN, 2.0, NAN],
    [-np.inf, NAN, np.inf, NAN],
    [5.0, 5.0, NAN, 5.0, 1.0, NAN, -5.0, -5.0],
])
def test_argmax_argmin_skip_nan(row):
    x = np.array(row, dtype=np.float32)
    out = np.zeros(3, dtype=np.int32)
    arg_kernel[(1,)](x, out, N=len(row))
    assert out[0] == np.nanargmax(x)
    assert out[1] == np.nanargmin(x)
    assert out[2] == np.array(np.nanmax(x), dtype=np.float32).view(np.int32)  # max agrees


def test_argmax_all_nan_row_gives_the_last_index():
    x = np.full(8, NAN, dtype=np.float32)
    out = np.zeros(3, dtype=np.int32)
    arg_kernel[(1,)](x, out, N=8)
    assert out[0] == 7 and out[1] == 7
