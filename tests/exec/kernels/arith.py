"""Execution tests: promotion, C-style division, constexpr folding, wraparound, unsigned ops.
Every kernel stores results whose *values* reveal the type the operation ran in."""
import triton
import triton.language as tl


@triton.jit
def promotion(i8_ptr, u8_ptr, i32_ptr, u32_ptr, i64_ptr, f16_ptr, bf16_ptr, f32_ptr, f64_ptr,
              oi_ptr, of_ptr, od_ptr):
    # one lane per operand; the output slot k holds check k
    o = tl.arange(0, 2)
    c = tl.load(i8_ptr + o)     # [127, -1]
    u = tl.load(u8_ptr + o)     # [200, 0]
    a = tl.load(i32_ptr + o)    # [-1, 16777217]
    w = tl.load(u32_ptr + o)    # [0, 1]
    q = tl.load(i64_ptr + o)    # [-1, 2**40 + 1]
    h = tl.load(f16_ptr + o)    # [1.0, 3.0]
    b = tl.load(bf16_ptr + o)   # [1.0, 2**-8]
    f = tl.load(f32_ptr + o)    # [1.0, 0.0]
    d = tl.load(f64_ptr + o)    # [1e-10, 0]
    z = o * 0                   # every lane addresses the same slot; the mask picks the lane
    l0 = o == 0
    l1 = o == 1
    # -- integer results (stored in i64 slots) --
    tl.store(oi_ptr + 0 + z, c + 1, mask=l0)            # i8 + int scalar -> i8: wraps to -128
    tl.store(oi_ptr + 1 + z, u << 2, mask=l0)           # u8 << 2 -> u8: 800 mod 256 = 32
    tl.store(oi_ptr + 2 + z, c + u, mask=l1)            # i8 + u8 -> u8: -1 + 0 = 255
    tl.store(oi_ptr + 3 + z, (a + w) >> 31, mask=l0)    # i32 + u32 -> u32: logical >> gives 1
    tl.store(oi_ptr + 4 + z, q + w, mask=l0)            # i64 + u32 -> i64: -1
    tl.store(oi_ptr + 5 + z, q * q, mask=l1)            # i64 wraps: (2**40+1)**2 mod 2**64
    tl.store(oi_ptr + 6 + z, (a < w).to(tl.int32), mask=l0)   # u32 compare: 0xffffffff < 0
    tl.store(oi_ptr + 7 + z, c * 2, mask=l0)            # i8 * 2 -> i8: 254 -> -2
    tl.store(oi_ptr + 8 + z, -c, mask=l1)               # -(-1) = 1
    tl.store(oi_ptr + 9 + z, u + 100, mask=l0)          # u8 + 100 -> u8: 300 -> 44
    # -- fp32 results --
    tl.store(of_ptr + 0 + z, h * 1.0001, mask=l0)       # fp16 * float scalar -> fp16: 1.0
    tl.store(of_ptr + 1 + z, h / (h + 2.0), mask=l0)    # fp16 / fp16 -> fp32: 1/3 in fp32
    tl.store(of_ptr + 2 + z, b + h * 0.0009765625 * 1.5, mask=l0)  # bf16 + fp16 -> fp16
    tl.store(of_ptr + 3 + z, b + b * 0.00390625, mask=l0)  # bf16 + bf16 -> bf16: 1.0
    tl.store(of_ptr + 4 + z, h * 2048.0 + 1, mask=l0)   # fp16 + int scalar -> fp16: 2048
    tl.store(of_ptr + 5 + z, a / 2, mask=l0)            # int / int -> fp32: -0.5
    tl.store(of_ptr + 6 + z, h % 0.7, mask=l1)          # fp16 % float -> fp32 frem
    tl.store(of_ptr + 7 + z, b + f * 0.0001, mask=l0)   # bf16 + fp32 -> fp32: 1.0001
    # -- fp64 results --
    tl.store(od_ptr + 0 + z, a / 1, mask=l1)            # i32 / i32 -> fp32: 16777216
    tl.store(od_ptr + 1 + z, q / 1, mask=l1)            # i64 / i64 -> fp32: 2**40
    tl.store(od_ptr + 2 + z, a * 0.5, mask=l1)          # i32 * float -> fp32: 8388608
    tl.store(od_ptr + 3 + z, f + d, mask=l0)            # fp32 + fp64 -> fp64: 1.0000000001
    tl.store(od_ptr + 4 + z, b / 3, mask=l0)            # bf16 / int -> fp32 (not fp64)


