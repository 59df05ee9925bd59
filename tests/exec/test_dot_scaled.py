"""tl.dot_scaled (tests/exec/kernels/scaled.py) against a numpy reference of Triton's semantics:
e2m1 (two fp4 values a byte, the first in the low bits), e4m3, e5m2, bf16, fp16 operands, e8m0
scales (2 ** (s - 127) for each 32 elements along K; 255 is NaN), fp32 result."""
import numpy as np
import pytest

from exec_harness import KERNELS, Out, kcc_available, run

pytestmark = pytest.mark.skipif(not kcc_available(), reason="kcc is not built (build/bin/kcc)")

K_SRC = KERNELS / "scaled.py"
FP4 = np.array([0, 0.5, 1, 1.5, 2, 3, 4, 6, -0.0, -0.5, -1, -1.5, -2, -3, -4, -6], np.float32)


def fp8_value(byte, exp_bits, bias, nan_all_ones):
    """fp32 of fp8 bytes: 1 sign, exp_bits exponent, the rest mantissa (e4m3: 0x7F/0xFF NaN, no
    infinities; e5m2: IEEE-like)."""
    b = byte.astype(np.int64)
    man_bits = 7 - exp_bits
    s = np.where(b & 0x80, -1.0, 1.0)
    e = (b >> man_bits) & ((1 << exp_bits) - 1)
    m = b & ((1 << man_bits) - 1)
    v = np.where(e == 0, m / 2.0**man_bits * 2.0**(1 - bias),
                 (1 + m / 2.0**man_bits) * 2.0**(e - bias))
    top = (1 << exp_bits) - 1
    if nan_all_ones:
        v = np.where((e == top) & (m == (1 << man_bits) - 1), np.nan, v)
    else:
        v = np.where(e == top, np.where(m == 0, np.inf, np.nan), v)
    return (s * v).astype(np.float32)


def values(x, fmt, pack_axis):
    if fmt == "e2m1":
        return interleave(FP4[x & 15], FP4[x >> 4], pack_axis)
    if fmt == "e4m3":
        return fp8_value(x, 4, 7, True)
    if fmt == "e5m2":
        return fp8_value(x, 5, 15, False)
    return x.astype(np.float32)


def interleave(lo, hi, axis):
    """lo[0], hi[0], lo[1], hi[1]... along ``axis``."""
    shape = list(lo.shape)
    shape[axis] *= 2
    out = np.empty(shape, np.float32)
    idx = [slice(None)] * 2
    idx[axis] = slice(0, None, 2)
    out[tuple(idx)] = lo
    idx[axis] = slice(1, None, 2)
    out[tuple(idx)] = hi
    return out


def scales(s):
    f = np.ldexp(np.float32(1), s.astype(np.int32) - 127).astype(np.float32)
    f[s == 255] = np.nan
    return np.repeat(f, 32, axis=1)


def operand(fmt, shape, rng):
    if fmt in ("bf16", "fp16"):
        x = rng.standard_normal(shape).astype(np.float32)
        if fmt == "fp16":
            return x.astype(np.float16)
        return (x.view(np.uint32) & 0xFFFF0000).view(np.float32)  # bf16 values, stored as fp32
    b = rng.integers(0, 256, shape, dtype=np.uint8)
    if fmt == "e4m3":
        b[(b & 0x7F) == 0x7F] = 0x38  # no NaN inputs
    if fmt == "e5m2":
        b[(b & 0x7C) == 0x7C] = 0x3C  # no infinities or NaNs
    return b


# bf16 operands are bf16 values stored as fp32 (numpy has no bf16): the kernel loads fp32
STORE = {"bf16": "*fp32", "fp16": "*fp16", "e2m1": "*u8", "e4m3": "*u8", "e5m2": "*u8"}


