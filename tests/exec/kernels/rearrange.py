"""Execution tests: flip, cat, interleave, squeeze/unsqueeze, item, gather, histogram, topk,
swizzle2d, getattr on libdevice and tl.random's names (frontend/gen_rearrange.c)."""
import triton
import triton.language as tl
from triton.language.extra import libdevice


@triton.jit
def flip_kernel(x_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)[:, None]
    rn = tl.arange(0, N)[None, :]
    x = tl.load(x_ptr + rm * N + rn)
    tl.store(out_ptr + rm * N + rn, tl.flip(x))                  # last dimension
    tl.store(out_ptr + M * N + rm * N + rn, x.flip(0))           # the method, dimension 0
    tl.store(out_ptr + 2 * M * N + rm * N + rn, tl.flip(x, dim=-2))
    r = tl.arange(0, M * N)
    tl.store(out_ptr + 3 * M * N + r, tl.flip(tl.reshape(x, (M * N,))))


@triton.jit
def flip3d_kernel(x_ptr, out_ptr, A: tl.constexpr, B: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, A * B * C)
    x = tl.reshape(tl.load(x_ptr + r), (A, B, C))
    tl.store(out_ptr + r, tl.reshape(tl.flip(x, 1), (A * B * C,)))


@triton.jit
def cat_kernel(a_ptr, b_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)[:, None]
    rn = tl.arange(0, N)[None, :]
    a = tl.load(a_ptr + rm * N + rn)
    b = tl.load(b_ptr + rm * N + rn)
    c0 = tl.cat(a, b)                                            # 2M x N
    tl.store(out_ptr + tl.arange(0, 2 * M)[:, None] * N + rn, c0)
    c1 = tl.cat(a, b, dim=1)                                     # M x 2N
    tl.store(out_ptr + 2 * M * N + rm * (2 * N) + tl.arange(0, 2 * N)[None, :], c1)
    r = tl.arange(0, M)
    v = tl.cat(tl.load(a_ptr + r), tl.load(b_ptr + r), can_reorder=True)
    tl.store(out_ptr + 4 * M * N + tl.arange(0, 2 * M), v)


@triton.jit
def interleave_kernel(a_ptr, b_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)[:, None]
    rn = tl.arange(0, N)[None, :]
    a = tl.load(a_ptr + rm * N + rn)
    b = tl.load(b_ptr + rm * N + rn)
    tl.store(out_ptr + rm * (2 * N) + tl.arange(0, 2 * N)[None, :], tl.interleave(a, b))
    s = tl.interleave(tl.load(a_ptr), tl.load(b_ptr))            # two scalars: [a, b]
    tl.store(out_ptr + 2 * M * N + tl.arange(0, 2), s)


@triton.jit
def squeeze_item_kernel(x_ptr, out_ptr, N: tl.constexpr):
    r = tl.arange(0, N)
    x = tl.load(x_ptr + r)
    u = tl.unsqueeze(x, 0)                                       # 1 x N
    s = tl.squeeze(u, 0)
    tl.store(out_ptr + r, s * 2)
    one = tl.sum(x[:, None], axis=0, keep_dims=True)             # 1 x 1
    total = one.item()
    tl.store(out_ptr + N, total)
    tl.store(out_ptr + N + 1, tl.item(tl.squeeze(tl.reshape(x, (N, 1)), 1).sum(keep_dims=True)))


@triton.jit
def gather_kernel(src_ptr, idx_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr,
                  AXIS: tl.constexpr):
    # src is M x N; index is K x N (AXIS 0) or M x K (AXIS 1)
    rm = tl.arange(0, M)[:, None]
    rn = tl.arange(0, N)[None, :]
    src = tl.load(src_ptr + rm * N + rn)
    if AXIS == 0:
        ri = tl.arange(0, K)[:, None] * N + rn
    else:
        ri = rm * K + tl.arange(0, K)[None, :]
    idx = tl.load(idx_ptr + ri)
    tl.store(out_ptr + ri, tl.gather(src, idx, AXIS))
    tl.store(out_ptr + ri + M * N * 4, src.gather(idx, axis=AXIS))


@triton.jit
def gather1d_kernel(src_ptr, idx_ptr, out_ptr, N: tl.constexpr, K: tl.constexpr):
    src = tl.load(src_ptr + tl.arange(0, N))
    idx = tl.load(idx_ptr + tl.arange(0, K))
    tl.store(out_ptr + tl.arange(0, K), tl.gather(src, idx, 0))


@triton.jit
def histogram_kernel(x_ptr, out_ptr, N: tl.constexpr, BINS: tl.constexpr):
    r = tl.arange(0, N)
    x = tl.load(x_ptr + r)
    tl.store(out_ptr + tl.arange(0, BINS), tl.histogram(x, BINS))
    tl.store(out_ptr + BINS + tl.arange(0, BINS), x.histogram(BINS, mask=r % 2 == 0))


@triton.jit
def topk_kernel(x_ptr, out_ptr, R: tl.constexpr, C: tl.constexpr, K: tl.constexpr):
    rr = tl.arange(0, R)[:, None]
    x = tl.load(x_ptr + rr * C + tl.arange(0, C)[None, :])
    rk = tl.arange(0, K)[None, :]
    tl.store(out_ptr + rr * K + rk, tl.topk(x, K))
    tl.store(out_ptr + R * K + rr * K + rk, tl.topk(x, K, descending=False))


@triton.jit
def swizzle_kernel(out_ptr, SI: tl.constexpr, SJ: tl.constexpr, SG: tl.constexpr):
    i = tl.arange(0, SI)[:, None]
    j = tl.arange(0, SJ)[None, :]
    ni, nj = tl.swizzle2d(i, j, SI, SJ, SG)
    tl.store(out_ptr + i * SJ + j, ni * SJ + nj)
    # runtime scalars (the program ids of a 1 x 1 grid) and constexpr sizes
    si, sj = tl.swizzle2d(tl.program_id(0) + 3, tl.program_id(1) + 1, SI, SJ, SG)
    tl.store(out_ptr + SI * SJ, si)
    tl.store(out_ptr + SI * SJ + 1, sj)


@triton.jit
def libdevice_getattr_kernel(x_ptr, out_ptr, N: tl.constexpr, FN: tl.constexpr):
    r = tl.arange(0, N)
    tl.store(out_ptr + r, getattr(libdevice, FN)(tl.load(x_ptr + r)))


@triton.jit
def random_names_kernel(out_ptr, seed, N: tl.constexpr):
    r = tl.arange(0, N)
    tl.store(out_ptr + r, tl.random.rand(seed, r))
    tl.store(out_ptr + N + r, tl.random.uint_to_uniform_float(tl.random.randint(seed, r)))