@triton.jit
def divmod_tensor(a_ptr, b_ptr, q_ptr, r_ptr, n, BLOCK: tl.constexpr):
    # C-style // and % on tensors; masked lanes load b = 0 and still divide (must not trap)
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    a = tl.load(a_ptr + offs, mask=mask, other=0)
    b = tl.load(b_ptr + offs, mask=mask, other=0)
    tl.store(q_ptr + offs, a // b, mask=mask)
    tl.store(r_ptr + offs, a % b, mask=mask)


@triton.jit
def divmod_unmasked(a_ptr, b_ptr, q_ptr, r_ptr, BLOCK: tl.constexpr):
    # the same without masks: every lane is live, divisors include 0 and -1 with INT_MIN
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    b = tl.load(b_ptr + offs)
    tl.store(q_ptr + offs, a // b)
    tl.store(r_ptr + offs, a % b)


@triton.jit
def fmod_tensor(a_ptr, b_ptr, r_ptr, t_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    b = tl.load(b_ptr + offs)
    tl.store(r_ptr + offs, a % b)    # frem: sign of the dividend
    tl.store(t_ptr + offs, a / b)


@triton.jit
def divmod_scalar(a, b, out_ptr, fout_ptr, NEG: tl.constexpr, TWO: tl.constexpr):
    # runtime scalars: C semantics, no trap for b == 0 or INT_MIN / -1
    tl.store(out_ptr + 0, a // b)
    tl.store(out_ptr + 1, a % b)
    # constexprs and literals: Python semantics, folded at compile time
    tl.store(out_ptr + 2, NEG // TWO)           # -7 // 2 == -4
    tl.store(out_ptr + 3, NEG % TWO)            # -7 % 2 == 1
    tl.store(out_ptr + 4, (-7) // 2)
    tl.store(out_ptr + 5, -7 % 3)               # 2
    tl.store(out_ptr + 6, 7 % -3)               # -2
    tl.store(out_ptr + 7, 2 ** 10 + (NEG // -TWO))   # 1024 + 3
    tl.store(out_ptr + 8, (1 << 40) // (1 << 38))   # big constexpr ints: 4
    X: tl.constexpr = NEG * 3 // 4              # -21 // 4 == -6
    tl.store(out_ptr + 9, X)
    tl.store(out_ptr + 10, tl.cdiv(NEG, TWO))   # constexpr cdiv: Python -> -3
    # a runtime value mixed with constexprs: C semantics
    tl.store(out_ptr + 11, (a * 0 + NEG) // TWO)   # -3
    tl.store(out_ptr + 12, (a * 0 + NEG) % TWO)    # -1
    tl.store(out_ptr + 13, tl.cdiv(a * 0 + NEG, TWO))   # (-7 + 1) // 2 = -3
    tl.store(fout_ptr + 0, 7 / 2)               # 3.5
    tl.store(fout_ptr + 1, NEG / TWO)           # -3.5
    tl.store(fout_ptr + 2, (a * 0 + NEG) / TWO)  # -3.5 (fp32)


@triton.jit
def wrap_index(x_ptr, out_ptr, idx_ptr, n, stride, BLOCK: tl.constexpr):
    # pid * stride wraps in int32 (two's complement): for pid 4 and stride 2**30 + 1 the offset
    # is 4 again, for pid 6 it is negative and masked off.
    pid = tl.program_id(0)
    offs = pid * stride + tl.arange(0, BLOCK)
    slot = pid * BLOCK + tl.arange(0, BLOCK)
    tl.store(idx_ptr + slot, offs)
    mask = (offs >= 0) & (offs < n)
    x = tl.load(x_ptr + offs, mask=mask, other=-1)
    tl.store(out_ptr + slot, x)


@triton.jit
def wrap_split_add(x_ptr, out_ptr, a, b, n, BLOCK: tl.constexpr):
    # a + (b + j) with a = b = INT_MIN wraps to j in int32: the address must use the wrapped sum
    j = tl.arange(0, BLOCK)
    offs = a + (b + j)
    mask = (offs >= 0) & (offs < n)
    x = tl.load(x_ptr + offs, mask=mask, other=-1.0)
    tl.store(out_ptr + j, x)


@triton.jit
def wrap_arith(a_ptr, b_ptr, out_ptr, BLOCK: tl.constexpr):
    # +, -, *, neg, << wrap in the operand type (the signature picks the type)
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    b = tl.load(b_ptr + offs)
    tl.store(out_ptr + 0 * BLOCK + offs, a + b)
    tl.store(out_ptr + 1 * BLOCK + offs, a - b)
    tl.store(out_ptr + 2 * BLOCK + offs, a * b)
    tl.store(out_ptr + 3 * BLOCK + offs, -a)
    tl.store(out_ptr + 4 * BLOCK + offs, a << 3)
    tl.store(out_ptr + 5 * BLOCK + offs, a >> 3)
    tl.store(out_ptr + 6 * BLOCK + offs, a ^ b)
    tl.store(out_ptr + 7 * BLOCK + offs, ~a)


@triton.jit
def unsigned_ops(a_ptr, b_ptr, out_ptr, f_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)   # u32
    b = tl.load(b_ptr + offs)   # u32
    tl.store(out_ptr + 0 * BLOCK + offs, (a > b).to(tl.uint32))
    tl.store(out_ptr + 1 * BLOCK + offs, (a <= b).to(tl.uint32))
    tl.store(out_ptr + 2 * BLOCK + offs, a >> 28)
    tl.store(out_ptr + 3 * BLOCK + offs, a // (b | 1))
    tl.store(out_ptr + 4 * BLOCK + offs, a % (b | 1))
    tl.store(out_ptr + 5 * BLOCK + offs, ((a.to(tl.uint64) * b) >> 32).to(tl.uint32))
    tl.store(out_ptr + 6 * BLOCK + offs, tl.maximum(a, b))
    tl.store(out_ptr + 7 * BLOCK + offs, a * b + 7)
    tl.store(f_ptr + offs, a.to(tl.float32))   # uitofp


@triton.jit
def umulhi_kernel(a_ptr, b_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    b = tl.load(b_ptr + offs)
    tl.store(out_ptr + offs, tl.umulhi(a, b))


@triton.jit
def umulhi_scalar(a, b, out_ptr):
    tl.store(out_ptr, tl.umulhi(a, b))


@triton.jit
def _mulhi32(a, b):
    return ((a.to(tl.uint64) * b.to(tl.uint64)) >> 32).to(tl.uint32)


@triton.jit
def philox_kernel(c0_ptr, out_ptr, seed_lo, seed_hi, BLOCK: tl.constexpr):
    # Philox4x32-10 written out with uint32/uint64 ops (Triton's tl.philox algorithm)
    offs = tl.arange(0, BLOCK)
    c0 = tl.load(c0_ptr + offs)
    c1 = c0 * 0
    c2 = c0 * 0
    c3 = c0 * 0
    k0 = seed_lo + c1
    k1 = seed_hi + c1
    for _ in tl.static_range(10):
        _c0 = c0
        _c2 = c2
        c0 = _mulhi32(0xCD9E8D57 + c1 * 0, _c2) ^ c1 ^ k0
        c2 = _mulhi32(0xD2511F53 + c1 * 0, _c0) ^ c3 ^ k1
        c1 = _c2 * 0xCD9E8D57
        c3 = _c0 * 0xD2511F53
        k0 = k0 + 0x9E3779B9
        k1 = k1 + 0xBB67AE85
    tl.store(out_ptr + 4 * offs + 0, c0)
    tl.store(out_ptr + 4 * offs + 1, c1)
    tl.store(out_ptr + 4 * offs + 2, c2)
    tl.store(out_ptr + 4 * offs + 3, c3)


@triton.jit
def rand_kernel(out_ptr, iout_ptr, seed, BLOCK: tl.constexpr):
    # tutorial 04 / FlagGems dropout: tl.rand and tl.randint (bit-exact philox)
    offs = tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.rand(seed, offs))
    tl.store(iout_ptr + offs, tl.randint(seed, offs))


@triton.jit
def philox_builtin_kernel(out_ptr, seed, c1, c2, c3, BLOCK: tl.constexpr):
    # tl.philox with a full 4-word counter (c0 = offs)
    offs = tl.arange(0, BLOCK)
    r0, r1, r2, r3 = tl.philox(seed, offs, c1, c2, c3)
    tl.store(out_ptr + 4 * offs, r0)
    tl.store(out_ptr + 4 * offs + 1, r1)
    tl.store(out_ptr + 4 * offs + 2, r2)
    tl.store(out_ptr + 4 * offs + 3, r3)


@triton.jit
def randint4x_kernel(out_ptr, seed, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    r0, r1, r2, r3 = tl.randint4x(seed, offs)
    tl.store(out_ptr + 4 * offs, r0)
    tl.store(out_ptr + 4 * offs + 1, r1)
    tl.store(out_ptr + 4 * offs + 2, r2)
    tl.store(out_ptr + 4 * offs + 3, r3)


@triton.jit
def randn_kernel(out_ptr, seed, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.randn(seed, offs))


@triton.jit
def scalar_args(out_ptr, a, b, c, d, e, f, g, h, u, p):
    # Every scalar kind a kernel can take, in one call: each is stored as fp64.
    tl.store(out_ptr + 0, a.to(tl.float64))
    tl.store(out_ptr + 1, b.to(tl.float64))
    tl.store(out_ptr + 2, c.to(tl.float64))
    tl.store(out_ptr + 3, d.to(tl.float64))
    tl.store(out_ptr + 4, e.to(tl.float64))
    tl.store(out_ptr + 5, f.to(tl.float64))
    tl.store(out_ptr + 6, g.to(tl.float64))
    tl.store(out_ptr + 7, h)
    tl.store(out_ptr + 8, u.to(tl.float64))
    tl.store(out_ptr + 9, tl.load(p).to(tl.float64))


@tl.constexpr
def accum_type(dt):
    # a compile-time Python helper (FlagGems' get_scan_accum_type)
    if dt.is_fp16() or dt.is_bf16():
        return tl.float32
    if dt.is_int():
        return tl.int64
    return dt


@triton.constexpr_function
def next_pow2(n):
    p = 1
    while p < n:
        p *= 2
    return p


@triton.constexpr_function
def tri(n):
    t = 0
    for i in range(n + 1):
        t += i
    return (t, "sum" if t >= 10 else "small")


@triton.jit
def constexpr_helpers(x_ptr, out_ptr, n, N: tl.constexpr):
    acc_t: tl.constexpr = accum_type(x_ptr.type.element_ty)
    B: tl.constexpr = next_pow2(N)
    t, kind = tri(4)
    offs = tl.arange(0, B)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0).to(acc_t)
    tl.store(out_ptr, tl.sum(x, axis=0).to(tl.float32))
    tl.store(out_ptr + 1, B)
    if kind == "small":
        tl.store(out_ptr + 2, -1)
    else:
        tl.store(out_ptr + 2, t)


@triton.jit
def randint64_kernel(out_ptr, seed, base, BLOCK: tl.constexpr):
    # int64 offsets: the high 32 bits become the second counter word (Triton's randint4x)
    offs = base + tl.arange(0, BLOCK).to(tl.int64)
    r0, r1, r2, r3 = tl.randint4x(seed, offs)
    tl.store(out_ptr + tl.arange(0, BLOCK) * 4, r0)
    tl.store(out_ptr + tl.arange(0, BLOCK) * 4 + 1, r1)
    tl.store(out_ptr + tl.arange(0, BLOCK) * 4 + 2, r2)
    tl.store(out_ptr + tl.arange(0, BLOCK) * 4 + 3, r3)
    u = tl.rand(seed, offs)
    tl.store(out_ptr + 4 * BLOCK + tl.arange(0, BLOCK), u.to(tl.uint32, bitcast=True))


@triton.jit
def philox64_kernel(c_ptr, out_ptr, seed, BLOCK: tl.constexpr):
    # uint64 counters: Philox 4x64-10 (tl.philox / tl.random.philox_impl)
    offs = tl.arange(0, BLOCK)
    c0 = tl.load(c_ptr + offs * 4)
    c1 = tl.load(c_ptr + offs * 4 + 1)
    c2 = tl.load(c_ptr + offs * 4 + 2)
    c3 = tl.load(c_ptr + offs * 4 + 3)
    r0, r1, r2, r3 = tl.philox(seed, c0, c1, c2, c3)
    tl.store(out_ptr + offs * 4, r0)
    tl.store(out_ptr + offs * 4 + 1, r1)
    tl.store(out_ptr + offs * 4 + 2, r2)
    tl.store(out_ptr + offs * 4 + 3, r3)
