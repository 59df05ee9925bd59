"""Execution tests: broadcasting, expand_dims, trans, reshape, permute, join/split, math functions."""
import triton
import triton.language as tl


@triton.jit
def outer(x_ptr, y_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    x = tl.load(x_ptr + rm)
    y = tl.load(y_ptr + rn)
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], x[:, None] * y[None, :])
    # broadcasting against a scalar and a 1-D row (implicit leading dim)
    tl.store(out_ptr + M * N + rm[:, None] * N + rn[None, :], x[:, None] + y + 0.5)
    z = tl.expand_dims(x, 1) - tl.expand_dims(y, 0)
    tl.store(out_ptr + 2 * M * N + rm[:, None] * N + rn[None, :], z)


@triton.jit
def reshape_trans(x_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr):
    r = tl.arange(0, M * N)
    x = tl.load(x_ptr + r)                      # 1-D, M*N
    x2 = tl.reshape(x, (M, N))                  # row-major
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    t = tl.trans(x2)                            # N x M
    tl.store(out_ptr + rn[:, None] * M + rm[None, :], t)
    tl.store(out_ptr + M * N + r, tl.reshape(t, (M * N,)))
    tl.store(out_ptr + 2 * M * N + rn[:, None] * M + rm[None, :], x2.T)
    y = tl.reshape(x, (2, M // 2, N))
    p = tl.permute(y, (2, 0, 1))                # N x 2 x M/2
    tl.store(out_ptr + 3 * M * N + r, tl.reshape(p, (M * N,)))
    # a rank-3 index pattern x[None, :, None]
    q = rm[None, :, None] + rn[:, None, None] * 100 + tl.arange(0, 2)[None, None, :] * 10000
    tl.store(out_ptr + 4 * M * N + tl.arange(0, 2 * M * N), tl.reshape(q, (2 * M * N,)) * 1.0)


@triton.jit
def join_split(x_ptr, y_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    y = tl.load(y_ptr + offs)
    j = tl.join(x, y)                            # BLOCK x 2: interleaved
    tl.store(out_ptr + tl.arange(0, 2 * BLOCK), tl.reshape(j, (2 * BLOCK,)))
    a, b = tl.split(j)
    tl.store(out_ptr + 2 * BLOCK + offs, a - b)


@triton.jit
def math_fns(x_ptr, p_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)       # in (-3, 3)
    p = tl.load(p_ptr + offs)       # in (0.1, 4)
    k = 0
    tl.store(out_ptr + k * BLOCK + offs, tl.exp(x))
    tl.store(out_ptr + 1 * BLOCK + offs, tl.log(p))
    tl.store(out_ptr + 2 * BLOCK + offs, tl.sqrt(p))
    tl.store(out_ptr + 3 * BLOCK + offs, tl.math.rsqrt(p))
    tl.store(out_ptr + 4 * BLOCK + offs, tl.math.exp2(x))
    tl.store(out_ptr + 5 * BLOCK + offs, tl.math.log2(p))
    tl.store(out_ptr + 6 * BLOCK + offs, tl.sin(x))
    tl.store(out_ptr + 7 * BLOCK + offs, tl.cos(x))
    tl.store(out_ptr + 8 * BLOCK + offs, tl.abs(x))
    tl.store(out_ptr + 9 * BLOCK + offs, tl.sigmoid(x))
    tl.store(out_ptr + 10 * BLOCK + offs, tl.math.erf(x))
    tl.store(out_ptr + 11 * BLOCK + offs, tl.math.tanh(x))
    tl.store(out_ptr + 12 * BLOCK + offs, tl.math.pow(p, x))
    tl.store(out_ptr + 13 * BLOCK + offs, tl.floor(x))
    tl.store(out_ptr + 14 * BLOCK + offs, tl.ceil(x))
    tl.store(out_ptr + 15 * BLOCK + offs, tl.math.fma(x, p, x))
    tl.store(out_ptr + 16 * BLOCK + offs, tl.clamp(x, -1.0, 1.5))
    tl.store(out_ptr + 17 * BLOCK + offs, tl.math.log1p(p))
    tl.store(out_ptr + 18 * BLOCK + offs, tl.math.asin(x / 3.0))
    tl.store(out_ptr + 19 * BLOCK + offs, tl.math.atan2(x, p))
    tl.store(out_ptr + 20 * BLOCK + offs, tl.math.div_rn(x, p))
    tl.store(out_ptr + 21 * BLOCK + offs, tl.fdiv(x, p))
    tl.store(out_ptr + 22 * BLOCK + offs, tl.math.trunc(x))
    tl.store(out_ptr + 23 * BLOCK + offs, tl.math.rint(x * 2.0))
    tl.store(out_ptr + 24 * BLOCK + offs, tl.math.fmod(x, p))
    tl.store(out_ptr + 25 * BLOCK + offs, tl.math.expm1(x))
    tl.store(out_ptr + 26 * BLOCK + offs, tl.math.cbrt(p))
    tl.store(out_ptr + 27 * BLOCK + offs, tl.math.log10(p))


@triton.jit
def nan_inf_tests(x_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr + offs, tl.math.isnan(x).to(tl.int32))
    tl.store(out_ptr + BLOCK + offs, tl.math.isinf(x).to(tl.int32))
    tl.store(out_ptr + 2 * BLOCK + offs, tl.math.signbit(x).to(tl.int32))
