"""Execution tests for tier-1/tier-2 features of the reference (section 5) that kcc may not have:
block pointers (triton-lang/kernels flash attention), volatile spin-waits on earlier programs
(FlagGems sort lookback). tl.sort moved to reduce.py once kcc had it."""
import triton
import triton.language as tl


@triton.jit
def block_ptr_copy(x_ptr, out_ptr, M, N, stride_m, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    pid = tl.program_id(0)
    src = tl.make_block_ptr(base=x_ptr, shape=(M, N), strides=(stride_m, 1),
                            offsets=(pid * BLOCK_M, 0), block_shape=(BLOCK_M, BLOCK_N),
                            order=(1, 0))
    dst = tl.make_block_ptr(base=out_ptr, shape=(M, N), strides=(N, 1),
                            offsets=(pid * BLOCK_M, 0), block_shape=(BLOCK_M, BLOCK_N),
                            order=(1, 0))
    for _ in range(0, N, BLOCK_N):
        x = tl.load(src, boundary_check=(0, 1), padding_option="zero")
        tl.store(dst, x + 1.0, boundary_check=(0, 1))
        src = tl.advance(src, (0, BLOCK_N))
        dst = tl.advance(dst, (0, BLOCK_N))


@triton.jit
def lookback(flag_ptr, val_ptr, out_ptr):
    # each program waits (volatile loads) for the previous one: a chained prefix sum
    pid = tl.program_id(0)
    prev = 0
    if pid > 0:
        while tl.load(flag_ptr + pid - 1, volatile=True) == 0:
            pass
        prev = tl.load(out_ptr + pid - 1)
    tl.store(out_ptr + pid, prev + tl.load(val_ptr + pid))
    tl.debug_barrier()
    tl.atomic_xchg(flag_ptr + pid, 1)
