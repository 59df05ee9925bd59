"""tl.flip, tl.cat, tl.interleave, tl.squeeze, item, tl.gather, tl.histogram, tl.topk,
tl.swizzle2d, getattr(libdevice, name) and tl.random.* (tests/exec/kernels/rearrange.py) against
numpy references: Triton's semantics, bit for bit (the builtins move elements, they never round)."""
import numpy as np
import pytest

from exec_harness import KERNELS, Out, S, kcc_available, run

pytestmark = pytest.mark.skipif(not kcc_available(), reason="kcc is not built (build/bin/kcc)")

K = KERNELS / "rearrange.py"
NP = {"fp32": np.float32, "fp16": np.float16, "fp64": np.float64, "i8": np.int8, "i16": np.int16,
      "i32": np.int32, "i64": np.int64, "u8": np.uint8, "u32": np.uint32}


def sig(**kw):
    return ", ".join("%s=%s" % kv for kv in kw.items())


def data(t, shape, seed=0):
    r = np.random.default_rng(seed)
    if t.startswith("fp"):
        x = r.standard_normal(shape).astype(NP[t])
        x.flat[0] = -0.0
        x.flat[-1] = np.inf
        if x.size > 2 and t != "fp16":  # an fp16 NaN's payload does not survive opencl's
            x.flat[1] = np.nan            # half loads/stores (converted through float)
        return x
    info = np.iinfo(NP[t])
    return r.integers(info.min, info.max, shape, dtype=NP[t], endpoint=True)


def same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(np.ascontiguousarray(a).view(np.uint8),
                                  np.ascontiguousarray(b).view(np.uint8))


@pytest.mark.parametrize("t,M,N", [("fp32", 4, 8), ("fp16", 2, 64), ("fp64", 1, 16), ("i8", 8, 1),
                                   ("u32", 4, 8), ("i64", 2, 64)])
def test_flip(t, M, N):
    x = data(t, (M, N))
    (out,) = run(K, "flip_kernel", sig(x_ptr="*" + t, out_ptr="*" + t), {"M": M, "N": N}, 1,
                 [x, Out((4, M, N), x.dtype)])
    same_bits(out[0], x[:, ::-1])
    same_bits(out[1], x[::-1, :])
    same_bits(out[2], x[::-1, :])
    same_bits(out[3].ravel(), x.ravel()[::-1])


def test_flip_middle_dimension_of_3d():
    x = data("i32", (2, 8, 4))
    (out,) = run(K, "flip3d_kernel", sig(x_ptr="*i32", out_ptr="*i32"), {"A": 2, "B": 8, "C": 4},
                 1, [x, Out(64, np.int32)])
    same_bits(out.reshape(2, 8, 4), x[:, ::-1, :])


@pytest.mark.parametrize("t", ["fp32", "i16"])
def test_cat(t):
    M, N = 4, 8
    a, b = data(t, (M, N), 1), data(t, (M, N), 2)
    (out,) = run(K, "cat_kernel", sig(a_ptr="*" + t, b_ptr="*" + t, out_ptr="*" + t),
                 {"M": M, "N": N}, 1, [a, b, Out(4 * M * N + 2 * M, a.dtype)])
    same_bits(out[:2 * M * N].reshape(2 * M, N), np.concatenate([a, b], 0))
    same_bits(out[2 * M * N:4 * M * N].reshape(M, 2 * N), np.concatenate([a, b], 1))
    same_bits(out[4 * M * N:], np.concatenate([a[:, 0] * 0 + a.ravel()[:M], b.ravel()[:M]]))


def test_interleave():
    M, N = 2, 8
    a, b = data("fp32", (M, N), 3), data("fp32", (M, N), 4)
    (out,) = run(K, "interleave_kernel", sig(a_ptr="*fp32", b_ptr="*fp32", out_ptr="*fp32"),
                 {"M": M, "N": N}, 1, [a, b, Out(2 * M * N + 2, np.float32)])
    same_bits(out[:2 * M * N].reshape(M, 2 * N), np.stack([a, b], -1).reshape(M, 2 * N))
    same_bits(out[2 * M * N:], np.array([a.flat[0], b.flat[0]], np.float32))


def test_squeeze_unsqueeze_item():
    N = 16
    x = np.arange(N, dtype=np.int32) - 5
    (out,) = run(K, "squeeze_item_kernel", sig(x_ptr="*i32", out_ptr="*i32"), {"N": N}, 1,
                 [x, Out(N + 2, np.int32)])
    np.testing.assert_array_equal(out[:N], x * 2)
    assert out[N] == x.sum() and out[N + 1] == x.sum()


@pytest.mark.parametrize("t,axis,K_", [("fp32", 0, 4), ("i8", 0, 16), ("i64", 1, 8),
                                       ("fp16", 1, 32)])
