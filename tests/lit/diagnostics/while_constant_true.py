# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}while_constant_true.py:11:11: error: while loop condition is a constant true: the loop would never end
# CHECK-NEXT: while True:
# CHECK-NEXT: {{^ {10}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    while True:
        tl.store(x_ptr, 0.0)
