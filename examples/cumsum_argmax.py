# kcc: -k row_cumsum_argmax --signature 'x_ptr=*fp32,cum_ptr=*fp32,idx_ptr=*i32,max_ptr=*fp32,n_cols=i32,stride=i32' -D BLOCK=1024
"""Scans and index reductions along a row: tl.cumsum, tl.argmax and
tl.max(..., return_indices=True), plus an integer cumsum of a mask (a running count)."""
import triton
import triton.language as tl


@triton.jit
def row_cumsum_argmax(x_ptr, cum_ptr, idx_ptr, max_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=-float("inf"))
    # prefix sums of the live lanes
    c = tl.cumsum(tl.where(mask, x, 0.0), axis=0)
    tl.store(cum_ptr + row * stride + cols, c, mask=mask)
    # number of positive entries up to each column (int1 -> int32 scan)
    count = tl.cumsum((x > 0).to(tl.int32), axis=0)
    i = tl.argmax(x, axis=0)
    m, j = tl.max(x, axis=0, return_indices=True)
    tl.store(idx_ptr + 2 * row, i)
    tl.store(idx_ptr + 2 * row + 1, j + tl.max(count, axis=0) * 0)
    tl.store(max_ptr + row, m)
