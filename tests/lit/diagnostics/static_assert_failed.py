# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}static_assert_failed.py:11:5: error: static assertion failed: BLOCK is too small
# CHECK-NEXT: tl.static_assert(BLOCK >= 64, "BLOCK is too small")
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.static_assert(BLOCK >= 64, "BLOCK is too small")
    tl.store(x_ptr, 0.0)
