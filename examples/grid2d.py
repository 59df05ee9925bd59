# kcc: -k transpose_add_kernel --signature 'x_ptr=*fp32,y_ptr=*fp32,out_ptr=*fp32,M=i32,N=i32,stride_xm=i32,stride_ym=i32,stride_om=i32' -D BLOCK_M=32 -D BLOCK_N=64
"""A 2-D grid: program_id(0) walks row tiles, program_id(1) column tiles. Computes
out = x^T + y for an M x N x and an N x M y, tile by tile."""
import triton
import triton.language as tl


@triton.jit
def transpose_add_kernel(x_ptr, y_ptr, out_ptr, M, N, stride_xm, stride_ym, stride_om,
                         BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    pid_m = tl.program_id(axis=0)
    pid_n = tl.program_id(axis=1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    # a BLOCK_M x BLOCK_N tile of x
    x_mask = (rm[:, None] < M) & (rn[None, :] < N)
    x = tl.load(x_ptr + rm[:, None] * stride_xm + rn[None, :], mask=x_mask, other=0.0)
    # the matching BLOCK_N x BLOCK_M tile of y and out
    xt = tl.trans(x)
    o_mask = (rn[:, None] < N) & (rm[None, :] < M)
    y = tl.load(y_ptr + rn[:, None] * stride_ym + rm[None, :], mask=o_mask, other=0.0)
    tl.store(out_ptr + rn[:, None] * stride_om + rm[None, :], xt + y, mask=o_mask)
