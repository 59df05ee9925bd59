# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}range_float_bound.py:12:14: error: loop bounds must be scalar integers, got tensor of type fp32
# CHECK-NEXT: for i in range(0, x):
# CHECK-NEXT: {{^ {13}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    x = tl.load(x_ptr)
    for i in range(0, x):
        tl.store(x_ptr + i, 0.0)