def test_gather(t, axis, K_):
    M, N = 8, 16
    src = data(t, (M, N), 5)
    ishape = (K_, N) if axis == 0 else (M, K_)
    idx = np.random.default_rng(6).integers(0, src.shape[axis], ishape).astype(np.int32)
    (out,) = run(K, "gather_kernel", sig(src_ptr="*" + t, idx_ptr="*i32", out_ptr="*" + t),
                 {"M": M, "N": N, "K": K_, "AXIS": axis}, 1, [src, idx, Out(8 * M * N, src.dtype)])
    ref = np.take_along_axis(src, idx, axis)
    n = ref.size
    same_bits(out[:n].reshape(ishape), ref)
    same_bits(out[4 * M * N:4 * M * N + n].reshape(ishape), ref)


def test_gather_1d_int64_index():
    N, K_ = 32, 64
    src = data("fp32", N, 7)
    idx = np.random.default_rng(8).integers(0, N, K_).astype(np.int64)
    (out,) = run(K, "gather1d_kernel", sig(src_ptr="*fp32", idx_ptr="*i64", out_ptr="*fp32"),
                 {"N": N, "K": K_}, 1, [src, idx, Out(K_, np.float32)])
    same_bits(out, src[idx])


@pytest.mark.parametrize("t", ["i32", "u8"])
def test_histogram(t):
    N, BINS = 128, 16
    x = np.random.default_rng(9).integers(0, BINS + 4, N).astype(NP[t])  # some beyond the bins
    (out,) = run(K, "histogram_kernel", sig(x_ptr="*" + t, out_ptr="*i32"), {"N": N, "BINS": BINS},
                 1, [x, Out(2 * BINS, np.int32)])
    np.testing.assert_array_equal(out[:BINS], np.bincount(x.astype(np.int64), minlength=BINS + 4)[:BINS])
    ev = x[::2].astype(np.int64)
    np.testing.assert_array_equal(out[BINS:], np.bincount(ev, minlength=BINS + 4)[:BINS])


@pytest.mark.parametrize("t,k", [("fp32", 4), ("i32", 1), ("u8", 32), ("fp32", 32)])
def test_topk(t, k):
    R, C = 4, 32
    x = data(t, (R, C), 10)
    if t == "fp32":
        x[np.isnan(x)] = 5.0
    (out,) = run(K, "topk_kernel", sig(x_ptr="*" + t, out_ptr="*" + t), {"R": R, "C": C, "K": k}, 1,
                 [x, Out((2, R, k), x.dtype)])
    np.testing.assert_array_equal(out[0], np.sort(x, 1)[:, ::-1][:, :k])
    np.testing.assert_array_equal(out[1], np.sort(x, 1)[:, :k])


def _swizzle_ref(i, j, si, sj, sg):
    ij = i * sj + j
    group = ij // (sg * sj)
    first = group * sg
    rows = min(si - first, sg)
    ij %= sg * sj
    return first + ij % rows, ij // rows


@pytest.mark.parametrize("SI,SJ,SG", [(4, 4, 2), (8, 4, 3)])
def test_swizzle2d(SI, SJ, SG):
    (out,) = run(K, "swizzle_kernel", sig(out_ptr="*i32"), {"SI": SI, "SJ": SJ, "SG": SG}, 1,
                 [Out(SI * SJ + 2, np.int32)])
    ref = [[_swizzle_ref(i, j, SI, SJ, SG) for j in range(SJ)] for i in range(SI)]
    np.testing.assert_array_equal(out[:SI * SJ].reshape(SI, SJ),
                                  [[a * SJ + b for a, b in row] for row in ref])
    assert tuple(out[SI * SJ:]) == _swizzle_ref(3, 1, SI, SJ, SG)
    if SI == 4 and SJ == 4 and SG == 2:  # Triton's docstring example: (i, j) lands at (ni, nj)
        land = np.zeros(16, np.int32)
        land[out[:16]] = np.arange(16)
        np.testing.assert_array_equal(land.reshape(4, 4),
                                      [[0, 2, 4, 6], [1, 3, 5, 7], [8, 10, 12, 14], [9, 11, 13, 15]])


@pytest.mark.parametrize("fn,ref", [("exp", np.exp), ("log1p", np.log1p)])
def test_getattr_libdevice(fn, ref):
    N = 16
    x = np.linspace(0.1, 3, N).astype(np.float32)
    (out,) = run(K, "libdevice_getattr_kernel", sig(x_ptr="*fp32", out_ptr="*fp32"),
                 {"N": N, "FN": '"%s"' % fn}, 1, [x, Out(N, np.float32)])
    np.testing.assert_allclose(out, ref(x.astype(np.float64)), rtol=2e-6)


def test_random_namespace():
    """tl.random.rand / randint / uint_to_uniform_float are the tl.* functions."""
    N = 64
    (out,) = run(K, "random_names_kernel", sig(out_ptr="*fp32", seed="i32"), {"N": N}, 1,
                 [Out(2 * N, np.float32), S("i32", 123)])
    assert np.all((out >= 0) & (out < 1))
    np.testing.assert_array_equal(out[:N], out[N:])
