# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,M=i32,N=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}block_ptr_rank_mismatch.py:12:9: error: tl.make_block_ptr: strides has 1 entries, shape has 2
# CHECK-NEXT: p = tl.make_block_ptr(x_ptr, (M, N), (N,), (0, 0), (16, 16), (1, 0))
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, M, N):
    # every tuple of a block pointer has one entry per dimension
    p = tl.make_block_ptr(x_ptr, (M, N), (N,), (0, 0), (16, 16), (1, 0))
    tl.store(p, tl.load(p))
