"""Execution tests: tl.dot (fp16 -> fp32, with an accumulator, int8 -> int32, fp32 ieee, bf16,
transposed operands, out_dtype)."""
import triton
import triton.language as tl


@triton.jit
def dot_kernel(a_ptr, b_ptr, c_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr,
               USE_ACC: tl.constexpr, TRANS_B: tl.constexpr):
    # a: M x K, b: K x N (or N x K when TRANS_B), c: M x N accumulator, all row-major
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(a_ptr + rm[:, None] * K + rk[None, :])
    if TRANS_B:
        bt = tl.load(b_ptr + rn[:, None] * K + rk[None, :])
        b = tl.trans(bt)
    else:
        b = tl.load(b_ptr + rk[:, None] * N + rn[None, :])
    if USE_ACC:
        c = tl.load(c_ptr + rm[:, None] * N + rn[None, :])
        r = tl.dot(a, b, c)
    else:
        r = tl.dot(a, b)
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], r)


@triton.jit
def dot_loop(a_ptr, b_ptr, out_ptr, K, M: tl.constexpr, N: tl.constexpr, BK: tl.constexpr):
    # the tutorial form: acc = tl.dot(a, b, acc) over K blocks, masked K tail
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, BK)
    acc = tl.zeros((M, N), dtype=tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * K + kk[None, :], mask=kk[None, :] < K, other=0.0)
        b = tl.load(b_ptr + kk[:, None] * N + rn[None, :], mask=kk[:, None] < K, other=0.0)
        acc = tl.dot(a, b, acc)
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], acc)


@triton.jit
def dot_fp32_ieee(a_ptr, b_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(a_ptr + rm[:, None] * K + rk[None, :])
    b = tl.load(b_ptr + rk[:, None] * N + rn[None, :])
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], tl.dot(a, b, input_precision="ieee"))
    tl.store(out_ptr + M * N + rm[:, None] * N + rn[None, :], tl.dot(a, b, allow_tf32=False))


@triton.jit
def dot_out_fp16(a_ptr, b_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(a_ptr + rm[:, None] * K + rk[None, :])
    b = tl.load(b_ptr + rk[:, None] * N + rn[None, :])
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], tl.dot(a, b, out_dtype=tl.float16))


@triton.jit
def dot3d_kernel(a_ptr, b_ptr, c_ptr, out_ptr, B: tl.constexpr, M: tl.constexpr, N: tl.constexpr,
                 K: tl.constexpr, USE_ACC: tl.constexpr):
    # batched: [B, M, K] @ [B, K, N] (+ [B, M, N])
    rb = tl.arange(0, B)[:, None, None]
    rm = tl.arange(0, M)[None, :, None]
    rn = tl.arange(0, N)[None, None, :]
    rk = tl.arange(0, K)
    a = tl.load(a_ptr + rb * M * K + rm * K + rk[None, None, :])
    b = tl.load(b_ptr + rb * K * N + rk[None, :, None] * N + rn)
    if USE_ACC:
        c = tl.dot(a, b, tl.load(c_ptr + rb * M * N + rm * N + rn))
    else:
        c = tl.dot(a, b)
    tl.store(out_ptr + rb * M * N + rm * N + rn, c)
