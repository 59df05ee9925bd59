# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}arange_not_pow2.py:11:12: error: arange's range must be a power of 2, got 10
# CHECK-NEXT: offs = tl.arange(0, 10)
# CHECK-NEXT: {{^ {11}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, 10)
    tl.store(x_ptr + offs, 1.0)