@pytest.mark.parametrize("fa,fb,sa,sb,acc", [
    ("e2m1", "e2m1", True, True, False), ("e4m3", "e5m2", True, True, True),
    ("e5m2", "e2m1", True, False, False), ("bf16", "e4m3", False, True, True),
    ("fp16", "bf16", False, False, False), ("e2m1", "fp16", True, False, True)])
def test_dot_scaled(fa, fb, sa, sb, acc):
    M, N, K = 16, 16, 64
    rng = np.random.default_rng(hash((fa, fb)) & 0xFFFF)
    ka = K // 2 if fa == "e2m1" else K
    kb = K // 2 if fb == "e2m1" else K
    a, b = operand(fa, (M, ka), rng), operand(fb, (kb, N), rng)
    s_a = rng.integers(120, 134, (M, K // 32), dtype=np.uint8)
    s_b = rng.integers(120, 134, (N, K // 32), dtype=np.uint8)
    sig = "a_ptr=%s,sa_ptr=*u8,b_ptr=%s,sb_ptr=*u8,out_ptr=*fp32" % (STORE[fa], STORE[fb])
    d = {"M": M, "N": N, "K": K, "KA": ka, "KB": kb, "FA": repr(fa), "FB": repr(fb),
         "SCALE_A": sa, "SCALE_B": sb, "USE_ACC": acc}
    (out,) = run(K_SRC, "dot_scaled_kernel", sig, d, 1, [a, s_a, b, s_b, Out((M, N), np.float32)])
    va, vb = values(a, fa, 1), values(b, fb, 0)
    if sa:
        va = va * scales(s_a)
    if sb:
        vb = vb * scales(s_b).T
    ref = va.astype(np.float64) @ vb.astype(np.float64) + (0.5 if acc else 0.0)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5 * np.abs(ref).max())


def test_dot_scaled_m_packing():
    M, N, K = 16, 16, 32
    rng = np.random.default_rng(3)
    a = rng.integers(0, 256, (M // 2, K), dtype=np.uint8)
    b = rng.standard_normal((K, N)).astype(np.float32)
    b = (b.view(np.uint32) & 0xFFFF0000).view(np.float32)
    (out,) = run(K_SRC, "dot_scaled_mpack_kernel", "a_ptr=*u8,b_ptr=*fp32,out_ptr=*fp32",
                 {"M": M, "N": N, "K": K}, 1, [a, b, Out((M, N), np.float32)])
    ref = values(a, "e2m1", 0).astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)


def test_dot_scaled_nan_and_extreme_scales():
    M, N, K = 16, 16, 64
    a = np.full((M, K), 0x38, np.uint8)  # e4m3 1.0
    b = np.full((K, N), 0x38, np.uint8)
    s_a = np.full((M, K // 32), 127, np.uint8)
    s_a[0, 1] = 255  # NaN: row 0 of the result
    s_a[1] = [0, 200]  # 2 ** -127 (the subnormal e8m0 0) and 2 ** 73
    s_b = np.full((N, K // 32), 127, np.uint8)
    sig = "a_ptr=*u8,sa_ptr=*u8,b_ptr=*u8,sb_ptr=*u8,out_ptr=*fp32"
    d = {"M": M, "N": N, "K": K, "KA": K, "KB": K, "FA": "'e4m3'", "FB": "'e4m3'",
         "SCALE_A": True, "SCALE_B": True, "USE_ACC": False}
    (out,) = run(K_SRC, "dot_scaled_kernel", sig, d, 1, [a, s_a, b, s_b, Out((M, N), np.float32)])
    assert np.isnan(out[0]).all()
    np.testing.assert_array_equal(out[1], np.float32(32 * 2.0**-127 + 32 * 2.0**73))
    s_a[1] = [0, 0]
    (out,) = run(K_SRC, "dot_scaled_kernel", sig, d, 1, [a, s_a, b, s_b, Out((M, N), np.float32)])
    np.testing.assert_array_equal(out[1], np.float32(64 * 2.0**-127))
    np.testing.assert_array_equal(out[2:], np.float32(K))
