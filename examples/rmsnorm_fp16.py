# kcc: -k rms_norm_fwd --signature 'Y=*fp16,X=*fp16,W=*fp16,RSTD=*fp32,y_row_stride=i32,x_row_stride=i32,n_cols=i32,eps=fp32' -D BLOCK_SIZE=512 -D OFFSET=0.0
"""RMSNorm forward in the Liger-Kernel style: fp16 in and out, fp32 accumulation."""
import triton
import triton.language as tl
from triton.language.extra import libdevice


@triton.jit
def rms_norm_fwd(Y, X, W, RSTD, y_row_stride, x_row_stride, n_cols, eps,
                 OFFSET: tl.constexpr, BLOCK_SIZE: tl.constexpr):
    row_idx = tl.program_id(0).to(tl.int64)
    col_offsets = tl.arange(0, BLOCK_SIZE)
    mask = col_offsets < n_cols

    Y += row_idx * y_row_stride
    X += row_idx * x_row_stride

    X_row = tl.load(X + col_offsets, mask=mask, other=0)
    X_row_dtype = X_row.dtype
    W_row = tl.load(W + col_offsets, mask=mask, other=0)

    # accumulate in fp32
    X_row = X_row.to(tl.float32)
    mean_square = tl.sum(X_row * X_row, axis=0) / n_cols
    rstd = libdevice.rsqrt(mean_square + eps)
    tl.store(RSTD + row_idx, rstd)

    X_row = X_row * rstd
    Y_row = X_row * (OFFSET + W_row.to(tl.float32))
    # back to the input dtype
    tl.store(Y + col_offsets, Y_row.to(X_row_dtype), mask=mask)
