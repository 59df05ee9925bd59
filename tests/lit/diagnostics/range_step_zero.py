# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}range_step_zero.py:11:14: error: range step must not be zero
# CHECK-NEXT: for i in range(0, n, 0):
# CHECK-NEXT: {{^ {13}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    for i in range(0, n, 0):
        tl.store(x_ptr + i, 0.0)
