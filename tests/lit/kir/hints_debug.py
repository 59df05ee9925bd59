# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s | FileCheck %s
# Optimisation hints are no-ops; tl.static_assert is checked at compile time; tl.debug_barrier
# becomes kir.barrier.
import triton
import triton.language as tl


@triton.jit
def hints(x_ptr, n, BLOCK: tl.constexpr):
    tl.static_assert(BLOCK % 16 == 0, "BLOCK must be a multiple of 16")
    pid = tl.program_id(0)
    start = tl.multiple_of(pid * BLOCK, BLOCK)
    offs = tl.max_contiguous(tl.multiple_of(start + tl.arange(0, BLOCK), BLOCK), BLOCK)
    tl.assume(n > 0)
    # CHECK-NOT: assume
    # CHECK: "kir.barrier"() : () -> ()
    tl.debug_barrier()
    x = tl.load(x_ptr + offs, mask=offs < n)
    tl.store(x_ptr + offs, x, mask=offs < n)
