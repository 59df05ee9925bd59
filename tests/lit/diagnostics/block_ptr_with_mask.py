# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,M=i32,N=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}block_ptr_with_mask.py:13:5: error: tl.store: mask is not supported with block pointers (use boundary_check)
# CHECK-NEXT: tl.store(p, x, mask=x > 0)
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, M, N):
    p = tl.make_block_ptr(x_ptr, (M, N), (N, 1), (0, 0), (16, 16), (1, 0))
    x = tl.load(p, boundary_check=(0, 1), padding_option="zero")
    tl.store(p, x, mask=x > 0)
