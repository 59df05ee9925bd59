"""Execution tests: reductions, scans, index reductions, user combine functions, NaN handling."""
import triton
import triton.language as tl


@triton.jit
def sum_widening(i8_ptr, u8_ptr, h_ptr, out_ptr, fout_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    c = tl.load(i8_ptr + offs)
    u = tl.load(u8_ptr + offs)
    h = tl.load(h_ptr + offs)
    tl.store(out_ptr + 0, tl.sum(c, axis=0))          # int8 accumulates in int32
    tl.store(out_ptr + 1, tl.sum(u, axis=0))          # uint8 in uint32
    tl.store(out_ptr + 2, tl.sum(c > 0, axis=0))      # bool counts
    tl.store(out_ptr + 3, tl.sum(c, axis=0, dtype=tl.int8))   # explicit dtype: wraps
    tl.store(out_ptr + 4, tl.max(c, axis=0) + 0 * tl.min(u, axis=0))
    tl.store(out_ptr + 5, tl.sum(c.to(tl.int64) * 1000000000, axis=0) // 1000000000)
    # tl.max of fp16 is fp32: adding 1e-4 is visible
    tl.store(fout_ptr + 0, tl.max(h, axis=0) + 0.0001)
    tl.store(fout_ptr + 1, tl.sum(h.to(tl.float32), axis=0))


@triton.jit
def reduce_2d(x_ptr, rows_ptr, cols_ptr, all_ptr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(x_ptr + r[:, None] * C + c[None, :])
    tl.store(rows_ptr + r, tl.sum(x, axis=1))
    tl.store(rows_ptr + R + r, tl.max(x, axis=1))
    tl.store(rows_ptr + 2 * R + r, tl.min(x, 1))
    tl.store(cols_ptr + c, tl.sum(x, axis=0))
    tl.store(cols_ptr + C + c, tl.max(x, axis=0))
    tl.store(all_ptr + 0, tl.sum(x))                   # axis=None: everything
    tl.store(all_ptr + 1, tl.max(x, axis=None))
    k = tl.sum(x, axis=1, keep_dims=True)              # R x 1
    tl.store(all_ptr + 2, tl.sum(k * 0 + 1.0))         # R


@triton.jit
def nan_minmax(x_ptr, y_ptr, out_ptr, red_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    y = tl.load(y_ptr + offs)
    tl.store(out_ptr + offs, tl.maximum(x, y))              # maxnum: NaN is dropped
    tl.store(out_ptr + BLOCK + offs, tl.minimum(x, y))
    tl.store(red_ptr + 0, tl.max(x, axis=0))                # NaN lanes are dropped
    tl.store(red_ptr + 1, tl.min(x, axis=0))
    tl.store(out_ptr + 2 * BLOCK + offs, (x != x).to(tl.float32))   # unordered !=
    tl.store(out_ptr + 3 * BLOCK + offs, (x == x).to(tl.float32) + (x < y).to(tl.float32) * 2)


@triton.jit
def scans(x_ptr, i_ptr, c8_ptr, fout_ptr, iout_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    i = tl.load(i_ptr + offs)
    c = tl.load(c8_ptr + offs)
    tl.store(fout_ptr + offs, tl.cumsum(x, axis=0))
    tl.store(fout_ptr + BLOCK + offs, tl.cumsum(x, axis=0, reverse=True))
    tl.store(fout_ptr + 2 * BLOCK + offs, tl.cumprod(x, axis=0))
    tl.store(iout_ptr + offs, tl.cumsum(i, axis=0))
    tl.store(iout_ptr + BLOCK + offs, tl.cumsum(c, 0))        # int8 -> int32: no wrap
    tl.store(iout_ptr + 2 * BLOCK + offs, tl.cumsum(i > 0, 0))   # bool running count


@triton.jit
def scan_2d(x_ptr, out_ptr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(x_ptr + r[:, None] * C + c[None, :])
    tl.store(out_ptr + r[:, None] * C + c[None, :], tl.cumsum(x, axis=1))
    tl.store(out_ptr + R * C + r[:, None] * C + c[None, :], tl.cumsum(x, axis=0))


@triton.jit
def argminmax(x_ptr, i_ptr, out_ptr, vout_ptr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(x_ptr + r[:, None] * C + c[None, :])
    xi = tl.load(i_ptr + r[:, None] * C + c[None, :])
    tl.store(out_ptr + 0 * R + r, tl.argmax(x, axis=1))
    tl.store(out_ptr + 1 * R + r, tl.argmin(x, axis=1))
    m, j = tl.max(x, axis=1, return_indices=True)
    n, k = tl.min(x, axis=1, return_indices=True)
    tl.store(out_ptr + 2 * R + r, j)
    tl.store(out_ptr + 3 * R + r, k)
    tl.store(out_ptr + 4 * R + r, tl.argmax(xi, axis=1))
    tl.store(out_ptr + 5 * R + r, tl.argmin(xi, axis=1))
    tl.store(vout_ptr + r, m)
    tl.store(vout_ptr + R + r, n)


@triton.jit
def _add(a, b):
    return a + b


@triton.jit
def _maxabs(a, b):
    return tl.maximum(tl.abs(a), tl.abs(b))


@triton.jit
def _argmax_combine(v1, i1, v2, i2):
    # ties go to the smaller index
    gt = (v1 > v2) | ((v1 == v2) & (i1 < i2))
    return tl.where(gt, v1, v2), tl.where(gt, i1, i2)


@triton.jit
def _welford(m1, s1, n1, m2, s2, n2):
    n = n1 + n2
    d = m2 - m1
    w2 = tl.where(n == 0, 0.0, n2 / n)
    return m1 + d * w2, s1 + s2 + d * d * n1 * w2, n


@triton.jit
def user_reduce(x_ptr, out_ptr, iout_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr + 0, tl.reduce(x, 0, _add))
    tl.store(out_ptr + 1, tl.reduce(x, axis=0, combine_fn=_maxabs))
    v, i = tl.reduce((x, offs), 0, _argmax_combine)
    tl.store(out_ptr + 2, v)
    tl.store(iout_ptr + 0, i)
    mean, m2, cnt = tl.reduce((x, x * 0.0, x * 0.0 + 1.0), 0, _welford)
    tl.store(out_ptr + 3, mean)
    tl.store(out_ptr + 4, m2 / cnt)
    tl.store(out_ptr + 5, cnt)


@triton.jit
def _cummax_combine(v1, i1, v2, i2):
    # running max with the index of its (last) occurrence
    take2 = v2 >= v1
    return tl.where(take2, v2, v1), tl.where(take2, i2, i1)


@triton.jit
def _mul(a, b):
    return a * b


@triton.jit
def user_scan(x_ptr, i_ptr, out_ptr, iout_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    i = tl.load(i_ptr + offs)
    tl.store(out_ptr + offs, tl.associative_scan(x, 0, _add))
    tl.store(out_ptr + BLOCK + offs, tl.associative_scan(x, 0, _add, reverse=True))
    v, j = tl.associative_scan((x, offs), 0, _cummax_combine)
    tl.store(out_ptr + 2 * BLOCK + offs, v)
    tl.store(iout_ptr + offs, j)
    tl.store(iout_ptr + BLOCK + offs, tl.associative_scan(i, axis=0, combine_fn=_mul))


@triton.jit
def tie_break_right(x_ptr, o_ptr, BLOCK: tl.constexpr):
    x = tl.load(x_ptr + tl.arange(0, BLOCK))
    tl.store(o_ptr, tl.argmax(x, 0))
    tl.store(o_ptr + 1, tl.argmax(x, 0, tie_break_left=False))
    tl.store(o_ptr + 2, tl.argmin(x, 0))
    tl.store(o_ptr + 3, tl.argmin(x, 0, tie_break_left=False))
    v, i = tl.max(x, 0, return_indices=True, return_indices_tie_break_left=False)
    tl.store(o_ptr + 4, i)


@triton.jit
def row_reduce(x_ptr, i_ptr, out_ptr, iout_ptr, n_cols, BLOCK: tl.constexpr):
    # One row per program, masked at n_cols: long rows take the vectorized reduction loops
    # (whole-tile fast path when n_cols == BLOCK, masked loop otherwise).
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=float("nan"))
    xs = tl.where(mask, x, 0.0)
    o = out_ptr + row * 6
    tl.store(o + 0, tl.sum(xs, axis=0))
    tl.store(o + 1, tl.max(x, axis=0))           # maxnum: NaN (also the masked lanes) dropped
    tl.store(o + 2, tl.min(x, axis=0))
    tl.store(o + 3, tl.reduce(tl.where(mask, x, -float("inf")), 0, _maximum))
    tl.store(o + 4, tl.sum(xs * xs, axis=0))
    tl.store(o + 5, tl.reduce(tl.where(mask, x, 1.0), 0, _mul))
    v = tl.load(i_ptr + row * n_cols + cols, mask=mask, other=0)
    io = iout_ptr + row * 5
    tl.store(io + 0, tl.max(tl.where(mask, v, -2147483648), axis=0))
    tl.store(io + 1, tl.min(tl.where(mask, v, 2147483647), axis=0))
    tl.store(io + 2, tl.xor_sum(v, axis=0))
    tl.store(io + 3, tl.sum(v, axis=0))
    tl.store(io + 4, tl.reduce(tl.where(mask, v, -1), 0, _and))


@triton.jit
def _mul(a, b):
    return a * b


@triton.jit
def _and(a, b):
    return a & b


@triton.jit
def _maximum(a, b):
    return tl.maximum(a, b, propagate_nan=tl.PropagateNan.ALL)


@triton.jit
def sort_kernel(x_ptr, out_ptr, BLOCK: tl.constexpr):
    # the element type comes from the signature: any int or float
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr + offs, tl.sort(x, 0))
    tl.store(out_ptr + BLOCK + offs, tl.sort(x, 0, descending=True))


@triton.jit
def sort_rows(x_ptr, out_ptr, R: tl.constexpr, C: tl.constexpr):
    # an R x C tile sorted along its last axis: the default dim, x.sort(), dim=-1
    offs = tl.arange(0, R)[:, None] * C + tl.arange(0, C)[None, :]
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr + offs, tl.sort(x))
    tl.store(out_ptr + R * C + offs, x.sort(dim=1, descending=True))
    tl.store(out_ptr + 2 * R * C + offs, tl.sort(x * 2 + 1, dim=-1))


@triton.jit
def sort_masked_loop(x_ptr, out_ptr, acc_ptr, n, ROWS, BLOCK: tl.constexpr):
    # a masked row (the padding sorts last), and sorts inside a runtime loop
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=float("inf"))
    tl.store(out_ptr + offs, tl.sort(x), mask=mask)
    acc = tl.zeros((BLOCK,), tl.float32)
    for r in range(ROWS):
        row = tl.load(x_ptr + r * BLOCK + offs)
        acc += tl.sort(row, descending=(BLOCK > 1))
    tl.store(acc_ptr + offs, acc)


@triton.jit
def sort_bool(x_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    b = tl.load(x_ptr + offs) > 0
    tl.store(out_ptr + offs, tl.sort(b).to(tl.int32))
    tl.store(out_ptr + BLOCK + offs, tl.sort(b, descending=True).to(tl.int32))


@triton.jit
def fused_fill(x_ptr, out_ptr, v_ptr, R: tl.constexpr, C: tl.constexpr):
    # costly tiles used several times are materialized by the first reduction over exactly them
    # (filled while it accumulates); reductions that read them elsewhere get them materialized
    offs = tl.arange(0, R)[:, None] * C + tl.arange(0, C)[None, :]
    x = tl.load(x_ptr + offs)
    e = tl.exp(x)
    s0 = tl.sum(e, axis=0)                  # the first reduction over e: an outer axis
    s1 = tl.sum(e, axis=1)
    mx, am = tl.max(e, axis=1, return_indices=True)
    tl.store(out_ptr + offs, e / s0[None, :])
    f = tl.exp(tl.sum(x, axis=1) * 0.01)    # [R], used twice, first through a broadcast
    t = tl.sum(f[:, None] * x, axis=1)
    g = tl.exp(x * 0.5)
    gs = tl.sum(g, axis=1)                  # the inner axis, then used in a later loop
    acc = tl.zeros((R, C), dtype=tl.float32)
    for i in range(2):
        acc += g
    r = tl.arange(0, R)
    tl.store(v_ptr + r, s1)
    tl.store(v_ptr + R + r, mx)
    tl.store(v_ptr + 2 * R + r, am.to(tl.float32))
    tl.store(v_ptr + 3 * R + r, t + f)
    tl.store(v_ptr + 4 * R + r, gs)
    tl.store(out_ptr + R * C + offs, acc)
