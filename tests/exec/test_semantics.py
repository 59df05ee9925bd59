"""Dedicated semantic kernels (tests/exec/kernels/*.py) run on the CPU target through kcc-run and
checked against numpy / plain-Python references: the language semantics of the reference
(/work/shared/reference/triton-language.md section 4) that real kernels depend on.

A kernel that fails to compile or gives a wrong result is a compiler bug: the test is marked
xfail(strict=True) with the bug in `reason`, never weakened."""
import math
import struct

import numpy as np
import pytest

from exec_harness import (KERNELS, Guard, GuardOut, InOut, Out, S, bf16_bits, bf16_to_f32, c_div,
                          c_mod, cdiv, f32, i32, i64, kcc_available, run, u32, u64, wrap)

pytestmark = pytest.mark.skipif(not kcc_available(), reason="kcc is not built (build/bin/kcc)")

ARITH = KERNELS / "arith.py"
MEMORY = KERNELS / "memory.py"
REDUCE = KERNELS / "reduce.py"
DOT = KERNELS / "dot.py"
CONTROL = KERNELS / "control.py"
ATOMICS = KERNELS / "atomics.py"
SHAPES = KERNELS / "shapes.py"
MISSING = KERNELS / "missing.py"
BLOCKPTR = KERNELS / "blockptr.py"



def rng(seed=0):
    return np.random.default_rng(seed)


def sig(**kw):
    return ",".join("%s=%s" % kv for kv in kw.items())


# ---- promotion -------------------------------------------------------------------------------

def test_promotion():
    args = [np.array([127, -1], np.int8), np.array([200, 0], np.uint8),
            np.array([-1, 16777217], np.int32), np.array([0, 1], np.uint32),
            np.array([-1, 2 ** 40 + 1], np.int64), np.array([1.0, 3.0], np.float16),
            bf16_bits(np.array([1.0, 2.0 ** -8], np.float32)), np.array([1.0, 0.0], np.float32),
            np.array([1e-10, 0.0]), Out(10, np.int64), Out(8, np.float32), Out(5, np.float64)]
    s = sig(i8_ptr="*i8", u8_ptr="*u8", i32_ptr="*i32", u32_ptr="*u32", i64_ptr="*i64",
            f16_ptr="*fp16", bf16_ptr="*bf16", f32_ptr="*fp32", f64_ptr="*fp64", oi_ptr="*i64",
            of_ptr="*fp32", od_ptr="*fp64")
    oi, of, od = run(ARITH, "promotion", s, {}, 1, args)
    exp_i = [-128, 32, 255, 1, -1, 2 ** 41 + 1, 0, -2, 1, 44]
    names_i = ["i8+1 wraps in i8", "u8<<2 stays u8", "i8+u8 is u8", "i32+u32 is u32 (lshr)",
               "i64+u32 is i64", "i64 mul wraps", "i32<u32 compares unsigned", "i8*2 wraps",
               "neg i8", "u8+100 wraps in u8"]
    f = np.float32
    exp_f = [1.0, f(1) / f(3), 1.001953125, 1.0, 2048.0, -0.5, np.fmod(f(3), f(0.7)),
             f(1) + f(f(1) * f(0.0001))]
    names_f = ["fp16*float stays fp16", "fp16/fp16 is fp32", "bf16+fp16 is fp16",
               "bf16+bf16 is bf16", "fp16+int stays fp16", "int/int is fp32",
               "fp16%float is fp32", "bf16+fp32 is fp32"]
    exp_d = [16777216.0, 2.0 ** 40, 8388608.0, 1.0000000001, float(f(1) / f(3))]
    names_d = ["i32/i32 is fp32 (not fp64)", "i64/i64 is fp32", "i32*float is fp32",
               "fp32+fp64 is fp64", "bf16/int is fp32"]
    bad = []
    for names, got, exp in ((names_i, oi, exp_i), (names_f, of, exp_f), (names_d, od, exp_d)):
        for n, g, e in zip(names, got, exp):
            if g != e:
                bad.append("%s: got %r, expected %r" % (n, g.item(), e))
    assert not bad, "\n".join(bad)


# ---- division --------------------------------------------------------------------------------

INT_TYPES = {"i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
             "u8": np.uint8, "u32": np.uint32, "u64": np.uint64}


def _div_inputs(dt):
    info = np.iinfo(dt)
    if info.min < 0:
        pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (-1, 5), (1, -5), (-6, 3),
                 (info.max, -1), (info.min + 1, -1), (info.min, 2), (info.min, info.max),
                 (info.max, info.min), (-100, 7), (100, -7), (5, 0), (-5, 0), (info.min, -1),
                 (0, 0)]
    else:
        pairs = [(7, 2), (0, 3), (info.max, 1), (info.max, 2), (info.max, info.max),
                 (1, info.max), (200 % (info.max + 1), 7), (5, 0), (0, 0)]
    a = np.array([p[0] for p in pairs], dt)
    b = np.array([p[1] for p in pairs], dt)
    return a, b


@pytest.mark.parametrize("t", sorted(INT_TYPES))
def test_divmod_c_semantics(t):
    """// and % truncate like C on tensors; division by zero and MIN // -1 in live lanes and
    masked lanes must not trap (their values are unspecified and not checked)."""
    dt = INT_TYPES[t]
    a, b = _div_inputs(dt)
    n = len(a)
    info = np.iinfo(dt)
    s = sig(a_ptr="*" + t, b_ptr="*" + t, q_ptr="*" + t, r_ptr="*" + t, n="i32")
    # masked: BLOCK 16, n lanes live, the tail loads b = 0
    q, r = run(ARITH, "divmod_tensor", s, {"BLOCK": 16}, cdiv(n, 16),
               [Guard(a), Guard(b), Out(n, dt), Out(n, dt), i32(n)])
    for k in range(n):
        x, y = int(a[k]), int(b[k])
        if y == 0 or (x == info.min and y == -1 and info.min < 0):
            continue
        assert int(q[k]) == c_div(x, y), "%s // %s: got %s" % (x, y, q[k])
        assert int(r[k]) == c_mod(x, y), "%s %% %s: got %s" % (x, y, r[k])


@pytest.mark.parametrize("t", ["i32", "i64", "u32"])
def test_divmod_unmasked_traps(t):
    dt = INT_TYPES[t]
    info = np.iinfo(dt)
    a = np.array([info.min, info.min, 5, 0, 7, info.max, 3, 9], dt)
    b = np.array([-1 if info.min < 0 else 0, 0, 0, 0, 2, 3, 1, 4], dt)
    s = sig(a_ptr="*" + t, b_ptr="*" + t, q_ptr="*" + t, r_ptr="*" + t)
    q, r = run(ARITH, "divmod_unmasked", s, {"BLOCK": 8}, 1, [a, b, Out(8, dt), Out(8, dt)])
    for k in range(4, 8):
        assert int(q[k]) == c_div(int(a[k]), int(b[k]))
        assert int(r[k]) == c_mod(int(a[k]), int(b[k]))


@pytest.mark.parametrize("dt,np_dt", [("*fp16", np.float16), ("*i8", np.int8), ("*fp32", np.float32)])
def test_constexpr_python_helpers(dt, np_dt):
    """@tl.constexpr / @triton.constexpr_function helpers run at compile time: dtype choice,
    a while loop, a for loop and a tuple with a string."""
    n = 100
    x = (np.arange(n) % 7 + 120).astype(np_dt)      # int8: 120..126, the sum needs int64
    (out,) = run(ARITH, "constexpr_helpers", sig(x_ptr=dt, out_ptr="*fp32", n="i32"),
                 {"N": n}, 1, [x, Out(3, np.float32), i32(n)])
    assert out[0] == float(x.astype(np.int64 if np_dt == np.int8 else np.float64).sum())
    assert out[1] == 128 and out[2] == 10


def test_fmod_and_truediv():
    a = np.array([7.5, -7.5, 7.5, -7.5, 1e10, -0.0, 5.0, 3.0], np.float32)
    b = np.array([2.0, 2.0, -2.0, -2.0, 3.0, 1.0, 0.5, 7.0], np.float32)
    r, t = run(ARITH, "fmod_tensor", sig(a_ptr="*fp32", b_ptr="*fp32", r_ptr="*fp32",
                                         t_ptr="*fp32"), {"BLOCK": 8}, 1,
               [a, b, Out(8, np.float32), Out(8, np.float32)])
    np.testing.assert_array_equal(r, np.fmod(a, b))
    np.testing.assert_array_equal(np.signbit(r), np.signbit(np.fmod(a, b)))
    np.testing.assert_allclose(t, a / b, rtol=1e-6)


