# tl.dot_scaled kernels (tests/exec/test_dot_scaled.py): A [M, KA] and B [KB, N] in their storage
# (packed fp4 and fp8 as uint8 bytes, bf16/fp16 as 16-bit floats), scales [M, K // 32] and
# [N, K // 32] as uint8; out [M, N] fp32 = dot_scaled(...) + ACC_INIT when USE_ACC.
import triton
import triton.language as tl


@triton.jit
def dot_scaled_kernel(a_ptr, sa_ptr, b_ptr, sb_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr,
                      K: tl.constexpr, KA: tl.constexpr, KB: tl.constexpr, FA: tl.constexpr,
                      FB: tl.constexpr, SCALE_A: tl.constexpr, SCALE_B: tl.constexpr,
                      USE_ACC: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    a = tl.load(a_ptr + rm[:, None] * KA + tl.arange(0, KA)[None, :])
    b = tl.load(b_ptr + tl.arange(0, KB)[:, None] * N + rn[None, :])
    sa = None
    sb = None
    if SCALE_A:
        sa = tl.load(sa_ptr + rm[:, None] * (K // 32) + tl.arange(0, K // 32)[None, :])
    if SCALE_B:
        sb = tl.load(sb_ptr + rn[:, None] * (K // 32) + tl.arange(0, K // 32)[None, :])
    if USE_ACC:
        acc = tl.full((M, N), 0.5, tl.float32)
        c = tl.dot_scaled(a, sa, FA, b, sb, FB, acc=acc)
    else:
        c = tl.dot_scaled(a, sa, FA, b, sb, FB)
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], c)


@triton.jit
def dot_scaled_mpack_kernel(a_ptr, b_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr,
                            K: tl.constexpr):
    # lhs e2m1 packed along M (lhs_k_pack=False): [M // 2, K] bytes; rhs bf16 [K, N]
    a = tl.load(a_ptr + tl.arange(0, M // 2)[:, None] * K + tl.arange(0, K)[None, :])
    b = tl.load(b_ptr + tl.arange(0, K)[:, None] * N + tl.arange(0, N)[None, :])
    c = tl.dot_scaled(a, None, "e2m1", b, None, "bf16", lhs_k_pack=False)
    tl.store(out_ptr + tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :], c)
