# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}pointer_as_condition.py:11:8: error: cannot use a pointer (pointer<fp32>) as a boolean
# CHECK-NEXT: if x_ptr:
# CHECK-NEXT: {{^ {7}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    if x_ptr:
        tl.store(x_ptr, 0.0)