@pytest.mark.parametrize("a,b", [(17, 5), (-17, 5), (17, -5), (5, 0), (-2 ** 31, -1), (0, 0)])
def test_divmod_scalar_and_constexpr_folding(a, b):
    out, fout = run(ARITH, "divmod_scalar",
                    sig(a="i32", b="i32", out_ptr="*i32", fout_ptr="*fp32"),
                    {"NEG": -7, "TWO": 2}, 1, [i32(a), i32(b), Out(14, np.int32),
                                               Out(3, np.float32)])
    if b != 0 and not (a == -2 ** 31 and b == -1):
        assert out[0] == c_div(a, b) and out[1] == c_mod(a, b), (out[0], out[1])
    # Python semantics for constexprs and literals
    py = [-7 // 2, -7 % 2, (-7) // 2, -7 % 3, 7 % -3, 2 ** 10 + (-7 // -2), (1 << 40) // (1 << 38),
          -7 * 3 // 4, -(7 // 2)]
    assert list(out[2:11]) == py, "constexpr folding: got %s, expected %s" % (list(out[2:11]), py)
    # C semantics once a runtime value takes part
    assert list(out[11:14]) == [-3, -1, -3], list(out[11:14])
    np.testing.assert_array_equal(fout, [3.5, -3.5, -3.5])


# ---- integer wraparound ----------------------------------------------------------------------

def test_int32_wraparound_pid_times_stride():
    n, BLOCK, grid, stride = 16, 4, 8, (1 << 30) + 1
    x = np.arange(100, 100 + n, dtype=np.float32)
    out, idx = run(ARITH, "wrap_index", sig(x_ptr="*fp32", out_ptr="*fp32", idx_ptr="*i32",
                                             n="i32", stride="i32"),
                   {"BLOCK": BLOCK}, grid, [Guard(x), Out(grid * BLOCK, np.float32),
                                            Out(grid * BLOCK, np.int32), i32(n), i32(stride)])
    exp_idx = wrap([p * stride + j for p in range(grid) for j in range(BLOCK)], np.int32)
    np.testing.assert_array_equal(idx, exp_idx)
    exp = np.where((exp_idx >= 0) & (exp_idx < n), x[np.clip(exp_idx, 0, n - 1)], -1)
    np.testing.assert_array_equal(out, exp)
    assert (out[16:20] == x[4:8]).all()  # pid 4 wrapped back into range


def test_int32_wraparound_inside_pointer_offset():
    n, B = 8, 16
    x = np.arange(n, dtype=np.float32) + 1
    (out,) = run(ARITH, "wrap_split_add", sig(x_ptr="*fp32", out_ptr="*fp32", a="i32", b="i32",
                                              n="i32"),
                 {"BLOCK": B}, 1, [Guard(x), Out(B, np.float32), i32(-2 ** 31), i32(-2 ** 31),
                                   i32(n)])
    np.testing.assert_array_equal(out, np.concatenate([x, np.full(B - n, -1, np.float32)]))


@pytest.mark.parametrize("t", ["i8", "i16", "i32", "i64", "u8", "u32", "u64"])
def test_wraparound_arith(t):
    dt = INT_TYPES[t]
    info = np.iinfo(dt)
    vals = [info.max, info.min, info.max - 1, 1, 0, -1 if info.min < 0 else 2, 77, info.max // 3]
    a = np.array(vals, dt)
    b = np.array([1, info.max if info.min == 0 else -1, 3, info.max, info.min, 2, 99, 5], dt)
    (out,) = run(ARITH, "wrap_arith", sig(a_ptr="*" + t, b_ptr="*" + t, out_ptr="*" + t),
                 {"BLOCK": 8}, 1, [a, b, Out(64, dt)])
    bits = info.bits
    A = [int(v) for v in a]
    B = [int(v) for v in b]
    mask = (1 << bits) - 1
    exp = []
    exp += [x + y for x, y in zip(A, B)]
    exp += [x - y for x, y in zip(A, B)]
    exp += [x * y for x, y in zip(A, B)]
    exp += [-x for x in A]
    exp += [x << 3 for x in A]
    exp += [x >> 3 if info.min < 0 else (x & mask) >> 3 for x in A]   # arithmetic / logical
    exp += [x ^ y for x, y in zip(A, B)]
    exp += [~x for x in A]
    np.testing.assert_array_equal(out, wrap(exp, dt))


def test_unsigned_ops():
    a = np.array([0xFFFFFFFF, 1, 0x80000000, 7, 0, 123456789, 0xDEADBEEF, 5], np.uint32)
    b = np.array([1, 0xFFFFFFFF, 0x7FFFFFFF, 7, 0, 987654321, 0xCAFEBABE, 2], np.uint32)
    out, fo = run(ARITH, "unsigned_ops", sig(a_ptr="*u32", b_ptr="*u32", out_ptr="*u32",
                                             f_ptr="*fp32"),
                  {"BLOCK": 8}, 1, [a, b, Out(64, np.uint32), Out(8, np.float32)])
    A, B = [int(v) for v in a], [int(v) for v in b]
    exp = [int(x > y) for x, y in zip(A, B)] + [int(x <= y) for x, y in zip(A, B)]
    exp += [x >> 28 for x in A] + [x // (y | 1) for x, y in zip(A, B)]
    exp += [x % (y | 1) for x, y in zip(A, B)] + [(x * y) >> 32 for x, y in zip(A, B)]
    exp += [max(x, y) for x, y in zip(A, B)] + [(x * y + 7) & 0xFFFFFFFF for x, y in zip(A, B)]
    np.testing.assert_array_equal(out, np.array(exp, np.uint64).astype(np.uint32))
    np.testing.assert_array_equal(fo, a.astype(np.float32))


def test_umulhi_tensor():
    a = np.array([0xFFFFFFFF, 1, 0x80000000, 0xDEADBEEF], np.uint32)
    b = np.array([0xFFFFFFFF, 0xFFFFFFFF, 4, 0xCAFEBABE], np.uint32)
    (out,) = run(ARITH, "umulhi_kernel", sig(a_ptr="*u32", b_ptr="*u32", out_ptr="*u32"),
                 {"BLOCK": 4}, 1, [a, b, Out(4, np.uint32)])
    np.testing.assert_array_equal(out, [(int(x) * int(y)) >> 32 for x, y in zip(a, b)])


def test_umulhi_scalar():
    (out,) = run(ARITH, "umulhi_scalar", sig(a="u32", b="u32", out_ptr="*u32"), {}, 1,
                 [u32(0xDEADBEEF), u32(0xCAFEBABE), Out(1, np.uint32)])
    assert out[0] == (0xDEADBEEF * 0xCAFEBABE) >> 32


def _philox_ref(c0, seed):
    M0, M1, KA, KB = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
    m = 0xFFFFFFFF
    c = [c0, 0, 0, 0]
    k0, k1 = seed & m, seed >> 32
    for _ in range(10):
        p0, p1 = M0 * c[0], M1 * c[2]
        c = [(p1 >> 32) ^ c[1] ^ k0, p1 & m, (p0 >> 32) ^ c[3] ^ k1, p0 & m]
        k0, k1 = (k0 + KA) & m, (k1 + KB) & m
    return c


def test_philox_by_hand():
    # the Random123 known answer: philox4x32_10(ctr=0, key=0) = 6627e8d5 e169c58d bc57ac4c 9b00dbd8
    assert _philox_ref(0, 0) == [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
    c0 = np.array([0, 1, 2, 3, 1000, 0xFFFFFFFF, 12345, 7], np.uint32)
    seed = 0x0123456789ABCDEF
    (out,) = run(ARITH, "philox_kernel", sig(c0_ptr="*u32", out_ptr="*u32", seed_lo="u32",
                                             seed_hi="u32"),
                 {"BLOCK": 8}, 1, [c0, Out(32, np.uint32), u32(seed & 0xFFFFFFFF),
                                   u32(seed >> 32)])
    exp = [w for v in c0 for w in _philox_ref(int(v), seed)]
    np.testing.assert_array_equal(out, np.array(exp, np.uint32))


def test_rand_randint():
    seed = 42
    out, iout = run(ARITH, "rand_kernel", sig(out_ptr="*fp32", iout_ptr="*u32", seed="i32"),
                    {"BLOCK": 8}, 1, [Out(8, np.float32), Out(8, np.uint32), i32(seed)])
    ref = np.array([_philox_ref(i, seed)[0] for i in range(8)], np.uint32)
    np.testing.assert_array_equal(iout, ref)
    x = ref.view(np.int32).astype(np.int64)
    x = np.where(x < 0, -x - 1, x)
    np.testing.assert_allclose(out, x * 4.6566127342e-10, rtol=1e-6)


def test_randint4x_known_answer():
    # Random123 philox4x32_10(ctr=0, key=0) = 6627e8d5 e169c58d bc57ac4c 9b00dbd8: the counter is
    # (offset, 0, 0, 0) and the key the seed's two 32-bit halves
    (out,) = run(ARITH, "randint4x_kernel", sig(out_ptr="*u32", seed="i64"), {"BLOCK": 4}, 1,
                 [Out(16, np.uint32), i64(0)])
    np.testing.assert_array_equal(out[:4], np.array([0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
                                                     0x9b00dbd8], np.uint32))
    exp = [w for v in range(4) for w in _philox_ref(v, 0)]
    np.testing.assert_array_equal(out, np.array(exp, np.uint32))


def test_philox_known_answer_full_counter():
    # Random123: ctr=(243f6a88 85a308d3 13198a2e 03707344), key=(a4093822 299f31d0)
    # (the reference is checked against that vector in test_philox_reference_matches_random123)
    seed = (0x299F31D0 << 32) | 0xA4093822
    (out,) = run(ARITH, "philox_builtin_kernel",
                 sig(out_ptr="*u32", seed="u64", c1="u32", c2="u32", c3="u32"), {"BLOCK": 1}, 1,
                 [Out(4, np.uint32), u64(seed), u32(0x85A308D3), u32(0x13198A2E),
                  u32(0x03707344)])
    # the kernel passes c0 = offs (0), so compare with the reference for that counter
    assert [int(v) for v in out] == _philox_full_ref((0, 0x85A308D3, 0x13198A2E, 0x03707344), seed)


def _philox_full_ref(ctr, seed):
    c0, c1, c2, c3 = ctr
    k0, k1 = seed & 0xFFFFFFFF, seed >> 32
    for _ in range(10):
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0, p1 & 0xFFFFFFFF, (p0 >> 32) ^ c3 ^ k1,
                          p0 & 0xFFFFFFFF)
        k0, k1 = (k0 + 0x9E3779B9) & 0xFFFFFFFF, (k1 + 0xBB67AE85) & 0xFFFFFFFF
    return [c0, c1, c2, c3]


def test_philox_reference_matches_random123():
    # the pure-Python reference itself against the published vector with the full counter
    assert _philox_full_ref((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
                            (0x299F31D0 << 32) | 0xA4093822) == [0xD16CFE09, 0x94FDCCEB,
                                                                 0x5001E420, 0x24126EA1]


def _philox64_ref(ctr, seed):
    m = (1 << 64) - 1
    c0, c1, c2, c3 = ctr
    k0, k1 = seed, 0
    for _ in range(10):
        p0, p1 = 0xD2E7470EE14C6C93 * c0, 0xCA5A826395121157 * c2
        c0, c1, c2, c3 = (p1 >> 64) ^ c1 ^ k0, p1 & m, (p0 >> 64) ^ c3 ^ k1, p0 & m
        k0, k1 = (k0 + 0x9E3779B97F4A7C15) & m, (k1 + 0xBB67AE8584CAA73B) & m
    return [c0, c1, c2, c3]


def test_philox64_reference_matches_random123():
    # Random123's known answer: philox4x64_10(ctr=0, key=0)
    assert _philox64_ref((0, 0, 0, 0), 0) == [0x16554D9ECA36314C, 0xDB20FE9D672D0FDC,
                                              0xD7E772CEE186176B, 0x7E68B68AEC7BA23B]


def test_philox_64bit_counters():
    """uint64 counters select Philox 4x64 (the seed is the first key word, as Triton)."""
    r = rng(11)
    ctr = r.integers(0, 2**64, (4, 4), dtype=np.uint64, endpoint=False)
    ctr[0] = 0
    ctr[1] = [2**64 - 1, 1, 2**63, 12345]
    seed = 0x0000000FCAFEB0BA
    (out,) = run(ARITH, "philox64_kernel", sig(c_ptr="*u64", out_ptr="*u64", seed="u64"),
                 {"BLOCK": 4}, 1, [ctr, Out(16, np.uint64), u64(seed)])
    exp = [w for row in ctr for w in _philox64_ref([int(v) for v in row], seed)]
    assert [int(v) for v in out] == exp


@pytest.mark.parametrize("base", [0, 2**32 - 2, 5 * 2**32 + 7, 2**63 - 8])
def test_randint_int64_offsets(base):
    """int64 offsets put their high 32 bits in the second counter word; rand follows randint."""
    seed = 0xFFFFFFFF
    B = 8
    (out,) = run(ARITH, "randint64_kernel", sig(out_ptr="*u32", seed="i64", base="i64"),
                 {"BLOCK": B}, 1, [Out(5 * B, np.uint32), i64(seed), i64(base)])
    exp = [_philox_full_ref(((base + i) & 0xFFFFFFFF, (base + i) >> 32, 0, 0), seed)
           for i in range(B)]
    np.testing.assert_array_equal(out[:4 * B], np.array(exp, np.uint32).ravel())
    x = np.array([e[0] for e in exp], np.uint32).view(np.int32).astype(np.int64)
    x = np.where(x < 0, -x - 1, x)
    np.testing.assert_allclose(out[4 * B:].view(np.float32), x * 4.6566127342e-10, rtol=1e-6)


def test_randn_moments():
    n, BLOCK = 1 << 14, 1024
    (out,) = run(ARITH, "randn_kernel", sig(out_ptr="*fp32", seed="i32"), {"BLOCK": BLOCK},
                 n // BLOCK, [Out(n, np.float32), i32(1234)])
    assert np.isfinite(out).all()
    assert abs(out.mean()) < 0.05 and abs(out.std() - 1) < 0.05


# ---- memory: guard pages, other, where, pointers ------------------------------------------------

GUARD_TYPES = [("fp32", np.float32, "-1.5"), ("fp16", np.float16, "-2.0"), ("i8", np.int8, "-3"),
               ("i64", np.int64, "-4"), ("bf16", np.uint16, "-1.0"), ("u8", np.uint8, "9"),
               ("i1", np.int8, "True")]


@pytest.mark.parametrize("t,dt,other", GUARD_TYPES, ids=[g[0] for g in GUARD_TYPES])
@pytest.mark.parametrize("has_other", [True, False], ids=["other", "no_other"])
def test_masked_load_at_guard_page(t, dt, other, has_other):
    n, BLOCK = 1000, 256                  # the last block reads 24 lanes past the end
    grid = cdiv(n, BLOCK)
    if t == "bf16":
        x = bf16_bits(rng().standard_normal(n).astype(np.float32))
    elif t == "i1":
        x = (rng().random(n) > 0.5).astype(np.int8)
    elif np.dtype(dt).kind == "f":
        x = rng().standard_normal(n).astype(dt)
    else:
        x = rng().integers(0, 100, n).astype(dt)
    (out,) = run(MEMORY, "masked_copy", sig(x_ptr="*" + t, out_ptr="*" + t, n="i32"),
                 {"HAS_OTHER": has_other, "OTHER": other, "BLOCK": BLOCK}, grid,
                 [Guard(x), Out(grid * BLOCK, dt), i32(n)])
    np.testing.assert_array_equal(out[:n], x)
    if not has_other:
        fill = 0
    elif t == "bf16":
        fill = bf16_bits(np.array([float(other)], np.float32))[0]
    elif t == "i1":
        fill = 1
    else:
        fill = np.array(float(other)).astype(dt)
    np.testing.assert_array_equal(out[n:], np.full(grid * BLOCK - n, fill, dt))


def test_masked_load_sparse_mask_at_guard():
    n, BLOCK = 999, 128
    grid = cdiv(n, BLOCK)
    x = np.arange(n, dtype=np.int32) + 1
    (out,) = run(MEMORY, "masked_copy_sparse", sig(x_ptr="*i32", out_ptr="*i32", n="i32"),
                 {"BLOCK": BLOCK}, grid, [Guard(x), Out(grid * BLOCK, np.int32), i32(n)])
    offs = np.arange(grid * BLOCK)
    exp = np.where((offs < n) & (offs % 2 == 0), np.concatenate([x, np.zeros(grid * BLOCK - n,
                                                                               np.int32)]), 7)
    np.testing.assert_array_equal(out, exp)


@pytest.mark.parametrize("t,dt", [("fp32", np.float32), ("fp16", np.float16), ("i8", np.int8)])
def test_masked_store_at_guard_page(t, dt):
    n, BLOCK = 777, 128
    grid = cdiv(n, BLOCK)
    x = np.arange(grid * BLOCK).astype(dt)
    (out,) = run(MEMORY, "masked_store_guard", sig(x_ptr="*" + t, out_ptr="*" + t, n="i32"),
                 {"BLOCK": BLOCK}, grid, [x, GuardOut(n, dt), i32(n)])
    np.testing.assert_array_equal(out, (x[:n] * 2).astype(dt))


def test_masked_2d_tile_at_guard_page():
    M, N, BM, BN = 13, 21, 8, 32
    x = rng().standard_normal((M, N)).astype(np.float32)
    grid = cdiv(M, BM)
    (out,) = run(MEMORY, "masked_tile_guard", sig(x_ptr="*fp32", out_ptr="*fp32", M="i32",
                                                  N="i32"),
                 {"BLOCK_M": BM, "BLOCK_N": BN}, grid,
                 [Guard(x), Out((grid * BM, BN), np.float32), i32(M), i32(N)])
    exp = np.full((grid * BM, BN), -1.0, np.float32)
    exp[:M, :N] = x
    np.testing.assert_array_equal(out, exp)


def test_masked_scalar_and_volatile_load_at_guard_page():
    x = np.array([1.0, 2.0, 3.0], np.float32)
    (out,) = run(MEMORY, "masked_scalar_guard", sig(x_ptr="*fp32", out_ptr="*fp32", n="i32"), {},
                 1, [Guard(x), Out(3, np.float32), i32(3)])
    np.testing.assert_array_equal(out, [3.0, -5.0, 3.0])


@pytest.mark.parametrize("N,start", [(100, 0), (96, 0), (100, -40), (7, 3), (2**31 - 20, 2**31 - 100)])
def test_rem_offsets_wrap(N, start):
    """`(start + pid*B + arange) % N` reads as the unreduced offsets only where a program's range
    is inside [0, N): wrapping, negative (C remainder) and int32-overflowing ranges stay exact."""
    B, grid = 32, 5
    M = min(N, 1000)
    x = np.arange(M, dtype=np.int32) * 3 + 1
    out, offs = run(MEMORY, "rem_offsets", sig(x_ptr="*i32", out_ptr="*i32", offs_ptr="*i32",
                                              N="i32", start="i32", M="i32"),
                    {"BLOCK": B}, grid, [Guard(x), Out(grid * B, np.int32),
                                         Out(grid * B, np.int32), i32(N), i32(start), i32(M)])
    raw = [int(wrap(start + p * B + j, np.int32)) for p in range(grid) for j in range(B)]
    exp = [c_mod(r, N) for r in raw]
    np.testing.assert_array_equal(offs, exp)
    np.testing.assert_array_equal(out, [2 * int(x[o]) if 0 <= o < M else -2 for o in exp])


@pytest.mark.parametrize("stride,start", [(1000, 0), (2**30 - 3, 0), (2**28, 5), (-(2**28), 5),
                                          (1 << 16, 32760), (1, 2**31 - 40), (3, 715827870)])
def test_int32_wraparound_of_split_addresses(stride, start):
    """`p + rows*stride + cols` with int32 rows/stride/cols: the address is p + the wrapped int32
    sum, also where the backend splits it into separate 64-bit steps (checked ranges)."""
    BM, BN, grid = 8, 16, 4
    out, = run(MEMORY, "wrap_addr", sig(p="*fp32", out_ptr="*i64", stride="i32", start="i32"),
               {"BM": BM, "BN": BN}, grid,
               [np.zeros(4, np.float32), Out(grid * (BM * BN + 1), np.int64), i32(stride),
                i32(start)])
    out = out.reshape(grid, BM * BN + 1)
    for pid in range(grid):
        base = int(out[pid, -1])
        exp = [base + 4 * int(wrap(int(wrap((start + pid * BM + r) * stride, np.int32)) + c,
                                   np.int32))
               for r in range(BM) for c in range(BN)]
        np.testing.assert_array_equal(out[pid, :-1], exp, err_msg="program %d" % pid)


def test_where_int_condition_and_pointers():
    B = 8
    c = np.array([0, 1, -5, 2, 0, 0, 7, -1], np.int32)
    x = np.arange(B, dtype=np.float32) + 10
    y = -np.arange(B, dtype=np.float32)
    for flag in (0, 3):
        out, pout = run(MEMORY, "where_kernel",
                        sig(c_ptr="*i32", x_ptr="*fp32", y_ptr="*fp32", out_ptr="*fp32",
                            pout_ptr="*fp32", flag="i32"),
                        {"BLOCK": B}, 1, [c, x, y, Out(3 * B, np.float32), Out(B, np.float32),
                                          i32(flag)])
        np.testing.assert_array_equal(out[:B], np.where(c != 0, x, y))
        np.testing.assert_array_equal(out[B:2 * B], np.where(c > 0, x, 0.5))
        np.testing.assert_array_equal(out[2 * B:], x if flag else y)
        np.testing.assert_array_equal(pout, np.where(c != 0, x, y))


def test_int64_pointer_offsets():
    B = 16
    x = np.arange(64, dtype=np.float32)
    (out,) = run(MEMORY, "int64_offsets", sig(x_ptr="*fp32", out_ptr="*fp32"),
                 {"BIG": 1 << 33, "BLOCK": B}, 1, [x, Out(2 * B, np.float32)])
    np.testing.assert_array_equal(out[:B], x[:B])
    np.testing.assert_array_equal(out[B:], x[:B])


def test_unsigned_offsets_zero_extend():
    B = 8
    x = np.arange(B, dtype=np.float32) * 3
    (out,) = run(MEMORY, "unsigned_offsets", sig(x_ptr="*fp32", out_ptr="*fp32", back="i64"),
                 {"BLOCK": B}, 1, [Guard(x), Out(B, np.float32), i64(0xFFFFFFFF)])
    np.testing.assert_array_equal(out, x)


def test_int_pointer_casts():
    B = 8
    x = rng().standard_normal(2 * 4 * B).astype(np.float32)
    (out,) = run(MEMORY, "ptr_int_casts", sig(x_ptr="*fp32", out_ptr="*fp32"), {"BLOCK": B}, 1,
                 [x, Out(2 * B, np.float32)])
    np.testing.assert_array_equal(out[:B], x[:B] + x[B:2 * B])
    np.testing.assert_array_equal(out[B:], x[:B] * 2)


def test_casts():
    B = 8
    f = np.array([1.9, -1.9, 2.5, -2.5, 65504.0, 1e-8, 0.1, -300.7], np.float32)
    i = np.array([300, -1, 255, 128, 0, -129, 70000, 2 ** 31 - 1], np.int32)
    oi, of, oh, ob, ou8 = run(MEMORY, "casts",
                              sig(f_ptr="*fp32", i_ptr="*i32", oi_ptr="*i32", of_ptr="*fp32",
                                  oh_ptr="*fp16", ob_ptr="*bf16", ou8_ptr="*u8"),
                              {"BLOCK": B}, 1, [f, i, Out(7 * B, np.int32), Out(4 * B, np.float32),
                                                Out(B, np.float16), Out(2 * B, np.uint16),
                                                Out(B, np.uint8)])
    oi = oi.reshape(7, B)
    np.testing.assert_array_equal(oi[0], np.trunc(f).astype(np.int32))
    np.testing.assert_array_equal(oi[1], i.astype(np.int8).astype(np.int32))
    np.testing.assert_array_equal(oi[2], i.astype(np.uint8).astype(np.int32))
    np.testing.assert_array_equal(oi[3], i.astype(np.int16).astype(np.int32))
    np.testing.assert_array_equal(oi[4], (i != 0) * 11)
    np.testing.assert_array_equal(oi[5], (f != 0).astype(np.int32))
    np.testing.assert_array_equal(oi[6], i)
    of = of.reshape(4, B)
    np.testing.assert_array_equal(of[0], i.astype(np.float32))
    np.testing.assert_array_equal(of[1], i.astype(np.uint32).astype(np.float32))
    np.testing.assert_array_equal(of[2], i.astype(np.int8).astype(np.float32))
    h = f.astype(np.float16)                     # numpy rounds to nearest even
    np.testing.assert_array_equal(oh, h)
    np.testing.assert_array_equal(ob[:B], bf16_bits(f))
    np.testing.assert_array_equal(of[3], h.astype(np.float32) + bf16_to_f32(bf16_bits(f)))
    np.testing.assert_array_equal(ob[B:], bf16_bits(h.astype(np.float32)))
    np.testing.assert_array_equal(ou8, (i & 0xFF).astype(np.uint8))


def test_fp16_bf16_io():
    B = 16
    h = (rng().standard_normal(B) * 10).astype(np.float16)
    bf = bf16_bits(rng(1).standard_normal(B).astype(np.float32))
    oh, ob, of = run(MEMORY, "half_io", sig(h_ptr="*fp16", b_ptr="*bf16", oh_ptr="*fp16",
                                            ob_ptr="*bf16", of_ptr="*fp32"),
                     {"BLOCK": B}, 1, [h, bf, Out(B, np.float16), Out(B, np.uint16),
                                       Out(2 * B, np.float32)])
    np.testing.assert_array_equal(oh, (h * np.float16(2) + np.float16(1)).astype(np.float16))
    np.testing.assert_array_equal(ob, bf16_bits(bf16_to_f32(bf) * np.float32(3)))
    np.testing.assert_array_equal(of[:B], h.astype(np.float32) * bf16_to_f32(bf))
    np.testing.assert_allclose(of[B:], h.astype(np.float64).sum(), rtol=1e-6)


def test_bitcasts():
    B = 8
    f = np.array([1.0, -1.0, 0.0, -0.0, np.inf, 3.5, -2.25, 1e-40], np.float32)
    h = np.array([1.0, -2.0, 0.5, 65504, -0.0, 1e-7, 3, 4], np.float16)
    u = np.array([0x3F800000, 0xBF800000, 0x7F800000, 0, 1, 0x40490FDB, 0x80000000, 0x42280000],
                 np.uint32)
    oi, os_, of = run(MEMORY, "bitcasts", sig(f_ptr="*fp32", h_ptr="*fp16", u_ptr="*u32",
                                              oi_ptr="*i32", os_ptr="*i16", of_ptr="*fp32"),
                      {"BLOCK": B}, 1, [f, h, u, Out(2 * B, np.int32), Out(B, np.int16),
                                        Out(B, np.float32)])
    np.testing.assert_array_equal(oi[:B], f.view(np.int32))
    np.testing.assert_array_equal(os_, h.view(np.int16))
    np.testing.assert_array_equal(of.view(np.uint32), u)
    bits = f.view(np.uint32)
    key = np.where((bits >> 31) != 0, ~bits, bits | 0x80000000).astype(np.uint32)
    np.testing.assert_array_equal(oi[B:], key.view(np.int32))


# ---- reductions and scans --------------------------------------------------------------------

def test_sum_widening_and_max_fp16():
    B = 64
    c = np.full(B, 100, np.int8)
    c[0] = -28
    u = np.full(B, 200, np.uint8)
    h = np.linspace(-1, 1, B).astype(np.float16)
    out, fout = run(REDUCE, "sum_widening", sig(i8_ptr="*i8", u8_ptr="*u8", h_ptr="*fp16",
                                                out_ptr="*i32", fout_ptr="*fp32"),
                    {"BLOCK": B}, 1, [c, u, h, Out(6, np.int32), Out(2, np.float32)])
    C = [int(v) for v in c]
    exp = [sum(C), 200 * B, sum(v > 0 for v in C), int(wrap(sum(C), np.int8)), 100, sum(C)]
    assert list(out) == exp, "got %s, expected %s" % (list(out), exp)
    assert fout[0] == np.float32(1.0) + np.float32(0.0001), "tl.max(fp16) must be fp32: %r" % fout[0]
    np.testing.assert_allclose(fout[1], h.astype(np.float64).sum(), atol=1e-5)


def test_reduce_2d_axes():
    R, C = 8, 16
    x = rng().standard_normal((R, C)).astype(np.float32)
    rows, cols, al = run(REDUCE, "reduce_2d", sig(x_ptr="*fp32", rows_ptr="*fp32",
                                                  cols_ptr="*fp32", all_ptr="*fp32"),
                         {"R": R, "C": C}, 1, [x, Out(3 * R, np.float32), Out(2 * C, np.float32),
                                               Out(3, np.float32)])
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(rows[:R], x64.sum(1), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(rows[R:2 * R], x.max(1))
    np.testing.assert_array_equal(rows[2 * R:], x.min(1))
    np.testing.assert_allclose(cols[:C], x64.sum(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(al[0], x64.sum(), rtol=1e-5, atol=1e-5)
    assert al[1] == x.max() and al[2] == R



@pytest.mark.parametrize("R,C", [(4, 16), (8, 64)])
def test_reductions_filling_materialized_tiles(R, C):
    x = rng(11).standard_normal((R, C)).astype(np.float32)
    out, v = run(REDUCE, "fused_fill", sig(x_ptr="*fp32", out_ptr="*fp32", v_ptr="*fp32"),
                 {"R": R, "C": C}, 1, [x, Out(2 * R * C, np.float32), Out(5 * R, np.float32)])
    x64 = x.astype(np.float64)
    e = np.exp(x64)
    np.testing.assert_allclose(out[:R * C].reshape(R, C), e / e.sum(0), rtol=2e-5)
    np.testing.assert_allclose(out[R * C:].reshape(R, C), 2 * np.exp(x64 * 0.5), rtol=2e-5)
    v = v.reshape(5, R)
    np.testing.assert_allclose(v[0], e.sum(1), rtol=2e-5)
    np.testing.assert_allclose(v[1], e.max(1), rtol=2e-5)
    np.testing.assert_array_equal(v[2], e.argmax(1))
    f = np.exp(x64.sum(1) * 0.01)
    np.testing.assert_allclose(v[3], (f[:, None] * x64).sum(1) + f, rtol=2e-5, atol=1e-5)
    np.testing.assert_allclose(v[4], np.exp(x64 * 0.5).sum(1), rtol=2e-5)


@pytest.mark.parametrize("R,C", [(8, 16), (16, 32)])
def test_max_min_along_axis0(R, C):
    x = rng(1).integers(-1000, 1000, (R, C)).astype(np.float32)
    rows, cols, al = run(REDUCE, "reduce_2d", sig(x_ptr="*fp32", rows_ptr="*fp32",
                                                  cols_ptr="*fp32", all_ptr="*fp32"),
                         {"R": R, "C": C}, 1, [x, Out(3 * R, np.float32), Out(2 * C, np.float32),
                                               Out(3, np.float32)])
    np.testing.assert_array_equal(cols[C:], x.max(0))


def test_max_min_nan_is_maxnum():
    B = 8
    nan = np.nan
    x = np.array([nan, 1.0, nan, -3.0, 2.0, nan, 0.5, -1.0], np.float32)
    y = np.array([5.0, nan, nan, 4.0, -2.0, -7.0, 0.25, nan], np.float32)
    out, red = run(REDUCE, "nan_minmax", sig(x_ptr="*fp32", y_ptr="*fp32", out_ptr="*fp32",
                                             red_ptr="*fp32"),
                   {"BLOCK": B}, 1, [x, y, Out(4 * B, np.float32), Out(2, np.float32)])
    np.testing.assert_array_equal(out[:B], np.fmax(x, y))
    np.testing.assert_array_equal(out[B:2 * B], np.fmin(x, y))
    assert red[0] == 2.0 and red[1] == -3.0, "tl.max/min must drop NaN: %s" % red
    np.testing.assert_array_equal(out[2 * B:3 * B], np.isnan(x))
    np.testing.assert_array_equal(out[3 * B:], (x == x) + (x < y) * 2.0)


def test_scans():
    B = 16
    x = (rng().integers(1, 5, B) / 2).astype(np.float32)
    i = rng(1).integers(-5, 6, B).astype(np.int32)
    c = np.full(B, 100, np.int8)
    fo, io = run(REDUCE, "scans", sig(x_ptr="*fp32", i_ptr="*i32", c8_ptr="*i8", fout_ptr="*fp32",
                                      iout_ptr="*i32"),
                 {"BLOCK": B}, 1, [x, i, c, Out(3 * B, np.float32), Out(3 * B, np.int32)])
    x64 = x.astype(np.float64)
    np.testing.assert_array_equal(fo[:B], np.cumsum(x64))
    np.testing.assert_array_equal(fo[B:2 * B], np.cumsum(x64[::-1])[::-1])
    np.testing.assert_allclose(fo[2 * B:], np.cumprod(x64), rtol=1e-6)
    np.testing.assert_array_equal(io[:B], np.cumsum(i))
    np.testing.assert_array_equal(io[B:2 * B], np.cumsum(c.astype(np.int32)))
    np.testing.assert_array_equal(io[2 * B:], np.cumsum(i > 0))


def test_scan_2d():
    R, C = 4, 8
    x = rng().integers(-9, 10, (R, C)).astype(np.float32)
    (out,) = run(REDUCE, "scan_2d", sig(x_ptr="*fp32", out_ptr="*fp32"), {"R": R, "C": C}, 1,
                 [x, Out(2 * R * C, np.float32)])
    np.testing.assert_array_equal(out[:R * C].reshape(R, C), np.cumsum(x, 1))
    np.testing.assert_array_equal(out[R * C:].reshape(R, C), np.cumsum(x, 0))


def test_tie_break_right():
    x = np.array([1, 5, 0, 5, 2, 0, 3, 5], np.float32)
    (out,) = run(REDUCE, "tie_break_right", sig(x_ptr="*fp32", o_ptr="*i32"), {"BLOCK": 8}, 1,
                 [x, Out(5, np.int32)])
    # first/last index of the max (1, 7) and of the min (2, 5)
    np.testing.assert_array_equal(out, [1, 7, 2, 5, 7])


def test_argmax_tie_break():
    R, C = 4, 16
    x = rng().standard_normal((R, C)).astype(np.float32)
    x[0, [3, 9, 12]] = 5.0          # ties for the max: 3
    x[1, :] = 1.0                   # all equal: 0
    x[2, [0, 15]] = -9.0            # ties for the min: 0
    x[3, [15, 7]] = 8.0
    xi = rng(1).integers(-3, 3, (R, C)).astype(np.int32)
    out, vout = run(REDUCE, "argminmax", sig(x_ptr="*fp32", i_ptr="*i32", out_ptr="*i32",
                                             vout_ptr="*fp32"),
                    {"R": R, "C": C}, 1, [x, xi, Out(6 * R, np.int32), Out(2 * R, np.float32)])
    out = out.reshape(6, R)
    np.testing.assert_array_equal(out[0], np.argmax(x, 1))      # numpy: first occurrence
    np.testing.assert_array_equal(out[1], np.argmin(x, 1))
    np.testing.assert_array_equal(out[2], np.argmax(x, 1))
    np.testing.assert_array_equal(out[3], np.argmin(x, 1))
    np.testing.assert_array_equal(out[4], np.argmax(xi, 1))
    np.testing.assert_array_equal(out[5], np.argmin(xi, 1))
    np.testing.assert_array_equal(vout, np.concatenate([x.max(1), x.min(1)]))


def test_reduce_custom_combine():
    B = 32
    x = rng().standard_normal(B).astype(np.float32)
    x[[4, 20]] = x.max() + 1        # a tie for the argmax-style combine: 4
    out, iout = run(REDUCE, "user_reduce", sig(x_ptr="*fp32", out_ptr="*fp32", iout_ptr="*i32"),
                    {"BLOCK": B}, 1, [x, Out(6, np.float32), Out(1, np.int32)])
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(out[0], x64.sum(), rtol=1e-5, atol=1e-5)
    assert out[1] == np.abs(x).max()
    assert out[2] == x.max() and iout[0] == 4, (out[2], iout[0])
    np.testing.assert_allclose(out[3], x64.mean(), rtol=1e-5, atol=1e-6)   # Welford mean
    np.testing.assert_allclose(out[4], x64.var(), rtol=1e-5)               # Welford M2 / n
    assert out[5] == B


def test_associative_scan():
    B = 16
    x = rng().integers(-5, 9, B).astype(np.float32)
    x[[6, 10]] = 20.0
    i = rng(1).choice([-1, 1, 2], B).astype(np.int32)
    out, iout = run(REDUCE, "user_scan", sig(x_ptr="*fp32", i_ptr="*i32", out_ptr="*fp32",
                                             iout_ptr="*i32"),
                    {"BLOCK": B}, 1, [x, i, Out(3 * B, np.float32), Out(2 * B, np.int32)])
    np.testing.assert_array_equal(out[:B], np.cumsum(x))
    np.testing.assert_array_equal(out[B:2 * B], np.cumsum(x[::-1])[::-1])
    np.testing.assert_array_equal(out[2 * B:], np.maximum.accumulate(x))
    last = [max(j for j in range(k + 1) if x[j] == x[:k + 1].max()) for k in range(B)]
    np.testing.assert_array_equal(iout[:B], last)
    np.testing.assert_array_equal(iout[B:], np.cumprod(i))


# ---- dot -------------------------------------------------------------------------------------

DOT_SIG = "a_ptr=*{a},b_ptr=*{a},c_ptr=*{c},out_ptr=*{c}"
DOT_CASES = [  # (a type, numpy a, acc type, M, N, K, use_acc, trans_b)
    ("fp16", np.float16, "fp32", 16, 32, 64, False, False),
    ("fp16", np.float16, "fp32", 32, 16, 16, True, False),
    ("fp16", np.float16, "fp32", 16, 16, 32, True, True),
    ("bf16", np.uint16, "fp32", 16, 16, 16, True, False),
    ("i8", np.int8, "i32", 16, 32, 32, True, False),
    ("fp32", np.float32, "fp32", 8, 16, 8, True, True),
    ("fp16", np.float16, "fp32", 1, 16, 16, False, False),
    # the mma path (KCC_OPENCL_MMA=emulate, nvidia sm_80+): 16 tiles of 16x8 (several rounds of
    # warps), and a single tile that idle warps compute again without storing it
    ("bf16", np.uint16, "fp32", 64, 32, 32, True, False),
    ("fp16", np.float16, "fp32", 16, 8, 32, True, True),
]


@pytest.mark.parametrize("case", DOT_CASES, ids=["%s-%dx%dx%d%s%s" % (c[0], c[3], c[4], c[5],
                                                                     "-acc" if c[6] else "",
                                                                     "-transb" if c[7] else "")
                                                 for c in DOT_CASES])
def test_dot(case):
    ta, dta, tc, M, N, K, use_acc, trans_b = case
    g = rng(M * N + K)
    if ta == "bf16":
        a32 = g.standard_normal((M, K)).astype(np.float32)
        b32 = g.standard_normal((K, N)).astype(np.float32)
        a, b = bf16_bits(a32), bf16_bits(b32)
        A, Bm = bf16_to_f32(a).astype(np.float64), bf16_to_f32(b).astype(np.float64)
    elif ta == "i8":
        a = g.integers(-128, 128, (M, K)).astype(np.int8)
        b = g.integers(-128, 128, (K, N)).astype(np.int8)
        A, Bm = a.astype(np.int64), b.astype(np.int64)
    else:
        a = g.standard_normal((M, K)).astype(dta)
        b = g.standard_normal((K, N)).astype(dta)
        A, Bm = a.astype(np.float64), b.astype(np.float64)
    cdt = np.int32 if tc == "i32" else np.float32
    c = (g.integers(-1000, 1000, (M, N)) if tc == "i32" else g.standard_normal((M, N))).astype(cdt)
    bbuf = np.ascontiguousarray(b.T) if trans_b else b
    (out,) = run(DOT, "dot_kernel", DOT_SIG.format(a=ta, c=tc),
                 {"M": M, "N": N, "K": K, "USE_ACC": use_acc, "TRANS_B": trans_b}, 1,
                 [a, bbuf, c, Out((M, N), cdt)])
    ref = A @ Bm + (c if use_acc else 0)
    if tc == "i32":
        np.testing.assert_array_equal(out, ref.astype(np.int64).astype(np.int32))
    else:
        np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("t,B,M,N,K,use_acc", [("fp32", 2, 16, 16, 16, False),
                                                ("fp16", 4, 16, 16, 16, True),
                                                ("i8", 2, 16, 16, 32, True),
                                                ("fp32", 1, 32, 16, 8, True)])
def test_dot3d(t, B, M, N, K, use_acc):
    """A batched tl.dot: one product per batch, with and without an accumulator."""
    g = rng(B + M)
    if t == "i8":
        a = g.integers(-128, 128, (B, M, K)).astype(np.int8)
        b = g.integers(-128, 128, (B, K, N)).astype(np.int8)
        c = g.integers(-1000, 1000, (B, M, N)).astype(np.int32)
    else:
        a = g.standard_normal((B, M, K)).astype(np.float16 if t == "fp16" else np.float32)
        b = g.standard_normal((B, K, N)).astype(a.dtype)
        c = g.standard_normal((B, M, N)).astype(np.float32)
    tc = "i32" if t == "i8" else "fp32"
    (out,) = run(DOT, "dot3d_kernel", sig(a_ptr="*" + t, b_ptr="*" + t, c_ptr="*" + tc,
                                          out_ptr="*" + tc),
                 {"B": B, "M": M, "N": N, "K": K, "USE_ACC": use_acc}, 1,
                 [a, b, c, Out((B, M, N), c.dtype)])
    wide = np.int64 if t == "i8" else np.float64
    ref = np.matmul(a.astype(wide), b.astype(wide)) + (c if use_acc else 0)
    if t == "i8":
        np.testing.assert_array_equal(out, ref.astype(np.int32))
    else:
        np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-4)


def test_dot_k_loop_masked():
    M, N, K, BK = 16, 16, 70, 32
    a = rng().standard_normal((M, K)).astype(np.float16)
    b = rng(1).standard_normal((K, N)).astype(np.float16)
    (out,) = run(DOT, "dot_loop", sig(a_ptr="*fp16", b_ptr="*fp16", out_ptr="*fp32", K="i32"),
                 {"M": M, "N": N, "BK": BK}, 1, [Guard(a), Guard(b), Out((M, N), np.float32),
                                                 i32(K)])
    np.testing.assert_allclose(out, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-4,
                               atol=1e-4)


def test_dot_fp32_ieee():
    M, N, K = 16, 16, 32
    a = rng().standard_normal((M, K)).astype(np.float32)
    b = rng(1).standard_normal((K, N)).astype(np.float32)
    (out,) = run(DOT, "dot_fp32_ieee", sig(a_ptr="*fp32", b_ptr="*fp32", out_ptr="*fp32"),
                 {"M": M, "N": N, "K": K}, 1, [a, b, Out((2, M, N), np.float32)])
    ref = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(out[0], ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out[1], ref, rtol=1e-5, atol=1e-5)


def test_dot_out_fp16():
    M, N, K = 16, 16, 16
    a = rng().standard_normal((M, K)).astype(np.float16)
    b = rng(1).standard_normal((K, N)).astype(np.float16)
    (out,) = run(DOT, "dot_out_fp16", sig(a_ptr="*fp16", b_ptr="*fp16", out_ptr="*fp16"),
                 {"M": M, "N": N, "K": K}, 1, [a, b, Out((M, N), np.float16)])
    np.testing.assert_allclose(out.astype(np.float64), a.astype(np.float64) @ b.astype(np.float64),
                               rtol=1e-2, atol=1e-2)


# ---- control flow ----------------------------------------------------------------------------

def test_static_range_unrolling():
    B = 8
    x = rng().standard_normal(B).astype(np.float32)
    (out,) = run(CONTROL, "unrolled", sig(x_ptr="*fp32", out_ptr="*fp32"), {"BLOCK": B}, 1,
                 [x, Out(B + 4, np.float32)])
    f = np.float32
    acc = ((x * f(3.0) + f(1.0)) + x * f(0.5)) - f(2.0)
    np.testing.assert_allclose(out[:B], acc, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(out[B + 1], x[:2].sum(), rtol=1e-6)
    np.testing.assert_allclose(out[B + 2], x[:4].sum(), rtol=1e-6)
    assert out[B + 3] == 642.0


def test_while_loop_tensor_carried():
    B, limit = 8, 5000.0
    x = np.arange(B, dtype=np.float32)
    out, iters = run(CONTROL, "while_tensor", sig(x_ptr="*fp32", out_ptr="*fp32",
                                                  iters_ptr="*i32", limit="fp32"),
                     {"BLOCK": B}, 1, [x, Out(B, np.float32), Out(1, np.int32), f32(limit)])
    acc, i = x.astype(np.float64), 0
    while acc.sum() < limit and i < 100:
        acc, i = acc * 2 + 1, i + 1
    np.testing.assert_array_equal(out, acc)
    assert iters[0] == i


@pytest.mark.parametrize("flag", [0, 2])
def test_runtime_if_else_merge(flag):
    B, grid = 8, 4
    x = rng().standard_normal(grid * B).astype(np.float32)
    x[B:2 * B] = np.abs(x[B:2 * B])          # a positive-sum block
    x[2 * B:3 * B] = -np.abs(x[2 * B:3 * B])  # a negative-sum block
    (out,) = run(CONTROL, "runtime_if", sig(x_ptr="*fp32", out_ptr="*fp32", flag="i32"),
                 {"BLOCK": B}, grid, [x, Out(grid * B, np.float32), i32(flag)])
    exp = []
    for pid in range(grid):
        blk = x[pid * B:(pid + 1) * B]
        y, k = (blk * np.float32(2), 1) if flag > pid else (blk - np.float32(1), 2)
        z = y + np.float32(100) if blk.sum() > 0 else y
        if pid % 2 == 0 and k == 1:
            z = -z
        exp.append(z + np.float32(k))
    np.testing.assert_allclose(out, np.concatenate(exp), rtol=1e-6)


@pytest.mark.parametrize("start,stop,step", [(10, 0, -3), (10, 1, -3), (9, -7, -2), (5, 5, -1),
                                             (3, 8, -2), (-4, -20, -5), (100, 0, -100)])
def test_negative_step_runtime_bounds(start, stop, step):
    (out,) = run(CONTROL, "neg_step_runtime", sig(out_ptr="*i32", start="i32", stop="i32"),
                 {"STEP": step}, 1, [Out(3, np.int32), i32(start), i32(stop)])
    seq = list(range(start, stop, step))
    acc = 0
    for i in seq:
        acc = int(wrap(acc * 3 + i, np.int32))
    assert list(out) == [len(seq), acc, seq[-1] if seq else -1]


def test_comprehensions():
    N = 16
    x = rng(3).standard_normal((4, N)).astype(np.float32)
    (out,) = run(CONTROL, "comprehensions", sig(x_ptr="*fp32", out_ptr="*fp32"),
                 {"N": N, "SCALES": (2.0, -1.0, 0.5)}, 1, [x, Out(2 * N, np.float32)])
    np.testing.assert_allclose(out[:N], x[0] * 2 - x[1] + x[3] * 0.5, rtol=1e-6)
    np.testing.assert_array_equal(out[N:], np.full(N, 36, np.float32))


def test_tuple_kernel_arguments():
    """Tuple parameters given part by part: --signature ptrs.0=..., -D scales.1.0=3."""
    N = 16
    a = rng(4).standard_normal(N).astype(np.float32)
    b = rng(5).standard_normal(N).astype(np.float32)
    (out,) = run(CONTROL, "tuple_args",
                 sig(out_ptr="*fp32", **{"ptrs.0": "*fp32", "ptrs.1": "*fp32", "scales.0": "fp32"}),
                 {"N": N, "scales.1.0": 3}, 1, [Out(2 * N, np.float32), a, b, f32(0.5)])
    np.testing.assert_allclose(out[:N], a * 0.5 + b * 3, rtol=1e-6)
    np.testing.assert_array_equal(out[N:], np.full(N, 22, np.float32))


def test_early_return():
    B, grid = 8, 5
    x = np.arange(grid * B, dtype=np.int32)
    (out,) = run(CONTROL, "early_return", sig(x_ptr="*i32", out_ptr="*i32", skip="i32"),
                 {"BLOCK": B}, grid, [x, Out(grid * B, np.int32), i32(2)])
    exp = np.where((np.arange(grid * B) // B) % 2 == 1, -1, x * 3)
    np.testing.assert_array_equal(out, exp)


def test_helper_tuple_returns():
    B = 16
    x = rng().integers(-50, 50, B).astype(np.int32)
    (out,) = run(CONTROL, "helpers", sig(x_ptr="*i32", out_ptr="*i32"), {"BLOCK": B}, 1,
                 [x, Out(4 * B, np.int32)])
    X = [int(v) for v in x]
    np.testing.assert_array_equal(out[:B], [c_div(v, 5) for v in X])
    np.testing.assert_array_equal(out[B:2 * B], [c_mod(v, 5) for v in X])
    assert list(out[2 * B:2 * B + 4]) == [2 * sum(X), max(X), min(X), 3 * sum(X)]
    np.testing.assert_array_equal(out[3 * B:], [c_div(v, 7) * 10 + c_mod(v, 7) for v in X])


@pytest.mark.parametrize("n,step", [(10, 3), (7, 1), (0, 2)])
def test_for_loops(n, step):
    B = 4
    (out,) = run(CONTROL, "for_loops", sig(out_ptr="*i32", n="i32", step="i32"), {"BLOCK": B}, 1,
                 [Out(4 * B, np.int32), i32(n), i32(step)])
    out = out.reshape(4, B)
    np.testing.assert_array_equal(out[0], sum(range(0, n, step)))
    np.testing.assert_array_equal(out[1], 10070401)
    np.testing.assert_array_equal(out[2], sum(range(n, 2 * n)))
    np.testing.assert_array_equal(out[3], 0)


# ---- atomics under a parallel grid -------------------------------------------------------------

@pytest.mark.parametrize("threads", [1, 4])
def test_atomic_add_contention(threads):
    B, grid = 16, 300
    outs = run(ATOMICS, "atomic_counters",
               sig(cnt_ptr="*i32", fcnt_ptr="*fp32", pidsum_ptr="*i64", ticket_ptr="*i32",
                   tickets_ptr="*i32", lane_ptr="*i32", lanes_ptr="*i32", masked_ptr="*i32"),
               {"BLOCK": B}, grid,
               [InOut(np.zeros(B, np.int32)), InOut(np.zeros(B, np.float32)),
                InOut(np.zeros(B, np.int64)), InOut(np.zeros(1, np.int32)),
                Out(grid, np.int32), InOut(np.zeros(1, np.int32)), Out(grid * B, np.int32),
                InOut(np.zeros(B, np.int32))], threads=threads)
    cnt, fcnt, pidsum, ticket, tickets, lane, lanes, masked = outs
    np.testing.assert_array_equal(cnt, grid)
    np.testing.assert_array_equal(fcnt, float(grid))
    np.testing.assert_array_equal(pidsum, sum(range(grid)) * 1000000007)
    assert ticket[0] == grid and sorted(tickets) == list(range(grid))
    assert lane[0] == grid * B and sorted(lanes) == list(range(grid * B))
    np.testing.assert_array_equal(masked, [sum(1 for p in range(grid) if j < p % B)
                                           for j in range(B)])


@pytest.mark.parametrize("spin_us", ["0", "500"])
@pytest.mark.parametrize("call", ["entry", "ffi"])
def test_launch_paths(monkeypatch, call, spin_us):
    """Both ways of calling a program (the object's kcc_entry_NAME, libffi with KCC_CALL=ffi) and
    both ways idle pool workers wait for the next launch (sleeping at once, or polling first):
    every program of a parallel grid runs exactly once, with its own ids and arguments."""
    monkeypatch.setenv("KCC_CALL", call)
    monkeypatch.setenv("KCC_SPIN_US", spin_us)
    for grid in (1, 3, 301):
        B = 16
        (tickets, lanes), = [run(ATOMICS, "atomic_counters",
                                 sig(cnt_ptr="*i32", fcnt_ptr="*fp32", pidsum_ptr="*i64",
                                     ticket_ptr="*i32", tickets_ptr="*i32", lane_ptr="*i32",
                                     lanes_ptr="*i32", masked_ptr="*i32"),
                                 {"BLOCK": B}, grid,
                                 [InOut(np.zeros(B, np.int32)), InOut(np.zeros(B, np.float32)),
                                  InOut(np.zeros(B, np.int64)), InOut(np.zeros(1, np.int32)),
                                  Out(grid, np.int32), InOut(np.zeros(1, np.int32)),
                                  Out(grid * B, np.int32), InOut(np.zeros(B, np.int32))],
                                 threads=4)[4:7:2]]
        assert sorted(tickets) == list(range(grid))
        assert sorted(lanes) == list(range(grid * B))
    out, = run(ARITH, "scalar_args",
               sig(out_ptr="*fp64", a="i1", b="i8", c="i16", d="i64", e="fp16", f="bf16",
                   g="fp32", h="fp64", u="u32", p="*i8"), {}, 1,
               [Out(10, np.float64), S("i1", True), S("i8", -7), S("i16", -300),
                S("i64", -(2**40) - 3), S("f16", 1.5), S("bf16", -2.5), S("f32", 0.1),
                S("f64", 1e300), S("u32", 2**32 - 1), np.array([-9], np.int8)])
    np.testing.assert_array_equal(out, [1, -7, -300, -(2**40) - 3, 1.5, -2.5,
                                        float(np.float32(0.1)), 1e300, 2**32 - 1, -9])


def test_atomic_min_max():
    B, grid = 8, 64
    v = (rng().standard_normal((grid, B)) * 100).astype(np.float32)
    iv = (v * 1000).astype(np.int32)
    outs = run(ATOMICS, "atomic_minmax",
               sig(v_ptr="*fp32", imax_ptr="*i32", imin_ptr="*i32", fmax_ptr="*fp32",
                   fmin_ptr="*fp32", umax_ptr="*u32"),
               {"BLOCK": B}, grid,
               [v, InOut(np.full(B, -2 ** 31, np.int32)), InOut(np.full(B, 2 ** 31 - 1, np.int32)),
                InOut(np.full(B, -np.inf, np.float32)), InOut(np.full(B, np.inf, np.float32)),
                InOut(np.zeros(B, np.uint32))], threads=4)
    imax, imin, fmax, fmin, umax = outs
    np.testing.assert_array_equal(imax, iv.max(0))
    np.testing.assert_array_equal(imin, iv.min(0))
    np.testing.assert_array_equal(fmax, v.max(0))
    np.testing.assert_array_equal(fmin, v.min(0))
    np.testing.assert_array_equal(umax, iv.view(np.uint32).max(0))


def test_atomic_xchg_cas_bitops():
    grid = 96
    outs = run(ATOMICS, "atomic_xchg_bits",
               sig(slot_ptr="*i32", olds_ptr="*i32", bits_ptr="*i32", xor_ptr="*i32",
                   and_ptr="*i32", cas_ptr="*i32", casold_ptr="*i32"),
               {}, grid, [InOut(np.zeros(1, np.int32)), Out(grid, np.int32),
                          InOut(np.zeros(3, np.int32)), InOut(np.zeros(1, np.int32)),
                          InOut(np.full(1, -1, np.int32)), InOut(np.zeros(1, np.int32)),
                          Out(grid, np.int32)], threads=4)
    slot, olds, bits, xo, an, cas, casold = outs
    assert sorted(list(olds) + [slot[0]]) == list(range(grid + 1))
    np.testing.assert_array_equal(bits, -1)
    assert xo[0] == np.bitwise_xor.reduce(np.arange(grid))
    assert an[0] == np.int32(-1) & ~np.int32(2 ** 31 - 1)
    winner = cas[0] - 1
    assert 0 <= winner < grid and casold[winner] == 0
    assert all(casold[p] == winner + 1 for p in range(grid) if p != winner)


@pytest.mark.parametrize("threads", [2, 4])
def test_atomic_cas_spin_lock(threads):
    grid, rounds = 64, 3
    x = (rng().integers(-8, 9, grid) / 4).astype(np.float32)
    lock, counter, fsum = run(ATOMICS, "spin_lock",
                              sig(lock_ptr="*i32", counter_ptr="*i32", fsum_ptr="*fp32",
                                  x_ptr="*fp32"),
                              {"ROUNDS": rounds}, grid,
                              [InOut(np.zeros(1, np.int32)), InOut(np.zeros(1, np.int32)),
                               InOut(np.zeros(1, np.float32)), x], threads=threads)
    assert lock[0] == 0 and counter[0] == grid * rounds
    assert fsum[0] == rounds * x.astype(np.float64).sum()


# ---- grids and shapes ------------------------------------------------------------------------

def test_grid_3d_ids():
    gx, gy, gz = 3, 4, 2
    (out,) = run(ATOMICS, "grid_ids", sig(out_ptr="*i32"), {}, (gx, gy, gz),
                 [Out((gz, gy, gx, 6), np.int32)])
    for z in range(gz):
        for y in range(gy):
            for x in range(gx):
                assert list(out[z, y, x]) == [x, y, z, gx, gy, gz]


def test_grid_2d_tiles():
    M, N, BM, BN = 37, 45, 16, 32
    x = rng().integers(0, 100, (M, N)).astype(np.float32)
    gm, gn = cdiv(M, BM), cdiv(N, BN)
    (out,) = run(ATOMICS, "tile_2d", sig(x_ptr="*fp32", out_ptr="*fp32", M="i32", N="i32"),
                 {"BLOCK_M": BM, "BLOCK_N": BN}, (gm, gn), [Guard(x), GuardOut((M, N), np.float32),
                                                           i32(M), i32(N)])
    tag = (np.arange(N)[None, :] // BN) * gm + np.arange(M)[:, None] // BM
    np.testing.assert_array_equal(out, x * 1000 + tag)


def test_broadcast_outer():
    M, N = 8, 16
    x = rng().standard_normal(M).astype(np.float32)
    y = rng(1).standard_normal(N).astype(np.float32)
    (out,) = run(SHAPES, "outer", sig(x_ptr="*fp32", y_ptr="*fp32", out_ptr="*fp32"),
                 {"M": M, "N": N}, 1, [x, y, Out((3, M, N), np.float32)])
    np.testing.assert_array_equal(out[0], x[:, None] * y[None, :])
    np.testing.assert_array_equal(out[1], (x[:, None] + y) + np.float32(0.5))
    np.testing.assert_array_equal(out[2], x[:, None] - y[None, :])


def test_reshape_trans_permute():
    M, N = 4, 8
    x = np.arange(M * N, dtype=np.float32)
    (out,) = run(SHAPES, "reshape_trans", sig(x_ptr="*fp32", out_ptr="*fp32"), {"M": M, "N": N},
                 1, [x, Out(6 * M * N, np.float32)])
    x2 = x.reshape(M, N)
    np.testing.assert_array_equal(out[:M * N], x2.T.ravel())
    np.testing.assert_array_equal(out[M * N:2 * M * N], x2.T.ravel())
    np.testing.assert_array_equal(out[2 * M * N:3 * M * N], x2.T.ravel())
    np.testing.assert_array_equal(out[3 * M * N:4 * M * N],
                                  x.reshape(2, M // 2, N).transpose(2, 0, 1).ravel())
    q = (np.arange(M)[None, :, None] + np.arange(N)[:, None, None] * 100 +
         np.arange(2)[None, None, :] * 10000)
    np.testing.assert_array_equal(out[4 * M * N:], q.ravel().astype(np.float32))


def test_join_split():
    B = 8
    x = np.arange(B, dtype=np.float32)
    y = np.arange(B, dtype=np.float32) * -10
    (out,) = run(SHAPES, "join_split", sig(x_ptr="*fp32", y_ptr="*fp32", out_ptr="*fp32"),
                 {"BLOCK": B}, 1, [x, y, Out(3 * B, np.float32)])
    np.testing.assert_array_equal(out[:2 * B], np.stack([x, y], 1).ravel())
    np.testing.assert_array_equal(out[2 * B:], x - y)


def test_math_functions():
    B = 64
    x = np.linspace(-2.9, 2.9, B).astype(np.float32)
    x[B // 2] = 0.3
    p = np.linspace(0.1, 4, B).astype(np.float32)
    (out,) = run(SHAPES, "math_fns", sig(x_ptr="*fp32", p_ptr="*fp32", out_ptr="*fp32"),
                 {"BLOCK": B}, 1, [x, p, Out((28, B), np.float32)])
    X, P = x.astype(np.float64), p.astype(np.float64)
    erf = np.vectorize(math.erf)
    with np.errstate(all="ignore"):
        refs = [np.exp(X), np.log(P), np.sqrt(P), 1 / np.sqrt(P), np.exp2(X), np.log2(P), np.sin(X),
                np.cos(X), np.abs(X), 1 / (1 + np.exp(-X)), erf(X), np.tanh(X), P ** X,
                np.floor(X), np.ceil(X), X * P + X, np.clip(X, -1, 1.5), np.log1p(P),
                np.arcsin(X / 3), np.arctan2(X, P), X / P, X / P, np.trunc(X),
                np.rint(x * np.float32(2)), np.fmod(x, p), np.expm1(X), np.cbrt(P), np.log10(P)]
    names = ["exp", "log", "sqrt", "rsqrt", "exp2", "log2", "sin", "cos", "abs", "sigmoid", "erf",
             "tanh", "pow", "floor", "ceil", "fma", "clamp", "log1p", "asin", "atan2", "div_rn",
             "fdiv", "trunc", "rint", "fmod", "expm1", "cbrt", "log10"]
    bad = []
    for k, (name, ref) in enumerate(zip(names, refs)):
        err = np.abs(out[k] - ref) / np.maximum(np.abs(ref), 1e-3)
        if not (err <= 2e-6).all():
            j = int(np.argmax(err))
            bad.append("%s: x=%r p=%r got %r expected %r (rel err %.2g)" % (
                name, x[j], p[j], out[k][j], ref[j], err[j]))
    assert not bad, "\n".join(bad)


def test_isnan_isinf_signbit():
    x = np.array([np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -3e38], np.float32)
    (out,) = run(SHAPES, "nan_inf_tests", sig(x_ptr="*fp32", out_ptr="*i32"), {"BLOCK": 8}, 1,
                 [x, Out((3, 8), np.int32)])
    np.testing.assert_array_equal(out[0], np.isnan(x))
    np.testing.assert_array_equal(out[1], np.isinf(x))
    np.testing.assert_array_equal(out[2], np.signbit(x))


# ---- reference features kcc may lack ---------------------------------------------------------

SORT_TYPES = {"fp32": np.float32, "fp64": np.float64, "fp16": np.float16, "bf16": np.uint16,
              "i8": np.int8, "i32": np.int32, "i64": np.int64, "u8": np.uint8, "u32": np.uint32,
              "u64": np.uint64}


def _sort_input(t, shape, seed):
    """Random values of type t with duplicates, extremes and (floats) -0.0 next to 0.0."""
    g = rng(seed)
    dt = np.dtype(SORT_TYPES[t])
    n = int(np.prod(shape))
    if t.startswith("fp") or t == "bf16":
        x = (g.standard_normal(n) * 100).astype(np.float32)
        x[::5] = x[0]
        x[1::7] = -0.0
        x[2::7] = 0.0
        x[3::11] = np.inf
        x[4::11] = -np.inf
        if t == "bf16":
            return bf16_bits(x).reshape(shape)
        return x.astype(dt).reshape(shape)
    info = np.iinfo(dt)
    x = g.integers(info.min, info.max, n, dtype=dt, endpoint=True)
    x[::5] = x[0]
    x[1::7] = info.min
    x[2::7] = info.max
    if info.min < 0:
        x[3::7] = -1
    return x.reshape(shape)


def _sort_values(t, x):
    return bf16_to_f32(x) if t == "bf16" else x


@pytest.mark.parametrize("B", [2, 16, 256])
@pytest.mark.parametrize("t", sorted(SORT_TYPES))
def test_sort(t, B):
    """tl.sort / descending=True on every number type, signed and unsigned ints by their dtype;
    duplicates, extremes, infinities and -0.0 / 0.0 (equal: compared as values)."""
    x = _sort_input(t, B, B)
    (out,) = run(REDUCE, "sort_kernel", sig(x_ptr="*" + t, out_ptr="*" + t), {"BLOCK": B}, 1,
                 [x, Out(2 * B, x.dtype)])
    v, o = _sort_values(t, x), _sort_values(t, out)
    np.testing.assert_array_equal(o[:B], np.sort(v))
    np.testing.assert_array_equal(o[B:], np.sort(v)[::-1])


@pytest.mark.parametrize("t", ["fp32", "i32", "u32"])
def test_sort_rows(t):
    """A 4 x 64 tile sorted along its last axis (default dim, x.sort(dim=1), dim=-1)."""
    R, C = 4, 64
    x = _sort_input(t, (R, C), 3)
    (out,) = run(REDUCE, "sort_rows", sig(x_ptr="*" + t, out_ptr="*" + t), {"R": R, "C": C}, 1,
                 [x, Out((3, R, C), x.dtype)])
    np.testing.assert_array_equal(out[0], np.sort(x, axis=1))
    np.testing.assert_array_equal(out[1], np.sort(x, axis=1)[:, ::-1])
    with np.errstate(over="ignore"):
        y = x * x.dtype.type(2) + x.dtype.type(1)
    np.testing.assert_array_equal(out[2], np.sort(y, axis=1))


def test_sort_nan():
    """NaN sorts above +inf: last ascending, first descending (numpy's order)."""
    B = 16
    x = rng(5).standard_normal(B).astype(np.float32)
    x[[2, 9, 10]] = np.nan
    x[4] = np.inf
    (out,) = run(REDUCE, "sort_kernel", sig(x_ptr="*fp32", out_ptr="*fp32"), {"BLOCK": B}, 1,
                 [x, Out(2 * B, np.float32)])
    np.testing.assert_array_equal(out[:B], np.sort(x))
    np.testing.assert_array_equal(out[B:], np.sort(x)[::-1])


@pytest.mark.parametrize("n,BLOCK", [(128, 128), (100, 128), (3, 4)])
def test_sort_masked_and_in_loop(n, BLOCK):
    """A masked load (other=inf) sorted and stored under the mask; sorts inside a runtime loop."""
    ROWS = 3
    x = rng(9).standard_normal((ROWS, BLOCK)).astype(np.float32)
    out, acc = run(REDUCE, "sort_masked_loop", sig(x_ptr="*fp32", out_ptr="*fp32", acc_ptr="*fp32",
                                                   n="i32", ROWS="i32"),
                   {"BLOCK": BLOCK}, 1, [x, Out(BLOCK, np.float32), Out(BLOCK, np.float32),
                                         i32(n), i32(ROWS)])
    np.testing.assert_array_equal(out[:n], np.sort(x[0, :n]))
    ref = np.zeros(BLOCK, np.float32)
    for r in range(ROWS):
        ref += np.sort(x[r])[::-1]
    np.testing.assert_array_equal(acc, ref)


def test_sort_bool():
    B = 32
    x = rng(2).integers(-3, 3, B).astype(np.int32)
    (out,) = run(REDUCE, "sort_bool", sig(x_ptr="*i32", out_ptr="*i32"), {"BLOCK": B}, 1,
                 [x, Out(2 * B, np.int32)])
    np.testing.assert_array_equal(out[:B], np.sort(x > 0))
    np.testing.assert_array_equal(out[B:], np.sort(x > 0)[::-1])


def test_block_pointers():
    M, N, S, BM, BN = 10, 40, 44, 8, 16
    x = rng().standard_normal((M, S)).astype(np.float32)
    (out,) = run(MISSING, "block_ptr_copy", sig(x_ptr="*fp32", out_ptr="*fp32", M="i32", N="i32",
                                                stride_m="i32"),
                 {"BLOCK_M": BM, "BLOCK_N": BN}, cdiv(M, BM),
                 [Guard(x), GuardOut((M, N), np.float32), i32(M), i32(N), i32(S)])
    np.testing.assert_array_equal(out, x[:, :N] + 1)


@pytest.mark.parametrize("M,N,K", [(64, 64, 64), (70, 90, 50), (1, 17, 3)])
def test_block_pointer_matmul(M, N, K):
    BM, BN, BK = 32, 32, 16
    g = rng(3)
    a = g.standard_normal((M, K)).astype(np.float32)
    b = g.standard_normal((K, N)).astype(np.float32)
    (c,) = run(BLOCKPTR, "bp_matmul",
               sig(a_ptr="*fp32", b_ptr="*fp32", c_ptr="*fp32", M="i32", N="i32", K="i32",
                   sam="i32", sak="i32", sbk="i32", sbn="i32", scm="i32", scn="i32"),
               {"BM": BM, "BN": BN, "BK": BK}, (cdiv(M, BM), cdiv(N, BN)),
               [Guard(a), Guard(b), GuardOut((M, N), np.float32), i32(M), i32(N), i32(K),
                i32(K), i32(1), i32(N), i32(1), i32(N), i32(1)])
    np.testing.assert_allclose(c, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-4,
                               atol=1e-4)


def test_block_pointer_padding_and_negative_offsets():
    M, N, BM, BN = 10, 12, 8, 16
    x = (np.arange(M * N, dtype=np.float32) + 1).reshape(M, N)
    (out,) = run(BLOCKPTR, "bp_pad_nan", sig(x_ptr="*fp32", out_ptr="*fp32", M="i32", N="i32"),
                 {"BM": BM, "BN": BN}, 4, [Guard(x), Out(2 * 4 * BM * BN, np.float32), i32(M),
                                           i32(N)])
    nan_part, zero_part = out[:4 * BM * BN].reshape(4, BM, BN), out[4 * BM * BN:].reshape(4, BM, BN)
    for pid in range(4):
        for i in range(BM):
            for j in range(BN):
                r, c = pid * (BM // 2) - 2 + i, -3 + j
                inside = 0 <= r < M and 0 <= c < N
                if inside:
                    assert nan_part[pid, i, j] == x[r, c] and zero_part[pid, i, j] == x[r, c]
                else:
                    assert np.isnan(nan_part[pid, i, j]) and zero_part[pid, i, j] == 0, (pid, i, j)


def test_block_pointer_transpose_1d_3d():
    R, C, B, n, B3 = 5, 7, 8, 21, 4
    x = np.arange(R * C, dtype=np.float32).reshape(C, R)      # column-major R x C
    v = np.arange(n, dtype=np.int32) - 5
    c3 = np.arange(B3 ** 3, dtype=np.float32)
    out, vout, cout = run(BLOCKPTR, "bp_transpose_1d_3d",
                          sig(x_ptr="*fp32", out_ptr="*fp32", v_ptr="*i32", vout_ptr="*i32",
                              c_ptr="*fp32", cout_ptr="*fp32", R="i32", C="i32", n="i32"),
                          {"B": B, "B3": B3}, 1,
                          [Guard(x), GuardOut((C, R), np.float32), Guard(v), GuardOut(n, np.int32),
                           c3, Out(B3 ** 3, np.float32), i32(R), i32(C), i32(n)])
    np.testing.assert_array_equal(out, x)       # x^T of the R x C matrix, row-major C x R
    np.testing.assert_array_equal(vout, v * 2)
    np.testing.assert_array_equal(cout, c3 + 1)


@pytest.mark.parametrize("n_ctx", [64, 50])
def test_block_pointer_attention(n_ctx):
    BM, BN, D = 16, 16, 32
    g = rng(5)
    q, k, v = (g.standard_normal((n_ctx, D)).astype(np.float32) for _ in range(3))
    scale = 0.125
    (o,) = run(BLOCKPTR, "bp_attention_fwd",
               sig(Q="*fp32", K="*fp32", V="*fp32", Out="*fp32", sm_scale="fp32", N_CTX="i32",
                   sqm="i32", sqd="i32", skn="i32", skd="i32", svn="i32", svd="i32", som="i32",
                   sod="i32"),
               {"BLOCK_M": BM, "BLOCK_N": BN, "D": D}, cdiv(n_ctx, BM),
               [Guard(q), Guard(k), Guard(v), GuardOut((n_ctx, D), np.float32), f32(scale),
                i32(n_ctx), i32(D), i32(1), i32(D), i32(1), i32(D), i32(1), i32(D), i32(1)])
    s = (q.astype(np.float64) @ k.astype(np.float64).T) * scale
    p = np.exp(s - s.max(1, keepdims=True))
    ref = (p / p.sum(1, keepdims=True)) @ v.astype(np.float64)
    np.testing.assert_allclose(o, ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("flag", [3, -4])
def test_structured_values_through_loops_and_ifs(flag):
    (out,) = run(BLOCKPTR, "struct_carry", sig(out_ptr="*i32", n="i32", flag="i32"), {}, 1,
                 [InOut(np.zeros(64, np.int32)), i32(10), i32(flag)])
    assert out[0] == 55
    assert out[1] == (flag + 10 if flag > 0 else -flag + 20)
    start = 10 if flag > 0 else 2
    np.testing.assert_array_equal(out[start:start + 4], 7)
    assert (out[2:] == 7).sum() == 4


@pytest.mark.parametrize("threads", [1, 3])
def test_volatile_lookback_on_earlier_programs(threads):
    grid = 40
    val = np.arange(1, grid + 1, dtype=np.int32)
    flag, out = run(MISSING, "lookback", sig(flag_ptr="*i32", val_ptr="*i32", out_ptr="*i32"), {},
                    grid, [InOut(np.zeros(grid, np.int32)), val, Out(grid, np.int32)],
                    threads=threads, timeout=60)
    np.testing.assert_array_equal(out, np.cumsum(val))
    np.testing.assert_array_equal(flag, 1)


@pytest.mark.parametrize("n_cols,BLOCK", [(1024, 1024), (1000, 1024), (100, 128), (17, 32)])
def test_row_reductions_long_masked(n_cols, BLOCK):
    """Row reductions long enough for the vectorized loops, full rows and masked tails: the
    accumulator starts from the combiner's identity (-0.0, NaN for maxnum, -inf for maximum, 1,
    INT_MIN ...), which must not show in any result."""
    g = rng(7)
    R = 6
    x = g.uniform(0.99, 1.01, (R, n_cols)).astype(np.float32)
    x[1, ::7] = np.nan                          # NaN lanes: maxnum drops them, maximum keeps
    x[2, :] = np.nan                            # all NaN: maxnum of nothing but NaN is NaN
    x[3, :] = -0.0                              # sum of -0.0s is -0.0 (identity -0.0, not +0.0)
    x[4, :] = -g.uniform(1, 2, n_cols)          # all negative: the max is not the identity
    x[5, :] = g.uniform(1, 2, n_cols)           # all positive: the min is not the identity
    iv = g.integers(-2**31, 2**31, (R, n_cols), dtype=np.int64).astype(np.int32)
    iv[1, :] = -2**31                           # max of all INT_MIN
    iv[2, :] = 2**31 - 1                        # min of all INT_MAX
    iv[3, :] = -1
    out, iout = run(REDUCE, "row_reduce", sig(x_ptr="*fp32", i_ptr="*i32", out_ptr="*fp32",
                                              iout_ptr="*i32", n_cols="i32"),
                    {"BLOCK": BLOCK}, R, [x, iv, Out(R * 6, np.float32), Out(R * 5, np.int32),
                                          S("i32", n_cols)])
    out = out.reshape(R, 6)
    iout = iout.reshape(R, 5)
    x64 = x.astype(np.float64)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(out[:, 0], x64.sum(1), rtol=1e-5)
        np.testing.assert_array_equal(out[:, 1], np.fmax.reduce(x, 1))
        np.testing.assert_array_equal(out[:, 2], np.fmin.reduce(x, 1))
        np.testing.assert_array_equal(out[:, 3], np.maximum.reduce(x, 1))
        np.testing.assert_allclose(out[:, 4], (x64 * x64).sum(1), rtol=1e-5)
        np.testing.assert_allclose(out[0, 5], np.prod(x64[0]), rtol=1e-4)
    assert np.isnan(out[1, 0]) and np.isnan(out[1, 3]) and np.isnan(out[2, 1])
    assert out[3, 0] == 0 and (math.copysign(1, out[3, 0]) < 0) == (n_cols == BLOCK), \
        "sum of -0.0s: %r (masked lanes add +0.0)" % out[3, 0]
    np.testing.assert_array_equal(iout[:, 0], iv.max(1))
    np.testing.assert_array_equal(iout[:, 1], iv.min(1))
    np.testing.assert_array_equal(iout[:, 2], np.bitwise_xor.reduce(iv, 1))
    np.testing.assert_array_equal(iout[:, 3], wrap(iv.astype(np.int64).sum(1), np.int32))
    np.testing.assert_array_equal(iout[:, 4], np.bitwise_and.reduce(iv, 1))


def _fp8_values(t):
    """The value of each of the 256 codes of fp8e4nv (bias 7, no infinities, NaN = S.1111.111),
    fp8e4b15 (the same with bias 15) or fp8e5 (bias 15, IEEE-like)."""
    e_bits, bias = {"fp8e4nv": (4, 7), "fp8e4b15": (4, 15), "fp8e5": (5, 15)}[t]
    m_bits = 7 - e_bits
    vals = []
    for c in range(256):
        s, e, m = c >> 7, (c >> m_bits) & ((1 << e_bits) - 1), c & ((1 << m_bits) - 1)
        if e_bits == 4 and e == 15 and m == 7 or t == "fp8e5" and e == 31 and m:
            v = math.nan
        elif t == "fp8e5" and e == 31:
            v = math.inf
        elif e == 0:
            v = m / (1 << m_bits) * 2.0 ** (1 - bias)
        else:
            v = (1 + m / (1 << m_bits)) * 2.0 ** (e - bias)
        vals.append(-v if s else v)
    return vals


def _fp8_encode(vals, x):
    """Round to nearest, ties to the even code, over the finite codes."""
    best = None
    for c, v in enumerate(vals):
        if math.isnan(v) or math.isinf(v) or (v == 0 and math.copysign(1, v) != math.copysign(1, x)):
            continue
        d = abs(v - x)
        if best is None or d < best[0] or (d == best[0] and c % 2 == 0):
            best = (d, c)
    return best[1]


@pytest.mark.parametrize("t", ["fp8e4nv", "fp8e4b15", "fp8e5"])
def test_fp8_loads_stores_casts(t):
    vals = _fp8_values(t)
    codes = np.array([c for c in range(256) if not math.isnan(vals[c]) and not math.isinf(vals[c])],
                     np.uint8)[:128]
    N = len(codes)
    top = {"fp8e4nv": 448.0, "fp8e4b15": 1.75, "fp8e5": 57344.0}[t]
    y = rng(12).uniform(-top, top, N).astype(np.float32)
    y[:8] = [0.0, -0.0, 1.0, -2.5, top, -top, 0.0137, 3.3]
    (wide, out8, h8) = run(MEMORY, "fp8_roundtrip",
                           sig(x8_ptr="*" + t, y_ptr="*fp32", wide_ptr="*fp32", out8_ptr="*" + t,
                               h8_ptr="*" + t),
                           {"N": N}, 1, [codes, y, Out(2 * N, np.float32), Out(N, np.uint8),
                                         Out(N, np.uint8)])
    ref = np.array([vals[c] for c in codes], np.float32)
    np.testing.assert_array_equal(wide[:N], ref)
    np.testing.assert_array_equal(wide[N:], ref)
    assert [int(c) for c in out8] == [_fp8_encode(vals, float(v)) for v in y]
    assert [int(c) for c in h8] == [_fp8_encode(vals, float(np.float16(v))) for v in y]


@pytest.mark.parametrize("M,N", [(32, 64), (30, 50), (7, 9)])
def test_tensor_descriptors(M, N):
    """make_tensor_descriptor + desc.load/store (and the tl.*_tensor_descriptor functions): each
    dimension is bounds-checked, so partial edge tiles neither read nor write outside the array
    (guard pages on both sides)."""
    BM, BN = 16, 16
    x = rng(13).standard_normal((M, N)).astype(np.float32)
    (out,) = run(BLOCKPTR, "descriptor_copy",
                 sig(x_ptr="*fp32", out_ptr="*fp32", M="i32", N="i32"), {"BM": BM, "BN": BN},
                 (cdiv(M, BM), cdiv(N, BN)), [Guard(x), GuardOut((M, N), np.float32), i32(M),
                                              i32(N)])
    np.testing.assert_array_equal(out, x * 2)

